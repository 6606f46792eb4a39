"""The manifest: the signed payload that lists every file of a package (EXCHANGE.md §2).

``Manifest.encode`` writes it as compact UTF-8 JSON with sorted keys; ``parse_manifest`` reads
any JSON that has the fields, in whatever spelling of whitespace and order a writer chose (the
signature covers the exact bytes, so a verifier never re-encodes). Unknown fields are kept in
``raw`` and ignored, so a later writer may add fields within format version 1.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.fields import FieldReader, format_time, load_object
from perfdesk.exchange.keys import ALGORITHM, PUBLIC_KEY_BYTES, is_key_id, key_id_of

FORMATS: Final = {"task": "perfdesk/task", "submission": "perfdesk/submission", "receipt": "perfdesk/receipt"}
WHERE: Final = "清单（envelope.json 的 payload）"
_SHA = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,35}")
_UNIT = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,20}")
_REGION = re.compile(r"\d{6}(?:\d{3})?")
_MEDIA = re.compile(r"[a-z0-9][a-z0-9.+-]{0,40}/[a-zA-Z0-9][a-zA-Z0-9.+-]{0,80}")
_PATHS: Final = {
    "submission": (
        re.compile(r"documents/(?P<doc>[A-Za-z0-9][A-Za-z0-9-]{0,35})\.json"),
        re.compile(r"attachments/(?P<sha>[0-9a-f]{64})\.[a-z0-9]{1,8}"),
        re.compile(r"print/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\.pdf"),
    ),
    "task": (re.compile(r"task/[a-z0-9_-]{1,40}\.json"),),
    "receipt": (re.compile(r"receipt/[a-z0-9_-]{1,40}\.json"),),
}
MAX_FILE_SIZE: Final = 2 * 1024**3


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    doc_id: str
    version_id: str
    supersedes: str | None
    kind: str
    unit: str
    project: str
    fiscal_year: int
    sha256: str

    @property
    def path(self) -> str:
        return f"documents/{self.doc_id}.json"


@dataclass(frozen=True, slots=True)
class Previous:
    package_id: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Scope:
    region_code: str
    fiscal_year: int
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Producer:
    app: str
    installation_id: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class SignerKey:
    """The signer's public key, carried so a reader can show and pin it (never trusted by itself)."""

    key_id: str
    public_key: bytes
    algorithm: str = ALGORITHM


@dataclass(frozen=True)
class Manifest:
    kind: str
    package_id: str
    created_at: datetime
    producer: Producer
    sequence: int
    previous: Previous | None
    scope: Scope
    files: tuple[FileEntry, ...]
    documents: tuple[DocumentEntry, ...] = ()
    expires_at: datetime | None = None
    signer: SignerKey | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.raw,
            "format": FORMATS[self.kind],
            "format_version": 1,
            "package_id": self.package_id,
            "created_at": format_time(self.created_at),
            "producer": {"app": self.producer.app, "installation_id": self.producer.installation_id},
            "sequence": self.sequence,
            "previous": (
                {"package_id": self.previous.package_id, "sha256": self.previous.sha256}
                if self.previous
                else None
            ),
            "scope": {
                "region_code": self.scope.region_code,
                "fiscal_year": self.scope.fiscal_year,
                "units": list(self.scope.units),
            },
            "files": [
                {"path": f.path, "sha256": f.sha256, "size": f.size, "media_type": f.media_type}
                for f in self.files
            ],
        }
        if self.producer.name:
            out["producer"]["name"] = self.producer.name
        if self.kind == "submission":
            out["documents"] = [
                {"doc_id": d.doc_id, "version_id": d.version_id, "supersedes": d.supersedes, "kind": d.kind,
                 "unit": d.unit, "project": d.project, "fiscal_year": d.fiscal_year, "sha256": d.sha256}
                for d in self.documents
            ]  # fmt: skip
        if self.expires_at is not None:
            out["expires_at"] = format_time(self.expires_at)
        if self.signer is not None:
            out["signer"] = {
                "key_id": self.signer.key_id,
                "algorithm": self.signer.algorithm,
                "public_key": base64.b64encode(self.signer.public_key).decode("ascii"),
            }
        return out

    def encode(self) -> bytes:
        text = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.encode("utf-8")

    def file(self, path: str) -> FileEntry | None:
        return next((f for f in self.files if f.path == path), None)


def _bad(field_name: str, what: str) -> PackageError:
    return PackageError("manifest.bad_field", f"{WHERE}的字段 {field_name} {what}", "envelope.json")


