"""``verify_package``: every check of EXCHANGE.md §3, in its order, before anything is used.

1. the container (``container.open_container``); 2. the envelope and its payload type;
3. the signer is trusted for this kind and not revoked, and a signature verifies;
4. the manifest: fields, scope against the signer, task expiry, then the files: none missing, none
   unlisted, each declared size, each SHA-256 (read from the ZIP, never extracted);
5. the contents: documents are parsed and the form rules re-run, task and receipt contents parsed.
The first failure raises ``PackageError``. A document that breaks its form *rules* is not a
failure of the package: it is verified and reported per document (``VerifiedDocument.passes``),
so the county can tell the township exactly which form to fix while accepting the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final

from perfdesk.domain.checks import blocking, check_document
from perfdesk.domain.document import DocumentError, FormDoc, read_document
from perfdesk.domain.findings import Finding
from perfdesk.exchange.container import DEFAULT_LIMITS, ENVELOPE, Container, Limits, open_container
from perfdesk.exchange.content import (
    RECEIPT_FILE,
    TASK_FILE,
    ReceiptContent,
    TaskContent,
    parse_receipt,
    parse_task,
)
from perfdesk.exchange.envelope import KIND_LABELS, Envelope, expect_type, pae, parse_envelope
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.keys import is_key_id, verify_signature
from perfdesk.exchange.manifest import DocumentEntry, Manifest, parse_manifest
from perfdesk.exchange.trust import TrustedKey, TrustLookup

Rules = Callable[[FormDoc], list[Finding]]
OnBytes = Callable[[int, int, str], None]
MAX_JSON_FILE: Final = 64 * 1024 * 1024


@dataclass(frozen=True)
class VerifiedDocument:
    """A document of a verified submission, with what the county's own run of the rules found."""

    entry: DocumentEntry
    form: FormDoc
    data: bytes
    findings: tuple[Finding, ...]
    blocking: tuple[Finding, ...]

    @property
    def passes(self) -> bool:
        return not self.blocking


@dataclass
class VerifiedPackage:
    """A package that passed every check. Its file stays open (``read`` re-checks each digest)."""

    container: Container
    envelope: Envelope
    manifest: Manifest
    signer: TrustedKey
    signed_by: tuple[str, ...]
    documents: tuple[VerifiedDocument, ...] = ()
    task: TaskContent | None = None
    receipt: ReceiptContent | None = None
    json_files: dict[str, bytes] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.manifest.kind

    @property
    def sha256(self) -> str:
        """SHA-256 of the whole package file: what receipts answer and ``previous`` names."""
        return self.container.sha256

    def read(self, path: str) -> bytes:
        """A listed file's bytes, checked again against the manifest (the file may have changed)."""
        entry = self.manifest.file(path)
        if entry is None:
            raise KeyError(path)
        if path in self.json_files:
            return self.json_files[path]
        data = self.container.read(path)
        _check_digest(path, data, entry.sha256, entry.size)
        return data

    def close(self) -> None:
        self.container.close()

    def __enter__(self) -> VerifiedPackage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def verify_package(
    source: Path | bytes,
    expected_kind: str,
    trust: TrustLookup,
    now: datetime,
    *,
    region_code: str = "",
    rules: Rules = check_document,
    limits: Limits = DEFAULT_LIMITS,
    on_bytes: OnBytes | None = None,
) -> VerifiedPackage:
    """Verify a package of ``expected_kind``; ``PackageError`` at the first failure (§3 order)."""
    container = open_container(source, limits)  # step 1
    try:
        envelope = _read_envelope(container, expected_kind, limits)  # step 2
        signer, signed_by = _check_signature(envelope, expected_kind, trust)  # step 3
        manifest = parse_manifest(envelope.payload, expected_kind)  # step 4
        _check_scope(manifest, signer, region_code)
        _check_expiry(manifest, now)
        json_files = _check_files(container, manifest, on_bytes)
        package = VerifiedPackage(container, envelope, manifest, signer, signed_by, json_files=json_files)
        _read_contents(package, rules)  # step 5
    except BaseException:
        container.close()
        raise
    return package


