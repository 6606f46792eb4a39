"""The double traffic light of a monitoring sheet (FORMS.md §4), at its boundaries, and its rules."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfdesk.domain.checks import blocking, check_document, field_label
from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.money import Money
from perfdesk.domain.monitoring import monitoring_findings, sheet_lights
from perfdesk.domain.monitoring_lights import FundsProgress, Light, indicator_light, money_light
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, ExecutionBase, MonitoringSettings
from perfdesk.domain.profiles import ProfileError, load_profile, profiles_dir

D = Decimal
DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
RED, YELLOW, GREEN, BLUE = Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE


def row(value: str, progress: str, lv2: str = "数量指标", **extra: Any) -> IndicatorRow:
    lv1 = {"数量指标": "产出指标", "质量指标": "产出指标", "成本指标": "产出指标"}.get(lv2, "效益指标")
    if lv2 == "服务对象满意度指标":
        lv1 = "满意度指标"
    return IndicatorRow(
        0, {"lv1": lv1, "lv2": lv2, "lv3": "受益人口数", "value": value, "progress": progress, **extra}
    )


def light(value: str, progress: str, month: int = 6, lv2: str = "数量指标", **extra: Any) -> Light | None:
    return indicator_light(row(value, progress, lv2, **extra), month).color


def road() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DOCUMENTS / "monitoring-road.json").read_text(encoding="utf-8"))
    return doc


def findings(doc: dict[str, Any]) -> list[Finding]:
    return monitoring_findings(FormDoc(doc))


def codes_at(doc: dict[str, Any], field: str) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in findings(doc) if f.field == field]


# -- time-shared indicators: ≥100人 at month 6 is 50人 to date ----------------------------------


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ("0", RED),
        ("29.99", RED),  # r 0.5998
        ("30", YELLOW),  # r 0.6 exactly: yellow
        ("39.99", YELLOW),
        ("40", GREEN),  # r 0.8 exactly: green
        ("59.99", GREEN),
        ("60", BLUE),  # r 1.2 exactly: blue
        ("60.01", BLUE),
    ],
)
def test_time_shared_bands_include_their_lower_bound(progress: str, expected: Light) -> None:
    assert light("≥100人", progress) is expected


@pytest.mark.parametrize(
    ("month", "low_yellow", "low_green", "low_blue"),
    [(6, "30", "40", "60"), (7, "35", "46.666667", "70"), (9, "45", "60", "90"), (12, "60", "80", "120")],
)
def test_the_time_share_follows_the_cut_off_month(
    month: int, low_yellow: str, low_green: str, low_blue: str
) -> None:
    assert light("≥100人", low_yellow, month) is YELLOW
    assert light("≥100人", low_green, month) is GREEN
    assert light("≥100人", low_blue, month) is BLUE
    just_below = str(D(low_yellow) - D("0.01"))
    assert light("≥100人", just_below, month) is RED


def test_the_tooltip_shows_the_arithmetic() -> None:
    result = indicator_light(row("≥500人", "240"), 7)
    assert result.explanation == "目标 ≥500人 × 7/12 = 291.7人；实际 240人；比率 0.82 → 绿灯"
    assert (result.color, result.ratio, result.time_shared) == (GREEN, D("0.82"), True)
    small = indicator_light(row("≥3公里", "1.5公里"), 7)
    assert small.explanation == "目标 ≥3公里 × 7/12 = 1.75公里；实际 1.5公里；比率 0.85 → 绿灯"


def test_the_shown_ratio_is_cut_so_it_never_contradicts_the_colour() -> None:
    result = indicator_light(row("≥100人", "39.999"), 6)
    assert (result.color, result.ratio) == (YELLOW, D("0.79"))


def test_nothing_done_yet_is_red_even_when_a_county_sets_no_red_band() -> None:
    lenient = MonitoringSettings(red_below=D(0))
    result = indicator_light(row("≥100人", "0"), 6, lenient)
    assert result.color is RED and "尚无进展" in result.explanation
    assert indicator_light(row("≥100人", "1"), 6, lenient).color is YELLOW


def test_the_profile_moves_the_bands() -> None:
    county = MonitoringSettings(red_below=D("0.5"), yellow_below=D("0.7"), blue_from=D("1.5"))
    assert indicator_light(row("≥100人", "25"), 6, county).color is YELLOW
    assert indicator_light(row("≥100人", "35"), 6, county).color is GREEN
    assert indicator_light(row("≥100人", "70"), 6, county).color is GREEN


# -- not time-shared, reverse and qualitative --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "progress", "expected"),
    [
        ("=100%", "100%", GREEN),
        ("=100%", "99.9%", RED),
        ("≥95%", "95%", GREEN),
        ("≥95%", "94.99%", RED),
        (">95%", "95%", RED),  # strictly above
        (">95%", "95.1%", GREEN),
        ("≥90%", "130%", GREEN),  # never blue against the annual target
    ],
)
def test_quality_is_held_against_the_annual_target(value: str, progress: str, expected: Light) -> None:
    assert light(value, progress, 7, "质量指标") is expected
    result = indicator_light(row(value, progress, "质量指标"), 7)
    assert "不按时间进度分摊" in result.explanation and not result.time_shared


def test_satisfaction_and_cost_are_not_time_shared_by_default() -> None:
    assert light("≥95%", "96%", 7, "服务对象满意度指标") is GREEN
    assert light("≥95%", "60%", 7, "服务对象满意度指标") is RED


def test_the_per_indicator_switch_overrides_the_category_default() -> None:
    # 工程设计使用年限 under 可持续影响 is time-shared by default, which makes no sense for it.
    assert light("≥15年", "15年", 7, "可持续影响指标") is BLUE
    assert light("≥15年", "15年", 7, "可持续影响指标", time_shared=False) is GREEN
    assert light("≥15年", "14年", 7, "可持续影响指标", time_shared=False) is RED
    # and a 质量 indicator that does accumulate can be switched on
    assert light("≥90%", "40%", 6, "质量指标") is RED
    assert light("≥90%", "40%", 6, "质量指标", time_shared=True) is GREEN  # 40 ÷ 45 = 0.88
    assert light("≥100人", "30", 6, time_shared="yes") is YELLOW  # not a boolean: the default stands


@pytest.mark.parametrize(
    ("value", "progress", "expected"),
    [
        ("≤40万元/公里", "40", GREEN),
        ("≤40万元/公里", "40.01", RED),
        ("<40万元/公里", "39.99", GREEN),
        ("<40万元/公里", "40", RED),
        ("≤120万元", "10", GREEN),  # far inside: never blue
    ],
)
def test_reverse_indicators_are_held_against_the_whole_limit(
    value: str, progress: str, expected: Light
) -> None:
    assert light(value, progress, 6, "成本指标") is expected
    assert light(value, progress, 6, "成本指标", time_shared=True) is expected
    assert "反向指标，按全年限值判断" in indicator_light(row(value, progress, "成本指标"), 6).explanation


@pytest.mark.parametrize(
    ("progress", "expected"),
    [("达成", GREEN), ("部分达成", YELLOW), ("未达成", RED), ("达成年度指标", GREEN), ("部分 达成", YELLOW)],
)
def test_qualitative_indicators_take_one_word(progress: str, expected: Light) -> None:
    result = indicator_light(row("明显改善", progress, "生态效益指标"), 7)
    assert result.color is expected and result.ratio is None
    assert result.explanation.startswith("目标 明显改善（定性）；截至")


def test_a_qualitative_progress_in_other_words_gets_no_light_and_a_finding() -> None:
    assert light("明显改善", "基本完成", 7, "生态效益指标") is None
    doc = road()
    doc["indicators"][9]["progress"] = "基本完成"
    assert codes_at(doc, "indicators[9].progress") == [("monitor.progress.word", Severity.ERROR)]


def test_a_target_of_zero_is_judged_against_the_year_without_dividing() -> None:
    result = indicator_light(row("=0起", "0"), 7)
    assert result.color is GREEN and "目标为 0，不按时间进度分摊" in result.explanation
    assert light("=0起", "1", 7) is RED
    assert light("≥0个", "0", 7) is GREEN


def test_no_light_without_a_readable_target_or_progress() -> None:
    assert light("≥**人", "10", 7) is None
    assert light("≥100人", "", 7) is None
    assert light("≥100人", "10元", 7) is None
    assert indicator_light(row("≥100人", "10"), 13).color is None


# -- money --------------------------------------------------------------------------------------


def funds(executed: str, adjusted: str = "120", initial: str = "120") -> FundsProgress:
    return FundsProgress(Money.from_wan(initial), Money.from_wan(adjusted), Money.from_wan(executed))


@pytest.mark.parametrize(
    ("month", "adjusted", "red_line", "yellow_line"),
    [(6, "100", "40", "50"), (7, "120", "58", "70"), (9, "100", "65", "75"), (12, "100", "90", "100")],
)
def test_money_is_red_below_t_minus_a_tenth_and_yellow_below_t(
    month: int, adjusted: str, red_line: str, yellow_line: str
) -> None:
    cent = D("0.000001")
    assert money_light(funds(str(D(red_line) - cent), adjusted), month).color is RED
    assert money_light(funds(red_line, adjusted), month).color is YELLOW
    assert money_light(funds(str(D(yellow_line) - cent), adjusted), month).color is YELLOW
    assert money_light(funds(yellow_line, adjusted), month).color is GREEN


def test_the_money_tooltip_and_the_base_chosen_by_the_profile() -> None:
    result = money_light(funds("60"), 7)
    assert result.explanation == (
        "执行率 = 执行数 60.00 ÷ 调整后预算数 120.00 = 50.00%；时间进度 7/12 = 58.33%，"
        "低于 48.33% 为红灯、低于 58.33% 为黄灯 → 黄灯"
    )
    assert result.ratio == D("0.5")
    by_initial = MonitoringSettings(execution_base=ExecutionBase.INITIAL)
    cut = funds("60", adjusted="80", initial="120")
    assert money_light(cut, 7).color is GREEN  # 60 ÷ 80 = 75 %
    assert money_light(cut, 7, by_initial).color is YELLOW  # 60 ÷ 120 = 50 %
    assert "年初预算数 120.00" in money_light(cut, 7, by_initial).explanation


def test_a_zero_budget_is_a_finding_not_a_crash() -> None:
    result = money_light(funds("0", adjusted="0"), 7)
    assert result.color is None and "为 0" in result.explanation
    doc = road()
    doc["funds"]["adjusted"] = "0"
    assert codes_at(doc, "funds.adjusted") == [("monitor.funds.base_zero", Severity.WARNING)]
    assert ("monitor.funds.over_executed", Severity.WARNING) in codes_at(doc, "funds.executed")


def test_a_money_light_that_is_not_green_asks_for_a_reason() -> None:
    doc = road()
    assert sheet_lights(FormDoc(doc)).money.color is YELLOW
    doc["funds"]["deviation"], doc["funds"]["reason"] = [], ""
    assert codes_at(doc, "funds.deviation") == [("monitor.deviation.missing", Severity.ERROR)]
    assert codes_at(doc, "funds.reason") == [("monitor.reason.missing", Severity.ERROR)]
    doc["funds"]["executed"] = "70.00"  # on schedule: green, nothing asked
    assert codes_at(doc, "funds.deviation") == codes_at(doc, "funds.reason") == []


# -- required reasons ---------------------------------------------------------------------------


def test_the_example_sheets_are_clean() -> None:
    for name in ("monitoring-road.json", "monitoring-subsidy.json"):
        doc = FormDoc(json.loads((DOCUMENTS / name).read_text(encoding="utf-8")))
        assert check_document(doc) == [], name


def test_a_red_or_yellow_light_requires_a_deviation_and_a_reason() -> None:
    doc = road()
    income = doc["indicators"][7]  # 带动增加脱贫人口收入 ≥15万元: 3万元 by July is red
    assert sheet_lights(FormDoc(doc)).indicators[7].color is RED
    income.update(deviation=[], reason="")
    messages = {f.field: f for f in findings(doc) if f.field.startswith("indicators[7]")}
    assert messages["indicators[7].deviation"].code == "monitor.deviation.missing"
    assert "为红灯，比率 0.34" in messages["indicators[7].deviation"].message
    assert messages["indicators[7].reason"].code == "monitor.reason.missing"
    assert all(f.severity is Severity.ERROR for f in messages.values())

    timing = doc["indicators"][4]  # 项目完工时间: 部分达成 is yellow
    timing.update(deviation=["其他"], reason="")
    assert codes_at(doc, "indicators[4].reason") == [("monitor.reason.missing", Severity.ERROR)]
    timing.update(deviation=["天气"], reason="雨季停工")
    assert codes_at(doc, "indicators[4].deviation") == [
        ("monitor.deviation.unknown", Severity.ERROR),
        ("monitor.deviation.missing", Severity.ERROR),
    ]
    timing["deviation"] = "其他、人员保障"  # one string, as typed by hand
    assert codes_at(doc, "indicators[4].deviation") == []


@pytest.mark.parametrize(("likelihood", "asked"), [(1, False), (2, True), (3, True), ("有可能", True)])
def test_a_doubtful_likelihood_requires_a_reason_even_when_green(likelihood: object, asked: bool) -> None:
    doc = road()
    people = doc["indicators"][8]  # 受益人口 240 of 291.7: green
    people["likelihood"] = likelihood
    expected = [("monitor.reason.missing", Severity.ERROR)] if asked else []
    assert codes_at(doc, "indicators[8].reason") == expected
    if asked:
        message = next(f.message for f in findings(doc) if f.field == "indicators[8].reason")
        assert "完成目标可能性为“" in message


def test_a_blue_light_asks_for_a_note() -> None:
    doc = json.loads((DOCUMENTS / "monitoring-subsidy.json").read_text(encoding="utf-8"))
    households = doc["indicators"][1]  # 受益脱贫户数 150 of 87.5: blue
    assert sheet_lights(FormDoc(doc)).indicators[1].color is BLUE
    households["reason"] = ""
    notes = [f for f in findings(doc) if f.field == "indicators[1].reason"]
    assert [(f.code, f.severity) for f in notes] == [("monitor.ahead", Severity.WARNING)]
    assert "比率 1.71" in notes[0].message and "偏低" in notes[0].message


def test_likelihood_month_and_values_are_checked() -> None:
    doc = road()
    doc["month"] = 13
    doc["indicators"][0].pop("likelihood")
    doc["indicators"][1]["likelihood"] = 5
    doc["indicators"][2]["forecast"] = ""
    doc["indicators"][8]["progress"] = "240元"
    doc["indicators"][3]["time_shared"] = "否"
    doc["funds"]["executed"] = "60.0000001"
    got = {(f.code, f.field) for f in findings(doc)}
    assert {
        ("monitor.month", "month"),
        ("monitor.likelihood.missing", "indicators[0].likelihood"),
        ("monitor.likelihood.invalid", "indicators[1].likelihood"),
        ("monitor.forecast.missing", "indicators[2].forecast"),
        ("monitor.progress.unit_mismatch", "indicators[8].progress"),
        ("monitor.time_shared", "indicators[3].time_shared"),
        ("funds.not_money", "funds.executed"),
    } <= got
    message = next(f.message for f in findings(doc) if f.field == "indicators[8].progress")
    assert "截至执行值“240元”的单位“元”与指标值“≥500人”的单位“人”不一致" in message


def test_the_money_block_adds_up_and_is_required() -> None:
    doc = road()
    doc["funds"].update(fiscal_executed="50.00", other_executed="5.00", forecast="")
    assert codes_at(doc, "funds.executed") == [("monitor.funds.unbalanced", Severity.ERROR)]
    assert codes_at(doc, "funds.forecast") == [("monitor.funds.missing", Severity.ERROR)]
    doc["funds"].update(other_executed="10", forecast="50.00")
    assert codes_at(doc, "funds.executed") == []
    assert codes_at(doc, "funds.forecast") == [("monitor.funds.forecast_below_executed", Severity.WARNING)]


def test_goals_and_the_cells_are_named_in_the_words_of_the_form() -> None:
    doc = road()
    doc["goals"]["progress"] = ""
    assert codes_at(doc, "goals.progress") == [("monitor.goals.progress", Severity.ERROR)]
    assert field_label("indicators[3].progress") == "第4行 截至执行值"
    assert field_label("indicators[0].likelihood") == "第1行 完成目标可能性"
    assert field_label("funds.adjusted") == "调整后预算数"
    assert field_label("month") == "截止月份"


def test_other_kinds_are_refused() -> None:
    doc = copy.deepcopy(road()) | {"kind": "targets"}
    assert [f.code for f in findings(doc)] == ["monitor.kind"]


# -- the profile carries the thresholds ---------------------------------------------------------


def test_profiles_carry_the_light_thresholds(tmp_path: Path) -> None:
    assert load_profile("mof-2020").monitoring == DEFAULT_MONITORING
    assert load_profile("free-90").monitoring == DEFAULT_MONITORING  # the section is optional
    data = json.loads((profiles_dir() / "mof-2020.json").read_text(encoding="utf-8"))
    data["monitoring"] |= {"execution_base": "initial", "red_below": "0.5", "money_margin": "0.05"}
    path = tmp_path / "county.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    county = load_profile(path).monitoring
    assert (county.execution_base, county.red_below, county.money_margin) == (
        ExecutionBase.INITIAL,
        D("0.5"),
        D("0.05"),
    )
    for key, value, words in [
        ("yellow_below", "0.4", "monitoring.yellow_below：0.4 超出范围"),
        ("blue_from", "1", "monitoring.blue_from：应大于 1"),
        ("execution_base", "annual", "monitoring.execution_base：为 'annual'"),
        ("colour", "red", "monitoring.colour：不认识这个字段"),
    ]:
        broken = copy.deepcopy(data)
        broken["monitoring"][key] = value
        path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ProfileError, match=words):
            load_profile(path)


# -- whatever a hand-written sheet holds, the rules answer with findings, never an exception ------

_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


ODD_KEYS = ("progress", "forecast", "deviation", "likelihood", "reason", "time_shared", "value")
ODD_KEYS += ("executed", "adjusted", "initial", "fiscal_executed", "annual")


@settings(max_examples=200, deadline=None)
@given(
    section=st.sampled_from(["funds", "goals", "indicators", "month", "profile"]),
    key=st.sampled_from(ODD_KEYS),
    junk=_junk,
)
def test_odd_values_in_any_field_never_raise(section: str, key: str, junk: object) -> None:
    doc = road()
    target = doc.get(section)
    if isinstance(target, dict):
        target[key] = junk
    elif isinstance(target, list):
        target[7][key] = junk
    else:
        doc[section] = junk
    form = FormDoc(doc)
    found = check_document(form)
    assert all(isinstance(f, Finding) and f.message for f in found)
    blocking(found, form.explanations)
    lights = sheet_lights(form)
    assert len(lights.indicators) == len(form.indicators)
