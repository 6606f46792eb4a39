"""Properties of self-evaluation scoring that must hold for every sheet a person could fill in."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfdesk.domain.document import FormDoc
from perfdesk.domain.indicator_value import IndicatorValueError, parse_actual, parse_indicator_value
from perfdesk.domain.profiles import load_profile
from perfdesk.domain.scoring import score_self_evaluation
from perfdesk.domain.scoring_rules import read_actual

MOF = load_profile("mof-2020")
PROFILES = [MOF, load_profile("provincial-cap"), load_profile("free-90")]
HUNDRED = Decimal(100)
TIERS = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差", "部分达成"]
UNITS = ["人", "%", "公里", "元/亩", "万元", "个", "年", "个月", "人次"]
LV1 = ["产出指标", "效益指标", "满意度指标"]

amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)


def text(number: Decimal) -> str:
    return format(number, "f")


@st.composite
def weights(draw: st.DrawFn, total: int = 900) -> list[Decimal]:
    """Weights in tenths of a point adding up to ``total`` tenths (90 points), one per row."""
    count = draw(st.integers(min_value=1, max_value=12))
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, total]
    return [Decimal(b - a) / 10 for a, b in itertools.pairwise(bounds)]


@st.composite
def rows(draw: st.DrawFn, weight: Decimal, na: bool | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "lv1": draw(st.sampled_from(LV1)),
        "lv2": "数量指标",
        "lv3": "指标",
        "weight": text(weight),
    }
    if draw(st.integers(0, 4)) == 0:
        share = draw(st.decimals(min_value=0, max_value=Decimal("1.2"), places=2))
        row.update(
            value="明显改善",
            tier=draw(st.sampled_from(TIERS)),
            score=text((weight * share).quantize(Decimal("0.01"))),
        )
    else:
        unit = draw(st.sampled_from(UNITS))
        sign = draw(st.sampled_from(["≥", ">", "=", "≤", "<"]))
        row.update(
            value=f"{sign}{text(draw(amounts))}{unit}",
            actual=text(draw(amounts)) + draw(st.sampled_from(["", unit])),
        )
    row["reason"] = draw(st.sampled_from(["", "原因"]))
    row["na"] = draw(st.booleans()) if na is None else na
    if draw(st.integers(0, 9)) == 0:
        row["override"] = {"score": text(draw(st.decimals(0, 30, places=2))), "reason": "认定"}
    return row


@st.composite
def sheets(draw: st.DrawFn, na: bool | None = None) -> FormDoc:
    budget = draw(amounts)
    executed = draw(st.decimals(min_value=0, max_value=budget * Decimal("1.2") + 1, places=2))
    indicators = [draw(rows(w, na)) for w in draw(weights())]
    raw = {
        "kind": "selfeval",
        "schema_version": 1,
        "fiscal_year": 2023,
        "unit": {"code": "610921101", "name": "城关镇人民政府"},
        "project": {"code": "610921-23-0001", "name": "测试项目"},
        "funds": {"annual": text(budget), "executed": text(executed)},
        "indicators": indicators,
    }
    return FormDoc(raw)


@settings(deadline=None)
@given(sheets(), st.sampled_from(PROFILES))
def test_a_score_never_exceeds_its_weight(doc: FormDoc, profile: Any) -> None:
    result = score_self_evaluation(doc, profile)
    for row in result.indicators:
        assert 0 <= row.computed <= row.weight
        assert 0 <= row.score <= row.weight
    assert 0 <= result.funds_score <= profile.funds_weight


@settings(deadline=None)
@given(sheets(), st.sampled_from(PROFILES))
def test_the_total_never_exceeds_100(doc: FormDoc, profile: Any) -> None:
    result = score_self_evaluation(doc, profile)
    assert 0 <= result.total <= HUNDRED
    assert result.grade in {"优", "良", "中", "差"}


@settings(deadline=None)
@given(sheets())
def test_rescaling_for_rows_that_do_not_apply_keeps_the_total_within_100(doc: FormDoc) -> None:
    result = score_self_evaluation(doc, MOF)
    applicable = [row for row in result.indicators if not row.na]
    na_weight = sum((row.weight for row in result.indicators if row.na), Decimal(0))
    assert result.total <= HUNDRED
    if applicable and na_weight:
        # (money + Σ scores) × 100 ÷ (100 − Σ 不适用 weights), rounded once, half up
        subtotal = result.funds_score + sum((row.score for row in applicable), Decimal(0))
        assert result.total == MOF.round(subtotal * HUNDRED / (HUNDRED - na_weight))


@settings(deadline=None)
@given(sheets(na=False))
def test_the_total_is_the_sum_of_the_rounded_scores(doc: FormDoc) -> None:
    result = score_self_evaluation(doc, MOF)
    for row in result.indicators:
        assert row.score == MOF.round(row.score)
    assert result.total == result.funds_score + sum((row.score for row in result.indicators), Decimal(0))


@settings(deadline=None)
@given(
    st.sampled_from(["≥", ">", "="]),
    st.decimals(min_value=Decimal("0.01"), max_value=10_000, places=2),
    amounts,
    amounts,
    st.decimals(min_value=Decimal("0.1"), max_value=90, places=1),
)
def test_raising_the_actual_never_lowers_a_positive_indicator(
    sign: str, target: Decimal, first: Decimal, second: Decimal, weight: Decimal
) -> None:
    def scored(actual: Decimal) -> Decimal:
        row = {
            "lv1": "产出指标",
            "lv3": "指标",
            "value": f"{sign}{text(target)}人",
            "actual": text(actual),
            "weight": text(weight),
        }
        doc = FormDoc({"kind": "selfeval", "funds": {"annual": "1", "executed": "1"}, "indicators": [row]})
        return score_self_evaluation(doc, MOF).indicators[0].score

    low, high = sorted((first, second))
    assert scored(low) <= scored(high)


@given(
    st.sampled_from(["≥", "≤", "="]),
    st.decimals(min_value=0, max_value=10_000, places=3),
    st.sampled_from([*UNITS, "月份", "年度", "", "公里/小时"]),
    st.one_of(
        st.decimals(min_value=0, max_value=5_000, places=3).map(text),
        st.sampled_from(["2024", "2024年", "12月份", "3.20", "03", "1,200", "-1", "**", " 5 "]),
    ),
    st.sampled_from(["", "same", "人", "%", "年", "月底"]),
)
@example("≥", Decimal(15), "年", "2024", "same")  # "2024年" is a date to the parser, not 2024 years
@example("≥", Decimal(3), "月份", "12", "same")  # "12月份" too
@example("≥", Decimal(3), "公里", "3.20", "")  # trailing zero: shown back as 3.2
@settings(max_examples=300)
def test_the_quick_read_of_an_actual_agrees_with_the_parser(
    sign: str, target: Decimal, unit: str, number: str, suffix: str
) -> None:
    value = parse_indicator_value(f"{sign}{text(target)}{unit}")
    typed = number + (unit if suffix == "same" else suffix)
    try:
        expected = parse_actual(typed, value)
    except IndicatorValueError as exc:
        try:
            read_actual(typed, value)
        except IndicatorValueError as again:
            assert again.code == exc.code
        else:
            raise AssertionError(f"{typed!r} read, but the parser refuses it ({exc.code})") from None
        return
    got = read_actual(typed, value)
    if expected.number is None:
        assert got is None
    else:
        assert got is not None
        assert (got.number, got.shown) == (expected.number, expected.display(with_sign=False))


typed = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[≥≤=<>]?-?\d{1,40}(\.\d{1,40})?(%|人|公里)?", fullmatch=True),
    st.sampled_from(["", "**", "≥**人", "1e5", "NaN", "Infinity", "9" * 400, "0." + "0" * 60 + "1"]),
)


@settings(deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "value": typed,
            "actual": typed,
            "weight": typed,
            "tier": typed,
            "score": typed,
            "lv1": st.sampled_from(LV1),
        }
    ),
    st.one_of(st.none(), st.fixed_dictionaries({"score": typed, "reason": typed})),
    typed,
    typed,
)
def test_whatever_is_typed_scoring_never_raises(
    row: dict[str, Any], override: dict[str, Any] | None, budget: str, executed: str
) -> None:
    if override is not None:
        row["override"] = override
    doc = FormDoc(
        {"kind": "selfeval", "funds": {"annual": budget, "executed": executed}, "indicators": [row]}
    )
    for profile in PROFILES:
        result = score_self_evaluation(doc, profile)
        assert 0 <= result.total <= HUNDRED
        assert 0 <= result.indicators[0].score <= max(result.indicators[0].weight, Decimal(0))
