"""运行监控 in the store: start a monitoring sheet from completed targets, and the overview.

:func:`start_monitoring` opens a 绩效运行监控表 for a cut-off month with everything the target sheet
already holds — goals, indicators with their 年度指标值, weights and ★ markers, and the money —
so nothing is typed twice. :func:`monitoring_overview` lists every project of a year with its money
light and its worst indicator light, for the unit's and the county's overview.

Decisions:
- Monitoring starts only from a target sheet that is 已完成 or further (已导出, 已接收, 审核通过):
  a draft's indicators may still change, and the lights would be read against the wrong targets.
- The month is the caller's, else the installation's ``monitoring_month`` (default 7). One sheet
  per project and month (the form's ``period``): a county running 7 and 12 keeps both.
- 年初预算数 (``funds.initial``) is the target sheet's 年度资金总额 as completed; 调整后预算数 starts
  equal to it. 执行数 and 全年预计执行数 start empty: they are what the preparer reports.
- The overview shows, per project, the latest month's sheet (or the month asked for); a project
  without one is listed with no lights, and left out by the "red and yellow only" filter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.monitoring import sheet_lights
from perfdesk.domain.monitoring_lights import MONTHS, Light, worst
from perfdesk.domain.profiles import DEFAULT_PROFILE
from perfdesk.services import catalog, forms
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

TARGETS_READY: Final = frozenset({"completed", "exported", "received", "approved"})
"""Statuses of a target sheet that monitoring may start from."""
CARRIED_COLUMNS: Final = ("lv1", "lv2", "lv3", "value", "weight", "core", "explanation")
"""Indicator columns taken over from the target sheet as they are."""


def _refuse(code: str, field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed([Finding(code, Severity.ERROR, field_name, message)])


def start_monitoring(store: Store, project_id: int, month: int | None = None) -> forms.DocumentRecord:
    """Open the 绩效运行监控表 of a project for ``month`` (default: the installation's cut-off).

    Raises ``ValidationFailed`` (codes ``monitor.month``, ``monitor.no_targets``,
    ``monitor.targets_not_completed``, or ``form.exists`` for a month already started).
    """
    if month is None:
        month = load_settings(store).monitoring_month
    if isinstance(month, bool) or month not in MONTHS:
        raise _refuse("monitor.month", "month", f"截止月份“{month}”无效，请选择 1 到 12 月")
    targets = forms.find_document(store, project_id, "targets")
    if targets is None:
        raise _refuse(
            "monitor.no_targets",
            "targets",
            f"该项目还没有{label('form.targets')}，请先填报并标记完成，再开始运行监控",
        )
    if targets.status not in TARGETS_READY:
        raise _refuse(
            "monitor.targets_not_completed",
            "targets",
            f"该项目的{label('form.targets')}为“{targets.status_label}”，请先标记完成，"
            "再开始运行监控（监控按已完成的目标判断红黄绿灯）",
        )
    source = FormDoc(targets.body)  # read only
    profile = source.raw.get("profile")
    body = carried_over(source, month)
    return forms.create_document(
        store,
        project_id,
        "monitoring",
        period=month,
        profile=profile if isinstance(profile, str) and profile else DEFAULT_PROFILE,
        body=body,
    )


def carried_over(targets: FormDoc, month: int) -> dict[str, Any]:
    """The body of a new monitoring sheet from a target sheet: goals, indicators and the money."""
    initial = _amount_text(targets.text("funds", "annual"))
    indicators = []
    for row in targets.indicators:
        carried: dict[str, Any] = {name: row.raw[name] for name in CARRIED_COLUMNS if name in row.raw}
        carried.update({"progress": "", "forecast": "", "deviation": [], "reason": "", "measures": ""})
        indicators.append(carried)
    profile = targets.raw.get("profile")
    return {
        "kind": "monitoring",
        "schema_version": 1,
        "profile": profile if isinstance(profile, str) and profile else DEFAULT_PROFILE,
        "month": month,
        "funds": {"initial": initial, "adjusted": initial, "executed": "", "forecast": ""},
        "goals": {"annual": [line for line in targets.goal_lines("annual") if line], "progress": ""},
        "indicators": indicators,
        "explanations": {},
    }


def _amount_text(text: str) -> str:
    """An amount as documents write it (``120.00``); text that is not money is kept as typed."""
    try:
        return Money.from_wan(text).to_document() if text else ""
    except (MoneyError, ArithmeticError):
        return text


# ---------------------------------------------------------------- the overview


@dataclass(frozen=True)
class MonitoringRow:
    """One project of the year with the lights of its monitoring sheet (none when not started)."""

    project_id: int
    project_code: str
    project_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    document_id: int | None = None
    month: int | None = None
    status: str = ""
    money: Light | None = None
    money_explanation: str = ""
    execution_rate: Decimal | None = None
    worst: Light | None = None
    counts: dict[Light, int] = field(default_factory=dict)

    @property
    def has_monitoring(self) -> bool:
        return self.document_id is not None

    @property
    def status_label(self) -> str:
        return label(f"status.{self.status}") if self.status else label("monitoring.none")

    @property
    def overall(self) -> Light | None:
        """The worse of the money light and the worst indicator light."""
        return worst((self.money, self.worst))

    @property
    def red_or_yellow(self) -> bool:
        return any(light is not None and light.needs_reason for light in (self.money, self.worst))

    def count(self, light: Light) -> int:
        return self.counts.get(light, 0)


@dataclass(frozen=True)
class OverviewCounts:
    """Counts per colour: projects by money light, projects by worst indicator light, indicators."""

    money: Counter[Light]
    worst: Counter[Light]
    indicators: Counter[Light]


def monitoring_overview(
    store: Store,
    year: int,
    unit_id: int | None = None,
    *,
    month: int | None = None,
    red_and_yellow_only: bool = False,
) -> list[MonitoringRow]:
    """Every project of ``year`` (of ``unit_id`` only, when given) with its monitoring lights.

    Ordered by unit code and project code. ``month`` picks that cut-off's sheets (default: each
    project's latest); ``red_and_yellow_only`` keeps the projects whose money light or worst
    indicator light is red or yellow.
    """
    latest: dict[int, forms.DocumentRecord] = {}
    for record in forms.list_documents(store, year, "monitoring"):
        if month is not None and record.period != month:
            continue
        kept = latest.get(record.project_id)
        if kept is None or record.period > kept.period:
            latest[record.project_id] = record
    rows = []
    for node in catalog.load_tree(store, year):
        if unit_id is not None and node.unit.id != unit_id:
            continue
        for project in node.projects:
            names = (project.id, project.code, project.name, node.unit.id, node.unit.code, node.unit.name)
            sheet = latest.get(project.id)
            row = MonitoringRow(*names) if sheet is None else _row(names, sheet)
            if not red_and_yellow_only or row.red_or_yellow:
                rows.append(row)
    return rows


def _row(names: tuple[int, str, str, int, str, str], record: forms.DocumentRecord) -> MonitoringRow:
    lights = sheet_lights(FormDoc(record.body))  # read only: no copy needed
    return MonitoringRow(
        *names,
        document_id=record.id,
        month=lights.month or record.period,
        status=record.status,
        money=lights.money.color,
        money_explanation=lights.money.explanation,
        execution_rate=lights.money.ratio,
        worst=lights.worst,
        counts=dict(lights.counts),
    )


def overview_counts(rows: Iterable[MonitoringRow]) -> OverviewCounts:
    """The colour counts shown above the overview."""
    money: Counter[Light] = Counter()
    worst_lights: Counter[Light] = Counter()
    indicators: Counter[Light] = Counter()
    for row in rows:
        if row.money is not None:
            money[row.money] += 1
        if row.worst is not None:
            worst_lights[row.worst] += 1
        indicators.update(row.counts)
    return OverviewCounts(money, worst_lights, indicators)
