"""The double traffic light of a monitoring sheet (FORMS.md §4): one per indicator, one for money.

:func:`indicator_light` holds an indicator's 截至执行值 against its 年度指标值, :func:`money_light`
the 执行率 against the time share t = month ÷ 12. Both are pure, never raise for what a person
typed, and return a :class:`LightResult`: the colour (``None`` while the inputs cannot be judged),
the ratio and the arithmetic as a Chinese sentence for the tooltip, e.g.
``目标 ≥500人 × 7/12 = 291.7人；实际 240人；比率 0.82 → 绿灯``. The findings about those inputs are
:mod:`perfdesk.domain.monitoring`'s; both read the cells through :func:`read_column`.

Decisions (where FORMS.md leaves room; every threshold comes from the profile's
:class:`~perfdesk.domain.monitoring_settings.MonitoringSettings`):
- **Time-shared** rows: ``"time_shared": true|false`` on the row wins; without it, 数量指标 and the
  效益 二级 are time-shared (either framework preset). Then r = actual ÷ (target × month/12) and
  the bands are red < 0.6 ≤ yellow < 0.8 ≤ green < 1.2 ≤ blue, lower bounds included. An actual of
  0 (or below) is red whatever the bands say: nothing has happened yet.
- The bands are compared exactly (actual × 12 against band × target × month, no rounding); the
  ratio shown is cut, not rounded, to 2 decimals (0.7999 shows 0.79, yellow), so that the number
  in the tooltip never contradicts the colour.
- **Not time-shared** positive rows (≥ > =): met → green, otherwise red; ``≥`` and ``=`` are met
  at actual ≥ target, ``>`` only above it. A **target of 0 or below** cannot be shared out over
  the months: such a row is judged as not time-shared (``=0`` is met at actual ≤ 0, as in scoring).
- **Reverse** rows (≤ <) are always held against the whole annual limit, time-shared or not: a
  limit (a unit cost, a rate, an accident count) is not something that accumulates towards a
  target. Inside the limit green, else red (``<`` strictly).
- **Qualitative** rows: the preparer states the progress with one word, 达成 (on plan to date),
  部分达成 or 未达成 — or the self-evaluation tier names (达成年度指标 …), width and spaces
  ignored. 达成 green, 部分达成 yellow, 未达成 red. Any other text cannot be judged (a finding).
- **Money**: 执行率 = 执行数 ÷ 调整后预算数 (profile ``execution_base``: or ÷ 年初预算数), red below
  t − 0.1, yellow below t, else green; never blue. A base of 0 gives no light (a finding).
- Severity order for "worst light": red, yellow, blue (a target set too low), green.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from typing import Final

from perfdesk.domain import labels
from perfdesk.domain.document import IndicatorRow
from perfdesk.domain.frameworks import V2021, is_time_shared_by_default
from perfdesk.domain.indicator_value import (
    Direction,
    IndicatorValue,
    IndicatorValueError,
    Sign,
    format_number,
    parse_actual,
)
from perfdesk.domain.money import Money
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, ExecutionBase, MonitoringSettings
from perfdesk.domain.profiles import tier_key
from perfdesk.domain.scoring_rules import read_target
from perfdesk.domain.value_checks import value_problems

MONTHS: Final = range(1, 13)
_SMALLEST, _LARGEST = Decimal("0.000001"), Decimal(10) ** 15
_CENT, _TENTH = Decimal("0.01"), Decimal("0.1")


class Light(StrEnum):
    """A traffic light colour; ``label`` is what a person reads (红灯 …)."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"

    @property
    def label(self) -> str:
        return labels.label(f"light.{self.value}")

    @property
    def severity(self) -> int:
        """How bad the light is, for the overview's "worst light": red 3, yellow 2, blue 1, green 0."""
        return _SEVERITY[self]

    @property
    def needs_reason(self) -> bool:
        """Red and yellow require a 偏差原因 and a 原因说明 (FORMS.md §4)."""
        return self in (Light.RED, Light.YELLOW)


_SEVERITY: Final = {Light.RED: 3, Light.YELLOW: 2, Light.BLUE: 1, Light.GREEN: 0}


class Progress(StrEnum):
    """How a qualitative indicator stands at the cut-off, in the preparer's own word."""

    ACHIEVED = "达成"
    PARTIAL = "部分达成"
    MISSED = "未达成"


_PROGRESS_WORDS: Final = {
    tier_key(word): progress
    for progress, words in {
        Progress.ACHIEVED: ("达成", "达成年度指标"),
        Progress.PARTIAL: ("部分达成", "部分达成年度指标并具有一定效果"),
        Progress.MISSED: ("未达成", "未达成年度指标且效果较差"),
    }.items()
    for word in words
}
_PROGRESS_LIGHT: Final = {
    Progress.ACHIEVED: Light.GREEN,
    Progress.PARTIAL: Light.YELLOW,
    Progress.MISSED: Light.RED,
}


