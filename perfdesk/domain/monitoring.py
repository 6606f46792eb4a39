"""Rules on a monitoring sheet (绩效运行监控表, FORMS.md §4) and the lights of a whole sheet.

:func:`monitoring_findings` is what ``perfdesk check``, 全审 and 标记完成 run on a ``monitoring``
document (through :data:`perfdesk.domain.checks.CHECKERS`); :func:`sheet_lights` gives every light
of a sheet for the screen and the overview. The light arithmetic is
:mod:`perfdesk.domain.monitoring_lights`'; the thresholds come from the document's profile.

Codes (stable; field paths as ``indicators[3].progress`` or ``funds.executed``):
- errors: ``monitor.kind``, ``monitor.profile``, ``monitor.month`` (an integer 1–12),
  ``monitor.goals.annual``, ``monitor.goals.progress`` (the progress narrative),
  ``monitor.indicators.empty``, ``monitor.funds.missing`` (年初预算数 — ``funds.initial``, else
  ``funds.annual`` —, 调整后预算数, 执行数 and 全年预计执行数 are required),
  ``monitor.funds.unbalanced`` (a total not equal to its 财政拨款 + 其他资金 split, when a split is
  given), ``monitor.progress.missing`` / ``monitor.forecast.missing``, ``monitor.progress.<why>`` /
  ``monitor.forecast.<why>`` (the value parser's reason: ``unit_mismatch``, ``not_a_number``,
  ``unreadable``, … or ``word`` for a qualitative row whose word is not 达成/部分达成/未达成),
  ``monitor.time_shared`` (not true/false), ``monitor.likelihood.missing``,
  ``monitor.likelihood.invalid``, ``monitor.deviation.unknown``, ``monitor.deviation.missing`` and
  ``monitor.reason.missing``; the target itself is checked by the one value parser (``value.*``,
  as on the target sheet) and the amounts by the master-data rules (``funds.not_money``,
  ``funds.negative``, ``funds.unbalanced``), so one mistake has one code everywhere.
- warnings: ``monitor.ahead`` (a blue light without a note), ``monitor.funds.over_executed``
  (执行数 above 调整后预算数: allowed, but asked about), ``monitor.funds.forecast_below_executed``
  and ``monitor.funds.base_zero`` (no 执行率 can be computed; the money may have been withdrawn).

Decisions:
- A red or yellow light, or 完成目标可能性 2 (有可能) or 3 (完全不可能), requires a 偏差原因 (one or
  more of 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他, in ``deviation``) **and** a 原因说明
  (``reason``): each missing one is an error. The money row follows the same rule with
  ``funds.deviation`` and ``funds.reason``. 纠偏措施 (``measures``, ``funds.measures``) is kept,
  shown and printed but never required: the 136号 form asks for the reason per row and the measures
  as free text, and documents of other tools carry both in ``reason``.
- A blue light asks for a short note in ``reason`` (``monitor.ahead``, a warning: the target may
  have been set too low); a written reason, or an 出错说明, passes it.
- 截至执行值, 全年预计完成值 and 完成目标可能性 are required on every row, as on the printed form.
  ``likelihood`` is 1, 2 or 3; the words 确定能 / 有可能 / 完全不可能 and the digits as text are read too.
  ``deviation`` is a list; a single string is split at 、，,；; and spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.indicator_value import IndicatorValueError
from perfdesk.domain.labels import label
from perfdesk.domain.master_data import Funds, parse_money_field
from perfdesk.domain.money import Money
from perfdesk.domain.monitoring_lights import (
    MONTHS,
    FundsProgress,
    Light,
    LightResult,
    indicator_light,
    money_light,
    read_column,
    read_target_value,
    worst,
)
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, MonitoringSettings
from perfdesk.domain.profiles import ProfileError
from perfdesk.domain.scoring import document_profile
from perfdesk.domain.scoring_rules import row_name
from perfdesk.domain.value_checks import check_indicator_value

DEVIATIONS: Final = tuple(
    label(f"monitoring.deviation.{key}") for key in ("funding", "system", "staff", "hardware", "other")
)
LIKELIHOODS: Final = {n: label(f"monitoring.likelihood.{n}") for n in (1, 2, 3)}
_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_SPLIT_COLUMNS: Final = ("adjusted", "executed", "forecast")


class MonitorCode(StrEnum):
    """The fixed codes of the monitoring rules (``monitor.progress.<why>`` and kin are built)."""

    KIND = "monitor.kind"
    PROFILE = "monitor.profile"
    MONTH = "monitor.month"
    GOALS_ANNUAL = "monitor.goals.annual"
    GOALS_PROGRESS = "monitor.goals.progress"
    NO_INDICATORS = "monitor.indicators.empty"
    FUNDS_MISSING = "monitor.funds.missing"
    FUNDS_UNBALANCED = "monitor.funds.unbalanced"
    OVER_EXECUTED = "monitor.funds.over_executed"
    FORECAST_BELOW_EXECUTED = "monitor.funds.forecast_below_executed"
    BASE_ZERO = "monitor.funds.base_zero"
    PROGRESS_MISSING = "monitor.progress.missing"
    FORECAST_MISSING = "monitor.forecast.missing"
    TIME_SHARED = "monitor.time_shared"
    LIKELIHOOD_MISSING = "monitor.likelihood.missing"
    LIKELIHOOD_INVALID = "monitor.likelihood.invalid"
    DEVIATION_UNKNOWN = "monitor.deviation.unknown"
    DEVIATION_MISSING = "monitor.deviation.missing"
    REASON_MISSING = "monitor.reason.missing"
    AHEAD = "monitor.ahead"


def _error(code: str, field: str, message: str) -> Finding:
    return Finding(code, Severity.ERROR, field, message)


def _warning(code: str, field: str, message: str) -> Finding:
    return Finding(code, Severity.WARNING, field, message)


@dataclass(frozen=True, slots=True)
class SheetLights:
    """Every light of one monitoring sheet: money, then the indicators in row order."""

    month: int | None
    money: LightResult
    indicators: tuple[LightResult, ...]

    @property
    def worst(self) -> Light | None:
        """The worst indicator light (red, yellow, blue, green), ``None`` when no row shows one."""
        return worst([light.color for light in self.indicators])

    @property
    def counts(self) -> Counter[Light]:
        """How many indicators show each colour."""
        return Counter(light.color for light in self.indicators if light.color is not None)


def read_month(doc: FormDoc) -> int | None:
    """The cut-off month (1–12) of the sheet, or ``None`` when missing or not a month."""
    value = doc.raw.get("month")
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in MONTHS:
        return value
    return None


def monitoring_settings(doc: FormDoc) -> MonitoringSettings:
    """The light thresholds of the document's profile (the defaults when it names none usable)."""
    try:
        return document_profile(doc).monitoring
    except ProfileError:
        return DEFAULT_MONITORING


