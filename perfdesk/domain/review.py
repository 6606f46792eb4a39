"""Target review (绩效目标审核, FORMS.md §3.4): a weighted checklist, a reviewer's scores, the grade.

The county (or a supervising unit) scores a completed target sheet against a checklist of items
grouped in four dimensions — 完整性, 相关性, 适当性, 可行性 — whose weights make 100. The total maps
to a grade (default 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60) and the grade to its consequence: 优 enters
the budget, 良 enters after the agreed edits, 中 goes back for revision, **差 may not enter the
budget**. The checklist and the thresholds are the county's data (``review_format`` reads them);
nothing here is a constant of the program but the four dimensions and the grade order.

Decisions:
- A score is a Decimal from 0 to the item's weight with at most 2 decimals; "not scored yet" is
  ``None``, never 0. A score outside its range is an error and counts as the nearest bound in the
  live total, so the total never leaves 0–100.
- Every item must be scored before the review can be finalised (error ``review.unscored``).
- An item scored below full needs a comment saying what is missing (``review.comment_missing``):
  an **error**, because the comments are what the unit revises against and what the receipt
  carries back; a draft may still be saved without them.
- A grade other than 优 asks for an overall opinion (``review.overall_missing``): a **warning** —
  the item comments already say what to change.
- ``budget_allowed`` is true for 优 and 良 only; 中 and 差 are not allowed (中 until it is revised
  and reviewed again, 差 not at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Final

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.labels import label

DIMENSIONS: Final = ("completeness", "relevance", "appropriateness", "feasibility")
"""The four review dimensions, in the order forms print them."""
GRADES: Final = ("excellent", "good", "fair", "poor")
BUDGET_GRADES: Final = frozenset({"excellent", "good"})
"""Grades whose targets may enter the budget (良 after the agreed edits)."""
FULL_SCORE: Final = Decimal(100)
MAX_SCORE_DECIMALS: Final = 2
ITEM_TEXT_MAX: Final = 200
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")


def is_item_key(text: str) -> bool:
    """Letters, digits, ``_ . -``, up to 32 characters: a checklist item's stable key."""
    return _KEY.fullmatch(text) is not None


def dimension_label(dimension: str) -> str:
    return label(f"review.dimension.{dimension}")


def grade_label(grade: str) -> str:
    """``优`` … ``差``; an empty grade (not finalised) reads 未定级."""
    return label(f"grade.{grade}") if grade else label("review.ungraded")


def grade_consequence(grade: str) -> str:
    """What the grade means for the budget: 优 → 可纳入预算 … 差 → 不得纳入预算."""
    return label(f"review.consequence.{grade}")


def budget_allowed_for(grade: str) -> bool:
    return grade in BUDGET_GRADES


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def show_score(value: Decimal) -> str:
    """A score as people write it: ``8``, ``7.5``, ``59.99``."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_score(text: str) -> Decimal | None:
    """A score typed or stored as text; empty means not scored. ``ValueError`` when unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ValueError(f"“{text}”不是分数")
    return value


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One review point: its dimension, what to check, its weight (points) and how to score it."""

    key: str
    dimension: str
    text: str
    weight: Decimal
    guidance: str = ""

    @property
    def dimension_label(self) -> str:
        return dimension_label(self.dimension)


@dataclass(frozen=True, slots=True)
class GradeThresholds:
    """The lowest total of each grade above 差 (default 优 90, 良 80, 中 60)."""

    excellent: Decimal = Decimal(90)
    good: Decimal = Decimal(80)
    fair: Decimal = Decimal(60)

    def grade_of(self, total: Decimal) -> str:
        if total >= self.excellent:
            return "excellent"
        if total >= self.good:
            return "good"
        if total >= self.fair:
            return "fair"
        return "poor"

    def describe(self) -> str:
        """``优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60``."""
        e, g, f = (show_score(v) for v in (self.excellent, self.good, self.fair))
        return f"优 ≥ {e}，良 ≥ {g}，中 ≥ {f}，差 < {f}"


DEFAULT_THRESHOLDS: Final = GradeThresholds()


@dataclass(frozen=True, slots=True)
class Checklist:
    """A county's review checklist: items in order, and the grade thresholds it is read against."""

    title: str
    items: tuple[ChecklistItem, ...]
    thresholds: GradeThresholds = DEFAULT_THRESHOLDS

    @property
    def total(self) -> Decimal:
        return sum((item.weight for item in self.items), Decimal(0))

    def item(self, key: str) -> ChecklistItem:
        return next(item for item in self.items if item.key == key)

    def position(self, key: str) -> int:
        """1-based position of item ``key`` (messages say 第3项)."""
        return next(i for i, item in enumerate(self.items, 1) if item.key == key)

    def by_dimension(self) -> Iterator[tuple[str, tuple[ChecklistItem, ...]]]:
        """The dimensions in order, each with its items (a dimension without items is left out)."""
        for dimension in DIMENSIONS:
            items = tuple(item for item in self.items if item.dimension == dimension)
            if items:
                yield dimension, items

    def dimension_weight(self, dimension: str) -> Decimal:
        return sum((i.weight for i in self.items if i.dimension == dimension), Decimal(0))