def _read_envelope(container: Container, kind: str, limits: Limits) -> Envelope:
    info = container.entries.get(ENVELOPE)
    if info is None:
        raise PackageError("env.missing", f"{container.name} 中没有 {ENVELOPE}，不是完整的交换包", ENVELOPE)
    if info.file_size > limits.max_envelope:
        raise PackageError(
            "env.too_large",
            f"{container.name} 中的 {ENVELOPE} 超过 {limits.max_envelope // 1024} KiB",
            ENVELOPE,
        )
    envelope = parse_envelope(container.read(ENVELOPE))
    expect_type(envelope, kind)
    for i, signature in enumerate(envelope.signatures):
        if not is_key_id(signature.keyid):
            raise PackageError(
                "env.bad_format",
                f"{ENVELOPE} 格式不对：signatures[{i}].keyid 应为 8 组 4 位小写十六进制数字",
                ENVELOPE,
            )
    return envelope


def _check_signature(envelope: Envelope, kind: str, trust: TrustLookup) -> tuple[TrustedKey, tuple[str, ...]]:
    found = [(s, trust.find(s.keyid)) for s in envelope.signatures]
    usable = [(s, key) for s, key in found if key is not None and not key.revoked and kind in key.kinds]
    if not usable:
        first = envelope.signatures[0].keyid
        revoked = next((key for _s, key in found if key is not None and key.revoked), None)
        if revoked is not None:
            raise PackageError(
                "key.revoked",
                f"签名密钥 {revoked.key_id}（{revoked.label}）已吊销，不再接受",
                ENVELOPE,
                revoked.key_id,
            )
        other = next((key for _s, key in found if key is not None), None)
        if other is not None:
            raise PackageError(
                "key.wrong_kind",
                f"密钥 {other.key_id}（{other.label}）不能签发{KIND_LABELS.get(kind, kind)}",
                ENVELOPE,
                other.key_id,
            )
        hint = (
            "未登记。请核对密钥登记表上的密钥标识，登记后再导入（此包暂作待确认）"
            if kind == "submission"
            else "不是本安装钉住的县级密钥（请核对县里印发的密钥标识）"
        )
        raise PackageError("key.unknown", f"签名密钥 {first} {hint}", ENVELOPE, first)
    message = pae(envelope.payload_type, envelope.payload)
    verified = [(s, key) for s, key in usable if verify_signature(key.public_key, s.sig, message)]
    if not verified:
        key = usable[0][1]
        raise PackageError(
            "sig.invalid",
            f"签名验证失败：内容在签名后被改动，或签名不是密钥 {key.key_id}（{key.label}）所做",
            ENVELOPE,
            key.key_id,
        )
    return verified[0][1], tuple(s.keyid for s, _key in verified)


def _check_scope(manifest: Manifest, signer: TrustedKey, region_code: str) -> None:
    scope = manifest.scope
    if region_code and scope.region_code != region_code:
        raise PackageError(
            "manifest.scope", f"交换包属于财政区划 {scope.region_code}，不是本县（{region_code}）", ENVELOPE
        )
    for unit in scope.units:
        if not signer.covers(unit):
            raise PackageError(
                "manifest.scope", f"密钥 {signer.key_id}（{signer.label}）无权代表单位 {unit} 报送", ENVELOPE
            )
    units = set(scope.units)
    for doc in manifest.documents:
        if doc.unit not in units or doc.fiscal_year != scope.fiscal_year:
            raise PackageError(
                "manifest.scope",
                f"文档 {doc.doc_id} 的单位 {doc.unit} 或年度 {doc.fiscal_year} 不在清单范围内",
                doc.path,
            )


def _check_expiry(manifest: Manifest, now: datetime) -> None:
    if manifest.expires_at is not None and now > manifest.expires_at:
        raise PackageError(
            "task.expired",
            f"任务包已于 {manifest.expires_at:%Y-%m-%d %H:%M} (UTC) 过期，请联系县财政局重新下发任务包",
            ENVELOPE,
        )


