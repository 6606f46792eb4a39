"""The arithmetic of one self-evaluation score (FORMS.md §5.1), each with its Chinese explanation.

``score_funds`` scores the money block, ``score_indicator_value`` one indicator row from its 指标值
and 实际完成值 (or its tier and score, when qualitative). Both return the score rounded the
profile's way, the arithmetic as a sentence for a tooltip, and findings for what the preparer got
wrong. Overrides, 不适用, reasons and totals are :mod:`perfdesk.domain.scoring`'s.

Decisions:
- "Meets the target" is ``actual ≥ target`` for ≥, > and =, and ``actual ≤ target`` for ≤ and <: the
  strict signs are not held to an epsilon, since the ratio would give the full weight anyway.
- A target of 0 (or below) cannot scale a score: =0 and ≤0 give full marks within the limit and 0
  beyond it; ≥0 gives full marks when met and 0 otherwise. A negative result is scored 0.
- Products are taken before quotients (``weight × actual ÷ target``) so that a score that is an
  exact decimal is computed exactly and rounds half up as a person would by hand.
- Speed (a county scores thousands of sheets at once): targets are parsed once per distinct text,
  and an actual written as a plain number, alone or with the target's own unit (``3.2``, ``95%``),
  is read without the full parser. :func:`read_actual` gives exactly what ``parse_actual`` gives
  for those (a property test holds them together); everything else goes through ``parse_actual``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Final, NamedTuple

from perfdesk.domain import labels
from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.indicator_value import (
    IndicatorValue,
    IndicatorValueError,
    Sign,
    format_number,
    parse_actual,
    parse_indicator_value,
)
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.profiles import ReverseRule, ScoringProfile
from perfdesk.domain.text import normalize_width

ZERO: Final = Decimal(0)
HUNDRED: Final = Decimal(100)
_POINTS = re.compile(r"[-+]?\d+(?:\.\d+)?")
# A number the parser would show back unchanged (no sign, no leading or trailing zeros), then the rest.
_QUALITATIVE, _LE, _LT, _EQ = Sign.QUALITATIVE, Sign.LE, Sign.LT, Sign.EQ  # enum look-ups are slow
_PLAIN_NUMBER = re.compile(r"((?:0|[1-9]\d*)(?:\.\d*[1-9])?)(.*)", re.DOTALL)


class Outcome(NamedTuple):
    """A score (already rounded), its arithmetic in words, and what the preparer must fix.

    ``achieved`` is true when the target counts as met (full marks, or a qualitative score in the
    top tier); ``over_achieved`` when the actual reached the over-achievement threshold.
    """

    score: Decimal
    explanation: str
    findings: tuple[Finding, ...] = ()
    achieved: bool = False
    over_achieved: bool = False


class FundsOutcome(NamedTuple):
    """The money block: score, explanation, 执行率 in percent (``None`` when A is 0 or missing)."""

    score: Decimal
    explanation: str
    rate_percent: Decimal | None
    findings: tuple[Finding, ...]


class Target(NamedTuple):
    """A parsed 指标值 with the pieces an explanation shows (``3公里`` and ``3`` for ``≥3公里``).

    ``in_range`` is false for a number too large or too small to score (see ``_in_range``).
    """

    value: IndicatorValue
    shown: str
    number: str
    in_range: bool = True


def text_of(row: IndicatorRow, name: str) -> str:
    """A row's field as trimmed text (``IndicatorRow.get``, without its detour for plain strings)."""
    value = row.raw.get(name)
    return value.strip() if type(value) is str else row.get(name)


@lru_cache(maxsize=4096)
def read_points(text: str) -> Decimal | None:
    """A weight or score typed by a person (``20``, ``７.５``, ``20分``), or ``None``."""
    compact = normalize_width(text).strip().removesuffix("分").strip()
    return Decimal(compact) if _POINTS.fullmatch(compact) else None


@lru_cache(maxsize=8192)
def read_target(text: str) -> Target:
    """The 指标值 ``text`` parsed (raises IndicatorValueError); distinct texts are few, so cached."""
    value = parse_indicator_value(text)
    number = "" if value.number is None else format_number(value.number)
    in_range = value.number is None or _in_range(value.number)
    return Target(value, value.display(with_sign=False), number, in_range)