def read_funds(doc: FormDoc) -> tuple[FundsProgress | None, list[Finding]]:
    """The amounts of the money light, and what is wrong with the money block."""
    findings: list[Finding] = []
    amounts: dict[str, Money | None] = {}
    initial = "initial" if doc.text("funds", "initial") else "annual"
    for name in (initial, "adjusted", "executed", "forecast"):
        amounts[name] = _amount(doc, name, findings, required=True)
    split = {name: _amount(doc, name, findings) for name in ("annual", "fiscal", "other")}
    annual, fiscal, other = split["annual"], split["fiscal"], split["other"]
    if annual is not None and fiscal is not None and other is not None:
        findings.extend(Funds(annual, fiscal, other).balance_findings())
    for column in _SPLIT_COLUMNS:
        findings.extend(_split_findings(doc, column, amounts[column]))
    adjusted, executed, forecast = amounts["adjusted"], amounts["executed"], amounts["forecast"]
    if adjusted is not None and executed is not None and executed > adjusted:
        message = (
            f"执行数 {executed.format_wan()} 万元超过调整后预算数 {adjusted.format_wan()} 万元，"
            "请核对两个数；确实超支的请写出错说明"
        )
        findings.append(_warning(MonitorCode.OVER_EXECUTED, "funds.executed", message))
    if executed is not None and forecast is not None and forecast < executed:
        message = (
            f"全年预计执行数 {forecast.format_wan()} 万元少于截至目前的执行数 {executed.format_wan()} 万元，"
            "请核对；确有资金收回的请写出错说明"
        )
        findings.append(_warning(MonitorCode.FORECAST_BELOW_EXECUTED, "funds.forecast", message))
    start = amounts[initial]
    if start is None or adjusted is None or executed is None:
        return None, findings
    return FundsProgress(start, adjusted, executed), findings


def _amount(doc: FormDoc, name: str, findings: list[Finding], *, required: bool = False) -> Money | None:
    field = f"funds.{name}"
    text = doc.text("funds", name)
    if not text:
        if required:
            message = f"请填写{label('field.' + field)}（万元），例如 120.00"
            findings.append(_error(MonitorCode.FUNDS_MISSING, field, message))
        return None
    try:
        money, problems = parse_money_field(field, text)
    except ArithmeticError:
        money, problems = None, [_error("funds.not_money", field, f"“{text}”不是金额，请核对")]
    findings.extend(problems)
    return money


