"""The seed indicator library: real indicators a township preparer picks from, checked and searched."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from perfdesk.domain.findings import Severity
from perfdesk.domain.frameworks import (
    BENEFICIARY_SATISFACTION,
    CLASSIC,
    EFFECT,
    OUTPUT,
    QUALITY,
    QUANTITY,
    SATISFACTION,
    TIMELINESS,
    get_framework,
)
from perfdesk.domain.indicator_value import Sign, parse_indicator_value
from perfdesk.domain.library import (
    LibraryEntry,
    LibraryError,
    load_seed_library,
    parse_library,
    project_types,
    search_library,
)
from perfdesk.domain.value_checks import value_problems

PROJECT_TYPES = (
    "衔接资金通用",
    "农村道路",
    "农村桥梁",
    "农村饮水安全",
    "小型农田水利",
    "种植业奖补",
    "养殖业奖补",
    "茶叶产业",
    "食用菌产业",
    "光伏帮扶",
    "技能培训",
    "雨露计划",
    "高标准农田",
    "学生资助",
    "营养改善计划",
    "校舍维修",
    "基本公共卫生服务",
    "医疗救助",
    "基层医疗机构运转",
    "最低生活保障",
    "特困人员救助供养",
    "临时救助",
    "部门整体支出",
    "办公运转",
    "农村人居环境整治",
    "农村生活垃圾治理",
    "农村生活污水治理",
    "造林绿化",
    "森林管护",
    "公共文化服务",
    "全民健身设施",
)


@pytest.fixture(scope="module")
def library() -> tuple[LibraryEntry, ...]:
    return load_seed_library()


def entry_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category": "衔接资金",
        "project_type": "农村道路",
        "lv1": "产出指标",
        "lv2": "数量指标",
        "lv3": "新建(改建)村内道路里程",
        "template": "≥**公里",
        "explanation": "当年新建和改建并通过验收的村内道路里程。",
        "core_level": 1,
        "keywords": "道路 里程",
    }
    data.update(changes)
    return data


# -- the seed as shipped ---------------------------------------------------------------------


def test_the_seed_holds_a_few_hundred_indicators(library: tuple[LibraryEntry, ...]) -> None:
    assert len(library) >= 240
    assert set(project_types(library)) == set(PROJECT_TYPES)


def test_every_entry_sits_in_the_classic_framework(library: tuple[LibraryEntry, ...]) -> None:
    framework = get_framework(CLASSIC)
    for entry in library:
        # stored in the preset's own spelling, not merely matching it leniently
        assert framework.canonical(entry.lv1, entry.lv2) == (entry.lv1, entry.lv2), entry


def test_every_template_parses_and_quantitative_ones_have_a_unit(library: tuple[LibraryEntry, ...]) -> None:
    for entry in library:
        value = parse_indicator_value(entry.template)
        assert entry.sign is value.sign and entry.unit == value.unit
        if value.is_quantitative:
            assert value.unit, entry
            assert value.placeholder or value.number is not None, entry
        assert {p.value for p in value_problems(value)} <= {"value.placeholder"}, entry


def test_timeliness_targets_are_rates_or_durations(library: tuple[LibraryEntry, ...]) -> None:
    # FORMS.md §3.3 warns about a 时效 indicator that is not a date, a rate or a duration
    for entry in library:
        if entry.lv2 == TIMELINESS:
            value = parse_indicator_value(entry.template)
            assert value.is_rate or value.is_duration or value.is_date, entry


def test_names_are_unique_per_project_type_and_fit_the_cell(library: tuple[LibraryEntry, ...]) -> None:
    keys = Counter((entry.project_type, entry.lv3) for entry in library)
    assert [key for key, count in keys.items() if count > 1] == []
    assert all(0 < len(entry.lv3) <= 100 for entry in library)
    assert all(entry.explanation and entry.keywords for entry in library)
    # 指标解释 is printed: Chinese punctuation survives loading
    assert "，" in library[0].explanation and "," not in library[0].explanation


def test_each_project_type_is_a_balanced_set(library: tuple[LibraryEntry, ...]) -> None:
    by_type: dict[str, list[LibraryEntry]] = defaultdict(list)
    for entry in library:
        by_type[entry.project_type].append(entry)
    for project_type in PROJECT_TYPES:
        entries = by_type[project_type]
        assert len(entries) >= 12, project_type
        assert {OUTPUT, EFFECT, SATISFACTION} <= {e.lv1 for e in entries}, project_type
        assert {QUANTITY, QUALITY, TIMELINESS, "成本指标"} <= {e.lv2 for e in entries}, project_type
        quantitative = [e for e in entries if e.lv1 == OUTPUT and e.sign is not Sign.QUALITATIVE]
        assert len(quantitative) >= 2, project_type  # FORMS.md §3.3 asks for two under 产出
        qualitative = [e for e in entries if e.sign is Sign.QUALITATIVE]
        assert len(qualitative) * 3 <= len(entries), project_type


def test_the_must_fill_indicators_of_rural_revitalisation_funds(library: tuple[LibraryEntry, ...]) -> None:
    mandatory = {(e.lv3, e.lv2, e.template) for e in library if e.is_mandatory}
    assert mandatory == {
        ("受益脱贫(监测)人口数", "社会效益指标", "≥**人"),
        ("受益脱贫(监测)户满意度", BENEFICIARY_SATISFACTION, "≥95%"),
    }
    assert all(e.category == "衔接资金" and e.stars == "★★★" for e in library if e.is_mandatory)


@pytest.mark.parametrize(
    ("project_type", "lv2", "name", "template"),
    [  # the examples of FORMS.md §7
        ("农村道路", "数量指标", "新建(改建)村内道路里程", "≥**公里"),
        ("种植业奖补", "数量指标", "补助种植面积", "≥**亩"),
        ("衔接资金通用", "数量指标", "受益脱贫户数", "≥**户"),
        ("衔接资金通用", "质量指标", "项目(工程)验收合格率", "=100%"),
        ("种植业奖补", "质量指标", "种植作物成活率", "≥**%"),
        ("衔接资金通用", "时效指标", "项目(工程)完成及时率", "≥**%"),
        ("种植业奖补", "成本指标", "财政资金补助标准", "≤**元/亩"),
        ("衔接资金通用", "经济效益指标", "带动增加脱贫人口收入", "≥**万元"),
        ("农村道路", "可持续影响指标", "工程设计使用年限", "≥**年"),
    ],
)
def test_the_examples_of_the_forms_guide_are_in_the_seed(
    library: tuple[LibraryEntry, ...], project_type: str, lv2: str, name: str, template: str
) -> None:
    found = search_library(library, name, project_type=project_type, lv2=lv2)
    assert [(e.lv3, e.template) for e in found][:1] == [(name, template)]


# -- searching ---------------------------------------------------------------------------------


def test_search_finds_road_indicators_core_first(library: tuple[LibraryEntry, ...]) -> None:
    found = search_library(library, "道路")
    assert len(found) >= 10
    assert "新建(改建)村内道路里程" in [e.lv3 for e in found]
    levels = [e.core_level for e in found]
    assert levels == sorted(levels, reverse=True)
    assert search_library(library, "") == sorted(library, key=lambda e: -e.core_level)


def test_search_filters_by_second_level_and_project_type(library: tuple[LibraryEntry, ...]) -> None:
    costs = search_library(library, lv2="成本指标")
    assert costs and all(e.lv2 == "成本指标" for e in costs)
    # a 二级 typed the short way, as people do
    assert search_library(library, lv2="成本") == costs
    road_costs = search_library(library, project_type="农村道路", lv1="产出", lv2="成本指标")
    assert {e.lv3 for e in road_costs} == {"每公里道路建设成本", "每平方米路面硬化成本"}
    assert search_library(library, category="部门整体", text="三公")[0].lv3 == "“三公”经费控制率"


def test_every_word_of_a_multi_word_search_must_match(library: tuple[LibraryEntry, ...]) -> None:
    found = search_library(library, "桥梁 合格率")
    assert found and all(e.project_type == "农村桥梁" for e in found)
    assert "项目(工程)验收合格率" in {e.lv3 for e in found}
    assert {e.lv3 for e in search_library(library, "危桥 改造")} >= {"危桥改造座数", "危桥安全隐患消除率"}
    assert search_library(library, "桥梁 营养餐") == []


def test_name_matches_come_before_explanation_matches(library: tuple[LibraryEntry, ...]) -> None:
    found = search_library(library, "成活率", project_type="种植业奖补")
    assert found[0].lv3 == "种植作物成活率"


def test_full_width_input_is_folded(library: tuple[LibraryEntry, ...]) -> None:
    # a full-width space between words and full-width brackets typed with a Chinese IME
    assert search_library(library, "村内道路\u3000里程") == search_library(library, "村内道路 里程")
    found = search_library(library, "受益脱贫（监测）人口数")
    assert [e.lv3 for e in found][:1] == ["受益脱贫(监测)人口数"]
    assert search_library(library, "ｃｏｄ") == search_library(library, "COD") != []


# -- a county's edited library -----------------------------------------------------------------


def test_a_good_entry_is_stored_in_the_preset_spelling() -> None:
    # a library exported from the database carries sign and unit; they agree with the template
    (entry,) = parse_library([entry_data(lv1="产出", lv2="数量", sign="≥", unit="公里")])
    assert (entry.lv1, entry.lv2) == ("产出指标", "数量指标")
    assert (entry.sign, entry.unit, entry.stars) == (Sign.GE, "公里", "★")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"lv2": "经济效益指标"}, "library[1].lv2", ("第 2 条", "二级指标", "数量指标、质量指标")),
        ({"lv1": "成效指标"}, "library[1].lv1", ("第 2 条", "一级指标", "产出指标")),
        ({"template": "≥**"}, "library[1].template", ("第 2 条", "计量单位")),
        ({"template": "90%-100%"}, "library[1].template", ("第 2 条", "区间")),
        ({"core_level": 2}, "library[1].core_level", ("第 2 条", "核心指标", "★★★")),
        ({"lv3": ""}, "library[1].lv3", ("第 2 条", "三级指标", "为空")),
        ({"lv3": "长" * 101}, "library[1].lv3", ("第 2 条", "100 个字")),
        ({"单位": "公里"}, "library[1].单位", ("第 2 条", "无法识别的字段")),
        ({"unit": "米"}, "library[1].unit", ("第 2 条", "计量单位", "不一致", "公里")),
        ({"sign": "≤"}, "library[1].sign", ("第 2 条", "指标性质", "不一致", "≥")),
        ({"keywords": ["道路"]}, "library[1].keywords", ("第 2 条", "关键词", "文字")),
        ({"lv3": "受益群众满意度"}, "library[1].lv3", ("第 2 条", "与第 1 条重复")),
    ],
)
def test_a_bad_entry_is_rejected_naming_the_entry_and_field(
    changes: dict[str, object], field: str, words: tuple[str, ...]
) -> None:
    first = entry_data(lv1="满意度指标", lv2="服务对象满意度指标", lv3="受益群众满意度", template="≥90%")
    if changes.get("lv3") == "受益群众满意度":
        changes = {**changes, "lv1": "满意度指标", "lv2": "服务对象满意度指标", "template": "≥90%"}
    with pytest.raises(LibraryError) as caught:
        parse_library([first, entry_data(**changes)])
    (finding,) = caught.value.findings
    assert finding.severity is Severity.ERROR
    assert finding.field == field
    for word in words:
        assert word in finding.message, finding.message


def test_every_bad_entry_is_reported_at_once() -> None:
    with pytest.raises(LibraryError) as caught:
        parse_library([entry_data(lv2="经济"), "不是对象", entry_data(template="")])
    assert [f.field for f in caught.value.findings] == [
        "library[0].lv2",
        "library[1]",
        "library[2].template",
    ]


def test_a_file_that_is_not_a_list_is_rejected() -> None:
    with pytest.raises(LibraryError, match="列表"):
        parse_library({"lv3": "道路"})
