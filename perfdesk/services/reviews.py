"""Reviewing target sheets (绩效目标审核): the county's checklist, reviews, and what they decide.

The checklist in force is kept in the settings table under ``review.checklist`` (the shipped
default until the county saves its own). A review starts on a target sheet that is 已完成 or later
(已导出, 已接收), takes a copy of the checklist, is saved as a draft as often as the reviewer likes
and is finalised once every item is scored and explained (``perfdesk.domain.review``).

Finalising records the grade and moves the sheet on, as EXCHANGE.md §5 has it: 优 and 良 make it
审核通过 (良 with the agreed edits written in the comments); 中 and 差 make it 退回, so the preparer
can revise it and complete it again for a new review. A sheet graded 差 is never 审核通过 and
``budget_allowed`` is false wherever a review is read; ``ensure_budget_allowed`` is the check for
anything that would put a project's money into the budget.

Reading runs portable SQL through ``store.query`` (the main window marks 差 projects in its tree
before SQLAlchemy is loaded); writing goes through the ORM, imported when it runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.domain.review import (
    Checklist,
    ReviewResult,
    ReviewSheet,
    budget_allowed_for,
    checklist_findings,
    grade_consequence,
    grade_label,
    grade_review,
    show_score,
)
from perfdesk.domain.review_format import checklist_text, default_checklist, parse_checklist_text
from perfdesk.services import audit
from perfdesk.services.review_overview import OverviewRow, TargetOverview, target_overview
from perfdesk.services.store import Store, current_actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.storage.models import TargetReview

CHECKLIST_KEY = "review.checklist"
STORED_CHECKLIST = "（设置中的审核清单）"
REVIEWABLE = frozenset({"completed", "exported", "received"})
"""Sheet states a review may start or be finalised in: completed, and not (yet) decided."""
ENTITY = "review.targets"

__all__ = [
    "CHECKLIST_KEY",
    "REVIEWABLE",
    "OverviewRow",
    "ReviewRecord",
    "TargetOverview",
    "ensure_budget_allowed",
    "finalise_review",
    "load_checklist",
    "poor_target_projects",
    "restore_default_checklist",
    "review_of",
    "save_checklist",
    "save_review",
    "start_review",
    "target_overview",
    "uses_default_checklist",
]


# ---------------------------------------------------------------- the checklist


def load_checklist(store: Store) -> Checklist:
    """The county's checklist, or the shipped default when none was saved."""
    rows = store.query("SELECT value FROM settings WHERE key = :key", key=CHECKLIST_KEY)
    if not rows:
        return default_checklist()
    return parse_checklist_text(str(rows[0][0]), STORED_CHECKLIST)


def uses_default_checklist(store: Store) -> bool:
    return not store.query("SELECT 1 FROM settings WHERE key = :key", key=CHECKLIST_KEY)


def save_checklist(store: Store, checklist: Checklist) -> Checklist:
    """Store the county's checklist; ``ValidationFailed`` (weights not making 100 …) stores nothing.

    Reviews already started keep the checklist they started with."""
    problems = checklist_findings(checklist)
    if problems:
        raise ValidationFailed(problems)
    from perfdesk.storage.models import Setting

    with store.session_factory.begin() as session:
        session.merge(Setting(key=CHECKLIST_KEY, value=checklist_text(checklist)))
        audit.record(
            session, "update", "settings", CHECKLIST_KEY, title=checklist.title, items=len(checklist.items)
        )
    return checklist


def restore_default_checklist(store: Store) -> Checklist:
    """Forget the county's checklist: the shipped default is in force again."""
    from perfdesk.storage.models import Setting

    with store.session_factory.begin() as session:
        stored = session.get(Setting, CHECKLIST_KEY)
        if stored is not None:
            session.delete(stored)
            audit.record(session, "delete", "settings", CHECKLIST_KEY, restored="default")
    return default_checklist()


# ---------------------------------------------------------------- reviews


