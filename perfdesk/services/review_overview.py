"""目标总览: per project of a year, whether it has a target sheet, how far the sheet is, how its
review came out, and whether it may enter the budget — with counts per status and per grade.

One portable SQL read through ``store.query``; the review in force of a sheet is its latest one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfdesk.domain.labels import label
from perfdesk.domain.money import Money
from perfdesk.domain.review import GRADES, budget_allowed_for, grade_consequence
from perfdesk.services.store import Store

NO_TARGETS = "none"
"""``OverviewRow.status`` of a project without a target sheet."""
IN_REVIEW = "in_review"
UNREVIEWED = "unreviewed"
REVIEW_KEYS = (*GRADES, IN_REVIEW, UNREVIEWED)
"""``OverviewRow.review_key`` values: a final grade, 审核中, or 未审核."""
STATUS_KEYS = (NO_TARGETS, "draft", "completed", "exported", "received", "approved", "returned")

_SQL = """
SELECT p.id, p.code, p.name, u.id, u.code, u.name, p.annual_cents,
       d.id, d.status, r.id, r.status, r.total, r.grade
FROM projects p
JOIN units u ON u.id = p.unit_id
LEFT JOIN form_documents d ON d.project_id = p.id AND d.kind = 'targets' AND d.period = 0
LEFT JOIN target_reviews r
       ON r.id = (SELECT MAX(r2.id) FROM target_reviews r2 WHERE r2.document_id = d.id)
WHERE p.fiscal_year = :year {unit_filter}
ORDER BY u.code, p.code
"""


@dataclass(frozen=True)
class OverviewRow:
    """One project of the year with its target sheet and the sheet's review in force."""

    project_id: int
    project_code: str
    project_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    annual: Money
    document_id: int | None
    status: str
    review_id: int | None
    review_status: str
    total: Decimal | None
    grade: str

    @property
    def has_targets(self) -> bool:
        return self.document_id is not None

    @property
    def final(self) -> bool:
        return self.review_status == "final"

    @property
    def status_label(self) -> str:
        return label("targets.none") if self.status == NO_TARGETS else label(f"status.{self.status}")

    @property
    def review_key(self) -> str:
        if self.final:
            return self.grade
        return IN_REVIEW if self.review_status == "draft" else UNREVIEWED

    @property
    def review_label(self) -> str:
        return review_key_label(self.review_key)

    @property
    def budget_allowed(self) -> bool:
        """True only when the review in force is final and graded 优 or 良 (never for 差)."""
        return self.final and budget_allowed_for(self.grade)

    @property
    def budget_text(self) -> str:
        """可纳入预算 … 不得纳入预算 for a final review; empty while undecided."""
        return grade_consequence(self.grade) if self.final else ""

    @property
    def poor(self) -> bool:
        return self.final and self.grade == "poor"


def review_key_label(key: str) -> str:
    if key == IN_REVIEW:
        return label("review.status.draft")
    if key == UNREVIEWED:
        return label("review.not_reviewed")
    return label(f"grade.{key}")


@dataclass(frozen=True)
class TargetOverview:
    """The rows, and how many projects are at each sheet status and at each review result.

    ``grade_counts`` counts the projects that have a target sheet (优 … 差, 审核中, 未审核)."""

    rows: tuple[OverviewRow, ...]
    status_counts: dict[str, int] = field(default_factory=dict)
    grade_counts: dict[str, int] = field(default_factory=dict)

    def summary_text(self) -> str:
        """``12 个项目：已填报 9（已完成 3 …）；审核 优 2 良 1 中 0 差 1，未审核 4`` — one line."""
        with_targets = sum(1 for row in self.rows if row.has_targets)
        statuses = "，".join(
            f"{label(f'status.{key}')} {self.status_counts[key]}"
            for key in STATUS_KEYS[1:]
            if self.status_counts.get(key)
        )
        grades = " ".join(f"{label(f'grade.{g}')} {self.grade_counts.get(g, 0)}" for g in GRADES)
        rest = "，".join(
            f"{review_key_label(key)} {self.grade_counts[key]}"
            for key in (IN_REVIEW, UNREVIEWED)
            if self.grade_counts.get(key)
        )
        filled = f"已填报 {with_targets}" + (f"（{statuses}）" if statuses else "")
        line = f"{len(self.rows)} 个项目：{filled}，{label('targets.none')} {self.status_counts.get(NO_TARGETS, 0)}"
        return f"{line}；审核结果 {grades}" + (f"，{rest}" if rest else "")


def _row(values: tuple[Any, ...]) -> OverviewRow:
    (project_id, code, name, unit, unit_code, unit_name, cents, document_id, status, review_id,
     review_status, total, grade) = values  # fmt: skip
    return OverviewRow(
        project_id, code, name, unit, unit_code, unit_name, Money(cents), document_id,
        status or NO_TARGETS, review_id, review_status or "",
        None if total is None else Decimal(str(total)), str(grade or ""),
    )  # fmt: skip


def target_overview(store: Store, year: int, unit_id: int | None = None) -> TargetOverview:
    """Every project of ``year`` (of one unit when ``unit_id`` is given), units and projects by code."""
    params: dict[str, object] = {"year": year}
    unit_filter = ""
    if unit_id is not None:
        unit_filter, params["unit"] = "AND p.unit_id = :unit", unit_id
    found = store.query(_SQL.format(unit_filter=unit_filter), **params)
    rows = tuple(_row(values) for values in found)
    statuses = Counter(row.status for row in rows)
    reviews = Counter(row.review_key for row in rows if row.has_targets)
    return TargetOverview(
        rows,
        {key: statuses.get(key, 0) for key in STATUS_KEYS},
        {key: reviews.get(key, 0) for key in REVIEW_KEYS},
    )
