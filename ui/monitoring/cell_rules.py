"""What a cell of a monitoring sheet stores when something is typed in it, or why it is refused.

Both grids (the indicators, the money block) read what is typed through the domain's own readers:
a 截至执行值 or 全年预计完成值 against its target (``read_column``, the reader the lights use), so a
cell never holds what a light cannot be read from; 偏差原因 and 完成目标可能性 as the rules read them;
amounts by the one money reader. An edit is the fields it sets and '' — or no fields and the
Chinese reason it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from perfdesk.domain.document import IndicatorRow
from perfdesk.domain.findings import Finding
from perfdesk.domain.indicator_value import Direction, IndicatorValueError
from perfdesk.domain.labels import label
from perfdesk.domain.master_data import parse_money_field
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.monitoring import DEVIATIONS, LIKELIHOODS, read_deviation, read_likelihood
from perfdesk.domain.monitoring_lights import (
    LightResult,
    Progress,
    is_time_shared,
    read_column,
    read_target_value,
)
from perfdesk.domain.monitoring_settings import MonitoringSettings
from perfdesk.domain.paste import tidy_text

Edit = tuple[dict[str, Any], str]


def deviation_edit(key: str, value: Any) -> Edit:
    """偏差原因: a list (from the tick boxes) or a text (pasted: 经费保障、其他), in the form's order."""
    known, unknown = read_deviation(value if isinstance(value, list) else tidy_text(str(value or "")))
    if unknown:
        return {}, f"偏差原因“{'、'.join(unknown)}”不在可选范围内，只能选择 {'、'.join(DEVIATIONS)}"
    return {key: [name for name in DEVIATIONS if name in known]}, ""


def indicator_edit(row: dict[str, Any], field: str, what: str, value: Any) -> Edit:
    """An edit of ``field`` of an indicator row; ``what`` names the column in a refusal."""
    if field == "deviation":
        return deviation_edit(field, value)
    typed = tidy_text("" if value is None else str(value))
    if field == "likelihood":
        if not typed:
            return {"likelihood": None}, ""
        number = read_likelihood(IndicatorRow(0, {"likelihood": typed.split(" ")[-1]}))  # also "2 有可能"
        if number is None:
            return {}, f"完成目标可能性只能选择 {'、'.join(LIKELIHOODS.values())} 之一"
        return {"likelihood": number}, ""
    if field in ("progress", "forecast") and typed:
        target = read_target_value(str(row.get("value") or ""))
        if target is None:
            return {field: typed}, ""  # no readable target: kept as typed, the rules say why
        try:
            read = read_column(typed, target, what)
        except IndicatorValueError as error:
            return {}, error.message
        return {field: read.value if isinstance(read, Progress) else read.display(with_sign=False)}, ""
    return {field: typed}, ""


def amount_edit(key: str, value: Any) -> Edit:
    """An amount in 万元, stored as documents write it (``120.00``); empty clears it."""
    typed = tidy_text("" if value is None else str(value))
    if not typed:
        return {key: ""}, ""
    money, problems = parse_money_field(f"funds.{key}", typed)
    if money is None:
        return {}, problems[0].message if problems else f"“{typed}”不是金额"
    return {key: money.to_document()}, ""


def split_total(parts: Iterable[object]) -> str | None:
    """财政拨款 + 其他资金 as a document amount, when both are given and readable."""
    texts = [str(part or "").strip() for part in parts]
    if not all(texts):
        return None
    try:
        return sum((Money.from_wan(text) for text in texts), Money.zero()).to_document()
    except MoneyError:
        return None


def findings_text(findings: Iterable[Finding]) -> str:
    """What 全审 found at a cell, one line per finding (错误：… / 提示：…)."""
    return "\n".join(f"{label('severity.' + f.severity.value)}：{f.message}" for f in findings)


def cell_text(row: dict[str, Any], field: str) -> str:
    """A stored indicator field as text: 经费保障、其他; 有可能; 是/否 for 按时间进度."""
    value = row.get(field)
    if field == "deviation":
        known, unknown = read_deviation(value)
        return "、".join(known + unknown)
    if field == "likelihood":
        number = read_likelihood(IndicatorRow(0, row))
        return LIKELIHOODS[number] if number else ("" if value is None else str(value))
    if field == "time_shared":
        return "是" if is_time_shared(IndicatorRow(0, row)) else "否"
    return "" if value is None else str(value)


def can_share(row: dict[str, Any]) -> bool:
    """Whether 按时间进度 changes anything: a positive quantitative target above 0."""
    target = read_target_value(str(row.get("value") or ""))
    return target is not None and target.direction is Direction.POSITIVE and (target.number or 0) > 0


def needs_reason(row: dict[str, Any], light: LightResult) -> bool:
    """Red or yellow, or 完成目标可能性 有可能/完全不可能: 偏差原因 and 原因说明 are required."""
    red_or_yellow = light.color is not None and light.color.needs_reason
    return red_or_yellow or read_likelihood(IndicatorRow(0, row)) in (2, 3)


def editor_kind(row: dict[str, Any], field: str) -> str:
    """Which editor a typed cell takes: a list for the choices, else a line of text."""
    if field in ("deviation", "likelihood"):
        return field
    if field in ("progress", "forecast"):
        target = read_target_value(str(row.get("value") or ""))
        return "progress_word" if target is not None and target.is_qualitative else "text"
    return "text"


def time_shared_tip(settings: MonitoringSettings) -> str:
    """What the 按时间进度 switch does, with the profile's thresholds."""
    return (
        f"勾选：目标按时间进度分摊（目标 × 月份/12）后比较，比率低于 {settings.red_below} 红灯、低于 "
        f"{settings.yellow_below} 黄灯、达到 {settings.blue_from} 蓝灯；不勾选：截至执行值与全年目标比较，"
        "达到为绿灯，否则为红灯。数量指标和效益指标默认按时间进度。"
    )