@dataclass(frozen=True)
class ReviewRecord:
    """A stored review as the screens need it (no ORM object leaves the service)."""

    id: int
    document_id: int
    doc_id: str
    version_id: str
    checklist: Checklist
    sheet: ReviewSheet
    total: Decimal
    grade: str
    reviewer: str
    status: str
    reviewed_at: datetime | None
    updated_at: datetime

    @property
    def final(self) -> bool:
        return self.status == "final"

    @property
    def budget_allowed(self) -> bool:
        """True only for a final review graded 优 or 良; never for 差 (nor for a draft)."""
        return self.final and budget_allowed_for(self.grade)

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)

    @property
    def consequence(self) -> str:
        return grade_consequence(self.grade) if self.grade else ""

    @property
    def status_label(self) -> str:
        return label(f"review.status.{self.status}")

    def result(self) -> ReviewResult:
        """The sheet graded against its own checklist (live total, grade and findings)."""
        return grade_review(self.sheet, self.checklist)


REVIEW_COLUMNS = (
    "id, document_id, doc_id, version_id, checklist, scores, comment, total, grade, reviewer, status, "
    "reviewed_at, updated_at"
)


def as_datetime(value: object) -> datetime:
    """A stored timestamp (text on SQLite, a datetime elsewhere) as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _record(values: tuple[Any, ...] | list[Any]) -> ReviewRecord:
    (id_, document_id, doc_id, version_id, checklist, scores, comment, total, grade, reviewer, status,
     reviewed_at, updated_at) = values  # fmt: skip
    return ReviewRecord(
        id_, document_id, doc_id, version_id, parse_checklist_text(checklist, f"审核记录 {id_}"),
        ReviewSheet.from_json(json.loads(scores), comment), Decimal(total), grade, reviewer, status,
        None if reviewed_at is None else as_datetime(reviewed_at), as_datetime(updated_at),
    )  # fmt: skip


def _orm_record(row: TargetReview) -> ReviewRecord:
    return _record([getattr(row, name.strip()) for name in REVIEW_COLUMNS.split(",")])


def review_of(store: Store, document_id: int) -> ReviewRecord | None:
    """The review in force of a target sheet (the latest one), None when it was never reviewed."""
    rows = store.query(
        f"SELECT {REVIEW_COLUMNS} FROM target_reviews WHERE document_id = :doc ORDER BY id DESC LIMIT 1",
        doc=document_id,
    )
    return _record(rows[0]) if rows else None


def get_review(store: Store, review_id: int) -> ReviewRecord:
    rows = store.query(f"SELECT {REVIEW_COLUMNS} FROM target_reviews WHERE id = :id", id=review_id)
    if not rows:
        raise LookupError(f"审核记录 {review_id} 不存在（所审核的表可能已被删除）")
    return _record(rows[0])


def _refusal(code: str, field: str, message: str) -> ValidationFailed:
    return ValidationFailed([Finding(code, Severity.ERROR, field, message)])


def _not_reviewable(status: str) -> ValidationFailed:
    shown = label(f"status.{status}")
    if status in ("draft", "returned"):
        message = f"此表当前为“{shown}”，填报人标记完成后才能审核"
    else:
        message = f"此表当前为“{shown}”，已有审核结论，不能再次审核"
    return _refusal("review.not_ready", "status", message)


def start_review(store: Store, document_id: int, reviewer: str = "") -> ReviewRecord:
    """Start (or go on with) the review of a completed target sheet with the checklist in force."""
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, TargetReview

    checklist = load_checklist(store)
    with store.session_factory.begin() as session:
        document = session.get_one(FormDocument, document_id)
        if document.kind != "targets":
            raise _refusal("review.not_targets", "kind", f"只能审核{label('form.targets')}")
        latest = session.scalar(
            select(TargetReview)
            .where(TargetReview.document_id == document_id)
            .order_by(TargetReview.id.desc())
            .limit(1)
        )
        if latest is not None and latest.status == "draft":
            return _orm_record(latest)
        if document.status not in REVIEWABLE:
            raise _not_reviewable(document.status)
        row = TargetReview(
            document_id=document.id, doc_id=document.doc_id, version_id=document.version_id,
            checklist=checklist_text(checklist), scores="{}", comment="", total="0", grade="",
            reviewer=reviewer.strip() or current_actor(), status="draft",
        )  # fmt: skip
        session.add(row)
        session.flush()
        audit.record(session, "create", ENTITY, document.doc_id, review=row.id, checklist=checklist.title)
        return _orm_record(row)


def _draft(session: Session, review_id: int) -> TargetReview:
    from perfdesk.storage.models import TargetReview

    row = session.get_one(TargetReview, review_id)
    if row.status != "draft":
        raise _refusal("review.final", "status", "此审核已定稿，不能再修改")
    return row


def _write_sheet(row: TargetReview, sheet: ReviewSheet, result: ReviewResult, reviewer: str | None) -> None:
    row.scores = json.dumps(sheet.items_json(), ensure_ascii=False, sort_keys=True)
    row.comment = sheet.overall_comment.strip()
    row.total = show_score(result.total)
    if reviewer is not None and reviewer.strip():
        row.reviewer = reviewer.strip()


def save_review(
    store: Store, review_id: int, sheet: ReviewSheet, *, reviewer: str | None = None
) -> ReviewRecord:
    """Store the reviewer's scores and comments as they are (a draft may be incomplete)."""
    with store.session_factory.begin() as session:
        row = _draft(session, review_id)
        checklist = parse_checklist_text(row.checklist, f"审核记录 {row.id}")
        result = grade_review(sheet, checklist)
        _write_sheet(row, sheet, result, reviewer)
        audit.record(session, "update", ENTITY, row.doc_id, review=row.id, total=row.total)
        session.flush()
        return _orm_record(row)