class Actual(NamedTuple):
    """An actual value's number, the number as shown (``3.2``) and shown with its unit (``3.2公里``)."""

    number: Decimal
    text: str
    shown: str


def read_actual(text: str, target: IndicatorValue) -> Actual | None:
    """The actual as ``parse_actual`` reads it (raises IndicatorValueError); ``None`` for ``**``."""
    plain = _PLAIN_NUMBER.fullmatch(text)
    if plain is not None:
        number, rest = plain.groups()
        # "2024年" or "12月底" read as dates, never as numbers; leave those to the parser.
        if not rest or (rest == target.unit and rest[0] not in "年月"):
            return Actual(Decimal(number), number, number + target.unit)
    actual = parse_actual(text, target)
    if actual.number is None:
        return None
    return Actual(actual.number, format_number(actual.number), actual.display(with_sign=False))


def row_name(row: IndicatorRow) -> str:
    """How a message names a row: ``第 3 行指标“受益脱贫人口数”``."""
    return f"第 {row.index + 1} 行指标“{text_of(row, 'lv3') or '（未填写名称）'}”"


def score_funds(doc: FormDoc, profile: ScoringProfile) -> FundsOutcome:
    """weight × min(B ÷ A, 1); A = 0 or an unreadable amount is a finding and scores 0."""
    weight = profile.funds_weight
    budget = _amount(doc, "annual", labels.label("selfeval.funds.budget"))
    executed = _amount(doc, "executed", labels.label("selfeval.funds.executed"))
    if not isinstance(budget, Money) or not isinstance(executed, Money):
        problems = tuple(x for x in (budget, executed) if isinstance(x, Finding))
        return FundsOutcome(ZERO, "预算执行数据不完整，暂得 0 分", None, problems)
    if not budget:
        message = "全年预算数为 0，无法计算预算执行率；请填写全年（调整后）预算数"
        finding = Finding("score.budget_zero", Severity.ERROR, "funds.annual", message)
        return FundsOutcome(ZERO, "全年预算数为 0，无法计算执行率，得 0 分", None, (finding,))
    a, b = budget.to_document(), executed.to_document()
    rate = profile.round(Decimal(executed.cents) * HUNDRED / budget.cents)
    findings: tuple[Finding, ...] = ()
    if executed > budget:
        message = f"全年执行数 {b} 万元超过全年预算数 {a} 万元，请核对两个数；确实超支的请写出错说明"
        findings = (Finding("score.over_executed", Severity.WARNING, "funds.executed", message),)
    rate_text = f"执行率 {b} ÷ {a} = {rate}%"
    if weight == 0:
        return FundsOutcome(ZERO, f"{rate_text}（本方案预算执行不计分）", rate, findings)
    if executed >= budget:
        full = profile.round(weight)
        return FundsOutcome(full, f"{rate_text}，得满分 {full}", rate, findings)
    score = profile.round(weight * executed.cents / budget.cents)
    return FundsOutcome(score, f"{rate_text}，{format_number(weight)} × {b} ÷ {a} = {score}", rate, findings)


_MAX_CENTS = 10**18  # 1e12 万元


def _amount(doc: FormDoc, name: str, what: str) -> Money | Finding:
    field = f"funds.{name}"
    text = doc.text("funds", name)
    if not text:
        return Finding(
            "score.funds", Severity.ERROR, field, f"缺少{what}（{field}），请以万元填写，例如 120.00"
        )
    amount = _wan(text)
    if isinstance(amount, str):
        return Finding("score.funds", Severity.ERROR, field, f"{what}：{amount}")
    if amount.cents > _MAX_CENTS:
        return Finding("score.funds", Severity.ERROR, field, f"{what}“{text}”超过一万亿万元，请核对金额")
    if amount.cents < 0:
        return Finding("score.funds", Severity.ERROR, field, f"{what}“{text}”为负数，请填写实际金额")
    return amount


@lru_cache(maxsize=4096)
def _wan(text: str) -> Money | str:
    """``Money.from_wan`` remembered (amounts repeat across sheets); a MoneyError as its message."""
    try:
        return Money.from_wan(text)
    except MoneyError as exc:
        return str(exc)
    except ArithmeticError:
        return Money(_MAX_CENTS + 1)


