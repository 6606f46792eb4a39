"""The key enrolment file (``<unit>.pdkey``): a township's public key, for the county to enrol.

It is a DSSE envelope (the same JSON as ``envelope.json``) with payload type
``application/vnd.perfdesk.key+json;version=1``, signed by the key it carries — proof that the
sender holds the private key. Trust still comes only from comparing the key id with the stamped
paper 密钥登记表; the self-signature just catches a damaged or edited file.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from perfdesk.exchange.envelope import expect_type, pae, parse_envelope, payload_type, sign_envelope
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.fields import FieldReader, format_time, load_object
from perfdesk.exchange.keys import ALGORITHM, PUBLIC_KEY_BYTES, KeyPair, key_id_of, verify_signature

KEY_FORMAT: Final = "perfdesk/key"
MAX_KEYFILE: Final = 64 * 1024
WHERE: Final = "密钥登记文件"
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,20}")


@dataclass(frozen=True)
class Enrolment:
    """What a .pdkey says: whose key, which unit, made when, by which installation."""

    key_id: str
    public_key: bytes
    unit_code: str
    unit_name: str
    preparer: str
    installation_id: str
    region_code: str
    created_at: datetime


def build_enrolment(
    key: KeyPair, *, unit_code: str, unit_name: str, preparer: str, installation_id: str,
    region_code: str, now: datetime,
) -> bytes:  # fmt: skip
    """The .pdkey bytes for ``key`` (self-signed)."""
    record: dict[str, Any] = {
        "format": KEY_FORMAT,
        "format_version": 1,
        "algorithm": ALGORITHM,
        "public_key": base64.b64encode(key.public_key).decode("ascii"),
        "key_id": key.key_id,
        "unit": {"code": unit_code, "name": unit_name},
        "region_code": region_code,
        "preparer": preparer,
        "installation_id": installation_id,
        "created_at": format_time(now),
    }
    payload = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    return sign_envelope(payload_type("key"), payload, [key]).to_bytes()


def read_enrolment(data: bytes) -> Enrolment:
    """Parse and check a .pdkey; ``PackageError`` (``keyfile.*``) when it cannot be used."""
    if len(data) > MAX_KEYFILE:
        raise PackageError("keyfile.invalid", f"{WHERE}超过 {MAX_KEYFILE // 1024} KiB，不是密钥登记文件")
    try:
        envelope = parse_envelope(data, WHERE)
        expect_type(envelope, "key", WHERE)
    except PackageError as exc:
        raise PackageError("keyfile.invalid", str(exc)) from None
    raw = load_object(envelope.payload, "keyfile.invalid", WHERE, "")
    top = FieldReader(raw, "keyfile.invalid", WHERE, "")
    if top.text("format") != KEY_FORMAT or raw.get("format_version") != 1:
        raise PackageError("keyfile.invalid", f"{WHERE}的 format 应为 {KEY_FORMAT}，版本 1")
    if top.text("algorithm") != ALGORITHM:
        raise top.bad("algorithm", f"只支持 {ALGORITHM}")
    try:
        public = base64.b64decode(top.text("public_key"), validate=True)
    except ValueError:
        raise top.bad("public_key", "不是有效的 Base64") from None
    if len(public) != PUBLIC_KEY_BYTES:
        raise top.bad("public_key", f"应为 {PUBLIC_KEY_BYTES} 字节")
    key_id = key_id_of(public)
    if top.text("key_id") != key_id:
        raise top.bad("key_id", f"与公钥不一致（由公钥算出的是 {key_id}）")
    message = pae(envelope.payload_type, envelope.payload)
    if not any(s.keyid == key_id and verify_signature(public, s.sig, message) for s in envelope.signatures):
        raise PackageError("keyfile.signature", f"{WHERE}的自签名不对：文件在生成后被改动过，请重新导出")
    unit = top.obj("unit")
    return Enrolment(
        key_id=key_id,
        public_key=public,
        unit_code=unit.text("code", _CODE),
        unit_name=unit.text("name", limit=100),
        preparer=top.text("preparer", optional=True, limit=50),
        installation_id=top.text("installation_id", limit=64),
        region_code=top.text("region_code", optional=True, limit=12),
        created_at=top.time("created_at"),
    )
