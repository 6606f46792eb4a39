"""The DSSE envelope (envelope.json): the signed manifest, its type, and the signatures.

The signature covers DSSE's pre-authentication encoding of the payload type and the manifest
bytes, never the JSON of the envelope itself, so a signature made for one kind of package can
never be passed off as another (the type is inside what was signed).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Protocol

from perfdesk.exchange.errors import PackageError

PACKAGE_KINDS: Final = ("task", "submission", "receipt")
FORMAT_VERSION: Final = 1
KIND_LABELS: Final = {"task": "任务包", "submission": "申报包", "receipt": "回执包", "key": "密钥登记文件"}
_TYPE = re.compile(r"application/vnd\.perfdesk\.([a-z]+)\+json;version=(\d{1,6})")


def payload_type(kind: str, version: int = FORMAT_VERSION) -> str:
    """``application/vnd.perfdesk.<kind>+json;version=1``."""
    return f"application/vnd.perfdesk.{kind}+json;version={version}"


def parse_payload_type(text: str) -> tuple[str, int] | None:
    """(kind, version) of a PerfDesk payload type; None for anything else."""
    match = _TYPE.fullmatch(text)
    return (match.group(1), int(match.group(2))) if match else None


def pae(type_: str, body: bytes) -> bytes:
    """DSSE pre-authentication encoding: ``"DSSEv1" SP len(type) SP type SP len(body) SP body``."""
    encoded = type_.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(encoded), encoded, len(body), body)


class Signer(Protocol):
    """Whatever can sign: an unlocked key (``perfdesk.exchange.keys.KeyPair``) or a test double."""

    @property
    def key_id(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Signature:
    keyid: str
    sig: bytes


@dataclass(frozen=True, slots=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[Signature, ...]

    def to_bytes(self) -> bytes:
        body = {
            "payloadType": self.payload_type,
            "payload": base64.b64encode(self.payload).decode("ascii"),
            "signatures": [
                {"keyid": s.keyid, "sig": base64.b64encode(s.sig).decode("ascii")} for s in self.signatures
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def sign_envelope(type_: str, payload: bytes, signers: Iterable[Signer]) -> Envelope:
    """An envelope over ``payload`` with one signature per signer (in order)."""
    message = pae(type_, payload)
    signatures = tuple(Signature(s.key_id, s.sign(message)) for s in signers)
    if not signatures:
        raise ValueError("an envelope needs at least one signature")
    return Envelope(type_, payload, signatures)


def parse_envelope(data: bytes, where: str = "envelope.json") -> Envelope:
    """Parse an envelope's JSON; ``env.not_json`` / ``env.bad_format`` name what is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageError("env.not_json", f"{where} 不是有效的 JSON（UTF-8）", where) from None
    if not isinstance(raw, dict):
        raise PackageError("env.not_json", f"{where} 的内容不是 JSON 对象", where)
    type_ = raw.get("payloadType")
    if not isinstance(type_, str) or not type_:
        raise _bad(where, "缺少 payloadType（字符串）")
    payload = _b64(raw.get("payload"), where, "payload")
    signatures = raw.get("signatures")
    if not isinstance(signatures, list) or not signatures:
        raise _bad(where, "signatures 应为非空列表")
    if len(signatures) > 16:
        raise _bad(where, "signatures 最多 16 个")
    parsed = []
    for i, item in enumerate(signatures):
        if not isinstance(item, dict) or not isinstance(item.get("keyid"), str):
            raise _bad(where, f"signatures[{i}] 应为含 keyid 和 sig 的对象")
        parsed.append(Signature(item["keyid"], _b64(item.get("sig"), where, f"signatures[{i}].sig")))
    return Envelope(type_, payload, tuple(parsed))


def _b64(value: Any, where: str, field: str) -> bytes:
    if not isinstance(value, str):
        raise _bad(where, f"{field} 应为 Base64 字符串")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise _bad(where, f"{field} 不是有效的 Base64（标准字母表，带填充）") from None


def _bad(where: str, what: str) -> PackageError:
    return PackageError("env.bad_format", f"{where} 格式不对：{what}", where)


def expect_type(envelope: Envelope, kind: str, where: str = "envelope.json") -> None:
    """Step 2's last check: the payload type is the one the reader expects."""
    parsed = parse_payload_type(envelope.payload_type)
    if parsed is None:
        raise PackageError(
            "env.wrong_type", f"{where} 的类型 {envelope.payload_type!r} 不是 PerfDesk 交换包", where
        )
    found, version = parsed
    if found != kind:
        wanted = KIND_LABELS.get(kind, kind)
        got = KIND_LABELS.get(found, found)
        raise PackageError("env.wrong_type", f"这是{got}，不是{wanted}（{where} 的类型为 {found}）", where)
    if version != FORMAT_VERSION:
        raise PackageError(
            "env.version",
            f"{where} 的格式版本为 {version}，本程序只支持版本 {FORMAT_VERSION}，请升级 PerfDesk",
            where,
        )