def parse_manifest(payload: bytes, kind: str) -> Manifest:
    """The manifest of a package of ``kind``; ``PackageError`` (``manifest.*``) when it is not one."""
    raw = load_object(payload, "manifest.not_json", WHERE, "envelope.json")
    top = FieldReader(raw, "manifest.bad_field", WHERE, "envelope.json")
    fmt = top.text("format")
    if fmt != FORMATS[kind]:
        raise PackageError(
            "manifest.wrong_format",
            f"{WHERE}的 format 为 {fmt!r}，与信封类型不符（应为 {FORMATS[kind]}）",
            "envelope.json",
        )
    if raw.get("format_version") != 1:
        raise PackageError(
            "manifest.version",
            f"{WHERE}的 format_version 为 {raw.get('format_version')!r}，本程序只支持 1，请升级 PerfDesk",
            "envelope.json",
        )
    producer = top.obj("producer")
    scope = top.obj("scope")
    previous = top.optional_obj("previous")
    manifest = Manifest(
        kind=kind,
        package_id=top.uuid("package_id"),
        created_at=top.time("created_at"),
        producer=Producer(
            producer.text("app"), producer.text("installation_id", _ID), producer.text("name", optional=True)
        ),
        sequence=top.integer("sequence", 1, 2**53),
        previous=Previous(previous.uuid("package_id"), previous.text("sha256", _SHA)) if previous else None,
        scope=Scope(
            scope.text("region_code", _REGION),
            scope.integer("fiscal_year", 2000, 2100),
            scope.texts("units", 10_000, _UNIT),
        ),
        files=_files(top, kind),
        documents=_documents(top) if kind == "submission" else (),
        expires_at=top.time("expires_at") if kind == "task" else None,
        signer=_signer(top),
        raw=raw,
    )
    if kind == "task" and manifest.signer is None:
        raise _bad("signer", "缺失：任务包必须带有县级公钥")
    return manifest


def _files(top: FieldReader, kind: str) -> tuple[FileEntry, ...]:
    out = []
    seen: set[str] = set()
    for item in top.items("files", 10_000):
        path = item.text("path")
        match = next((m for p in _PATHS[kind] if (m := p.fullmatch(path))), None)
        if match is None or ".." in path:
            raise PackageError(
                "manifest.bad_path", f"{WHERE}列出的路径 {path[:120]!r} 不是{kind}包允许的路径", path
            )
        if path.casefold() in seen:
            raise PackageError("manifest.duplicate", f"{WHERE}重复列出了 {path}", path)
        seen.add(path.casefold())
        entry = FileEntry(
            path,
            item.text("sha256", _SHA),
            item.integer("size", 0, MAX_FILE_SIZE),
            item.text("media_type", _MEDIA),
        )
        if "sha" in match.groupdict() and match.group("sha") != entry.sha256:
            raise PackageError("manifest.bad_path", f"{WHERE}中附件 {path} 的文件名与其 SHA-256 不一致", path)
        out.append(entry)
    return tuple(out)


def _documents(top: FieldReader) -> tuple[DocumentEntry, ...]:
    out = []
    seen: set[str] = set()
    for item in top.items("documents", 10_000):
        supersedes = item.raw.get("supersedes")
        entry = DocumentEntry(
            doc_id=item.text("doc_id", _ID),
            version_id=item.text("version_id", _ID),
            supersedes=item.text("supersedes", _ID) if supersedes is not None else None,
            kind=item.text("kind", re.compile(r"targets|monitoring|selfeval")),
            unit=item.text("unit", _UNIT),
            project=item.text("project"),
            fiscal_year=item.integer("fiscal_year", 2000, 2100),
            sha256=item.text("sha256", _SHA),
        )
        if entry.doc_id in seen:
            raise PackageError("manifest.duplicate", f"{WHERE}重复列出了文档 {entry.doc_id}", entry.path)
        seen.add(entry.doc_id)
        out.append(entry)
    return tuple(out)


def _signer(top: FieldReader) -> SignerKey | None:
    signer = top.optional_obj("signer")
    if signer is None:
        return None
    key_id = signer.text("key_id")
    if not is_key_id(key_id):
        raise _bad("signer.key_id", "应为 8 组 4 位小写十六进制数字，以 - 连接")
    if signer.text("algorithm") != ALGORITHM:
        raise _bad("signer.algorithm", f"只支持 {ALGORITHM}")
    try:
        public = base64.b64decode(signer.text("public_key"), validate=True)
    except ValueError:
        raise _bad("signer.public_key", "不是有效的 Base64") from None
    if len(public) != PUBLIC_KEY_BYTES:
        raise _bad("signer.public_key", f"应为 {PUBLIC_KEY_BYTES} 字节的公钥")
    if key_id_of(public) != key_id:
        raise _bad("signer.key_id", "与 signer.public_key 算出的密钥标识不一致")
    return SignerKey(key_id, public)
