"""Form documents in the store: create one for a project, save edits, complete, reopen.

A document's body is the JSON of DOCUMENTS.md. Every save is durable at once (the editor saves
each committed cell). A completed document is read-only until the preparer reopens it, which the
audit log records. Rules are never trusted from the body: ``complete`` re-runs them.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from perfdesk.domain.checks import CheckOptions, blocking, check_document
from perfdesk.domain.document import FormDoc, new_ids
from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money
from perfdesk.services import audit
from perfdesk.services.store import Store, current_actor
from perfdesk.storage.models import FormDocument, Project, Unit

EDITABLE = frozenset({"draft", "returned"})
STATUSES = ("draft", "completed", "exported", "received", "approved", "returned")


@dataclass(frozen=True)
class DocumentRecord:
    """A stored document as the screens need it (no ORM object escapes the service)."""

    id: int
    doc_id: str
    version_id: str
    kind: str
    period: int
    project_id: int
    fiscal_year: int
    status: str
    body: dict[str, Any]
    updated_at: datetime

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def status_label(self) -> str:
        return label(f"status.{self.status}")

    def form(self) -> FormDoc:
        return FormDoc(copy.deepcopy(self.body), f"{self.kind}:{self.doc_id}")


def _record(row: FormDocument) -> DocumentRecord:
    return DocumentRecord(
        row.id, row.doc_id, row.version_id, row.kind, row.period, row.project_id, row.fiscal_year,
        row.status, json.loads(row.body), row.updated_at,
    )  # fmt: skip


def canonical_json(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _store_body(row: FormDocument, body: dict[str, Any]) -> None:
    text = canonical_json(body)
    row.body = text
    row.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()


def header_from_project(project: Project, unit: Unit) -> dict[str, Any]:
    """The header, project and funds blocks of a document, taken from master data."""
    return {
        "fiscal_year": project.fiscal_year,
        "unit": {"code": unit.code, "name": unit.name},
        "project": {
            "code": project.code,
            "name": project.name,
            "department": project.department,
            "manager": project.manager,
            "phone": project.phone,
            "category": project.category,
            "attribute": label(f"project.attribute.{project.attribute}"),
            "start_year": project.start_year,
            "end_year": project.end_year,
        },
        "funds": {
            "annual": Money(project.annual_cents).to_document(),
            "fiscal": Money(project.fiscal_cents).to_document(),
            "other": Money(project.other_cents).to_document(),
        },
    }


def _empty_body(kind: str, profile: str) -> dict[str, Any]:
    empty_goals: dict[str, dict[str, Any]] = {
        "targets": {"annual": [], "midterm": []},
        "monitoring": {"annual": [], "progress": ""},
        "selfeval": {"planned": "", "achieved": ""},
    }
    goals = empty_goals[kind]
    return {
        "kind": kind,
        "schema_version": 1,
        "profile": profile,
        "goals": goals,
        "indicators": [],
        "explanations": {},
    }


def find_document(store: Store, project_id: int, kind: str, period: int = 0) -> DocumentRecord | None:
    with store.session_factory() as session:
        row = session.scalar(
            select(FormDocument).where(
                FormDocument.project_id == project_id,
                FormDocument.kind == kind,
                FormDocument.period == period,
            )
        )
        return _record(row) if row else None


def get_document(store: Store, document_id: int) -> DocumentRecord:
    with store.session_factory() as session:
        return _record(session.get_one(FormDocument, document_id))


def list_documents(store: Store, year: int, kind: str | None = None) -> list[DocumentRecord]:
    with store.session_factory() as session:
        stmt = select(FormDocument).where(FormDocument.fiscal_year == year)
        if kind:
            stmt = stmt.where(FormDocument.kind == kind)
        return [_record(r) for r in session.scalars(stmt.order_by(FormDocument.id))]


def create_document(
    store: Store, project_id: int, kind: str, *, period: int = 0, profile: str = "mof-2020",
    body: dict[str, Any] | None = None,
) -> DocumentRecord:  # fmt: skip
    """Start a form for a project; the header and funds come from the project, nothing is retyped."""
    if find_document(store, project_id, kind, period) is not None:
        raise ValidationFailed(
            [
                Finding(
                    "form.exists",
                    Severity.ERROR,
                    "kind",
                    f"该项目本年度已有{label('form.' + kind)}，请直接打开",
                )
            ]
        )
    doc_id, version_id = new_ids()
    with store.session_factory.begin() as session:
        project = session.get_one(Project, project_id)
        unit = session.get_one(Unit, project.unit_id)
        content = copy.deepcopy(body) if body else _empty_body(kind, profile)
        content.update(header_from_project(project, unit))
        content.update({"kind": kind, "doc_id": doc_id, "version_id": version_id, "supersedes": None})
        if kind == "monitoring":
            content["month"] = period
        row = FormDocument(
            doc_id=doc_id, version_id=version_id, kind=kind, period=period, project_id=project_id,
            fiscal_year=project.fiscal_year, status="draft", updated_by=current_actor(),
        )  # fmt: skip
        _store_body(row, content)
        session.add(row)
        session.flush()
        audit.record(
            session, "create", f"form.{kind}", doc_id, project=project.code, year=project.fiscal_year
        )
        return _record(row)


def save_document(store: Store, document_id: int, body: dict[str, Any], *, what: str = "") -> DocumentRecord:
    """Store the edited body at once. Refused when the document is not editable (completed …)."""
    with store.session_factory.begin() as session:
        row = session.get_one(FormDocument, document_id)
        if row.status not in EDITABLE:
            raise ValidationFailed(
                [
                    Finding(
                        "form.read_only",
                        Severity.ERROR,
                        "status",
                        f"此表状态为“{label('status.' + row.status)}”，只读。如需修改，请先“重新打开”。",
                    )
                ]
            )
        content = copy.deepcopy(body)
        for fixed in ("kind", "doc_id", "version_id", "supersedes"):
            content[fixed] = json.loads(row.body).get(fixed)
        _store_body(row, content)
        row.updated_by = current_actor()
        audit.record(session, "update", f"form.{row.kind}", row.doc_id, what=what)
        session.flush()
        return _record(row)


def check(store: Store, document_id: int, options: CheckOptions | None = None) -> list[Finding]:
    """全审: every finding on the stored document."""
    options = options or CheckOptions()
    form = get_document(store, document_id).form()
    return check_document(form, target_settings=options.targets, library_core=options.library_core)


def complete(store: Store, document_id: int, options: CheckOptions | None = None) -> list[Finding]:
    """标记完成: re-run the rules; errors and unexplained warnings block. Returns the findings."""
    record = get_document(store, document_id)
    findings = check(store, document_id, options)
    stopping = blocking(findings, record.form().explanations)
    if stopping:
        raise ValidationFailed(stopping)
    _set_status(store, document_id, "completed", {"draft", "returned"}, "complete")
    return findings


def reopen(store: Store, document_id: int, reason: str = "") -> DocumentRecord:
    """Make a completed document editable again; the audit log keeps who did it and why."""
    return _set_status(store, document_id, "draft", {"completed"}, "reopen", reason=reason)


def _set_status(
    store: Store, document_id: int, status: str, allowed_from: set[str], action: str, **detail: str
) -> DocumentRecord:
    with store.session_factory.begin() as session:
        row = session.get_one(FormDocument, document_id)
        if row.status not in allowed_from:
            raise ValidationFailed(
                [
                    Finding(
                        "form.status",
                        Severity.ERROR,
                        "status",
                        f"此表当前为“{label('status.' + row.status)}”，不能执行此操作",
                    )
                ]
            )
        before = row.status
        row.status = status
        row.updated_by = current_actor()
        audit.record(session, action, f"form.{row.kind}", row.doc_id, before=before, after=status, **detail)
        session.flush()
        return _record(row)


def delete_document(store: Store, document_id: int) -> None:
    """Delete a draft form (a completed or exchanged one must be reopened or kept)."""
    with store.session_factory.begin() as session:
        row = session.get_one(FormDocument, document_id)
        if row.status not in EDITABLE:
            raise ValidationFailed(
                [Finding("form.read_only", Severity.ERROR, "status", "只能删除草稿状态的表")]
            )
        audit.record(session, "delete", f"form.{row.kind}", row.doc_id, body=row.body)
        session.delete(row)