def item_name(position: int, item: ChecklistItem) -> str:
    """How a message names an item: 第3项“指标细化量化”."""
    text = item.text.split("：")[0]
    return f"第{position}项“{text[:24]}”" if text else f"第{position}项"


def checklist_findings(checklist: Checklist) -> list[Finding]:
    """What is wrong with a checklist as the county edits it; errors make it unusable."""
    out: list[Finding] = []

    def error(code: str, where: str, message: str) -> None:
        out.append(Finding(code, Severity.ERROR, where, message))

    if not checklist.title.strip():
        error("checklist.title", "title", "请填写审核清单的名称")
    if not checklist.items:
        error("checklist.empty", "items", "审核清单没有任何审核要点，请至少添加一项")
    seen: set[str] = set()
    for i, item in enumerate(checklist.items):
        name, where = item_name(i + 1, item), f"items[{i}]"
        if not is_item_key(item.key) or item.key in seen:
            error("checklist.key", f"{where}.key", f"{name}的编号“{item.key}”无效或重复")
        seen.add(item.key)
        if item.dimension not in DIMENSIONS:
            error("checklist.dimension", f"{where}.dimension", f"{name}的审核维度“{item.dimension}”不认识")
        if not item.text.strip():
            error("checklist.text", f"{where}.text", f"第{i + 1}项没有填写审核要点内容")
        elif len(item.text) > ITEM_TEXT_MAX:
            error("checklist.text", f"{where}.text", f"{name}的内容超过 {ITEM_TEXT_MAX} 个字，请精简")
        if item.weight <= 0 or item.weight > FULL_SCORE or decimal_places(item.weight) > MAX_SCORE_DECIMALS:
            error(
                "checklist.weight",
                f"{where}.weight",
                f"{name}的分值 {show_score(item.weight)} 无效，应大于 0、不超过 100，最多两位小数",
            )
    for dimension in DIMENSIONS:
        if checklist.items and checklist.dimension_weight(dimension) == 0:
            error(
                "checklist.dimension_empty",
                "items",
                f"“{dimension_label(dimension)}”维度没有审核要点，四个维度各需至少一项",
            )
    if checklist.items and checklist.total != FULL_SCORE:
        error(
            "checklist.total",
            "items",
            f"各项分值合计 {show_score(checklist.total)} 分，应为 100 分，请调整分值",
        )
    t = checklist.thresholds
    if not FULL_SCORE >= t.excellent > t.good > t.fair > 0:
        error("checklist.thresholds", "thresholds", "等级分数线应满足 100 ≥ 优 > 良 > 中 > 0")
    return out