def _split_findings(doc: FormDoc, column: str, total: Money | None) -> list[Finding]:
    """A total given with its 财政拨款 / 其他资金 split must equal their sum, to the cent."""
    names = (f"fiscal_{column}", f"other_{column}")
    if total is None or not any(doc.text("funds", name) for name in names):
        return []
    found: list[Finding] = []
    parts = [_amount(doc, name, found) or Money.zero() for name in names]
    if found:
        return found
    if parts[0] + parts[1] == total:
        return []
    what = label(f"field.funds.{column}")
    message = (
        f"{what} {total.format_wan()} 万元不等于财政拨款 {parts[0].format_wan()} 万元与其他资金 "
        f"{parts[1].format_wan()} 万元之和，请核对到分"
    )
    return [_error(MonitorCode.FUNDS_UNBALANCED, f"funds.{column}", message)]


def read_likelihood(row: IndicatorRow) -> int | None:
    """完成目标可能性 1, 2 or 3 (also the digit as text or the word), else ``None``."""
    value = row.raw.get("likelihood")
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in LIKELIHOODS else None
    if isinstance(value, str):
        text = value.strip()
        if text in {str(n) for n in LIKELIHOODS}:
            return int(text)
        return next((n for n, word in LIKELIHOODS.items() if word == text), None)
    return None


def read_deviation(value: object) -> tuple[list[str], list[str]]:
    """(known, unknown) 偏差原因 of a ``deviation`` cell: a list, or one string split at 、 and kin."""
    if value is None or value == "":
        return [], []
    if isinstance(value, str):
        items: list[object] = [part for part in _SEPARATORS.split(value) if part]
    elif isinstance(value, list):
        items = value
    else:
        return [], [str(value)]
    known = [item.strip() for item in items if isinstance(item, str) and item.strip() in DEVIATIONS]
    unknown = [str(item) for item in items if not (isinstance(item, str) and item.strip() in DEVIATIONS)]
    return known, unknown


def sheet_lights(doc: FormDoc, settings: MonitoringSettings | None = None) -> SheetLights:
    """Every light of the sheet under its profile's thresholds (or ``settings``)."""
    settings = settings or monitoring_settings(doc)
    month = read_month(doc)
    funds, _ = read_funds(doc)
    money = (
        money_light(funds, month, settings)
        if funds is not None
        else LightResult(None, None, "资金数据不完整，暂不亮灯")
    )
    rows = tuple(indicator_light(row, month, settings) for row in doc.indicators)
    return SheetLights(month, money, rows)


def monitoring_findings(doc: FormDoc) -> list[Finding]:
    """Every monitoring rule's finding on ``doc`` (the required fields are ``check_document``'s)."""
    if doc.kind != "monitoring":
        message = f"只有{label('form.monitoring')}（monitoring）按运行监控规则检查，本文档为 {doc.kind}"
        return [_error(MonitorCode.KIND, "kind", message)]
    out: list[Finding] = []
    try:
        settings = document_profile(doc).monitoring
    except ProfileError as exc:
        settings = DEFAULT_MONITORING
        out.append(_error(MonitorCode.PROFILE, "profile", str(exc)))
    month = read_month(doc)
    if month is None:
        shown = doc.raw.get("month")
        message = f"截止月份“{'' if shown is None else shown}”无效，请填写 1 到 12 的整数，例如 7（即 1—7月）"
        out.append(_error(MonitorCode.MONTH, "month", message))
    out.extend(_goal_findings(doc))
    funds, funds_findings = read_funds(doc)
    out.extend(funds_findings)
    if funds is not None:
        out.extend(_money_light_findings(doc, funds, month, settings))
    rows = doc.raw.get("indicators")
    if isinstance(rows, list) and not rows:
        out.append(_error(MonitorCode.NO_INDICATORS, "indicators", "监控表没有指标，请从绩效目标表带入指标"))
    for row in doc.indicators:
        out.extend(_row_findings(row, month, settings))
    return out


def _goal_findings(doc: FormDoc) -> list[Finding]:
    out = []
    if not any(doc.goal_lines("annual")):
        message = "缺少年度总体目标，请从绩效目标表带入"
        out.append(_error(MonitorCode.GOALS_ANNUAL, "goals.annual", message))
    if not doc.text("goals", "progress"):
        message = "请填写年度总体目标的进展情况（截至本期完成了什么、还差什么）"
        out.append(_error(MonitorCode.GOALS_PROGRESS, "goals.progress", message))
    return out


