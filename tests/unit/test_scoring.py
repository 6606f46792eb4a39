"""Scoring a self-evaluation sheet (FORMS.md §5.1): real-shaped forms, scored by hand in comments.

The three forms are ``tests/data/documents/selfeval-{road,subsidy,training}.json``, the
self-evaluations of the projects whose target sheets sit beside them.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from perfdesk.domain.document import read_document
from perfdesk.domain.findings import Severity
from perfdesk.domain.profiles import ScoringProfile, load_profile
from perfdesk.domain.scoring import ScoreResult, score_self_evaluation, selfeval_findings

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
MOF = load_profile("mof-2020")
CAP = load_profile("provincial-cap")  # mof-2020 weights, 执行率 cap, deduction 2, linear reverse
D = Decimal


def example(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DOCUMENTS / f"selfeval-{name}.json").read_text(encoding="utf-8"))
    return doc


def score(doc: dict[str, Any], profile: ScoringProfile = MOF) -> ScoreResult:
    return score_self_evaluation(read_document(json.dumps(doc, ensure_ascii=False)), profile)


def scores(result: ScoreResult) -> list[str]:
    return [f"{row.score:.2f}" for row in result.indicators]


def findings(result: ScoreResult) -> list[tuple[str, str, Severity]]:
    return [(f.code, f.field, f.severity) for f in result.findings]


def with_row(doc: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(doc)
    changed["indicators"][index].update(changes)
    return changed


# -- the three forms, worked by hand --------------------------------------------------------------


def test_road_project() -> None:
    result = score(example("road"))
    # 预算执行: 10 × 118.50 ÷ 120.00 = 9.875 → 9.88 (half up)
    assert result.funds_score == D("9.88")
    assert result.funds_explanation == "执行率 118.50 ÷ 120.00 = 98.75%，10 × 118.50 ÷ 120.00 = 9.88"
    assert scores(result) == [
        "15.00",  # 道路里程 ≥3公里, actual 3.2 ≥ 3: full
        "5.00",  # 村民小组数 =2个, actual 2个: full
        "10.00",  # 验收合格率 =100%, actual 100%: full
        "4.84",  # 完成及时率 ≥95%, actual 92%: 5 × 92 ÷ 95 = 4.8421 → 4.84
        "3.50",  # 完工时间 (a date: qualitative), 部分达成, band 3.00 ≤ s < 4.00: 3.5
        "5.00",  # 单位造价 ≤40万元/公里, actual 37.03: within the limit
        "5.00",  # 项目总投资 ≤120万元, actual 118.5: within
        "8.00",  # 带动增收 ≥15万元, actual 12: 10 × 12 ÷ 15 = 8
        "10.00",  # 受益人口 ≥500人, actual 480人: 10 × 480 ÷ 500 = 9.60, overridden to 10
        "5.00",  # 人居环境, 达成, band 4.00–5.00: 5
        "5.00",  # 使用年限 ≥15年, actual 15: full
        "10.00",  # 满意度 ≥95%, actual 96.5%: full
    ]
    # 9.88 + (15 + 5 + 10 + 4.84 + 3.5 + 5 + 5 + 8 + 10 + 5 + 5 + 10 = 86.34) = 96.22 → 优
    assert result.total == D("96.22")
    assert (result.grade, result.grade_key) == ("优", "excellent")
    assert result.findings == ()
    road = result.indicators
    assert road[0].explanation == "实际 3.2公里 ≥ 目标 3公里，得满分 15.00"
    assert road[3].explanation == "实际 92% 未达到目标 95%：5 × 92 ÷ 95 = 4.84"
    assert road[7].explanation == "实际 12万元 未达到目标 15万元：10 × 12 ÷ 15 = 8.00"


def test_road_override_keeps_the_computed_score_beside_it() -> None:
    result = score(example("road"))
    row = result.indicators[8]
    assert (row.computed, row.score, row.overridden) == (D("9.60"), D("10.00"), True)
    assert row.override_reason.startswith("经镇村核实")
    assert row.explanation.startswith("人工认定 10.00 分（计算得分 9.60）")
    assert result.overrides == (row,)
    assert result.to_json()["overrides"] == [
        {
            "index": 8,
            "lv3": "受益脱贫(监测)人口数",
            "computed": "9.60",
            "score": "10.00",
            "reason": row.override_reason,
        }
    ]


def test_subsidy_project_with_a_reverse_indicator_and_over_achievement() -> None:
    result = score(example("subsidy"))
    # 预算执行: 10 × 68 ÷ 80 = 8.50
    assert result.funds_score == D("8.50")
    assert scores(result) == [
        "14.75",  # 补助面积 ≥1200亩, actual 1180亩: 15 × 1180 ÷ 1200 = 14.75
        "10.00",  # 受益户数 ≥150户, actual 162
        "10.00",  # 成活率 ≥90%, actual 93%
        "5.00",  # 兑付及时率 =100%, actual 100%
        "9.84",  # 补助标准 ≤600元/亩, actual 610 (reverse, ratio): 10 × 600 ÷ 610 = 9.836 → 9.84
        "10.00",  # 带动增收 ≥60万元, actual 80 ≥ 78 (130 %): full; the reason is written
        "10.00",  # 受益人口 =450人
        "4.50",  # 水土保持, 达成, 4.5 of 5 (reason written)
        "5.00",  # 效益年限 ≥3年, actual 3
        "10.00",  # 满意度 ≥95%, actual 97%
    ]
    # 8.50 + 89.09 = 97.59 → 优
    assert result.total == D("97.59") and result.grade == "优"
    assert result.findings == ()
    assert result.indicators[4].explanation.endswith("（反向指标，按比例计分）：10 × 600 ÷ 610 = 9.84")
    assert "实际为目标的 133.33%，达到超额完成线 130%" in result.indicators[5].explanation


def test_training_project_rescales_for_the_row_that_does_not_apply() -> None:
    result = score(example("training"))
    # 预算执行: 10 × 46.20 ÷ 50.00 = 9.24
    assert result.funds_score == D("9.24")
    assert scores(result) == [
        "10.00",  # 培训人次 ≥300人次, actual 320人次
        "5.00",  # 培训期数 ≥6期, actual 6
        "10.00",  # 合格率 ≥90%, actual 95%
        "9.30",  # 取证人数 ≥200人, actual 186: 10 × 186 ÷ 200 = 9.30
        "5.00",  # 完成时间 (a date), 达成, 5 of 5
        "5.00",  # 人均成本 ≤1500元/人, actual 1443.75 (462000 ÷ 320)
        "4.87",  # 总成本 ≤450000元, actual 462000: 5 × 450000 ÷ 462000 = 4.870 → 4.87
        "0.00",  # 人均月增收: 不适用 (weight 10 leaves the total)
        "10.00",  # 就业率 ≥70%, actual 72%
        "7.00",  # 长效机制, 部分达成, band 6.00 ≤ s < 8.00: 7
        "10.00",  # 满意度 ≥90%, actual 93.6%
    ]
    assert result.indicators[7].na
    # (9.24 + 76.17) × 100 ÷ (100 − 10) = 8541 ÷ 90 = 94.90 → 优
    assert result.total == D("94.90") and result.grade == "优"
    assert result.total_explanation == "(预算执行 9.24 + 指标 76.17) × 100 ÷ (100 − 不适用 10) = 94.90"
    assert result.findings == ()


def test_the_documents_example_row() -> None:
    # DOCUMENTS.md: ≥500人, actual 480人, weight 20 → "20 × 480 ÷ 500 = 19.20"
    result = score(with_row(example("road"), 8, weight="20", override=None))
    assert result.indicators[8].score == D("19.20")
    assert result.indicators[8].explanation.endswith("20 × 480 ÷ 500 = 19.20")


# -- profile variants --------------------------------------------------------------------------


def test_linear_reverse_and_deduction_for_over_achievement() -> None:
    result = score(example("subsidy"), CAP)
    # linear: 10 × (1 − (610 − 600) ÷ 600) = 9.8333 → 9.83 (the ratio rule gives 9.84)
    assert result.indicators[4].score == D("9.83")
    assert result.indicators[4].explanation.endswith("10 × (1 − (610 − 600) ÷ 600) = 9.83")
    # 80 ≥ 130 % of 60: full 10, minus the profile's deduction of 2 = 8
    assert result.indicators[5].score == D("8.00")
    # 8.50 + (89.09 − 9.84 + 9.83 − 10 + 8 = 87.08) = 95.58; 执行率 85 % is not capped
    assert result.total == D("95.58")


def test_linear_reverse_reaches_zero_at_twice_the_target() -> None:
    doc = with_row(example("subsidy"), 4, actual="1300", reason="补植成本高")
    # 10 × (1 − (1300 − 600) ÷ 600) = −1.67 → 0
    row = score(doc, CAP).indicators[4]
    assert row.score == 0 and row.explanation.endswith("不足 0 分按 0 计")
    # the ratio rule never reaches 0: 10 × 600 ÷ 1300 = 4.615 → 4.62
    assert score(doc).indicators[4].score == D("4.62")


@pytest.mark.parametrize(
    ("executed", "funds", "capped", "grade"),
    [
        ("90.00", "7.50", "89.00", "良"),  # 75 % < 80 %: 7.50 + 86.34 = 93.84, capped at 89
        ("57.00", "4.75", "59.00", "差"),  # 47.5 % < 50 %: the lowest cap (59) applies
        ("96.00", "8.00", "94.34", "优"),  # exactly 80 %: not below 80 %, no cap
    ],
)
def test_execution_rate_cap(executed: str, funds: str, capped: str, grade: str) -> None:
    doc = example("road")
    doc["funds"]["executed"] = executed
    result = score(doc, CAP)
    assert result.funds_score == D(funds)
    assert (f"{result.total:.2f}", result.grade) == (capped, grade)
    # the default profile has the cap off: 7.50 + 86.34 = 93.84
    if executed == "90.00":
        assert score(doc).total == D("93.84")
        assert "执行率 75.00% 低于 80%，总分封顶 89 分" in result.total_explanation


def test_weights_70_20_10_does_not_score_the_money() -> None:
    doc = example("road")
    del doc["indicators"][8]["override"]
    for index, weight in ((0, "35"), (7, "5"), (8, "5")):  # 产出 70, 效益 20, 满意度 10
        doc["indicators"][index]["weight"] = weight
    result = score(doc, load_profile("weights-70-20-10"))
    assert result.funds_score == 0 and "不计分" in result.funds_explanation
    # 35 + 5 + 10 + 4.84 + 3.5 + 5 + 5 = 68.34 (产出); 5 × 12 ÷ 15 = 4, 5 × 480 ÷ 500 = 4.80,
    # + 5 + 5 = 18.80 (效益); 10 (满意度): 97.14
    assert result.total == D("97.14")
    assert result.findings == ()


def test_free_split_of_90_checks_only_the_total() -> None:
    doc = with_row(example("road"), 0, weight="25")
    doc["indicators"][7]["weight"] = "0"  # 产出 60, 效益 20: still 90 in all
    assert findings(score(doc, load_profile("free-90"))) == []
    assert [code for code, _, _ in findings(score(doc))] == ["score.category_weights"] * 2


# -- the rules, one by one ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sign", "actual", "expected"),
    [("=0起", "0", "5.00"), ("=0起", "1起", "0.00"), ("≤0起", "0", "5.00"), ("≤0起", "2", "0.00")],
)
def test_a_zero_target(sign: str, actual: str, expected: str) -> None:
    doc = with_row(example("road"), 6, lv3="安全生产事故", value=sign, actual=actual, reason="")
    row = score(doc).indicators[6]
    assert f"{row.score:.2f}" == expected
    if expected == "0.00":
        assert ("score.reason_required", "indicators[6].reason", Severity.ERROR) in findings(score(doc))


def test_a_zero_budget_is_a_finding_not_a_division_by_zero() -> None:
    doc = example("road")
    doc["funds"].update(annual="0.00", executed="0.00")
    result = score(doc)
    assert result.funds_score == 0 and result.execution_rate is None
    assert findings(result) == [("score.budget_zero", "funds.annual", Severity.ERROR)]
    assert result.total == D("86.34")


def test_missing_or_unreadable_money() -> None:
    doc = example("road")
    del doc["funds"]["executed"]
    doc["funds"]["annual"] = "一百二十万"
    assert findings(score(doc)) == [
        ("score.funds", "funds.annual", Severity.ERROR),
        ("score.funds", "funds.executed", Severity.ERROR),
    ]


def test_more_spent_than_budgeted_is_a_warning_and_scores_full() -> None:
    doc = example("road")
    doc["funds"]["executed"] = "125.00"
    result = score(doc)
    assert result.funds_score == D("10.00")
    assert findings(result) == [("score.over_executed", "funds.executed", Severity.WARNING)]


def test_rounding_is_half_up_not_to_even() -> None:
    # 3 × 0.335 ÷ 1 = 1.005 exactly → 1.01 (banker's rounding would give 1.00)
    doc = with_row(example("road"), 6, value="≥1万元", actual="0.335", weight="3", reason="规模偏小")
    assert score(doc).indicators[6].score == D("1.01")


def test_over_achievement_needs_a_reason() -> None:
    # 130 % of 3公里 is 3.9: reached; the score stays full under mof-2020
    result = score(with_row(example("road"), 0, actual="3.9"))
    assert result.indicators[0].score == D("15.00")
    assert findings(result) == [("score.over_achievement", "indicators[0].reason", Severity.ERROR)]
    assert findings(score(with_row(example("road"), 0, actual="3.89"))) == []


def test_below_full_marks_needs_a_reason() -> None:
    result = score(with_row(example("subsidy"), 0, reason=""))
    assert findings(result) == [("score.reason_required", "indicators[0].reason", Severity.ERROR)]
    assert "第 1 行指标“补助种植面积”未得满分" in result.findings[0].message
    assert result.indicators[0].findings == result.findings


def test_a_qualitative_score_in_the_top_tier_asks_for_a_reason_only_as_a_warning() -> None:
    result = score(with_row(example("subsidy"), 7, reason=""))
    assert findings(result) == [("score.reason_required", "indicators[7].reason", Severity.WARNING)]
    assert not result.has_errors


@pytest.mark.parametrize(
    ("tier", "given", "in_band"),
    [
        ("达成年度指标", "10", True),
        ("达成年度指标", "8", True),  # 80 % is the lower bound of 达成, included
        ("达成年度指标", "7.9", False),
        ("部分达成年度指标并具有一定效果", "8", False),  # 80 % belongs to 达成, not here
        ("部分达成年度指标并具有一定效果", "6", True),
        ("部分达成", "7.5", True),  # the short name people write
        ("未达成年度指标且效果较差", "6", False),
        ("未达成年度指标且效果较差", "0", True),
        ("达成年度指标", "10.5", False),  # above the weight: an error, and counted as 10
    ],
)
def test_a_qualitative_score_outside_its_band_is_an_error(tier: str, given: str, in_band: bool) -> None:
    # 满意度 as a qualitative row, weight 10
    doc = with_row(example("road"), 11, value="明显提升", tier=tier, score=given, reason="有偏差")
    result = score(doc)
    assert result.indicators[11].score == min(D(given), D(10))
    expected = [] if in_band else [("score.tier_band", "indicators[11].score", Severity.ERROR)]
    assert findings(result) == expected


@pytest.mark.parametrize(
    ("changes", "code", "column"),
    [
        ({"tier": ""}, "score.tier", "tier"),
        ({"tier": "基本达成"}, "score.tier", "tier"),
        ({"score": ""}, "score.tier_score", "score"),
        ({"score": "五分"}, "score.tier_score", "score"),
    ],
)
def test_a_qualitative_row_needs_a_known_tier_and_a_score(
    changes: dict[str, str], code: str, column: str
) -> None:
    result = score(with_row(example("road"), 9, **changes))
    assert result.indicators[9].score == 0
    assert findings(result) == [(code, f"indicators[9].{column}", Severity.ERROR)]


@pytest.mark.parametrize(
    ("changes", "code", "column"),
    [
        ({"value": "90%-100%"}, "score.value", "value"),
        ({"value": "≥**公里"}, "score.value", "value"),
        ({"actual": ""}, "score.actual", "actual"),
        ({"actual": "3200米"}, "score.actual", "actual"),
        ({"actual": "**"}, "score.actual", "actual"),
        ({"weight": ""}, "score.weight", "weight"),
        ({"weight": "十五"}, "score.weight", "weight"),
        ({"weight": "7.555"}, "score.weight", "weight"),
    ],
)
def test_what_cannot_be_scored_is_a_finding_on_its_cell(
    changes: dict[str, str], code: str, column: str
) -> None:
    result = score(with_row(example("road"), 0, **changes))
    assert result.indicators[0].score == 0
    assert (code, f"indicators[0].{column}", Severity.ERROR) in findings(result)
    assert "第 1 行指标“新建(改建)村内道路里程”" in result.findings[0].message


def test_an_override_without_a_reason_is_not_applied() -> None:
    doc = example("road")
    doc["indicators"][8]["override"] = {"score": "10", "reason": " "}
    result = score(doc)
    assert (result.indicators[8].score, result.indicators[8].overridden) == (D("9.60"), False)
    assert result.overrides == ()
    assert findings(result) == [("score.override_reason", "indicators[8].override.reason", Severity.ERROR)]


@pytest.mark.parametrize("given", ["11", "-1", "九", "9.999"])
def test_an_override_must_lie_within_the_weight(given: str) -> None:
    doc = example("road")
    doc["indicators"][8]["override"]["score"] = given
    result = score(doc)
    assert result.indicators[8].score == D("9.60")
    assert findings(result) == [("score.override", "indicators[8].override.score", Severity.ERROR)]


def test_an_override_on_a_row_that_does_not_apply_is_ignored() -> None:
    doc = with_row(example("training"), 7, override={"score": "8", "reason": "估算"})
    result = score(doc)
    assert result.total == D("94.90")
    assert findings(result) == [("score.override_na", "indicators[7].override", Severity.WARNING)]


def test_a_row_that_does_not_apply_still_needs_a_readable_weight() -> None:
    result = score(with_row(example("training"), 7, weight="十"))
    assert ("score.weight", "indicators[7].weight", Severity.ERROR) in findings(result)


def test_weights_must_add_up_to_the_indicator_total() -> None:
    result = score(with_row(example("road"), 0, weight="20"))
    assert findings(result) == [
        ("score.weights_sum", "indicators", Severity.ERROR),
        ("score.category_weights", "indicators", Severity.WARNING),  # 产出 55, not 50
    ]
    assert "各指标分值合计 95 分" in result.findings[0].message and "应为 90 分" in result.findings[0].message


def test_without_satisfaction_rows_their_points_move_to_the_others() -> None:
    doc = with_row(example("road"), 0, weight="25")
    del doc["indicators"][11]
    assert findings(score(doc)) == []


def test_every_row_not_applicable() -> None:
    doc = example("road")
    for row in doc["indicators"]:
        row["na"] = True
    result = score(doc)
    assert result.total == 0
    assert ("score.all_na", "indicators", Severity.ERROR) in findings(result)


def test_an_unknown_first_level_is_a_warning() -> None:
    result = score(with_row(example("road"), 0, lv1="投入指标"))
    assert ("score.category", "indicators[0].lv1", Severity.WARNING) in findings(result)


def test_to_json_has_the_shape_documents_md_fixes() -> None:
    out = score(example("road")).to_json()
    assert {"funds_score", "indicators", "total", "grade", "findings"} <= set(out)
    assert (out["funds_score"], out["total"], out["grade"], out["findings"]) == ("9.88", "96.22", "优", [])
    first = out["indicators"][0]
    assert {
        "lv3": "新建(改建)村内道路里程",
        "computed": "15.00",
        "score": "15.00",
        "findings": [],
    }.items() <= first.items()
    json.dumps(out, ensure_ascii=False)  # plain JSON: strings, numbers, booleans, lists
    flagged = score(with_row(example("subsidy"), 0, reason="")).to_json()
    assert flagged["indicators"][0]["findings"] == [
        {
            "code": "score.reason_required",
            "severity": "error",
            "field": "indicators[0].reason",
            "message": "第 1 行指标“补助种植面积”未得满分，请填写偏差原因分析及改进措施",
        }
    ]


def test_check_gets_the_scoring_findings_without_the_required_ones() -> None:
    doc = with_row(example("subsidy"), 0, reason="")
    doc["unit"]["code"] = ""
    found = selfeval_findings(read_document(json.dumps(doc, ensure_ascii=False)))
    assert [(f.code, f.field) for f in found] == [("score.reason_required", "indicators[0].reason")]
    doc["profile"] = "no-such-profile"
    found = selfeval_findings(read_document(json.dumps(doc, ensure_ascii=False)))
    assert [(f.code, f.field) for f in found] == [("score.profile", "profile")]


def test_a_document_of_another_kind_is_a_finding() -> None:
    doc = example("road")
    doc["kind"] = "targets"
    assert ("score.kind", "kind", Severity.ERROR) in findings(score(doc))