@dataclass(frozen=True, slots=True)
class ReviewSheet:
    """What the reviewer entered: a score (or None) and a comment per item, an overall opinion."""

    scores: Mapping[str, Decimal | None] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)
    overall_comment: str = ""

    def score(self, key: str) -> Decimal | None:
        return self.scores.get(key)

    def comment(self, key: str) -> str:
        return self.comments.get(key, "").strip()

    def with_score(self, key: str, score: Decimal | None) -> ReviewSheet:
        return replace(self, scores={**self.scores, key: score})

    def with_comment(self, key: str, text: str) -> ReviewSheet:
        return replace(self, comments={**self.comments, key: text})

    def items_json(self) -> dict[str, dict[str, str | None]]:
        """The scores and comments as stored: ``{"C1": {"score": "8.5", "comment": "…"}}``."""
        keys = sorted(set(self.scores) | set(self.comments))
        return {
            key: {
                "score": None if self.scores.get(key) is None else f"{self.scores[key]:f}",
                "comment": self.comments.get(key, ""),
            }
            for key in keys
        }

    @classmethod
    def from_json(cls, items: Mapping[str, Mapping[str, object]], overall_comment: str = "") -> ReviewSheet:
        scores: dict[str, Decimal | None] = {}
        comments: dict[str, str] = {}
        for key, entry in items.items():
            raw = entry.get("score")
            scores[key] = None if raw is None else parse_score(str(raw))
            comments[key] = str(entry.get("comment") or "")
        return cls(scores, comments, overall_comment)


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """A graded review: the total, the grade it reaches, whether it may enter the budget, findings."""

    total: Decimal
    grade: str
    budget_allowed: bool
    findings: tuple[Finding, ...]
    scored: int
    item_count: int
    best_grade: str
    """The grade if every unscored item got full marks; ``grade`` is then settled when they agree."""

    @property
    def settled(self) -> bool:
        return self.grade == self.best_grade

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)

    @property
    def consequence(self) -> str:
        return grade_consequence(self.grade)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def can_finalise(self) -> bool:
        """Every item scored within its range and explained where points were taken off."""
        return not self.errors


def grade_review(
    sheet: ReviewSheet, checklist: Checklist, thresholds: GradeThresholds | None = None
) -> ReviewResult:
    """Total, grade and findings of ``sheet`` against ``checklist`` (its thresholds by default)."""
    thresholds = thresholds or checklist.thresholds
    findings: list[Finding] = []

    def error(code: str, field: str, message: str) -> None:
        findings.append(Finding(code, Severity.ERROR, field, message))

    total = open_weight = Decimal(0)
    scored = 0
    for position, item in enumerate(checklist.items, 1):
        name, where = item_name(position, item), f"items.{item.key}"
        score = sheet.score(item.key)
        if score is None:
            open_weight += item.weight
            error("review.unscored", f"{where}.score", f"{name}尚未打分，请打分后再定稿")
            continue
        scored += 1
        if score < 0 or score > item.weight:
            range_text = f"应在 0 到 {show_score(item.weight)} 分之间"
            error(
                "review.score_range",
                f"{where}.score",
                f"{name}得分 {show_score(score)} 超出范围，{range_text}",
            )
        elif decimal_places(score) > MAX_SCORE_DECIMALS:
            error("review.score_precision", f"{where}.score", f"{name}得分 {score} 最多保留两位小数")
        score = min(max(score, Decimal(0)), item.weight)
        total += score
        if score < item.weight and not sheet.comment(item.key):
            off = show_score(item.weight - score)
            error(
                "review.comment_missing",
                f"{where}.comment",
                f"{name}扣了 {off} 分，请在审核意见中写明存在的问题和修改要求",
            )
    grade = thresholds.grade_of(total)
    if grade != "excellent" and not sheet.overall_comment.strip():
        message = f"审核等级为“{grade_label(grade)}”，建议填写总体审核意见，说明需修改的内容"
        findings.append(Finding("review.overall_missing", Severity.WARNING, "comment", message))
    return ReviewResult(
        total=total,
        grade=grade,
        budget_allowed=budget_allowed_for(grade),
        findings=tuple(findings),
        scored=scored,
        item_count=len(checklist.items),
        best_grade=thresholds.grade_of(total + open_weight),
    )
