"""The review of a target sheet as a reviewer does it: score the county's checklist, explain what
was taken off, read the total, the grade and what the grade means for the budget."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from perfdesk.domain.findings import Severity
from perfdesk.domain.review import (
    DIMENSIONS,
    Checklist,
    ChecklistItem,
    GradeThresholds,
    ReviewSheet,
    checklist_findings,
    grade_review,
    parse_score,
    show_score,
)
from perfdesk.domain.review_format import (
    ChecklistError,
    checklist_to_json,
    default_checklist,
    parse_checklist,
    read_checklist_file,
)

D = Decimal


def full_marks(checklist: Checklist) -> ReviewSheet:
    return ReviewSheet({item.key: item.weight for item in checklist.items})


def sheet_with_total(checklist: Checklist, total: str) -> ReviewSheet:
    """Full marks but the points short of ``total`` taken off the first items, each explained."""
    missing = D(100) - D(total)
    sheet = full_marks(checklist)
    for item in checklist.items:
        if missing <= 0:
            break
        off = min(missing, item.weight)
        sheet = sheet.with_score(item.key, item.weight - off).with_comment(
            item.key, "指标值偏低，请按上年实际完成值调整"
        )
        missing -= off
    return sheet


# ---------------------------------------------------------------- the default checklist


def test_the_default_checklist_has_twelve_items_over_the_four_dimensions_making_100() -> None:
    checklist = default_checklist()
    assert len(checklist.items) == 12
    assert checklist.total == D(100)
    assert [d for d, _ in checklist.by_dimension()] == list(DIMENSIONS)
    assert {d: checklist.dimension_weight(d) for d in DIMENSIONS} == dict.fromkeys(DIMENSIONS, D(25))
    assert [i.dimension_label for i in checklist.items[::3]] == ["完整性", "相关性", "适当性", "可行性"]
    assert all(item.guidance for item in checklist.items)
    assert checklist.thresholds == GradeThresholds(D(90), D(80), D(60))
    assert checklist_findings(checklist) == []


def test_the_checklist_round_trips_through_its_json() -> None:
    checklist = default_checklist()
    assert parse_checklist(json.loads(json.dumps(checklist_to_json(checklist))), "x") == checklist
    normalized = Checklist(checklist.title, checklist.items, GradeThresholds(D("9E+1"), D("8E+1"), D("6E+1")))
    data = checklist_to_json(normalized)  # Decimal.normalize() writes 80 as 8E+1: never stored so
    assert data["thresholds"] == {"excellent": "90", "good": "80", "fair": "60"}
    assert ReviewSheet({"C1": D("1E+1")}).items_json()["C1"]["score"] == "10"


# ---------------------------------------------------------------- grades at the boundaries


@pytest.mark.parametrize(
    ("total", "grade", "allowed", "consequence"),
    [
        ("100", "excellent", True, "可纳入预算"),
        ("90", "excellent", True, "可纳入预算"),
        ("89.99", "good", True, "按审核意见修改后纳入预算"),
        ("80", "good", True, "按审核意见修改后纳入预算"),
        ("79.99", "fair", False, "退回修改"),
        ("60", "fair", False, "退回修改"),
        ("59.99", "poor", False, "不得纳入预算"),
        ("0", "poor", False, "不得纳入预算"),
    ],
)
def test_the_total_maps_to_the_grade_and_its_consequence(
    total: str, grade: str, allowed: bool, consequence: str
) -> None:
    checklist = default_checklist()
    result = grade_review(sheet_with_total(checklist, total), checklist)
    assert result.total == D(total)
    assert (result.grade, result.budget_allowed, result.consequence) == (grade, allowed, consequence)


def test_thresholds_are_the_countys() -> None:
    checklist = default_checklist()
    strict = GradeThresholds(D(95), D(85), D(70))
    result = grade_review(sheet_with_total(checklist, "92"), checklist, strict)
    assert (result.grade, result.grade_label) == ("good", "良")
    assert grade_review(sheet_with_total(checklist, "69.5"), checklist, strict).grade_label == "差"


# ---------------------------------------------------------------- what the reviewer must do


def test_every_item_must_be_scored_before_it_can_be_finalised() -> None:
    checklist = default_checklist()
    sheet = full_marks(checklist).with_score("R2", None)
    result = grade_review(sheet, checklist)
    assert not result.can_finalise
    assert (result.scored, result.item_count) == (11, 12)
    assert result.total == D(92)  # the live total counts what is scored
    [missing] = result.errors
    assert missing.code == "review.unscored" and missing.field == "items.R2.score"
    assert missing.message.startswith("第5项“指标与目标对应”尚未打分")
    assert grade_review(ReviewSheet(), checklist).scored == 0


def test_the_grade_is_settled_once_the_unscored_items_cannot_change_it() -> None:
    checklist = default_checklist()
    half_way = ReviewSheet({"C1": D(10), "C2": D(8), "C3": D(7)})
    result = grade_review(half_way, checklist)
    assert (result.total, result.grade, result.best_grade, result.settled) == (
        D(25),
        "poor",
        "excellent",
        False,
    )
    sunk = ReviewSheet(
        {key: D(0) for key in ("C1", "C2", "C3", "R1", "R2")},
        dict.fromkeys(("C1", "C2", "C3", "R1", "R2"), "缺"),
    )
    settled = grade_review(sunk, checklist)  # 43 points lost: 差 whatever the rest gets
    assert (settled.grade, settled.best_grade, settled.settled) == ("poor", "poor", True)
    assert not settled.can_finalise and not settled.budget_allowed


def test_a_score_is_never_above_its_weight_nor_below_zero() -> None:
    checklist = default_checklist()
    over = grade_review(full_marks(checklist).with_score("C3", D(9)), checklist)
    [finding] = over.errors
    assert finding.code == "review.score_range"
    assert "得分 9 超出范围，应在 0 到 7 分之间" in finding.message
    assert over.total == D(100)  # counted at the weight: the total never passes 100
    under = grade_review(full_marks(checklist).with_score("C3", D(-1)).with_comment("C3", "缺"), checklist)
    assert under.errors[0].code == "review.score_range" and under.total == D(93)


def test_a_score_keeps_at_most_two_decimals() -> None:
    checklist = default_checklist()
    sheet = full_marks(checklist).with_score("A1", D("9.995")).with_comment("A1", "资金测算依据不足")
    assert [f.code for f in grade_review(sheet, checklist).errors] == ["review.score_precision"]


def test_points_taken_off_need_a_comment_saying_what_to_fix() -> None:
    checklist = default_checklist()
    sheet = full_marks(checklist).with_score("A3", D("4.5"))
    result = grade_review(sheet, checklist)
    [finding] = result.errors
    assert (finding.code, finding.field) == ("review.comment_missing", "items.A3.comment")
    assert "第9项“成本指标合理”扣了 2.5 分" in finding.message
    explained = sheet.with_comment("A3", "  补助标准无测算依据，请附单价测算表  ")
    assert grade_review(explained, checklist).can_finalise
    assert grade_review(sheet.with_comment("A3", "   "), checklist).errors == result.errors


def test_a_grade_below_excellent_asks_for_an_overall_opinion_as_a_warning() -> None:
    checklist = default_checklist()
    sheet = sheet_with_total(checklist, "85")
    result = grade_review(sheet, checklist)
    assert result.can_finalise
    [warning] = result.findings
    assert warning.severity is Severity.WARNING and warning.code == "review.overall_missing"
    assert "审核等级为“良”" in warning.message
    with_opinion = ReviewSheet(sheet.scores, sheet.comments, "请补充成本指标测算依据后纳入预算")
    assert grade_review(with_opinion, checklist).findings == ()
    assert grade_review(full_marks(checklist), checklist).findings == ()


def test_the_sheet_is_stored_as_text_and_read_back_exactly() -> None:
    checklist = default_checklist()
    sheet = sheet_with_total(checklist, "59.99").with_score("F3", None)
    stored = json.loads(json.dumps(sheet.items_json()))
    assert stored["C1"] == {"score": "0", "comment": "指标值偏低，请按上年实际完成值调整"}
    assert stored["R2"]["score"] == "2.99" and stored["R3"] == {"score": "7", "comment": ""}
    assert stored["F3"] == {"score": None, "comment": ""}
    again = ReviewSheet.from_json(stored, "意见")
    assert grade_review(again, checklist) == grade_review(
        ReviewSheet(sheet.scores, sheet.comments, "意见"), checklist
    )


def test_scores_read_and_show_as_people_write_them() -> None:
    assert parse_score(" 7.5 ") == D("7.5") and parse_score("") is None
    with pytest.raises(ValueError, match="不是分数"):
        parse_score("七")
    assert [show_score(D(v)) for v in ("8", "7.50", "59.99", "0")] == ["8", "7.5", "59.99", "0"]


# ---------------------------------------------------------------- the checklist as the county edits it


def test_weights_must_make_100_and_every_dimension_needs_an_item() -> None:
    base = default_checklist()
    heavier = (ChecklistItem("C1", "completeness", base.items[0].text, D(12)), *base.items[1:])
    [finding] = checklist_findings(Checklist("县审核清单", heavier))
    assert finding.code == "checklist.total" and "合计 102 分，应为 100 分" in finding.message
    no_feasibility = tuple(i for i in base.items if i.dimension != "feasibility")
    codes = [f.code for f in checklist_findings(Checklist("县审核清单", no_feasibility))]
    assert codes == ["checklist.dimension_empty", "checklist.total"]


def test_item_problems_name_the_item() -> None:
    base = default_checklist()
    items = list(base.items)
    items[1] = ChecklistItem("C1", "completeness", "", D(0))
    findings = checklist_findings(Checklist("", tuple(items)))
    assert [f.field for f in findings] == [
        "title",
        "items[1].key",
        "items[1].text",
        "items[1].weight",
        "items",
    ]
    assert "第2项没有填写审核要点内容" in findings[2].message


# ---------------------------------------------------------------- the file, read strictly


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "checklist.json"
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, "utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][2].update(weight=7.0), "items[2]（第3项）.weight：写成了小数 7.0"),
        (lambda d: d["items"][0].update(dimension="效率"), "items[0]（第1项）.dimension：为 '效率'"),
        (lambda d: d["items"][4].pop("text"), "items[4]（第5项）.text：缺少此字段"),
        (lambda d: d["items"][4].update(note="x"), "items[4]（第5项）.note：不认识这个字段"),
        (lambda d: d["items"][11].update(weight="8"), "items：各项分值合计 101 分，应为 100 分"),
        (lambda d: d["thresholds"].update(good="95"), "thresholds：等级分数线应满足"),
        (lambda d: d.update(format="perfdesk-scoring-profile"), "format：应为"),
    ],
)
def test_a_broken_checklist_file_is_refused_naming_file_item_and_field(
    tmp_path: Path, change: object, message: str
) -> None:
    data = checklist_to_json(default_checklist())
    change(data)  # type: ignore[operator]
    path = write(tmp_path, data)
    with pytest.raises(ChecklistError) as refused:
        read_checklist_file(path)
    assert str(path) in str(refused.value) and message in str(refused.value)


def test_a_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="不是有效的 JSON：第 2 行"):
        read_checklist_file(write(tmp_path, '{\n  "format": }'))
    with pytest.raises(ChecklistError, match="找不到审核清单文件"):
        read_checklist_file(tmp_path / "none.json")
