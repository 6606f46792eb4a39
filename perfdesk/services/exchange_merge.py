"""The merge rules of EXCHANGE.md §5: what the county does with each verified document.

Called by ``exchange_county.import_submission`` inside its one transaction per package. Every
document gets an outcome row (``document_outcomes``) that the next receipt reports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from perfdesk.domain.checks import field_label
from perfdesk.domain.document import FormDoc
from perfdesk.exchange.verify import VerifiedDocument, VerifiedPackage
from perfdesk.services import audit
from perfdesk.services.exchange_files import attachment_path, store_attachment_bytes
from perfdesk.services.exchange_log import DocumentReport

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.storage.models import FormDocument

MERGED = frozenset({"accepted", "updated"})


def _reject(entry_doc: VerifiedDocument, code: str, *reasons: str) -> DocumentReport:
    e = entry_doc.entry
    return DocumentReport(e.doc_id, e.version_id, e.kind, e.unit, e.project, "rejected", list(reasons), code)


def merge_document(session: Session, package: VerifiedPackage, doc: VerifiedDocument) -> DocumentReport:
    from sqlalchemy import select

    from perfdesk.storage.models import DocumentVersion, FormDocument, Project, Unit

    e = doc.entry
    if not doc.passes:
        reasons = [f"{field_label(f.field)}：{f.message}" for f in doc.blocking]
        return _record(
            session, package, _reject(doc, "doc.rules", "未通过填报规则（县里重新审核）：", *reasons)
        )
    project = session.scalars(
        select(Project)
        .join(Unit)
        .where(Project.fiscal_year == e.fiscal_year, Project.code == e.project, Unit.code == e.unit)
    ).first()
    if project is None:
        return _record(
            session,
            package,
            _reject(
                doc, "doc.project", f"项目 {e.project} 不在县里 {e.fiscal_year} 年度单位 {e.unit} 的项目库中"
            ),
        )
    row = session.scalars(select(FormDocument).where(FormDocument.doc_id == e.doc_id)).first()
    result = DocumentReport(e.doc_id, e.version_id, e.kind, e.unit, e.project, "", [])
    period = _period(doc.form)
    if row is None:
        other = session.scalars(
            select(FormDocument).where(
                FormDocument.project_id == project.id,
                FormDocument.kind == e.kind,
                FormDocument.period == period,
            )
        ).first()
        if other is not None:
            _hold(session, package, doc, other.version_id, f"该项目已有另一份同类表（{other.doc_id}）")
            result.outcome, result.code = "conflict", "doc.conflict"
            result.reasons = [f"县里已有该项目的另一份同类表（{other.doc_id}），已暂存待县里处理"]
        else:
            session.add(
                FormDocument(
                    doc_id=e.doc_id,
                    version_id=e.version_id,
                    supersedes=e.supersedes,
                    kind=e.kind,
                    period=period,
                    project_id=project.id,
                    fiscal_year=e.fiscal_year,
                    status="received",
                    body=doc.data.decode("utf-8"),
                    sha256=e.sha256,
                    updated_by=package.signer.label[:50],
                )
            )
            _keep_version(session, e.version_id, e.doc_id, e.supersedes, doc)
            result.outcome = "accepted"
    elif e.version_id == row.version_id or session.get(DocumentVersion, e.version_id) is not None:
        known = (
            row.sha256
            if e.version_id == row.version_id
            else session.get_one(DocumentVersion, e.version_id).sha256
        )
        if known == e.sha256:
            result.outcome, result.code = "duplicate", "doc.duplicate"
            result.reasons = ["县里已有这个版本，未作改变"]
        else:
            result.outcome, result.code = "rejected", "doc.tampered"
            result.reasons = ["同一版本号的内容与县里收到的不同：文件被改动或损坏，请重新导出"]
    elif e.supersedes == row.version_id and row.status != "approved":
        _keep_version(session, row.version_id, row.doc_id, row.supersedes, None, row)
        _keep_version(session, e.version_id, e.doc_id, e.supersedes, doc)
        row.body, row.sha256, row.version_id, row.supersedes = (
            doc.data.decode("utf-8"),
            e.sha256,
            e.version_id,
            e.supersedes,
        )
        row.status, row.updated_by = "received", package.signer.label[:50]
        result.outcome = "updated"
        result.reasons = [f"替代了县里的版本 {e.supersedes}"]
    else:
        why = (
            "县里已审核通过当前版本"
            if row.status == "approved"
            else f"它基于版本 {e.supersedes}，而县里当前是 {row.version_id}"
        )
        _hold(session, package, doc, row.version_id, why)
        result.outcome, result.code = "conflict", "doc.conflict"
        result.reasons = [f"版本冲突：{why}，已暂存待县里处理"]
    return _record(session, package, result)


def _period(form: FormDoc) -> int:
    month = form.raw.get("month", 0) if form.kind == "monitoring" else 0
    return month if isinstance(month, int) and not isinstance(month, bool) else 0


def _keep_version(
    session: Session,
    version_id: str,
    doc_id: str,
    supersedes: str | None,
    doc: VerifiedDocument | None,
    row: FormDocument | None = None,
) -> None:
    from perfdesk.storage.models import DocumentVersion

    if session.get(DocumentVersion, version_id) is not None:
        return
    body = doc.data.decode("utf-8") if doc is not None else row.body if row is not None else ""
    sha = doc.entry.sha256 if doc is not None else row.sha256 if row is not None else ""
    session.add(
        DocumentVersion(version_id=version_id, doc_id=doc_id, supersedes=supersedes, body=body, sha256=sha)
    )
    session.flush()


def _hold(
    session: Session, package: VerifiedPackage, doc: VerifiedDocument, current: str, reason: str
) -> None:
    from perfdesk.storage.models import HeldVersion

    e = doc.entry
    _keep_version(session, e.version_id, e.doc_id, e.supersedes, doc)
    session.add(
        HeldVersion(
            doc_id=e.doc_id,
            version_id=e.version_id,
            package_id=package.manifest.package_id,
            current_version_id=current,
            reason=reason,
        )
    )


def _record(session: Session, package: VerifiedPackage, result: DocumentReport) -> DocumentReport:
    from perfdesk.storage.models import OutcomeRecord

    session.add(
        OutcomeRecord(
            doc_id=result.doc_id,
            version_id=result.version_id,
            package_id=package.manifest.package_id,
            kind=result.kind,
            unit_code=result.unit,
            project_code=result.project,
            fiscal_year=package.manifest.scope.fiscal_year,
            outcome=result.outcome,
            reasons=json.dumps(result.reasons, ensure_ascii=False),
        )
    )
    if result.outcome in ("accepted", "updated", "conflict"):
        audit.record(
            session,
            result.outcome,
            f"form.{result.kind}",
            result.doc_id,
            version=result.version_id,
            package=package.manifest.package_id,
        )
    return result


def link_attachments(
    session: Session, data_dir: Path, package: VerifiedPackage, reports: list[DocumentReport]
) -> None:
    from sqlalchemy import select

    from perfdesk.storage.models import Attachment, DocumentAttachment, FormDocument

    merged = {r.doc_id for r in reports if r.outcome in ("accepted", "updated")}
    for doc in package.documents:
        if doc.entry.doc_id not in merged:
            continue
        row = session.scalars(select(FormDocument).where(FormDocument.doc_id == doc.entry.doc_id)).one()
        listed = doc.form.raw.get("attachments") or []
        for item in listed:
            sha = item["sha256"]
            entry = next(f for f in package.manifest.files if f.path.startswith(f"attachments/{sha}."))
            if not attachment_path(data_dir, sha).exists():  # stored once, whoever sent it
                store_attachment_bytes(data_dir, sha, package.read(entry.path))
            if session.get(Attachment, sha) is None:
                session.add(Attachment(sha256=sha, size=entry.size, media_type=entry.media_type))
                session.flush()
            if session.get(DocumentAttachment, (row.id, sha)) is None:
                session.add(
                    DocumentAttachment(
                        document_id=row.id, sha256=sha, filename=str(item.get("name") or entry.path)[:255]
                    )
                )
    session.flush()
