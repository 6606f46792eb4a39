"""Evidence files (佐证材料) kept by SHA-256 in the data folder, and held package files.

An attachment is stored once under ``attachments/<aa>/<sha256>`` whatever its name, its row in
``attachments`` says its size and type, and ``document_attachments`` says which document carries
it under which name. The limits are constants so the screen can show them before a person picks
a file. Quarantined packages are kept under ``quarantine/<sha256>.<ext>``.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Final

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.exchange.container import write_atomic
from perfdesk.services import audit
from perfdesk.services.store import Store

ATTACHMENT_MAX_BYTES: Final = 20 * 1024 * 1024
ATTACHMENT_TYPES: Final = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/vnd.ms-works",
    ".ofd": "application/ofd",
    ".txt": "text/plain",
}
LIMITS_TEXT: Final = (
    "佐证材料：每个文件不超过 20 MB，类型为 PDF、图片（JPG/PNG）、Word、Excel、WPS、OFD 或文本"
)


def attachment_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "attachments" / sha256[:2] / sha256


def extension_for(media_type: str, filename: str = "") -> str:
    """The extension of an attachment's entry name in a package (lowercase, no dot)."""
    suffix = Path(filename).suffix.lower()
    if suffix in ATTACHMENT_TYPES and ATTACHMENT_TYPES[suffix] == media_type:
        return suffix[1:]
    guessed = mimetypes.guess_extension(media_type, strict=False)
    return guessed[1:] if guessed else "bin"


def add_attachment(store: Store, document_id: int, source: Path) -> str:
    """Attach a file to a document (by SHA-256; the same file is stored once). Returns the digest."""
    from perfdesk.storage.models import Attachment, DocumentAttachment, FormDocument

    media_type = ATTACHMENT_TYPES.get(source.suffix.lower())
    size = source.stat().st_size
    if media_type is None or size > ATTACHMENT_MAX_BYTES:
        raise ValidationFailed(
            [
                Finding(
                    "attachment.limit",
                    Severity.ERROR,
                    "attachments",
                    f"{source.name} 不能作为{LIMITS_TEXT[:4]}：{LIMITS_TEXT[5:]}",
                )
            ]
        )
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = attachment_path(store.data_dir, sha)
    if not target.exists():
        write_atomic(target, data)
    with store.session_factory.begin() as session:
        row = session.get_one(FormDocument, document_id)
        if session.get(Attachment, sha) is None:
            session.add(Attachment(sha256=sha, size=size, media_type=media_type))
            session.flush()
        link = session.get(DocumentAttachment, (document_id, sha))
        if link is None:
            session.add(DocumentAttachment(document_id=document_id, sha256=sha, filename=source.name))
        audit.record(session, "attach", f"form.{row.kind}", row.doc_id, sha256=sha, name=source.name)
    return sha


def store_attachment_bytes(data_dir: Path, sha256: str, data: bytes) -> None:
    """Keep a received attachment (already verified against its digest)."""
    target = attachment_path(data_dir, sha256)
    if not target.exists():
        write_atomic(target, data)
