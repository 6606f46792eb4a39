"""导出申报包: the township's completed forms, signed, in one package for the county.

What goes: the chosen units (a code covers the units under it), forms and projects; by default
every completed form not yet accepted (状态 已完成 or 已导出) of the units this installation's key
was exported for. Each document is checked again (the rules may have changed since it was
completed); one that fails stays behind and is reported, the others go. A document whose content
changed since it last left gets a new ``version_id`` with ``supersedes`` = the version it was
based on (EXCHANGE.md §5); an unchanged one goes again with its version, and the county reports
it as a duplicate. Each document also goes as its printed form, ``print/<doc_id>.pdf``: the same
PDF the 打印 command makes from the exported body (reproducible, so the same version always gives
the same bytes); a document that cannot be printed still goes, without it, and is reported.
Statuses become 已导出 only when the package file is complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfdesk.domain.checks import blocking, check_document
from perfdesk.domain.document import FormDoc
from perfdesk.domain.target_rules import TargetRuleSettings
from perfdesk.exchange.build import BuiltPackage, build_package
from perfdesk.exchange.manifest import DocumentEntry, Producer, Scope, SignerKey
from perfdesk.reports.forms import ReportError
from perfdesk.reports.pdf import render_document_pdf
from perfdesk.services import audit, keys
from perfdesk.services.exchange_files import attachment_path, extension_for
from perfdesk.services.exchange_log import (
    ExchangeRefused,
    app_name,
    installation_id,
    next_sequence,
    record_sent,
    require_mode,
    utc_now,
)
from perfdesk.services.forms import canonical_json
from perfdesk.services.progress import NO_PROGRESS, Progress
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.storage.models import FormDocument

EXPORTABLE = ("completed", "exported")


@dataclass(frozen=True)
class ExportedDocument:
    doc_id: str
    version_id: str
    supersedes: str | None
    kind: str
    unit: str
    project: str
    new_version: bool


@dataclass(frozen=True)
class ExportResult:
    built: BuiltPackage
    documents: list[ExportedDocument]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unprinted: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        new = sum(1 for d in self.documents if d.new_version)
        lines = [
            f"已导出申报包 {self.built.path.name if self.built.path else ''}：{len(self.documents)} 张表"
            f"（其中新版本 {new} 张），包标识 {self.built.package_id}，SHA-256 {self.built.sha256[:16]}…"
        ]
        lines += [f"  未导出：{what}：{why}" for what, why in self.skipped]
        lines += [f"  未附打印的表：{what}：{why}" for what, why in self.unprinted]
        return "\n".join(lines)


def export_submission(
    store: Store,
    password: str,
    year: int,
    output: Path,
    *,
    units: Sequence[str] = (),
    kinds: Sequence[str] = (),
    projects: Sequence[str] = (),
    progress: Progress = NO_PROGRESS,
    now: datetime | None = None,
) -> ExportResult:
    """Write the signed submission package; ``ExchangeRefused`` when there is nothing to send."""
    require_mode(store, "township")
    key = keys.unlock_signers(store, password)[0]
    settings = load_settings(store)
    rules = TargetRuleSettings(framework=settings.framework)
    with store.session_factory.begin() as session:
        own_unit = keys.own_unit(session)
        prefixes = tuple(units) or ((own_unit,) if own_unit else ())
        rows = _chosen(session, year, prefixes, kinds, projects)
        files: dict[str, bytes | Path] = {}
        entries: list[DocumentEntry] = []
        exported: list[ExportedDocument] = []
        skipped: list[tuple[str, str]] = []
        unprinted: list[tuple[str, str]] = []
        for done, (row, unit_code, project_code) in enumerate(rows, start=1):
            progress.step(done, len(rows) * 2, f"检查 {project_code}")
            form = FormDoc(json.loads(row.body))
            stops = blocking(check_document(form, target_settings=rules), form.explanations)
            if stops:
                skipped.append((f"{project_code} {row.kind}", "；".join(f.message for f in stops[:3])))
                continue
            body, new = _next_version(session, row, _attachments(session, row, files, store.data_dir))
            files[f"documents/{row.doc_id}.json"] = canonical_json(body).encode("utf-8")
            try:
                files[print_path(row.doc_id)] = printed_form(body)
            except ReportError as error:
                unprinted.append((f"{project_code} {row.kind}", str(error)))
            entries.append(
                DocumentEntry(
                    row.doc_id,
                    body["version_id"],
                    body.get("supersedes"),
                    row.kind,
                    unit_code,
                    project_code,
                    year,
                    "",
                )
            )
            exported.append(
                ExportedDocument(
                    row.doc_id,
                    body["version_id"],
                    body.get("supersedes"),
                    row.kind,
                    unit_code,
                    project_code,
                    new,
                )
            )
        if not entries:
            reasons = (
                "；".join(f"{what}：{why}" for what, why in skipped) or "没有已完成且未被县里审核通过的表"
            )
            raise ExchangeRefused("exchange.nothing", f"{year} 年度没有可导出的表（{reasons}）")
        sequence, previous = next_sequence(session, "submission")

        def on_file(done: int, total: int, path: str) -> None:
            progress.step(len(rows) + done * len(rows) // max(total, 1), len(rows) * 2, f"写入 {path}")

        built = build_package(
            "submission",
            files,
            signers=[key],
            producer=Producer(app_name(), installation_id(session), settings.preparer or own_unit),
            sequence=sequence,
            previous=previous,
            scope=Scope(settings.county_code, year, tuple(sorted({e.unit for e in entries}))),
            now=now or utc_now(),
            documents=entries,
            signer_key=SignerKey(key.key_id, key.public_key),
            output=output,
            on_file=on_file,
        )
        record_sent(
            session,
            built,
            file_name=output.name,
            key_id=key.key_id,
            detail={"documents": [d.doc_id for d in exported]},
        )
        audit.record(session, "export", "submission", built.package_id, year=year, documents=len(exported))
    return ExportResult(built, exported, skipped, unprinted)


def print_path(doc_id: str) -> str:
    """The entry of a document's printed form: named by its ``doc_id``, like its document."""
    return f"print/{doc_id}.pdf"


