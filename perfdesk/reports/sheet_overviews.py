"""The printed overviews of a year: 绩效运行监控总览 (A4 landscape) and 绩效自评汇总 (A4 portrait).

监控总览: the colour counts first (projects by money light, projects by worst indicator light,
indicators), then one row per project: unit, code, name, the cut-off month, the money execution
rate and light, the worst indicator light and the indicators per colour; a light cell says its
colour and is tinted. 自评汇总: the totals (projects, evaluated, average score, projects per grade,
中/差 whose money is cut), then one row per project, 差 and 中 first, as the service orders them.

The rows come from :mod:`perfdesk.services.monitoring` and :mod:`perfdesk.services.selfeval`;
this module reads them through small protocols so the reports never import the services.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from perfdesk.domain.labels import label
from perfdesk.domain.monitoring_lights import Light
from perfdesk.reports.sheet import Block, Cell, Row, Sheet, head_cell, label_cell
from perfdesk.reports.sheet_monitoring import LIGHT_FILLS
from perfdesk.reports.sheet_summary_common import content_hash, summary_signatures

LIGHTS = (Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE)
# 序号 | 单位 | 项目代码 | 项目名称 | 月份 | 执行率 | 资金灯 | 最差指标灯 | 红 | 黄 | 绿 | 蓝 | 状态: 272 mm.
MONITORING_WIDTHS = (10.0, 38.0, 32.0, 56.0, 14.0, 20.0, 18.0, 20.0, 11.0, 11.0, 11.0, 11.0, 20.0)
# 序号 | 单位 | 项目代码 | 项目名称 | 总分 | 等级 | 状态 | 说明: 186 mm.
SELFEVAL_WIDTHS = (10.0, 34.0, 30.0, 46.0, 14.0, 12.0, 18.0, 22.0)
GRADE_FILLS = {"poor": "F4B6B0", "fair": "FBE7A1"}


class MonitoringLine(Protocol):
    """One project of the monitoring overview (``perfdesk.services.monitoring.MonitoringRow``)."""

    @property
    def project_code(self) -> str: ...
    @property
    def project_name(self) -> str: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def month(self) -> int | None: ...
    @property
    def status_label(self) -> str: ...
    @property
    def money(self) -> Light | None: ...
    @property
    def execution_rate(self) -> Decimal | None: ...
    @property
    def worst(self) -> Light | None: ...
    @property
    def counts(self) -> dict[Light, int]: ...

    @property
    def has_monitoring(self) -> bool: ...


class SelfEvalLine(Protocol):
    """One project of the self-evaluation summary (``perfdesk.services.selfeval.SelfEvalRow``)."""

    @property
    def project_code(self) -> str: ...
    @property
    def project_name(self) -> str: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def total(self) -> Decimal | None: ...
    @property
    def grade(self) -> str: ...
    @property
    def grade_key(self) -> str: ...
    @property
    def note(self) -> str: ...

    @property
    def status_label(self) -> str: ...


def _light_cell(light: Light | None) -> Cell:
    if light is None:
        return Cell("—", "center")
    return Cell(light.label, "center", fill=LIGHT_FILLS[light.value])


def _counted(counter: Mapping[Light, int]) -> str:
    return "，".join(f"{light.label} {counter.get(light, 0)}" for light in LIGHTS)


def _percent(rate: Decimal | None) -> str:
    return "" if rate is None else f"{(rate * 100).quantize(Decimal('0.01'))}%"


def monitoring_overview_sheet(rows: Sequence[MonitoringLine], *, year: int, unit_name: str = "") -> Sheet:
    """The printed monitoring overview of ``rows`` (one per project)."""
    money = Counter(row.money for row in rows if row.money is not None)
    worst = Counter(row.worst for row in rows if row.worst is not None)
    indicators: Counter[Light] = Counter()
    for row in rows:
        indicators.update(row.counts)
    started = sum(1 for row in rows if row.has_monitoring)
    summary: list[Row] = [
        (
            label_cell("项目数", 2),
            Cell(
                f"共 {len(rows)} 个项目，已填报监控表 {started} 个，未填报 {len(rows) - started} 个",
                colspan=11,
            ),
        ),
        (label_cell("资金执行灯", 2), Cell(f"{_counted(money)}（项目个数）", colspan=11)),
        (label_cell("最差指标灯", 2), Cell(f"{_counted(worst)}（项目个数）", colspan=11)),
        (label_cell("指标灯", 2), Cell(f"{_counted(indicators)}（指标个数）", colspan=11)),
    ]
    table: list[Row] = [
        (
            head_cell("序号", rowspan=2), head_cell("单位", rowspan=2), head_cell("项目代码", rowspan=2),
            head_cell("项目名称", rowspan=2), head_cell("监控月份", rowspan=2), head_cell("资金执行率", rowspan=2),
            head_cell("资金灯", rowspan=2), head_cell("最差指标灯", rowspan=2), head_cell("指标灯数（个）", 4),
            head_cell("状态", rowspan=2),
        ),
        tuple(head_cell(light.label.removesuffix("灯")) for light in LIGHTS),
    ]  # fmt: skip
    for n, row in enumerate(rows, start=1):
        counts = [
            Cell(str(row.counts.get(light, 0)) if row.has_monitoring else "", "center") for light in LIGHTS
        ]
        table.append(
            (
                Cell(str(n), "center"), Cell(row.unit_name), Cell(row.project_code), Cell(row.project_name),
                Cell(f"{row.month}月" if row.month else "", "center"), Cell(_percent(row.execution_rate), "number"),
                _light_cell(row.money), _light_cell(row.worst), *counts, Cell(row.status_label, "center"),
            )
        )  # fmt: skip
    sheet = Sheet(
        kind="monitoring_overview",
        title=f"{year}年度项目支出绩效运行监控总览",
        unit_line=f"单位：{unit_name or '全部单位'}",
        money_line="",
        widths_mm=MONITORING_WIDTHS,
        landscape=True,
        blocks=(Block(tuple(summary)), Block(tuple(table), header_rows=2)),
        notes=(
            "注：最差指标灯为该项目各指标灯中最严重的一个（红灯 > 黄灯 > 蓝灯 > 绿灯）；红灯、黄灯须说明原因和纠偏措施。",
        ),
        signatures=summary_signatures(("制表人", ""), ("审核人", ""), ("日期", "")),
        footer_left="",
        doc_hash="",
        font_size=8.5,
    )
    return content_hash(sheet)


def selfeval_summary_sheet(
    rows: Sequence[SelfEvalLine], distribution: Mapping[str, int], *, year: int, unit_name: str = ""
) -> Sheet:
    """The printed self-evaluation summary of ``rows`` (差 and 中 first) with the grade counts."""
    scored = [row.total for row in rows if row.total is not None]
    average = (sum(scored, Decimal(0)) / len(scored)).quantize(Decimal("0.01")) if scored else None
    cut = distribution.get("fair", 0) + distribution.get("poor", 0)
    grades = "，".join(f"{label('grade.' + key)} {count} 个" for key, count in distribution.items())
    summary: list[Row] = [
        (label_cell("项目数", 2), Cell(f"共 {len(rows)} 个项目，已自评 {len(scored)} 个，未自评 {len(rows) - len(scored)} 个", colspan=6)),
        (label_cell("平均得分", 2), Cell("—" if average is None else f"{average} 分", colspan=6)),
        (label_cell("等级分布", 2), Cell(grades, colspan=6)),
        (label_cell("中、差项目", 2), Cell(f"{cut} 个（下一年度预算相应调减）", colspan=6, fill=GRADE_FILLS["poor"] if cut else "")),
    ]  # fmt: skip
    table: list[Row] = [
        tuple(
            head_cell(text)
            for text in ("序号", "单位", "项目代码", "项目名称", "总分", "等级", "状态", "说明")
        )
    ]
    for n, row in enumerate(rows, start=1):
        table.append(
            (
                Cell(str(n), "center"), Cell(row.unit_name), Cell(row.project_code), Cell(row.project_name),
                Cell("" if row.total is None else f"{row.total.quantize(Decimal('0.01'))}", "number"),
                Cell(row.grade, "center", fill=GRADE_FILLS.get(row.grade_key, "")),
                Cell(row.status_label, "center"), Cell(row.note),
            )
        )  # fmt: skip
    sheet = Sheet(
        kind="selfeval_summary",
        title=f"{year}年度项目支出绩效自评汇总表",
        unit_line=f"单位：{unit_name or '全部单位'}",
        money_line="满分：100分",
        widths_mm=SELFEVAL_WIDTHS,
        landscape=False,
        blocks=(Block(tuple(summary)), Block(tuple(table), header_rows=1)),
        notes=("注：按等级排列，差、中在前；评为中、差的项目，下一年度预算相应调减。",),
        signatures=summary_signatures(("填报人", ""), ("单位负责人", ""), ("日期", "")),
        footer_left="",
        doc_hash="",
        font_size=9.0,
    )
    return content_hash(sheet)
