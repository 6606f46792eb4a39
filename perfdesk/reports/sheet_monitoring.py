"""The monitoring sheet (绩效运行监控表, FORMS.md §4) as a printed form: A4 landscape.

Layout of 财预〔2019〕136号 附件 (项目支出绩效目标执行监控表), with the traffic lights added: the
project header; 项目资金（万元） with 年初预算数 | 调整后预算数 | 1—7月执行数 | 执行率 | 全年预计执行数 |
亮灯 | 原因说明及纠偏措施 on 年度资金总额 / 其中：财政拨款 / 其他资金; 年度总体目标 as 年初设定目标 |
1—7月完成情况; the indicator table 一级 | 二级 | 三级 | 年度指标值 | 1—7月执行情况 | 全年预计完成值 |
亮灯 | 偏差原因分析 (经费保障 … 其他, ticked) | 完成目标可能性 (确定能 / 有可能 / 完全不可能, ticked) |
原因说明及纠偏措施, under a two-row heading repeated on every page.

The lights are computed here by :func:`perfdesk.domain.monitoring.sheet_lights` under the
document's profile, never read from the document; each light cell names its colour (红灯 …) and
is tinted with it.
"""

from __future__ import annotations

from decimal import Decimal

from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.labels import label
from perfdesk.domain.monitoring import (
    DEVIATIONS,
    LIKELIHOODS,
    SheetLights,
    monitoring_settings,
    read_deviation,
    read_likelihood,
    read_month,
    sheet_lights,
)
from perfdesk.domain.monitoring_lights import LightResult
from perfdesk.reports.sheet import Block, Cell, Row, Sheet, document_hash, head_cell, label_cell, package_hash
from perfdesk.reports.sheet_common import (
    SELFEVAL_HEADER,
    footer_left,
    header_rows,
    money,
    numbered_goals,
    signatures,
    title,
    unit_line,
    with_unit,
)
from perfdesk.reports.sheet_targets import indicator_name, is_blank, shown_value

# 一级 | 二级 | 三级 | 年度指标值 | 执行情况 | 全年预计 | 亮灯 | 偏差原因 ×5 | 可能性 ×3 | 原因说明
WIDTHS_MM = (18.0, 20.0, 40.0, 22.0, 20.0, 20.0, 13.0, 9.0, 9.0, 9.0, 9.0, 9.0, 10.0, 10.0, 10.0, 45.0)
HEADER_SPANS = (2, 5, 4, 5)
FONT_SIZE = 8.0
DASH = "—"
LIGHT_FILLS = {"red": "F4B6B0", "yellow": "FBE7A1", "green": "C8EBC9", "blue": "BFD9F2"}


def period_text(month: int | None) -> str:
    return label("monitoring.period").format(month=month) if month is not None else ""


def light_cell(result: LightResult, colspan: int = 1) -> Cell:
    if result.color is None:
        return Cell(DASH, "center", colspan)
    return Cell(result.color.label, "center", colspan, fill=LIGHT_FILLS[result.color.value])


def _reason(raw: dict[str, object]) -> str:
    """原因说明 and 纠偏措施 of a row (or of the money block) as one cell."""
    reason = raw.get("reason")
    measures = raw.get("measures")
    lines = [reason.strip()] if isinstance(reason, str) and reason.strip() else []
    if isinstance(measures, str) and measures.strip():
        lines.append(f"{label('indicator.measures')}：{measures.strip()}")
    return "\n".join(lines)


def _rate(result: LightResult) -> str:
    return "" if result.ratio is None else f"{result.ratio * 100:.2f}%"


def _funds_rows(doc: FormDoc, lights: SheetLights) -> list[Row]:
    period = period_text(lights.month)
    funds = doc.section("funds")

    def amount(name: str) -> Cell:
        return Cell(money(doc.text("funds", name)), "number")

    known, _ = read_deviation(funds.get("deviation"))
    deviation = f"{label('indicator.deviation')}：{'、'.join(known)}" if known else ""
    reason = "\n".join(part for part in (deviation, _reason(funds)) if part)
    initial = "initial" if doc.text("funds", "initial") else "annual"
    dash = Cell(DASH, "center")
    return [
        (
            label_cell(label("print.funds_block"), 2, 4),
            head_cell(""),
            head_cell(label("field.funds.initial")),
            head_cell(label("field.funds.adjusted")),
            head_cell(label("print.monitoring.executed").format(period=period)),
            head_cell(label("monitoring.execution_rate")),
            head_cell(label("field.funds.forecast"), 4),
            head_cell(label("print.monitoring.light"), 2),
            head_cell(label("print.monitoring.reason"), 3),
        ),
        (
            label_cell(label("field.funds.annual")),
            amount(initial),
            amount("adjusted"),
            amount("executed"),
            Cell(_rate(lights.money), "center"),
            Cell(money(doc.text("funds", "forecast")), "number", 4),
            light_cell(lights.money, 2),
            Cell(reason, colspan=3, rowspan=3),
        ),
        *(
            (
                label_cell(text),
                amount(name),
                amount(f"{name}_adjusted"),
                amount(f"{name}_executed"),
                dash,
                Cell(money(doc.text("funds", f"{name}_forecast")), "number", 4),
                Cell(DASH, "center", 2),
            )
            for name, text in (
                ("fiscal", label("print.of_which").format(name=label("field.funds.fiscal"))),
                ("other", label("field.funds.other")),
            )
        ),
    ]


