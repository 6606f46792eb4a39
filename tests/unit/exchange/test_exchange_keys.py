"""Keys: the key id of the format page, password protection, and the .pdkey enrolment file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from perfdesk.exchange.enrolment import build_enrolment, read_enrolment
from perfdesk.exchange.envelope import pae, parse_envelope, payload_type
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.keys import (
    KeyPair,
    KeyProblem,
    generate_key,
    key_id_of,
    normalize_key_id,
    spaced,
    unlock,
)

RFC8032_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


def test_the_worked_example_of_the_format_page() -> None:
    assert key_id_of(RFC8032_PUBLIC) == "21fe-31df-a154-a261-626b-f854-046f-d227"
    assert spaced("21fe-31df-a154-a261-626b-f854-046f-d227") == "21FE 31DF A154 A261 626B F854 046F D227"
    key = KeyPair(Ed25519PrivateKey.from_private_bytes(RFC8032_SECRET))
    message = pae(payload_type("submission"), b'{"format":"perfdesk/submission"}')
    import base64

    assert base64.b64encode(key.sign(message)).decode() == (
        "ZjRuSGmP48FBlaFfm9pLV4dWgWh1UdE/kLAGqesXAEy+eUfW/wUJCZNyiEQjpB/xCM7cmPErOkET/nlXeo8MAA=="
    )


def test_a_key_id_may_be_typed_in_any_spelling() -> None:
    canonical = "21fe-31df-a154-a261-626b-f854-046f-d227"
    for typed in ("21FE 31DF A154 A261 626B F854 046F D227", "21fe31dfa154a261626bf854046fd227", canonical):
        assert normalize_key_id(typed) == canonical
    assert normalize_key_id("21fe-31df") is None


def test_the_private_key_opens_only_with_its_password() -> None:
    key = generate_key()
    stored = key.protected("城关镇2024")
    assert b"PRIVATE KEY" in stored and key.public_key not in stored
    assert unlock(stored, "城关镇2024").key_id == key.key_id
    with pytest.raises(KeyProblem) as caught:
        unlock(stored, "wrong")
    assert caught.value.code == "key.password"
    with pytest.raises(KeyProblem):
        key.protected("")


def _enrolment(key: KeyPair) -> bytes:
    return build_enrolment(
        key,
        unit_code="610921101",
        unit_name="城关镇人民政府",
        preparer="李文静",
        installation_id="inst-1",
        region_code="610921",
        now=datetime(2024, 3, 1, tzinfo=UTC),
    )


def test_an_enrolment_file_carries_the_key_and_its_unit() -> None:
    key = generate_key()
    enrolment = read_enrolment(_enrolment(key))
    assert (enrolment.key_id, enrolment.public_key, enrolment.unit_code) == (
        key.key_id,
        key.public_key,
        "610921101",
    )
    assert enrolment.unit_name == "城关镇人民政府" and enrolment.preparer == "李文静"


def test_an_edited_or_broken_enrolment_file_is_refused() -> None:
    key = generate_key()
    data = _enrolment(key)
    envelope = json.loads(data)
    payload = parse_envelope(data).payload.replace("城关镇".encode(), "青山镇".encode())
    import base64

    envelope["payload"] = base64.b64encode(payload).decode()
    for bad, code in (
        (json.dumps(envelope).encode(), "keyfile.signature"),
        (b"not json", "keyfile.invalid"),
        (b"{}", "keyfile.invalid"),
    ):
        with pytest.raises(PackageError) as caught:
            read_enrolment(bad)
        assert caught.value.code == code
