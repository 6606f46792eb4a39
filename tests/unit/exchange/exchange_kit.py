"""Keys, trust and real signed packages for the exchange tests (built, never mocked).

Imported by the tests of this folder (``from exchange_kit import …``); ``conftest.py`` turns the
keys into fixtures."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from perfdesk.exchange.build import BuiltPackage, build_package
from perfdesk.exchange.keys import KeyPair
from perfdesk.exchange.manifest import DocumentEntry, Producer, Scope, SignerKey
from perfdesk.exchange.trust import StaticTrust, TrustedKey

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"
NOW = datetime(2022, 6, 1, 8, 0, tzinfo=UTC)
ATTACHMENT = b"%PDF-1.4\n% evidence: road acceptance certificate\n" + bytes(range(256)) * 8


def trusted(
    key: KeyPair, kinds: set[str], units: tuple[str, ...] = (), label: str = "", status: str = "trusted"
) -> TrustedKey:
    return TrustedKey(key.key_id, key.public_key, frozenset(kinds), status, units, label or key.key_id)


def county_trust_of(township_key: KeyPair) -> StaticTrust:
    """The county's store: the township key enrolled for 城关镇 (and the units under it)."""
    return StaticTrust.of([trusted(township_key, {"submission"}, ("610921101",), "城关镇人民政府")])


def road_document(kind: str = "targets", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DOCUMENTS / f"{kind}-road.json").read_text("utf-8"))
    body.update(changes)
    return body


def submission_files(
    *bodies: dict[str, Any], attachment: bytes = ATTACHMENT
) -> tuple[dict[str, bytes], list[DocumentEntry]]:
    import hashlib

    sha = hashlib.sha256(attachment).hexdigest()
    files: dict[str, bytes] = {
        f"attachments/{sha}.pdf": attachment,
        "print/targets-road.pdf": b"%PDF-1.4 printed form",
    }
    entries = []
    for body in bodies:
        body = {
            **body,
            "attachments": [
                {
                    "sha256": sha,
                    "name": "验收单.pdf",
                    "media_type": "application/pdf",
                    "size": len(attachment),
                }
            ],
        }
        data = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
        files[f"documents/{body['doc_id']}.json"] = data
        entries.append(
            DocumentEntry(
                body["doc_id"],
                body["version_id"],
                body.get("supersedes"),
                body["kind"],
                body["unit"]["code"],
                body["project"]["code"],
                body["fiscal_year"],
                "",
            )
        )
    return files, entries


def build_submission(
    key: KeyPair, *bodies: dict[str, Any], sequence: int = 1, **options: Any
) -> BuiltPackage:
    files, entries = submission_files(*(bodies or (road_document(),)))
    files.update(options.pop("extra_files", {}))
    return build_package(
        "submission",
        files,
        signers=options.pop("signers", [key]),
        producer=Producer("PerfDesk 0.1.0", "inst-township-1", "城关镇人民政府"),
        sequence=sequence,
        scope=options.pop("scope", Scope("610921", 2022, ("610921101",))),
        now=options.pop("now", NOW),
        documents=entries,
        signer_key=SignerKey(key.key_id, key.public_key),
        **options,
    )


def build_task(
    key: KeyPair, *, expires_at: datetime = NOW + timedelta(days=90), **options: Any
) -> BuiltPackage:
    content = {
        "county": {"code": "610921", "name": "示例县"},
        "fiscal_year": 2022,
        "deadlines": [{"form": "targets", "date": "2022-03-31", "note": ""}],
        "units": [
            {
                "code": "610921101",
                "name": "城关镇人民政府",
                "kind": "township",
                "parent": "",
                "region_code": "610921",
            }
        ],
        "projects": [],
        "library": [],
        "profile": {"name": "mof-2020", "content": None},
        "revoked_keys": [],
    }
    return build_package(
        "task",
        {"task/task.json": json.dumps(content, ensure_ascii=False).encode("utf-8")},
        signers=[key],
        producer=Producer("PerfDesk 0.1.0", "inst-county", "示例县财政局"),
        sequence=options.pop("sequence", 1),
        scope=Scope("610921", 2022, ("610921101",)),
        now=NOW,
        expires_at=expires_at,
        signer_key=SignerKey(key.key_id, key.public_key),
        **options,
    )


def rezip(
    data: bytes, change: Callable[[str, bytes], tuple[str, bytes] | None], add: dict[str, bytes] | None = None
) -> bytes:
    """The package re-written entry by entry (valid ZIP, CRCs right): ``change`` may rename,
    alter or drop (None) each entry; ``add`` appends entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            changed = change(info.filename, src.read(info))
            if changed is not None:
                dst.writestr(changed[0], changed[1])
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def flip_inside(data: bytes, name: str) -> bytes:
    """One byte flipped in the middle of ``name``'s stored or compressed data (the ZIP CRC breaks)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    out = bytearray(data)
    start = (
        info.header_offset
        + 30
        + int.from_bytes(out[info.header_offset + 26 : info.header_offset + 28], "little")
    )
    start += int.from_bytes(out[info.header_offset + 28 : info.header_offset + 30], "little")
    out[start + info.compress_size // 2] ^= 0x20
    return bytes(out)