@dataclass(frozen=True, slots=True)
class LightResult:
    """A light, the ratio it was read from, and its arithmetic in words.

    ``color`` is ``None`` when the inputs cannot be judged (the explanation says why).
    ``ratio`` is r for an indicator (cut to 2 decimals) and 执行率 as a fraction for money.
    """

    color: Light | None
    ratio: Decimal | None
    explanation: str
    time_shared: bool = False


@dataclass(frozen=True, slots=True)
class FundsProgress:
    """The amounts the money light needs: 年初预算数, 调整后预算数, 执行数 to the cut-off."""

    initial: Money
    adjusted: Money
    executed: Money

    def base(self, settings: MonitoringSettings = DEFAULT_MONITORING) -> Money:
        """What 执行率 divides by under ``settings``."""
        return self.initial if settings.execution_base is ExecutionBase.INITIAL else self.adjusted


def read_progress_word(text: str) -> Progress | None:
    """达成 / 部分达成 / 未达成 (or a tier name), width and spaces ignored; ``None`` otherwise."""
    return _PROGRESS_WORDS.get(tier_key(text))


def is_time_shared(row: IndicatorRow) -> bool:
    """The row's own ``time_shared`` switch when it is a boolean, else the framework default."""
    switch = row.raw.get("time_shared")
    if isinstance(switch, bool):
        return switch
    return is_time_shared_by_default(row.lv1, row.lv2) or is_time_shared_by_default(row.lv1, row.lv2, V2021)


def read_target_value(text: str) -> IndicatorValue | None:
    """A 年度指标值 that a light can be read against, or ``None`` (unreadable or incomplete)."""
    try:
        value = read_target(text).value
    except (IndicatorValueError, ArithmeticError):
        return None
    if value_problems(value) or (value.number is not None and not in_range(value.number)):
        return None
    return value


def read_column(text: str, target: IndicatorValue, what: str) -> IndicatorValue | Progress:
    """截至执行值 or 全年预计完成值 read against ``target``; raises IndicatorValueError.

    Against a qualitative target it must be a progress word; against a quantitative one, a number
    in the target's unit (a bare number takes it). ``what`` names the column in the message.
    """
    if target.is_qualitative:
        progress = read_progress_word(text)
        if progress is None:
            raise IndicatorValueError(
                "word",
                f"{what}“{text}”应为 达成、部分达成 或 未达成 之一（指标值“{target.display()}”是定性指标）",
            )
        return progress
    try:
        value = parse_actual(text, target, what=what)
    except ArithmeticError:
        value = None
    if value is None or (value.number is not None and not in_range(value.number)):
        raise IndicatorValueError("out_of_range", f"{what}“{text}”超出可判断的范围（0.000001 至 1000 万亿）")
    if value.number is None:
        raise IndicatorValueError("placeholder", f"{what}“{text}”还留有占位符 *，请填写实际数值")
    return value


def in_range(number: Decimal) -> bool:
    size = abs(number)
    return not size or _SMALLEST <= size < _LARGEST


def indicator_light(
    row: IndicatorRow, month: int | None, settings: MonitoringSettings = DEFAULT_MONITORING
) -> LightResult:
    """The light of one indicator row at the cut-off ``month`` (FORMS.md §4)."""
    target = read_target_value(row.value)
    if target is None:
        return LightResult(None, None, f"指标值“{row.value}”无法识别或不完整，暂不亮灯")
    progress_text = row.get("progress")
    if not progress_text:
        return LightResult(None, None, "尚未填写截至执行值，暂不亮灯")
    try:
        progress = read_column(progress_text, target, labels.label("indicator.progress"))
    except IndicatorValueError as error:
        return LightResult(None, None, f"{error.message}，暂不亮灯")
    if isinstance(progress, Progress):
        color = _PROGRESS_LIGHT[progress]
        return LightResult(
            color, None, f"目标 {target.display()}（定性）；截至 {progress.value} → {color.label}"
        )
    assert target.number is not None and progress.number is not None  # read_column guarantees both
    if target.direction is Direction.REVERSE:
        return _reverse(target, progress)
    shared = is_time_shared(row)
    if shared and target.number > 0:
        if month is None or month not in MONTHS:
            return LightResult(None, None, "截止月份无效，无法按时间进度判断", True)
        return _time_shared(target, progress, month, settings)
    why = "目标为 0，不按时间进度分摊" if shared else "不按时间进度分摊"
    return _against_annual(target, progress, why)