def score_indicator_value(row: IndicatorRow, weight: Decimal, profile: ScoringProfile) -> Outcome:
    """The computed score of one applicable row, before any override."""
    value_text = row.raw.get("value")
    value_text = value_text.strip() if type(value_text) is str else row.get("value")
    try:
        target = read_target(value_text)
    except IndicatorValueError as exc:
        return _failed(row, "score.value", "value", f"{row_name(row)}的指标值无法计分：{exc.message}")
    except ArithmeticError:  # a number of a million digits overflows even the parser
        return _failed(row, "score.value", "value", f"{row_name(row)}的指标值{_OUT_OF_RANGE}")
    value = target.value
    if value.sign is _QUALITATIVE:
        return _score_tier(row, weight, profile)
    if value.number is None:
        message = f"{row_name(row)}的指标值“{value.display()}”缺少目标数值，请填写后再计分"
        return _failed(row, "score.value", "value", message)
    if not target.in_range:
        return _failed(row, "score.value", "value", f"{row_name(row)}的指标值“{value_text}”{_OUT_OF_RANGE}")
    try:
        return score_measured(value_text, text_of(row, "actual"), weight, profile)
    except IndicatorValueError as exc:
        return _failed(row, "score.actual", "actual", f"{row_name(row)}：{exc.message}")
    except ArithmeticError:
        return _failed(row, "score.actual", "actual", f"{row_name(row)}的实际完成值{_OUT_OF_RANGE}")


@lru_cache(maxsize=16384)
def score_measured(value_text: str, actual_text: str, weight: Decimal, profile: ScoringProfile) -> Outcome:
    """A quantitative row's score from its texts; raises IndicatorValueError for an unusable actual.

    Cached: across a county's sheets the same targets, actuals and weights come back again and again
    (=100% and 100%, ≥95% and 98%), and the outcome depends on nothing else.
    """
    target = read_target(value_text)
    actual = read_actual(actual_text, target.value)
    if actual is None:
        raise IndicatorValueError("value.placeholder", "实际完成值还是占位符 **，请填写实际数值")
    if not _in_range(actual.number):
        raise IndicatorValueError("value.out_of_range", f"实际完成值“{actual_text}”{_OUT_OF_RANGE}")
    sign = target.value.sign
    if sign is _LE or sign is _LT:
        return _score_reverse(target, actual, weight, profile)
    return _score_positive(target, actual, weight, profile)


# Beyond everyday magnitudes a number is a typing slip, and exact arithmetic on it would overflow.
_SMALLEST, _LARGEST = Decimal("1e-6"), Decimal("1e15")
_OUT_OF_RANGE = "数值超出可计分的范围（0.000001 至 1000 万亿），请核对后重新填写"


def _in_range(number: Decimal) -> bool:
    size = abs(number)
    return not size or _SMALLEST <= size < _LARGEST


def _failed(row: IndicatorRow, code: str, column: str, message: str) -> Outcome:
    return Outcome(ZERO, "无法计分，暂得 0 分", (Finding(code, Severity.ERROR, row.field(column), message),))