def printed_form(body: dict[str, Any]) -> bytes:
    """The printed form (PDF bytes) of an exported document body, as 打印 makes it.

    The package's own hash is not in its footer: it is not known until the package is signed.
    Raises ``ReportError`` when the document cannot be printed.
    """
    out = io.BytesIO()
    render_document_pdf(FormDoc(body), out)
    return out.getvalue()


def _chosen(
    session: Session, year: int, prefixes: Sequence[str], kinds: Sequence[str], projects: Sequence[str]
) -> list[tuple[FormDocument, str, str]]:
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, Project, Unit

    stmt = (
        select(FormDocument, Unit.code, Project.code)
        .join(Project, FormDocument.project_id == Project.id)
        .join(Unit, Project.unit_id == Unit.id)
        .where(FormDocument.fiscal_year == year, FormDocument.status.in_(EXPORTABLE))
        .order_by(Unit.code, Project.code, FormDocument.kind, FormDocument.period)
    )
    if kinds:
        stmt = stmt.where(FormDocument.kind.in_(tuple(kinds)))
    if projects:
        stmt = stmt.where(Project.code.in_(tuple(projects)))
    return [
        (row, unit, project)
        for row, unit, project in session.execute(stmt)
        if not prefixes or any(unit.startswith(p) for p in prefixes)
    ]


def _attachments(
    session: Session, row: FormDocument, files: dict[str, bytes | Path], data_dir: Path
) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from perfdesk.storage.models import Attachment, DocumentAttachment

    out = []
    stmt = (
        select(DocumentAttachment, Attachment)
        .join(Attachment, DocumentAttachment.sha256 == Attachment.sha256)
        .where(DocumentAttachment.document_id == row.id)
        .order_by(DocumentAttachment.filename)
    )
    for link, attachment in session.execute(stmt):
        ext = extension_for(attachment.media_type, link.filename)
        files[f"attachments/{attachment.sha256}.{ext}"] = attachment_path(data_dir, attachment.sha256)
        out.append(
            {
                "sha256": attachment.sha256,
                "name": link.filename,
                "media_type": attachment.media_type,
                "size": attachment.size,
            }
        )
    return out


def _next_version(
    session: Session, row: FormDocument, attachments: list[dict[str, Any]]
) -> tuple[dict[str, Any], bool]:
    """The body to send: the same version when nothing changed since it last left, else a new one."""
    from perfdesk.storage.models import DocumentVersion

    body = json.loads(row.body)
    body["attachments"] = attachments
    body.update({"doc_id": row.doc_id, "version_id": row.version_id, "supersedes": row.supersedes})
    sent = session.get(DocumentVersion, row.version_id)
    new = sent is None or sent.sha256 != _digest(body)
    if sent is not None and new:
        body["version_id"], body["supersedes"] = str(uuid.uuid4()), row.version_id
    text = canonical_json(body)
    if new:
        session.add(
            DocumentVersion(
                version_id=body["version_id"],
                doc_id=row.doc_id,
                supersedes=body["supersedes"],
                body=text,
                sha256=_digest(body),
            )
        )
    row.body, row.sha256 = text, _digest(body)
    row.version_id, row.supersedes = body["version_id"], body["supersedes"]
    if row.status == "completed":
        row.status = "exported"
    return body, new


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