def _time_shared(
    target: IndicatorValue, actual: IndicatorValue, month: int, settings: MonitoringSettings
) -> LightResult:
    t, a, unit = target.number, actual.number, target.unit
    assert t is not None and a is not None
    head = f"目标 {target.display()} × {month}/12 = {_shown_share(t * month / 12)}{unit}；实际 {format_number(a)}{unit}"
    if a <= 0:
        return LightResult(Light.RED, Decimal(0), f"{head}，尚无进展 → {Light.RED.label}", True)
    planned = t * month  # r = a × 12 ÷ planned; compared by multiplying, never dividing
    if a * 12 < settings.red_below * planned:
        color = Light.RED
    elif a * 12 < settings.yellow_below * planned:
        color = Light.YELLOW
    elif a * 12 < settings.blue_from * planned:
        color = Light.GREEN
    else:
        color = Light.BLUE
    ratio = _ratio(a * 12, planned, _CENT)
    return LightResult(color, ratio, f"{head}；比率 {ratio:.2f} → {color.label}", True)


def _against_annual(target: IndicatorValue, actual: IndicatorValue, why: str) -> LightResult:
    t, a = target.number, actual.number
    assert t is not None and a is not None
    if target.sign is Sign.GT:
        met = a > t
    elif target.sign is Sign.EQ and t <= 0:
        met = a <= t
    else:
        met = a >= t
    color = Light.GREEN if met else Light.RED
    ratio = _ratio(a, t, _CENT) if t > 0 else None
    verdict = "已达到" if met else "未达到"
    text = (
        f"目标 {target.display()}（{why}）；实际 {actual.display(with_sign=False)}，{verdict} → {color.label}"
    )
    return LightResult(color, ratio, text)


def _reverse(target: IndicatorValue, actual: IndicatorValue) -> LightResult:
    t, a = target.number, actual.number
    assert t is not None and a is not None
    inside = a < t if target.sign is Sign.LT else a <= t
    color = Light.GREEN if inside else Light.RED
    ratio = _ratio(a, t, _CENT) if t > 0 else None
    verdict = "在限值内" if inside else "超出限值"
    text = (
        f"限值 {target.display()}（反向指标，按全年限值判断）；实际 {actual.display(with_sign=False)}，"
        f"{verdict} → {color.label}"
    )
    return LightResult(color, ratio, text)


def money_light(
    funds: FundsProgress, month: int | None, settings: MonitoringSettings = DEFAULT_MONITORING
) -> LightResult:
    """The money light: 执行率 against the time share t, red below t − margin, yellow below t."""
    base = funds.base(settings)
    base_label = settings.execution_base.label
    if month is None or month not in MONTHS:
        return LightResult(None, None, "截止月份无效，无法按时间进度判断执行率")
    if base.cents <= 0:
        return LightResult(None, None, f"{base_label}为 0，无法计算执行率，暂不亮灯")
    executed = Decimal(funds.executed.cents) * 12
    red_line = (month - 12 * settings.money_margin) * base.cents
    if executed < red_line:
        color = Light.RED
    elif executed < month * base.cents:
        color = Light.YELLOW
    else:
        color = Light.GREEN
    rate = _ratio(Decimal(funds.executed.cents), Decimal(base.cents), Decimal("0.0001"))
    share = Decimal(month) / 12
    red_text = ""
    if share > settings.money_margin:
        red_text = f"低于 {_percent(share - settings.money_margin)} 为红灯、"
    text = (
        f"执行率 = 执行数 {funds.executed.format_wan()} ÷ {base_label} {base.format_wan()} = {_percent(rate)}；"
        f"时间进度 {month}/12 = {_percent(share)}，{red_text}低于 {_percent(share)} 为黄灯 → {color.label}"
    )
    return LightResult(color, rate, text, True)


def worst(lights: list[Light | None] | tuple[Light | None, ...]) -> Light | None:
    """The most severe light among ``lights`` (red, yellow, blue, green), ``None`` when none shows."""
    shown = [light for light in lights if light is not None]
    return max(shown, key=lambda light: light.severity, default=None)


# The default context (28 digits) rounding down, made once: a ``localcontext()`` per call copied
# the thread's context on every light of every row.
_DOWN = Context(rounding=ROUND_DOWN)


def _cut(value: Decimal, quantum: Decimal) -> Decimal:
    """``value`` cut (not rounded) to ``quantum``, so a shown ratio never crosses a band."""
    return value.quantize(quantum, rounding=ROUND_DOWN)


def _ratio(numerator: Decimal, denominator: Decimal, quantum: Decimal) -> Decimal:
    """``numerator ÷ denominator`` cut to ``quantum``; the division itself never rounds up either."""
    return _DOWN.divide(numerator, denominator).quantize(quantum, context=_DOWN)


def _shown_share(value: Decimal) -> str:
    """A time-shared target as written in a tooltip: 291.7 (from 100 up), 1.75, 58.33."""
    quantum = _TENTH if abs(value) >= 100 else _CENT
    # A quantized value fits the context's 28 digits, so format_number's normalize() does not
    # round again: the rounding mode matters for the quantize alone.
    return format_number(value.quantize(quantum, rounding=ROUND_HALF_UP))


def _percent(fraction: Decimal) -> str:
    return f"{_cut(fraction * 100, _CENT):.2f}%"
