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
from typing import Any, NamedTuple

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
        header = header_from_project(project, unit)
        if kind != "targets":
            # Monitoring and self-evaluation funds carry more than the project's three amounts.
            header["funds"] = {**content.get("funds", {}), **header["funds"]}
        content.update(header)
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


# ---------------------------------------------------------------- copying targets (复制目标)
#
# A target sheet is mostly rewritten from last year's: the same goals and indicators with new
# numbers. Copying takes the content (goals, indicators with every column, ``required_core``) and
# leaves what belongs to the old sheet: its header and funds (they come from the new project), its
# 出错说明 (they answer last year's findings) and its identity (the copy is a new 草稿).

COPIED_SECTIONS = ("goals", "indicators", "required_core")


class TargetCounts(NamedTuple):
    """What a target sheet holds that a copy would carry: goal lines and indicator rows."""

    goals: int
    indicators: int

    @property
    def empty(self) -> bool:
        return self.goals == 0 and self.indicators == 0


@dataclass(frozen=True)
class TargetSource:
    """A target sheet someone may copy from, with the project it belongs to (for a picking list)."""

    document: DocumentRecord
    project_code: str
    project_name: str
    unit_name: str

    @property
    def counts(self) -> TargetCounts:
        return count_targets(self.document)


def count_targets(record: DocumentRecord) -> TargetCounts:
    """Goal lines (年度 and 中期, non-empty) and indicator rows of a target sheet."""
    form = FormDoc(record.body)  # read only: no copy needed
    goals = sum(1 for section in ("annual", "midterm") for line in form.goal_lines(section) if line)
    return TargetCounts(goals, len(form.indicators))


def previous_targets(store: Store, project_id: int) -> DocumentRecord | None:
    """上年同一项目: the target sheet of the project with the same code in the previous fiscal year."""
    with store.session_factory() as session:
        project = session.get_one(Project, project_id)
        row = session.scalar(
            select(FormDocument)
            .join(Project)
            .where(
                Project.code == project.code,
                Project.fiscal_year == project.fiscal_year - 1,
                FormDocument.kind == "targets",
                FormDocument.period == 0,
            )
        )
        return _record(row) if row else None


def list_target_sources(
    store: Store, year: int | None = None, *, exclude_project_id: int | None = None
) -> list[TargetSource]:
    """Target sheets with something to copy, of ``year`` (every year when None): newest year first,
    then by project code. ``exclude_project_id`` leaves out the sheet being filled."""
    with store.session_factory() as session:
        stmt = (
            select(FormDocument, Project.code, Project.name, Unit.name)
            .join(Project, FormDocument.project_id == Project.id)
            .join(Unit, Project.unit_id == Unit.id)
            .where(FormDocument.kind == "targets")
            .order_by(FormDocument.fiscal_year.desc(), Project.code)
        )
        if year is not None:
            stmt = stmt.where(FormDocument.fiscal_year == year)
        if exclude_project_id is not None:
            stmt = stmt.where(FormDocument.project_id != exclude_project_id)
        sources = [
            TargetSource(_record(row), code, name, unit) for row, code, name, unit in session.execute(stmt)
        ]
    return [source for source in sources if not source.counts.empty]


def copy_targets(
    store: Store, source_document_id: int, target_project_id: int, *, profile: str = "mof-2020"
) -> DocumentRecord:
    """复制目标: a new 草稿 target sheet for ``target_project_id`` holding the source's goals and
    indicators, with the header and funds of the target project.

    An empty draft the project already has (no goal, no indicator) is filled instead; a sheet with
    content is never overwritten (``ValidationFailed``). The audit entry ``copy`` names the source.
    """
    source = get_document(store, source_document_id)
    if source.kind != "targets":
        raise ValidationFailed([_copy_refusal("copy.not_targets", f"只能复制{label('form.targets')}")])
    if source.project_id == target_project_id:
        raise ValidationFailed(
            [_copy_refusal("copy.same_project", "不能把目标表复制到它自己的项目，请另选来源")]
        )
    content = {key: copy.deepcopy(source.body[key]) for key in COPIED_SECTIONS if key in source.body}
    with store.session_factory.begin() as session:
        project = session.get_one(Project, target_project_id)
        unit = session.get_one(Unit, project.unit_id)
        row = session.scalar(
            select(FormDocument).where(
                FormDocument.project_id == project.id,
                FormDocument.kind == "targets",
                FormDocument.period == 0,
            )
        )
        if row is None:
            doc_id, version_id = new_ids()
            row = FormDocument(
                doc_id=doc_id, version_id=version_id, kind="targets", period=0, project_id=project.id,
                fiscal_year=project.fiscal_year, status="draft",
            )  # fmt: skip
            session.add(row)
            body = _empty_body("targets", profile)
        else:
            _refuse_overwrite(_record(row))
            body = json.loads(row.body)
        body.update(content)
        body.update(header_from_project(project, unit))
        body.update(
            {"kind": "targets", "doc_id": row.doc_id, "version_id": row.version_id, "supersedes": None}
        )
        body["explanations"] = {}
        row.updated_by = current_actor()
        _store_body(row, body)
        session.flush()
        counts = count_targets(_record(row))
        audit.record(
            session, "copy", "form.targets", row.doc_id, source=source.doc_id, source_year=source.fiscal_year,
            project=project.code, year=project.fiscal_year, goals=counts.goals, indicators=counts.indicators,
        )  # fmt: skip
        return _record(row)


def _refuse_overwrite(existing: DocumentRecord) -> None:
    """A copy fills an empty draft only: what a person wrote or completed is never overwritten."""
    form = label("form.targets")
    counts = count_targets(existing)
    if not existing.editable:
        message = f"该项目的{form}为“{existing.status_label}”，只读，不能用复制覆盖。如需重来，请先“重新打开”并清空目标和指标"
    elif not counts.empty:
        message = (
            f"该项目的{form}已填写 {counts.goals} 条目标、{counts.indicators} 个指标，不能用复制覆盖。"
            "如需重来，请先删除该表，或清空其中的目标和指标"
        )
    else:
        return
    raise ValidationFailed([_copy_refusal("copy.target_not_empty", message)])


def _copy_refusal(code: str, message: str) -> Finding:
    return Finding(code, Severity.ERROR, "source", message)


def refresh_header(store: Store, document_id: int) -> DocumentRecord:
    """Bring an editable document's header and funds up to date with its project.

    The header is a copy taken when the form was started; the project may have been edited since
    (a corrected phone number, adjusted funds). A completed or exchanged document keeps the header
    it was completed with. Nothing is written when nothing changed.
    """
    with store.session_factory.begin() as session:
        row = session.get_one(FormDocument, document_id)
        body = json.loads(row.body)
        if row.status not in EDITABLE:
            return _record(row)
        project = session.get_one(Project, row.project_id)
        fresh = header_from_project(project, session.get_one(Unit, project.unit_id))
        if row.kind != "targets":
            # Monitoring and self-evaluation funds carry more than the project's three amounts:
            # only those three come from the project, the rest is the preparer's.
            funds = body.get("funds")
            fresh["funds"] = {**(funds if isinstance(funds, dict) else {}), **fresh["funds"]}
        changed = {k: v for k, v in fresh.items() if body.get(k) != v}
        if not changed:
            return _record(row)
        body.update(changed)
        _store_body(row, body)
        audit.record(session, "refresh_header", f"form.{row.kind}", row.doc_id, fields=sorted(changed))
        session.flush()
        return _record(row)
