"""The self-evaluation sheet (项目支出绩效自评表, FORMS.md §5) as a printed form: A4 landscape.

Layout of 财预〔2020〕10号 附件: the project header; 项目资金（万元） with 年初预算数 | 全年预算数（A） |
全年执行数（B） | 分值 | 执行率（B/A） | 得分 on 年度资金总额 / 其中：本年财政拨款 / 上年结转资金 / 其他资金
(only the total row is scored); 年度总体目标 as 预期目标 | 实际完成情况; the indicator table 一级 | 二级 |
三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 (nine columns: landscape); 总分 with
等级; 评价结论, 存在问题, 改进措施; signatures.

Scores are computed here with :func:`perfdesk.domain.scoring.score_self_evaluation` under the
document's profile, never read from the document. An overridden score is printed with ``*`` and a
note under the table gives its 计算得分 and 理由; 不适用 rows print 不适用 in 得分.
"""

from __future__ import annotations

from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.labels import label
from perfdesk.domain.scoring import IndicatorScore, ScoreResult, document_profile, score_self_evaluation
from perfdesk.reports.sheet import Block, Cell, Row, Sheet, document_hash, head_cell, label_cell, package_hash
from perfdesk.reports.sheet_common import (
    SELFEVAL_HEADER,
    closing_text,
    footer_left,
    header_rows,
    money,
    signatures,
    title,
    unit_line,
    with_unit,
)
from perfdesk.reports.sheet_targets import indicator_name, is_blank, shown_value

# 一级 | 二级 | 三级 (2) | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 (2); 273 mm between 12 mm margins.
WIDTHS_MM = (22.0, 24.0, 22.0, 26.0, 30.0, 30.0, 16.0, 22.0, 28.0, 53.0)
HEADER_SPANS = (1, 4, 1, 4)
FONT_SIZE = 9.0
DASH = "—"
CLOSING_ROW_MM = 12.0


def shown_actual(row: IndicatorRow) -> str:
    """实际完成值 with the target's unit (``3.2`` against ``≥3公里`` → ``3.2公里``), and the tier."""
    actual = with_unit(row.get("actual"), row.value)
    tier = row.get("tier")
    if tier:
        return f"{actual}\n（{tier}）" if actual else tier
    return actual


def shown_score(score: IndicatorScore, result: ScoreResult) -> str:
    if score.na:
        return label("selfeval.na")
    text = result.profile.show(score.score)
    return text + label("print.override_mark") if score.overridden else text


def _funds_rows(doc: FormDoc, result: ScoreResult) -> list[Row]:
    show = result.profile.show
    rate = "" if result.execution_rate is None else f"{result.execution_rate}%"

    def amount(name: str) -> Cell:
        return Cell(money(doc.text("funds", name)), "number")

    def sub_row(key: str, name: str) -> Row:
        dash = Cell(DASH, "center")
        return (label_cell(key, 2), Cell(""), amount(name), Cell(""), dash, dash, Cell(DASH, "center", 2))

    return [
        (
            label_cell(label("print.funds_block"), rowspan=5),
            head_cell("", 2),
            head_cell(label("field.funds.initial")),
            head_cell(label("selfeval.funds.budget_a")),
            head_cell(label("selfeval.funds.executed_b")),
            head_cell(label("indicator.weight")),
            head_cell(label("selfeval.funds.rate_ba")),
            head_cell(label("score.score"), 2),
        ),
        (
            label_cell(label("field.funds.annual"), 2),
            amount("initial"),
            amount("annual"),
            amount("executed"),
            Cell(show(result.profile.funds_weight), "center"),
            Cell(rate, "center"),
            Cell(show(result.funds_score), "center", 2),
        ),
        sub_row(label("print.of_which").format(name=label("selfeval.funds.fiscal")), "fiscal"),
        sub_row(label("field.funds.carryover"), "carryover"),
        sub_row(label("field.funds.other"), "other"),
    ]