def _money_light_findings(
    doc: FormDoc, funds: FundsProgress, month: int | None, settings: MonitoringSettings
) -> list[Finding]:
    base = funds.base(settings)
    if base.cents <= 0:
        what = settings.execution_base.label
        message = f"{what}为 0，无法计算执行率；请核对，资金确已全部调减的请写出错说明"
        return [_warning(MonitorCode.BASE_ZERO, f"funds.{settings.execution_base.value}", message)]
    light = money_light(funds, month, settings)
    if light.color is None or not light.color.needs_reason:
        return []
    rate = f"执行率 {light.ratio * 100:.2f}%" if light.ratio is not None else "执行率"
    why = f"资金执行为{light.color.label}（{rate}，时间进度 {month}/12）"
    return _reason_findings(doc.section("funds"), "funds", why)


def _row_findings(row: IndicatorRow, month: int | None, settings: MonitoringSettings) -> list[Finding]:
    out = check_indicator_value(row.value, row.field("value"))
    target = read_target_value(row.value)
    for column in ("progress", "forecast"):
        what = label(f"indicator.{column}")
        text = row.get(column)
        if not text:
            missing = MonitorCode.PROGRESS_MISSING if column == "progress" else MonitorCode.FORECAST_MISSING
            out.append(_error(missing, row.field(column), f"{row_name(row)}请填写{what}"))
        elif target is not None:
            try:
                read_column(text, target, what)
            except IndicatorValueError as error:
                code = f"monitor.{column}.{error.code.removeprefix('value.')}"
                out.append(_error(code, row.field(column), f"{row_name(row)}：{error.message}"))
    switch = row.raw.get("time_shared")
    if switch is not None and not isinstance(switch, bool):
        message = f"{row_name(row)}的“按时间进度”应为 true 或 false，现为 {switch!r}"
        out.append(_error(MonitorCode.TIME_SHARED, row.field("time_shared"), message))
    likelihood = read_likelihood(row)
    choices = "、".join(f"{n} {word}" for n, word in LIKELIHOODS.items())
    if row.raw.get("likelihood") in (None, ""):
        message = f"{row_name(row)}请选择完成目标可能性（{choices}）"
        out.append(_error(MonitorCode.LIKELIHOOD_MISSING, row.field("likelihood"), message))
    elif likelihood is None:
        message = f"{row_name(row)}的完成目标可能性“{row.raw.get('likelihood')}”无效，应为 {choices} 之一"
        out.append(_error(MonitorCode.LIKELIHOOD_INVALID, row.field("likelihood"), message))
    light = indicator_light(row, month, settings)
    reasons = []
    if light.color is not None and light.color.needs_reason:
        ratio = f"，比率 {light.ratio:.2f}" if light.ratio is not None and light.time_shared else ""
        reasons.append(f"为{light.color.label}{ratio}")
    if likelihood in (2, 3):
        reasons.append(f"完成目标可能性为“{LIKELIHOODS[likelihood]}”")
    if reasons:
        out.extend(
            _reason_findings(row.raw, f"indicators[{row.index}]", row_name(row) + "，且".join(reasons))
        )
    else:
        out.extend(_deviation_findings(row.raw, f"indicators[{row.index}]"))
        if light.color is Light.BLUE and not row.get("reason"):
            message = (
                f"{row_name(row)}为{Light.BLUE.label}（比率 {light.ratio or 0:.2f}，超前于时间进度），"
                "目标可能定得偏低；请在原因说明中简要说明"
            )
            out.append(_warning(MonitorCode.AHEAD, row.field("reason"), message))
    return out


def _deviation_findings(raw: dict[str, object], prefix: str) -> list[Finding]:
    _, unknown = read_deviation(raw.get("deviation"))
    if not unknown:
        return []
    message = f"偏差原因“{'、'.join(unknown)}”不在可选范围内，只能选择 {'、'.join(DEVIATIONS)}"
    return [_error(MonitorCode.DEVIATION_UNKNOWN, f"{prefix}.deviation", message)]


def _reason_findings(raw: dict[str, object], prefix: str, why: str) -> list[Finding]:
    """A required 偏差原因 and 原因说明: ``why`` says what asks for them."""
    out = _deviation_findings(raw, prefix)
    known, _ = read_deviation(raw.get("deviation"))
    if not known:
        message = f"{why}，请选择偏差原因（{'、'.join(DEVIATIONS)}，可多选）"
        out.append(_error(MonitorCode.DEVIATION_MISSING, f"{prefix}.deviation", message))
    reason = raw.get("reason")
    if not (isinstance(reason, str) and reason.strip()):
        out.append(_error(MonitorCode.REASON_MISSING, f"{prefix}.reason", f"{why}，请填写原因说明"))
    return out
