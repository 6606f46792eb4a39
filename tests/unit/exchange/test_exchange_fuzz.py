"""Random damage to a valid package: each result is refused with a known code, or it verifies
and what it carries is byte for byte what was signed (a change the format does not cover, such
as a date in a ZIP header, may pass; a change to content may not)."""

from __future__ import annotations

import zipfile

from exchange_kit import NOW, build_submission, county_trust_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfdesk.exchange.errors import CODES, PackageError
from perfdesk.exchange.keys import generate_key
from perfdesk.exchange.verify import verify_package

KEY = generate_key()
TRUST = county_trust_of(KEY)
ORIGINAL = build_submission(KEY).data or b""


def _contents(data: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


EXPECTED = _contents(ORIGINAL)


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(ORIGINAL)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "flip", "set", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "set" and data:
            data[at] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80]))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
    return bytes(data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_every_mutation_is_refused_with_a_known_code_or_carries_identical_content(data: bytes) -> None:
    try:
        package = verify_package(data, "submission", TRUST, NOW)
    except PackageError as error:
        assert error.code in CODES
        return
    with package:
        assert package.envelope.payload == _payload()
        for entry in package.manifest.files:
            assert package.read(entry.path) == EXPECTED[entry.path]
        assert set(package.container.entries) == set(EXPECTED)
        assert [d.data for d in package.documents] == [EXPECTED[d.entry.path] for d in package.documents]


def _payload() -> bytes:
    from perfdesk.exchange.envelope import parse_envelope

    return parse_envelope(EXPECTED["envelope.json"]).payload


def test_the_original_verifies() -> None:
    with verify_package(ORIGINAL, "submission", TRUST, NOW) as package:
        assert len(package.documents) == 1