def _goal_rows(doc: FormDoc, month: int | None) -> list[Row]:
    return [
        (
            label_cell(label("field.goals.annual"), 2, 2),
            head_cell(label("print.monitoring.goals_set"), 6),
            head_cell(label("print.monitoring.goals_done").format(period=period_text(month)), 8),
        ),
        (
            Cell(numbered_goals(doc.goal_lines("annual")), colspan=6),
            Cell(doc.text("goals", "progress"), colspan=8),
        ),
    ]


def _heading(month: int | None) -> tuple[Row, Row]:
    def tall(key: str, text: str = "") -> Cell:
        return head_cell(text or label(key), rowspan=2)

    first: Row = (
        tall("indicator.lv1"),
        tall("indicator.lv2"),
        tall("indicator.lv3"),
        tall("indicator.annual_value"),
        tall("", label("print.monitoring.progress").format(period=period_text(month))),
        tall("indicator.forecast"),
        tall("print.monitoring.light"),
        head_cell(label("print.monitoring.deviation"), len(DEVIATIONS)),
        head_cell(label("indicator.likelihood"), len(LIKELIHOODS)),
        tall("print.monitoring.reason"),
    )
    second: Row = tuple(head_cell(text) for text in (*DEVIATIONS, *LIKELIHOODS.values()))
    return first, second


def _indicator_row(row: IndicatorRow, light: LightResult) -> Row:
    check = label("print.monitoring.check")
    known, _ = read_deviation(row.raw.get("deviation"))
    likelihood = read_likelihood(row)
    return (
        label_cell(row.lv1),
        label_cell(row.lv2),
        Cell(indicator_name(row)),
        Cell(shown_value(row.value), "center"),
        Cell(with_unit(row.get("progress"), row.value), "center"),
        Cell(with_unit(row.get("forecast"), row.value), "center"),
        light_cell(light),
        *(Cell(check if name in known else "", "center") for name in DEVIATIONS),
        *(Cell(check if n == likelihood else "", "center") for n in LIKELIHOODS),
        Cell(_reason(row.raw)),
    )


def indicator_block(doc: FormDoc, lights: SheetLights) -> Block:
    body = [
        _indicator_row(row, light)
        for row, light in zip(doc.indicators, lights.indicators, strict=True)
        if not is_blank(row)
    ]
    return Block((*_heading(lights.month), *body), header_rows=2, merge_columns=(0, 1))


def _notes(doc: FormDoc, month: int | None) -> tuple[str, ...]:
    settings = monitoring_settings(doc)
    notes = [label("print.monitoring.check_note")]
    if month is not None:
        share = f"{Decimal(month) * 100 / 12:.2f}%"
        notes.insert(
            0,
            label("print.monitoring.time_note").format(
                month=month,
                share=share,
                red=settings.red_below,
                yellow=settings.yellow_below,
                blue=settings.blue_from,
                margin=f"{settings.money_margin * 100:.0f}",
            ),
        )
    return tuple(notes)


def monitoring_sheet(doc: FormDoc) -> Sheet:
    """The printed 绩效运行监控表 of a ``monitoring`` document, with its lights."""
    lights = sheet_lights(doc)
    month = read_month(doc)
    header = header_rows(doc, HEADER_SPANS, SELFEVAL_HEADER)
    head = Block(tuple(header + _funds_rows(doc, lights) + _goal_rows(doc, month)))
    period = label("print.monitoring.period").format(period=period_text(month)) if month else ""
    money_line = "　".join(part for part in (period, label("money.unit_line")) if part)
    return Sheet(
        kind=doc.kind,
        title=title(doc),
        unit_line=unit_line(doc),
        money_line=money_line,
        widths_mm=WIDTHS_MM,
        landscape=True,
        blocks=(head, indicator_block(doc, lights)),
        notes=_notes(doc, month),
        signatures=signatures(doc),
        footer_left=footer_left(doc),
        doc_hash=document_hash(doc),
        package_hash=package_hash(doc),
        font_size=FONT_SIZE,
    )
