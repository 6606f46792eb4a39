"""The target sheet (项目支出绩效目标表, FORMS.md §3) as a printed form: A4 portrait.

Layout of the official templates (财预〔2015〕88号 and the county forms copied from it): the project
header, 项目资金（万元） with 年度资金总额 / 其中：财政拨款 / 其他资金, 年度总体目标 as numbered lines
(and 中期目标 when given), then the indicator table 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 with
一级/二级 merged down their rows. A core indicator carries ★ (★★★ for a required one) before its
name; an 指标解释 is printed under the name. Fully empty indicator rows are left out.
"""

from __future__ import annotations

from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.indicator_value import IndicatorValueError
from perfdesk.domain.labels import label
from perfdesk.domain.scoring_rules import read_target
from perfdesk.reports.sheet import Block, Cell, Row, Sheet, document_hash, head_cell, label_cell, package_hash
from perfdesk.reports.sheet_common import (
    TARGETS_HEADER,
    footer_left,
    header_rows,
    money,
    numbered_goals,
    signatures,
    title,
    unit_line,
)

# 一级 | 二级 | 三级 (two columns) | 指标值 | 分值; the header block reads label | value | label | value.
WIDTHS_MM = (24.0, 28.0, 38.0, 34.0, 38.0, 18.0)
HEADER_SPANS = (1, 2, 1, 2)
FONT_SIZE = 10.0


def core_stars(row: IndicatorRow) -> str:
    level = row.core_level
    return "★" * level if level in (1, 3) else ""


def shown_value(text: str) -> str:
    """An 指标值 written the one way (``>=95%`` → ``≥95%``); unreadable text as written."""
    if not text:
        return ""
    try:
        return read_target(text).value.display()
    except (IndicatorValueError, ArithmeticError):
        return text


def indicator_name(row: IndicatorRow) -> str:
    name = core_stars(row) + row.lv3
    explanation = row.get("explanation")
    if explanation:
        name += f"\n{label('indicator.explanation')}：{explanation}"
    return name


def is_blank(row: IndicatorRow) -> bool:
    return not any(row.get(name) for name in ("lv1", "lv2", "lv3", "value", "weight"))


def _funds_rows(doc: FormDoc) -> list[Row]:
    def line(name: str) -> Cell:
        return Cell(money(doc.text("funds", name)), "center", colspan=3)

    return [
        (
            label_cell(label("print.funds_block"), rowspan=3),
            label_cell(label("field.funds.annual"), colspan=2),
            line("annual"),
        ),
        (
            label_cell(label("print.of_which").format(name=label("field.funds.fiscal")), colspan=2),
            line("fiscal"),
        ),
        (label_cell(label("field.funds.other"), colspan=2), line("other")),
    ]


def _goal_rows(doc: FormDoc) -> list[Row]:
    rows: list[Row] = [
        (label_cell(label("field.goals.annual")), Cell(numbered_goals(doc.goal_lines("annual")), colspan=5))
    ]
    midterm = doc.goal_lines("midterm")
    if any(midterm):
        rows.append((label_cell(label("field.goals.midterm")), Cell(numbered_goals(midterm), colspan=5)))
    return rows


def indicator_block(doc: FormDoc) -> Block:
    heading: Row = (
        head_cell(label("indicator.lv1")),
        head_cell(label("indicator.lv2")),
        head_cell(label("indicator.lv3"), colspan=2),
        head_cell(label("indicator.value")),
        head_cell(label("indicator.weight")),
    )
    body: list[Row] = [
        (
            label_cell(row.lv1),
            label_cell(row.lv2),
            Cell(indicator_name(row), colspan=2),
            Cell(shown_value(row.value), "center"),
            Cell(row.weight, "center"),
        )
        for row in doc.indicators
        if not is_blank(row)
    ]
    return Block((heading, *body), header_rows=1, merge_columns=(0, 1))


def targets_sheet(doc: FormDoc) -> Sheet:
    """The printed 绩效目标表 of a ``targets`` document."""
    header = header_rows(doc, HEADER_SPANS, TARGETS_HEADER)
    head = Block(tuple(header + _funds_rows(doc) + _goal_rows(doc)))
    notes = (label("print.core_note"),) if any(core_stars(row) for row in doc.indicators) else ()
    return Sheet(
        kind=doc.kind,
        title=title(doc),
        unit_line=unit_line(doc),
        money_line=label("money.unit_line"),
        widths_mm=WIDTHS_MM,
        landscape=False,
        blocks=(head, indicator_block(doc)),
        notes=notes,
        signatures=signatures(doc),
        footer_left=footer_left(doc),
        doc_hash=document_hash(doc),
        package_hash=package_hash(doc),
        font_size=FONT_SIZE,
    )