def _score_positive(target: Target, actual: Actual, weight: Decimal, profile: ScoringProfile) -> Outcome:
    # Outcomes are built positionally (score, explanation, findings, achieved, over_achieved):
    # keywords cost more, and this runs for every distinct target and actual of a county.
    t, a, shown, sign = target.value.number or ZERO, actual.number, actual.shown, target.value.sign
    if sign is _EQ and t == 0:
        if a <= 0:
            full = profile.round(weight)
            return Outcome(full, f"实际 {shown} = 目标 {target.shown}，得满分 {full}", (), True)
        return Outcome(ZERO, f"目标为 0，实际 {shown} 超过 0，得 0 分")
    if a >= t:
        full = profile.round(weight)
        relation = "=" if a == t else (">" if sign is _EQ else str(sign))  # str(): the symbol
        met = f"实际 {shown} {relation} 目标 {target.shown}，得满分 {full}"
        if t <= 0 or a * HUNDRED < t * profile.over_threshold_percent:
            return Outcome(full, met, (), True)
        percent = format_number(profile.round(a * HUNDRED / t))
        met += f"；实际为目标的 {percent}%，达到超额完成线 {format_number(profile.over_threshold_percent)}%"
        if profile.over_deduction == 0:
            return Outcome(full, met, achieved=True, over_achieved=True)
        score = profile.round(max(weight - profile.over_deduction, ZERO))
        met += f"，扣 {format_number(profile.over_deduction)} 分，得 {score}"
        return Outcome(score, met, achieved=True, over_achieved=True)
    if t <= 0:
        return Outcome(
            ZERO, f"实际 {shown} 未达到目标 {target.shown}（目标不大于 0，无法按比例计分），得 0 分"
        )
    raw = profile.round(weight * a / t)
    text = f"实际 {shown} 未达到目标 {target.shown}：{weight} × {actual.text} ÷ {target.number} = {raw}"
    if raw < 0:
        return Outcome(ZERO, text + "，不足 0 分按 0 计")
    return Outcome(raw, text)


def _score_reverse(target: Target, actual: Actual, weight: Decimal, profile: ScoringProfile) -> Outcome:
    t, a, shown = target.value.number or ZERO, actual.number, actual.shown
    if a <= t:
        full = profile.round(weight)
        relation = "=" if a == t else str(target.value.sign)  # str(): the symbol, as .value
        return Outcome(full, f"实际 {shown} {relation} 目标 {target.shown}，得满分 {full}", (), True)
    if t <= 0:
        return Outcome(ZERO, f"实际 {shown} 超过目标 {target.shown}（反向指标，目标不大于 0），得 0 分")
    w, an, tn = weight, actual.text, target.number
    over = f"实际 {shown} 超过目标 {target.shown}"
    if profile.reverse is ReverseRule.RATIO:
        score = profile.round(weight * t / a)
        return Outcome(score, f"{over}（反向指标，按比例计分）：{w} × {tn} ÷ {an} = {score}")
    raw = profile.round(weight * (2 * t - a) / t)
    text = f"{over}（反向指标，超出部分线性扣分）：{w} × (1 − ({an} − {tn}) ÷ {tn}) = {raw}"
    if raw < 0:
        return Outcome(ZERO, text + "，不足 0 分按 0 计")
    return Outcome(raw, text)


def _score_tier(row: IndicatorRow, weight: Decimal, profile: ScoringProfile) -> Outcome:
    """A qualitative row: the preparer's tier and the score typed inside its band."""
    tier_text = text_of(row, "tier")
    tier = profile.tier_named(tier_text) if tier_text else None
    if tier is None:
        names = "、".join(tier.name for tier in profile.tiers)
        if tier_text:
            message = f"{row_name(row)}的完成档次“{tier_text}”不认识，请选择：{names}"
        else:
            message = f"{row_name(row)}是定性指标，请选择完成档次（{names}）"
        return _failed(row, "score.tier", "tier", message)
    band = f"{tier.name}（分值的 {tier.percents}）"
    given_text = text_of(row, "score")
    given = read_points(given_text) if given_text else None
    if given is not None and tier.contains(given, weight):
        score = profile.round(given)
        return Outcome(score, f"定性指标，{band}，填报得分 {score}", (), tier is profile.tiers[0])
    low, high = tier.band(weight)
    upper = "不高于" if tier.high_percent == HUNDRED else "低于"
    limits = f"不低于 {profile.show(low)} 分且{upper} {profile.show(high)} 分"
    if given is None:
        problem = f"填写的得分“{given_text}”不是数字" if given_text else "缺少得分"
        return _failed(row, "score.tier_score", "score", f"{row_name(row)}{problem}；{band}的得分应{limits}")
    score = profile.round(min(max(given, ZERO), weight))
    message = (
        f"{row_name(row)}选择了“{tier.name}”，得分应{limits}，现为 {format_number(given)}；请改得分或改档次"
    )
    finding = Finding("score.tier_band", Severity.ERROR, row.field("score"), message)
    return Outcome(
        score, f"定性指标，{band}，填报得分 {score}", (finding,), achieved=tier is profile.tiers[0]
    )