def _check_files(container: Container, manifest: Manifest, on_bytes: OnBytes | None) -> dict[str, bytes]:
    listed = {f.path: f for f in manifest.files}
    for path in listed:
        if path not in container.entries:
            raise PackageError("file.missing", f"清单列出的 {path} 在交换包中不存在", path)
    for name in container.entries:
        if name != ENVELOPE and name not in listed:
            raise PackageError(
                "file.unlisted", f"交换包中的 {name} 不在清单中，交换包不能含有未列出的文件", name
            )
    documents = {d.path: d for d in manifest.documents}
    for path, doc in documents.items():
        if path not in listed or listed[path].sha256 != doc.sha256:
            raise PackageError("manifest.document", f"文档 {doc.doc_id} 在文件列表中缺失或摘要不一致", path)
    for path in listed:
        if path.startswith("documents/") and path not in documents:
            raise PackageError("manifest.document", f"{path} 没有登记在清单的文档列表中", path)
    for entry in manifest.files:
        if container.entries[entry.path].file_size != entry.size:
            raise PackageError(
                "file.size",
                f"{entry.path} 的大小为 {container.entries[entry.path].file_size} 字节，清单登记为 {entry.size} 字节",
                entry.path,
            )
    total = sum(f.size for f in manifest.files)
    done = 0
    kept: dict[str, bytes] = {}
    for entry in manifest.files:
        if entry.path.endswith(".json"):
            if entry.size > MAX_JSON_FILE:
                raise PackageError(
                    "file.size", f"{entry.path} 超过 {MAX_JSON_FILE // 1024**2} MiB", entry.path
                )
            data = container.read(entry.path)
            _check_digest(entry.path, data, entry.sha256, entry.size)
            kept[entry.path] = data
        else:
            sha, size = container.digest(entry.path)
            _check_sizes(entry.path, sha, size, entry.sha256, entry.size)
        done += entry.size
        if on_bytes is not None:
            on_bytes(done, total, entry.path)
    return kept


def _check_digest(path: str, data: bytes, sha256: str, size: int) -> None:
    import hashlib

    _check_sizes(path, hashlib.sha256(data).hexdigest(), len(data), sha256, size)


def _check_sizes(path: str, sha: str, size: int, want_sha: str, want_size: int) -> None:
    if size != want_size:
        raise PackageError("file.size", f"{path} 读出 {size} 字节，清单登记为 {want_size} 字节", path)
    if sha != want_sha:
        raise PackageError("file.digest", f"{path} 的 SHA-256 与清单不符：文件在签名后被改动或已损坏", path)


def _read_contents(package: VerifiedPackage, rules: Rules) -> None:
    manifest = package.manifest
    if manifest.kind == "submission":
        attachments = {f.sha256 for f in manifest.files if f.path.startswith("attachments/")}
        package.documents = tuple(
            _verify_document(entry, package.json_files[entry.path], attachments, rules)
            for entry in manifest.documents
        )
    elif manifest.kind == "task":
        package.task = parse_task(_required(package, TASK_FILE))
    elif manifest.kind == "receipt":
        package.receipt = parse_receipt(_required(package, RECEIPT_FILE))


def _required(package: VerifiedPackage, path: str) -> bytes:
    if path not in package.json_files:
        raise PackageError("content.invalid", f"交换包缺少 {path}", path)
    return package.json_files[path]


def _verify_document(
    entry: DocumentEntry, data: bytes, attachments: set[str], rules: Rules
) -> VerifiedDocument:
    try:
        form = read_document(data, entry.path)
    except DocumentError as exc:
        raise PackageError("doc.invalid", f"{exc}（{exc.code}）", entry.path) from None
    raw = form.raw
    found = {
        "doc_id": raw.get("doc_id"),
        "version_id": raw.get("version_id"),
        "supersedes": raw.get("supersedes"),
        "kind": raw.get("kind"),
        "unit": form.text("unit", "code"),
        "project": form.text("project", "code"),
        "fiscal_year": form.fiscal_year,
    }
    for name, value in found.items():
        if value != getattr(entry, name):
            raise PackageError(
                "doc.mismatch",
                f"{entry.path} 的 {name} 为 {value!r}，清单登记为 {getattr(entry, name)!r}",
                entry.path,
            )
    listed = raw.get("attachments", [])
    for i, item in enumerate(listed if isinstance(listed, list) else [None]):
        sha = item.get("sha256") if isinstance(item, dict) else None
        if sha not in attachments:
            raise PackageError(
                "doc.mismatch",
                f"{entry.path} 的第 {i + 1} 个佐证材料不在交换包中（attachments[{i}]）",
                entry.path,
            )
    findings = tuple(rules(form))
    return VerifiedDocument(entry, form, data, findings, tuple(blocking(list(findings), form.explanations)))
