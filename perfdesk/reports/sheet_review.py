"""The county's target review sheet (绩效目标审核表, FORMS.md §3.4) as a printed form: A4 portrait.

The project it reviews; the checklist by dimension (维度 merged down its items, with the
dimension's weight) with each item's 分值, 得分 and 审核意见; 合计; the grade, its consequence
(差: 不得纳入预算) and the overall opinion; the reviewer and the date. Everything is printed as
the stored review holds it; a review not yet finalised says so in its title and prints 未定级.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol

from perfdesk.domain.labels import label
from perfdesk.domain.review import (
    Checklist,
    ReviewSheet,
    dimension_label,
    grade_consequence,
    grade_label,
    show_score,
)
from perfdesk.reports.sheet import Block, Cell, Row, Sheet, head_cell, label_cell
from perfdesk.reports.sheet_summary_common import content_hash, summary_signatures

# 维度 | 序号 | 审核要点 | 分值 | 得分 | 审核意见: 186 mm between 12 mm margins.
WIDTHS_MM = (26.0, 10.0, 66.0, 14.0, 14.0, 56.0)
FONT_SIZE = 9.5
OPINION_ROW_MM = 18.0
POOR = "poor"


class ReviewLike(Protocol):
    """What the sheet reads of a stored review (``perfdesk.services.reviews.ReviewRecord``)."""

    @property
    def checklist(self) -> Checklist: ...
    @property
    def sheet(self) -> ReviewSheet: ...
    @property
    def total(self) -> Decimal: ...
    @property
    def grade(self) -> str: ...
    @property
    def reviewer(self) -> str: ...
    @property
    def reviewed_at(self) -> datetime | None: ...
    @property
    def final(self) -> bool: ...


def _project_rows(year: int, unit_name: str, project_code: str, project_name: str) -> list[Row]:
    return [
        (label_cell("项目名称"), Cell(project_name, colspan=5)),
        (
            label_cell("项目代码"),
            Cell(project_code, colspan=2),
            label_cell("预算年度", 2),
            Cell(str(year), "center"),
        ),
        (label_cell("申报单位"), Cell(unit_name, colspan=5)),
    ]


def _checklist_rows(review: ReviewLike) -> list[Row]:
    checklist, sheet = review.checklist, review.sheet
    rows: list[Row] = [
        (
            head_cell("审核维度"),
            head_cell("序号"),
            head_cell("审核要点"),
            head_cell("分值"),
            head_cell("得分"),
            head_cell("审核意见"),
        )
    ]
    for dimension, items in checklist.by_dimension():
        weight = show_score(checklist.dimension_weight(dimension))
        name = f"{dimension_label(dimension)}\n（{weight}分）"
        for item in items:
            score = sheet.score(item.key)
            rows.append(
                (
                    Cell(name, "label"),
                    Cell(str(checklist.position(item.key)), "center"),
                    Cell(item.text),
                    Cell(show_score(item.weight), "number"),
                    Cell("" if score is None else show_score(score), "number"),
                    Cell(sheet.comment(item.key)),
                )
            )
    rows.append(
        (
            label_cell("合计", 3),
            Cell(show_score(checklist.total), "number"),
            Cell(show_score(review.total), "number"),
            Cell(""),
        )
    )
    return rows


def _result_rows(review: ReviewLike) -> list[Row]:
    grade = review.grade if review.final else ""
    consequence = grade_consequence(grade) if grade else "审核尚未定稿"
    fill = "F4B6B0" if grade == POOR else ""
    return [
        (
            label_cell("审核得分"),
            Cell(show_score(review.total), "center", 2),
            label_cell("审核等级", 2),
            Cell(grade_label(grade), "center", fill=fill),
        ),
        (label_cell("审核结论"), Cell(consequence, colspan=5, fill=fill)),
        (label_cell("总体意见"), Cell(review.sheet.overall_comment.strip(), colspan=5)),
    ]


def review_sheet(
    review: ReviewLike, *, year: int, unit_name: str, project_code: str, project_name: str
) -> Sheet:
    """The printed review sheet of one reviewed target sheet."""
    title = f"{year}年度项目支出绩效目标审核表"
    if not review.final:
        title += "（未定稿）"
    blocks = (
        Block(tuple(_project_rows(year, unit_name, project_code, project_name))),
        Block(tuple(_checklist_rows(review)), header_rows=1, merge_columns=(0,)),
        Block(tuple(_result_rows(review)[:2])),
        Block(tuple(_result_rows(review)[2:]), min_height_mm=OPINION_ROW_MM),
    )
    notes = [f"注：审核等级 {review.checklist.thresholds.describe()}。"]
    notes.append("优：可纳入预算；良：按审核意见修改后纳入预算；中：退回修改；差：不得纳入预算。")
    if review.final and review.grade == POOR:
        notes.append("本项目审核等级为“差”，不得纳入预算。")
    date = (
        review.reviewed_at.astimezone().strftime("%Y年%m月%d日")
        if review.reviewed_at and review.final
        else ""
    )
    signatures = summary_signatures(("审核人", review.reviewer), ("复核人", ""), ("日期", date))
    unit_line = label("print.unit_line").format(unit=unit_name).replace("填报单位（盖章）", "申报单位")
    sheet = Sheet(
        kind="review",
        title=title,
        unit_line=unit_line,
        money_line="满分：100分",
        widths_mm=WIDTHS_MM,
        landscape=False,
        blocks=blocks,
        notes=tuple(notes),
        signatures=signatures,
        footer_left=label("print.footer_project").format(code=project_code) if project_code else "",
        doc_hash="",
        font_size=FONT_SIZE,
    )
    return content_hash(sheet)