def finalise_review(
    store: Store, review_id: int, sheet: ReviewSheet | None = None, *, reviewer: str | None = None
) -> ReviewRecord:
    """定稿: record the grade and decide the sheet (优/良 → 审核通过, 中/差 → 退回).

    ``sheet`` (when given) is saved first, so what was typed survives a refusal. Refused with
    ``ValidationFailed`` while an item is unscored, out of range or unexplained, and when the sheet
    is no longer waiting for review (reopened by the preparer meanwhile).
    """
    if sheet is not None:
        save_review(store, review_id, sheet, reviewer=reviewer)
    from perfdesk.storage.models import FormDocument, utcnow

    with store.session_factory.begin() as session:
        row = _draft(session, review_id)
        document = session.get_one(FormDocument, row.document_id)
        if document.status not in REVIEWABLE:
            raise _not_reviewable(document.status)
        record = _orm_record(row)
        result = record.result()
        if not result.can_finalise:
            raise ValidationFailed(list(result.errors))
        row.status, row.grade, row.total = "final", result.grade, show_score(result.total)
        row.reviewed_at = utcnow()
        before = document.status
        document.status = "approved" if result.budget_allowed else "returned"
        document.updated_by = row.reviewer
        audit.record(
            session, "finalise", ENTITY, row.doc_id, review=row.id, total=row.total, grade=row.grade,
            budget_allowed=result.budget_allowed, reviewer=row.reviewer,
        )  # fmt: skip
        audit.record(
            session, "review", "form.targets", document.doc_id, before=before, after=document.status,
            grade=label(f"grade.{row.grade}"), reason=row.comment,
        )  # fmt: skip
        session.flush()
        return _orm_record(row)


def ensure_budget_allowed(store: Store, document_id: int) -> None:
    """Refuse (``ValidationFailed``) a target sheet whose review in force does not let it into the
    budget: not reviewed, still in review, graded 中, or graded 差."""
    review = review_of(store, document_id)
    if review is not None and review.budget_allowed:
        return
    if review is None or not review.final:
        message = "该项目的绩效目标尚未审核定稿，不能纳入预算"
    else:
        message = f"该项目的绩效目标审核为“{review.grade_label}”，{review.consequence}"
    raise _refusal("review.budget_refused", "review", message)


def poor_target_projects(store: Store, year: int) -> set[int]:
    """Ids of the projects of ``year`` whose target review in force is final and graded 差."""
    rows = store.query(
        "SELECT d.project_id FROM form_documents d JOIN target_reviews r ON r.document_id = d.id "
        "WHERE d.fiscal_year = :year AND d.kind = 'targets' AND r.status = 'final' AND r.grade = 'poor' "
        "AND r.id = (SELECT MAX(r2.id) FROM target_reviews r2 WHERE r2.document_id = d.id)",
        year=year,
    )
    return {project_id for (project_id,) in rows}