def _goal_rows(doc: FormDoc) -> list[Row]:
    return [
        (
            label_cell(label("field.goals.annual"), rowspan=2),
            head_cell(label("selfeval.goals.planned"), 4),
            head_cell(label("selfeval.goals.achieved"), 5),
        ),
        (Cell(doc.text("goals", "planned"), colspan=4), Cell(doc.text("goals", "achieved"), colspan=5)),
    ]


def indicator_block(doc: FormDoc, result: ScoreResult) -> Block:
    heading: Row = (
        head_cell(label("indicator.lv1")),
        head_cell(label("indicator.lv2")),
        head_cell(label("indicator.lv3"), 2),
        head_cell(label("indicator.annual_value")),
        head_cell(label("indicator.actual")),
        head_cell(label("indicator.weight")),
        head_cell(label("score.score")),
        head_cell(label("selfeval.reason"), 2),
    )
    scores = {score.index: score for score in result.indicators}
    body: list[Row] = []
    for row in doc.indicators:
        score = scores.get(row.index)
        if is_blank(row) or score is None:
            continue
        body.append(
            (
                label_cell(row.lv1),
                label_cell(row.lv2),
                Cell(indicator_name(row), colspan=2),
                Cell(shown_value(row.value), "center"),
                Cell(shown_actual(row), "center"),
                Cell(row.weight, "center"),
                Cell(shown_score(score, result), "center"),
                Cell(row.get("reason"), colspan=2),
            )
        )
    return Block((heading, *body), header_rows=1, merge_columns=(0, 1))


def _total_block(result: ScoreResult) -> Block:
    show = result.profile.show
    return Block(
        (
            (
                label_cell(label("score.total"), 6),
                Cell(show(result.profile.full_score), "center"),
                Cell(show(result.total), "center"),
                label_cell(label("print.grade_cell").format(grade=result.grade), 2),
            ),
        )
    )


def _closing_block(doc: FormDoc) -> Block:
    return Block(
        tuple(
            (label_cell(label(f"selfeval.{name}")), Cell(closing_text(doc, name), colspan=9))
            for name in ("conclusion", "problems", "measures")
        ),
        min_height_mm=CLOSING_ROW_MM,
    )


def _notes(result: ScoreResult) -> tuple[str, ...]:
    show = result.profile.show
    notes: list[str] = []
    if result.overrides:
        notes.append(label("print.override_note"))
        notes += [
            label("print.override_line").format(
                n=row.index + 1,
                name=row.lv3,
                computed=show(row.computed),
                score=show(row.score),
                reason=row.override_reason,
            )
            for row in result.overrides
        ]
    notes.append(label("print.total_line").format(explanation=result.total_explanation))
    return tuple(notes)


def selfeval_sheet(doc: FormDoc, result: ScoreResult | None = None) -> Sheet:
    """The printed 项目支出绩效自评表 of a ``selfeval`` document (scored under its own profile).

    Raises :class:`perfdesk.domain.profiles.ProfileError` when the document names a profile that
    cannot be used: printing scores under another profile would print wrong figures.
    """
    if result is None:
        result = score_self_evaluation(doc, document_profile(doc))
    header = header_rows(doc, HEADER_SPANS, SELFEVAL_HEADER)
    head = Block(tuple(header + _funds_rows(doc, result) + _goal_rows(doc)))
    return Sheet(
        kind=doc.kind,
        title=title(doc),
        unit_line=unit_line(doc),
        money_line=label("money.unit_line"),
        widths_mm=WIDTHS_MM,
        landscape=True,
        blocks=(head, indicator_block(doc, result), _total_block(result), _closing_block(doc)),
        notes=_notes(result),
        signatures=signatures(doc),
        footer_left=footer_left(doc),
        doc_hash=document_hash(doc),
        package_hash=package_hash(doc),
        font_size=FONT_SIZE,
    )
