"""Target-sheet rules (FORMS.md §3.3): for every finding code, a sheet that errs the way a person
does and one that looks close but is right. The clean sheets are the fixtures of
``tests/data/documents`` (a road, an industry subsidy and a training project)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfdesk.domain import labels
from perfdesk.domain.checks import CHECKERS, CheckOptions, check_document, field_label, optional_rules
from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import get_framework
from perfdesk.domain.target_rules import (
    REQUIRED_HEADER,
    TargetCode,
    TargetRuleSettings,
    blocking,
    check_targets,
    clear_caches,
    goal_content,
    is_explained,
    omitted_optional_categories,
    unexplained,
)

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
FIXTURES = ("targets-road.json", "targets-subsidy.json", "targets-training.json")
Doc = dict[str, Any]


def load(name: str = "targets-road.json") -> Doc:
    data: Doc = json.loads((DOCUMENTS / name).read_text(encoding="utf-8"))
    return data


def rows(doc: Doc) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = doc["indicators"]
    return result


def row(doc: Doc, lv3: str) -> dict[str, Any]:
    return next(r for r in rows(doc) if r["lv3"] == lv3)


def findings_of(doc: Doc, **settings: Any) -> list[Finding]:
    library_core = settings.pop("library_core", frozenset())
    return check_targets(FormDoc(copy.deepcopy(doc)), TargetRuleSettings(**settings), library_core)


def codes(found: list[Finding]) -> set[str]:
    return {f.code for f in found}


# -- the clean sheets ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_the_clean_sheets_have_no_findings(name: str) -> None:
    doc = FormDoc(load(name))
    assert check_targets(doc) == []
    assert check_document(doc) == []


def test_the_training_sheet_has_no_weights_and_a_midterm_goal() -> None:
    doc = load("targets-training.json")
    assert not any("weight" in r for r in rows(doc))
    assert doc["goals"]["midterm"]


# -- every code: one sheet that errs, one that is right -------------------------------------------

Edit = Callable[[Doc], None]


def _set(path: str, value: Any) -> Edit:
    section, _, name = path.partition(".")

    def edit(doc: Doc) -> None:
        if name == "__all__":
            doc[section] = value
        else:
            doc[section][name] = value

    return edit


def _row(name: str, /, **cells: Any) -> Edit:
    def edit(doc: Doc) -> None:
        row(doc, name).update(cells)

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(doc: Doc) -> None:
        for one in edits:
            one(doc)

    return edit


def _drop_rows(lv1: str) -> Edit:
    def edit(doc: Doc) -> None:
        doc["indicators"] = [r for r in rows(doc) if r["lv1"] != lv1]
        doc.pop("required_core", None)
        doc["indicators"][0]["weight"] = str(90 - sum(int(r["weight"]) for r in doc["indicators"][1:]))

    return edit


def _blank_table(doc: Doc) -> None:
    doc["indicators"] = [{"lv1": "", "lv2": "", "lv3": "", "value": "", "weight": ""}]


def _goal(line: str) -> Edit:
    def edit(doc: Doc) -> None:
        doc["goals"]["annual"].append(line)

    return edit


def _drop_weights(*lv3s: str) -> Edit:
    def edit(doc: Doc) -> None:
        for r in rows(doc):
            if not lv3s or r["lv3"] in lv3s:
                r.pop("weight", None)

    return edit


def _qualitative(count: int) -> Edit:
    """Turn the first ``count`` quantitative 效益/产出 rows into phrases (the kind people write)."""

    def edit(doc: Doc) -> None:
        changed = 0
        for r in rows(doc):
            if changed == count:
                return
            if r["value"][0] in "≥=≤" and r["lv2"] not in ("时效指标", "成本指标") and not r.get("core"):
                r["value"] = "效果明显"
                changed += 1

    return edit


ROAD = "新建(改建)村内道路里程"
GROUPS = "受益村民小组数"
QUALITY = "项目(工程)验收合格率"
ON_TIME = "项目(工程)完成及时率"
TOTAL_COST = "项目总投资"
PEOPLE = "受益脱贫(监测)人口数"
ENVIRONMENT = "农村人居环境"

# (code, field, severity, the mistake, a near miss that is right)
CASES: list[tuple[str, str, Severity, Edit, Edit]] = [
    ("target.header.missing", "project.manager", Severity.ERROR, _set("project.manager", " "), _set("project.manager", " 张三 ")),
    ("target.header.invalid", "project.attribute", Severity.ERROR, _set("project.attribute", "新建"), _set("project.attribute", "延续")),
    ("target.header.invalid", "project.phone", Severity.ERROR, _set("project.phone", "张三的手机"), _set("project.phone", "0915 5321001")),
    ("target.header.invalid", "project.end_year", Severity.ERROR, _set("project.end_year", 2021), _set("project.end_year", 2024)),
    ("target.header.invalid", "project.start_year", Severity.ERROR, _set("project.start_year", "二〇二二"), _set("project.start_year", "2022")),
    ("target.header.invalid", "project.start_year", Severity.ERROR, _both(_set("project.start_year", 2023), _set("project.end_year", 2024)), _both(_set("project.start_year", 2021), _set("project.end_year", 2023))),
    ("funds.not_money", "funds.other", Severity.ERROR, _set("funds.other", "二十万"), _set("funds.other", "２０．００")),
    ("funds.negative", "funds.other", Severity.ERROR, _both(_set("funds.fiscal", "140"), _set("funds.other", "-20")), _both(_set("funds.fiscal", "120"), _set("funds.other", "0"))),
    ("funds.unbalanced", "funds.annual", Severity.ERROR, _set("funds.other", "20.01"), _both(_set("funds.fiscal", "100"), _set("funds.other", "20"))),
    ("target.goals.missing", "goals.annual", Severity.ERROR, _set("goals.annual", []), _set("goals.annual", "目标1：完成东关村产业路硬化3公里\n目标2：带动500名群众出行")),
    ("target.goals.missing", "goals.annual", Severity.ERROR, _set("goals.annual", ["", "  "]), _set("goals.midterm", [])),
    ("target.goal.short", "goals.annual[2]", Severity.WARNING, _goal("1. 硬化村内道路3公里"), _goal("1. 硬化村内道路3公里整")),
    ("target.goal.short", "goals.annual[2]", Severity.WARNING, _goal("修路"), _goal("（三）修建排水沟1200米，解决雨季路面积水")),
    ("target.placeholder", "goals.annual[2]", Severity.ERROR, _goal("完成**公里道路硬化，受益××人"), _goal("完成3公里道路硬化，受益500人")),
    ("target.placeholder", "indicators[1].lv3", Severity.ERROR, _row(GROUPS, lv3="受益**村民小组数"), _row(GROUPS, lv3="受益村民小组数（个）")),
    ("target.indicators.missing", "indicators", Severity.ERROR, _set("indicators.__all__", []), _drop_weights()),
    ("target.indicators.missing", "indicators", Severity.ERROR, _blank_table, _drop_rows("满意度指标")),
    ("target.lv1.invalid", "indicators[7].lv1", Severity.ERROR, _row("带动增加脱贫人口收入", lv1="经济效益指标"), _row("带动增加脱贫人口收入", lv1="效益")),
    ("target.lv1.invalid", "indicators[7].lv1", Severity.ERROR, _row("带动增加脱贫人口收入", lv1=""), _row("带动增加脱贫人口收入", lv1=" 效益指标 ")),
    ("target.lv2.invalid", "indicators[2].lv2", Severity.ERROR, _row(QUALITY, lv2="社会效益指标"), _row(QUALITY, lv2="质量")),
    ("target.lv3.missing", "indicators[1].lv3", Severity.ERROR, _row(GROUPS, lv3=""), _row(GROUPS, lv3="受益 村民小组数")),
    ("target.lv3.too_long", "indicators[1].lv3", Severity.ERROR, _row(GROUPS, lv3="受" * 101), _row(GROUPS, lv3="受" * 100)),
    ("value.empty", "indicators[1].value", Severity.ERROR, _row(GROUPS, value=""), _row(GROUPS, value="２个")),
    ("value.unreadable", "indicators[1].value", Severity.ERROR, _row(GROUPS, value="≥2.个"), _row(GROUPS, value="≥2个")),
    ("value.range", "indicators[2].value", Severity.ERROR, _row(QUALITY, value="90%-100%"), _row(QUALITY, value="≥90%")),
    ("value.contradictory", "indicators[2].value", Severity.ERROR, _row(QUALITY, value="≤95%以上"), _row(QUALITY, value="不低于95%以上")),
    ("value.no_number", "indicators[0].value", Severity.ERROR, _row(ROAD, value="≥公里"), _row(ROAD, value="≥3公里")),
    ("value.no_unit", "indicators[0].value", Severity.ERROR, _row(ROAD, value="≥3"), _row(ROAD, value="3公里以上")),
    ("value.placeholder", "indicators[0].value", Severity.ERROR, _row(ROAD, value="≥**公里"), _row(ROAD, value="＞＝3公里")),
    ("target.core.removed", f"indicators[lv3={PEOPLE}]", Severity.ERROR, _row(PEOPLE, lv3="受益人口数"), _row(PEOPLE, lv3="受益脱贫（监测）人口数")),
    ("target.weight.missing", "indicators[3].weight", Severity.ERROR, _drop_weights(ON_TIME), _drop_weights()),
    ("target.weight.invalid", "indicators[3].weight", Severity.ERROR, _row(ON_TIME, weight="五"), _row(ON_TIME, weight="5分")),
    ("target.weight.invalid", "indicators[3].weight", Severity.ERROR, _row(ON_TIME, weight="0"), _row(ON_TIME, weight="５.0")),
    ("target.weight.total", "indicators", Severity.ERROR, _row(ROAD, weight="10"), _both(_row(ROAD, weight="14.5"), _row(GROUPS, weight="5.5"))),
    ("target.category.empty", "indicators[lv1=效益指标]", Severity.WARNING, _drop_rows("效益指标"), _drop_rows("满意度指标")),
    ("target.output.few_quantitative", "indicators[lv1=产出指标]", Severity.WARNING, _both(_row(ROAD, value="按设计完成"), _row(GROUPS, value="全部受益"), _row(QUALITY, value="验收合格"), _row(ON_TIME, value="按期完成"), _row("道路硬化单位造价", value="控制在预算内"), _row(TOTAL_COST, value="不超预算")), _both(_row(GROUPS, value="全部受益"), _row(QUALITY, value="验收合格"), _row("道路硬化单位造价", value="控制在预算内"), _row(TOTAL_COST, value="不超预算"))),
    ("target.qualitative.share", "indicators", Severity.WARNING, _qualitative(4), _qualitative(3)),
    ("target.timeliness.kind", "indicators[3].value", Severity.WARNING, _row(ON_TIME, value="按时完成"), _row(ON_TIME, value="≤30天")),
    ("target.timeliness.kind", "indicators[3].value", Severity.WARNING, _row(ON_TIME, value="≥3公里"), _row(ON_TIME, value="年底前完成")),
    ("target.cost.above_funds", "indicators[6].value", Severity.WARNING, _row(TOTAL_COST, value="≤150万元"), _row(TOTAL_COST, value="≤1200000元")),
    ("target.cost.above_funds", "indicators[6].value", Severity.WARNING, _row(TOTAL_COST, value="≤1200001元"), _row(TOTAL_COST, value="≤400万元/公里")),
]  # fmt: skip


def _apply(edit: Edit) -> Doc:
    doc = load()
    edit(doc)
    return doc


def _case_id(case: tuple[str, str, Severity, Edit, Edit]) -> str:
    return f"{case[0]}@{case[1]}"


def test_every_target_code_has_a_case() -> None:
    tested = {case[0] for case in CASES}
    assert {code.value for code in TargetCode} <= tested
    assert {"funds.unbalanced", "value.placeholder", "value.no_unit", "value.no_number"} <= tested


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_the_mistake_is_found_in_its_cell(case: tuple[str, str, Severity, Edit, Edit]) -> None:
    code, field, severity, mistake, _ = case
    found = [f for f in findings_of(_apply(mistake)) if f.code == code and f.field == field]
    assert len(found) == 1, findings_of(_apply(mistake))
    assert found[0].severity is severity
    assert "请" in found[0].message and found[0].message.count("\n") == 0


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_the_near_miss_is_not_found(case: tuple[str, str, Severity, Edit, Edit]) -> None:
    code, _, _, _, near_miss = case
    assert code not in codes(findings_of(_apply(near_miss)))


@pytest.mark.parametrize(("field", "name"), REQUIRED_HEADER)
def test_each_required_header_field_may_not_be_empty(field: str, name: str) -> None:
    doc = load()
    section, _, key = field.partition(".")
    del doc[section][key]
    found = [f for f in findings_of(doc) if f.code == "target.header.missing"]
    assert [(f.field, f.severity) for f in found] == [(field, Severity.ERROR)]
    assert found[0].message.startswith(f"请填写{name}")


def test_a_missing_unit_name_is_one_finding_not_two() -> None:
    doc = load()
    doc["unit"]["name"] = ""
    found = [f for f in check_document(FormDoc(doc)) if f.field == "unit.name"]
    assert [f.code for f in found] == ["target.header.missing"]
    assert "实施单位" in found[0].message


def test_each_row_error_names_its_own_row() -> None:
    doc = load()
    rows(doc)[0]["value"] = "≥**公里"
    rows(doc)[5]["value"] = "≥**万元/公里"
    found = [f.field for f in findings_of(doc) if f.code == "value.placeholder"]
    assert found == ["indicators[0].value", "indicators[5].value"]


def test_blank_grid_lines_are_skipped() -> None:
    doc = load()
    rows(doc).insert(3, {"lv1": "", "lv2": "", "lv3": "", "value": "", "weight": ""})
    rows(doc).append({})
    assert findings_of(doc) == []


def test_a_row_that_is_not_an_object_is_left_to_the_document_rules() -> None:
    doc = load()
    rows(doc).append("产出指标")
    found = check_document(FormDoc(doc))
    assert [(f.code, f.field) for f in found] == [("doc.bad_row", "indicators[12]")]


def test_a_wrong_lv1_does_not_also_report_its_lv2() -> None:
    doc = load()
    row(doc, QUALITY)["lv1"] = "质量指标"
    found = [f for f in findings_of(doc) if f.field.startswith("indicators[2].")]
    assert [f.code for f in found] == ["target.lv1.invalid"]
    assert "产出指标" in found[0].message  # it says where 质量指标 belongs


def test_the_core_list_may_come_from_the_library() -> None:
    doc = load("targets-training.json")
    assert findings_of(doc, library_core=frozenset({"★★★参训学员满意度"})) == []
    found = findings_of(doc, library_core=frozenset({"★★★受益脱贫(监测)人口数"}))
    assert [(f.code, f.field) for f in found] == [
        ("target.core.removed", "indicators[lv3=受益脱贫(监测)人口数]")
    ]


def test_the_weight_total_comes_from_the_profile() -> None:
    doc = load()
    assert codes(findings_of(doc, indicator_total=Decimal(100))) == {"target.weight.total"}
    row(doc, ROAD)["weight"] = "25"
    assert findings_of(doc, indicator_total=Decimal(100)) == []
    message = next(f.message for f in findings_of(doc) if f.code == "target.weight.total")
    assert "合计 100 分，应为 90 分" in message


def test_a_sheet_without_weights_is_not_asked_for_them() -> None:
    assert findings_of(load("targets-training.json"), indicator_total=Decimal(100)) == []


def test_satisfaction_may_be_omitted_and_is_noted_instead() -> None:
    doc = load("targets-training.json")
    doc["indicators"] = [r for r in rows(doc) if r["lv1"] != "满意度指标"]
    assert findings_of(doc) == []
    assert omitted_optional_categories(FormDoc(doc)) == ["满意度指标"]
    assert omitted_optional_categories(FormDoc(load("targets-training.json"))) == []


def test_dates_count_as_measurable_in_the_qualitative_share() -> None:
    doc = load()
    _qualitative(3)(doc)
    row(doc, ON_TIME)["value"] = "2022年9月底前"  # now 3 phrases and 2 dates out of 12
    assert "target.qualitative.share" not in codes(findings_of(doc))


def test_the_2021_framework_has_cost_as_its_own_level() -> None:
    doc = load()
    for r in rows(doc):
        if r["lv2"] == "成本指标":
            r["lv1"], r["lv2"] = "成本指标", "经济成本指标"
    assert findings_of(doc, framework="2021") == []
    classic = findings_of(doc)
    assert {(f.code, f.field) for f in classic} == {
        ("target.lv1.invalid", "indicators[5].lv1"),
        ("target.lv1.invalid", "indicators[6].lv1"),
    }
    row(doc, TOTAL_COST)["value"] = "≤130万元"
    assert codes(findings_of(doc, framework="2021")) == {"target.cost.above_funds"}
    doc["indicators"] = [r for r in rows(doc) if r["lv1"] != "成本指标"]
    rows(doc)[0]["weight"] = "25"
    found = findings_of(doc, framework=get_framework("2021"))
    assert [(f.code, f.field) for f in found] == [("target.category.empty", "indicators[lv1=成本指标]")]


def test_settings_change_the_numbers_of_the_rules() -> None:
    doc = load()
    assert codes(findings_of(doc, min_goal_chars=50)) == {"target.goal.short"}
    assert codes(findings_of(doc, min_output_quantitative=7)) == {"target.output.few_quantitative"}
    assert codes(findings_of(doc, max_lv3_chars=5)) == {"target.lv3.too_long"}


def test_goal_content_drops_numbering_and_closing_punctuation() -> None:
    assert goal_content("目标1：完成道路硬化。") == "完成道路硬化"
    assert goal_content("（二） 培训 300 人次；") == "培训300人次"
    assert goal_content("１．建成水池２座") == "建成水池２座"
    assert goal_content("2023年完成道路硬化") == "2023年完成道路硬化"  # a year is not numbering
    assert goal_content("1.5公里道路硬化") == "1.5公里道路硬化"  # nor is a decimal
    assert goal_content("3、新建桥梁1座") == "新建桥梁1座"


def test_results_do_not_depend_on_the_remembered_verdicts() -> None:
    doc = load()
    row(doc, ROAD)["value"] = "≥**公里"
    first = findings_of(doc)
    clear_caches()
    assert findings_of(doc) == first
    assert findings_of(doc) == first


# -- explanations -----------------------------------------------------------------------------------


def test_an_explanation_clears_its_warning_and_nothing_else() -> None:
    doc = load()
    doc["goals"]["annual"].append("修路")
    row(doc, TOTAL_COST)["value"] = "≤150万元"
    found = findings_of(doc)
    assert {f.severity for f in found} == {Severity.WARNING}
    explanations = {"target.goal.short@goals.annual[2]": "村民代表大会的原话"}
    assert [f.code for f in unexplained(found, explanations)] == ["target.cost.above_funds"]
    assert blocking(found, explanations) == unexplained(found, explanations)
    explanations["target.cost.above_funds@indicators[6].value"] = "含上级配套资金 30 万元"
    assert blocking(found, explanations) == []


def test_an_explanation_never_clears_an_error() -> None:
    doc = load()
    doc["project"]["manager"] = ""
    found = findings_of(doc)
    (error,) = found
    explanations = {error.key: "负责人还没定"}
    assert not is_explained(error, explanations)
    assert blocking(found, explanations) == [error]
    assert unexplained(found, explanations) == []


def test_a_blank_explanation_does_not_count() -> None:
    warning = Finding("target.goal.short", Severity.WARNING, "goals.annual[0]", "…")
    assert not is_explained(warning, {warning.key: "   "})
    assert blocking([warning], {warning.key: "   "}) == [warning]


def test_explanations_travel_in_the_document() -> None:
    doc = load()
    doc["goals"]["annual"].append("修路")
    doc["explanations"] = {"target.goal.short@goals.annual[2]": "上级已同意"}
    form = FormDoc(doc)
    assert blocking(check_document(form), form.explanations) == []


# -- dispatch and words ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["monitoring", "selfeval"])
def test_other_kinds_get_the_document_rules_and_not_the_target_rules(kind: str) -> None:
    doc = load()
    doc["kind"] = kind
    doc["unit"]["name"] = ""
    doc["goals"] = {}
    found = check_document(FormDoc(doc))
    assert ("doc.missing_field", "unit.name") in {(f.code, f.field) for f in found}
    assert not any(f.code.startswith("target.") for f in found)
    assert set(CHECKERS) == {"targets", "monitoring", "selfeval"}


def test_optional_rules_wait_for_their_module() -> None:
    missing = optional_rules("perfdesk.domain.no_such_rules", "findings")
    assert missing(FormDoc(load()), CheckOptions()) == []
    present = optional_rules("perfdesk.domain.target_rules", "check_targets")
    doc = load()
    doc["project"]["manager"] = ""
    assert codes(present(FormDoc(doc), CheckOptions())) == {"target.header.missing"}


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        ("indicators[2].value", "第3行 指标值"),
        ("indicators[0].lv1", "第1行 一级指标"),
        ("indicators[4]", "第5行"),
        ("indicators[lv1=效益指标]", "效益指标"),
        ("indicators[lv3=受益脱贫(监测)人口数]", "三级指标“受益脱贫(监测)人口数”"),
        ("indicators", "绩效指标"),
        ("goals.annual[1]", "年度总体目标第2条"),
        ("funds.annual", "年度资金总额"),
        ("project.manager", "项目负责人"),
        ("fiscal_year", "预算年度"),
        ("something.else", "something.else"),
    ],
)
def test_field_labels_speak_the_form(field: str, shown: str) -> None:
    assert field_label(field) == shown


def test_the_labels_used_exist() -> None:
    for key in (
        "field.goals.annual",
        "field.goals.midterm",
        "check.explained",
        "check.unexplained",
        "check.row",
    ):
        assert labels.LABELS[key]


# -- the published schema ----------------------------------------------------------------------------


def test_the_schema_describes_the_clean_sheets() -> None:
    """No validator ships with the program; check the parts of the schema the fixtures rely on."""
    import re

    schema = json.loads(
        (DOCUMENTS.parents[2] / "resources" / "schema" / "form-document.schema.json").read_text("utf-8")
    )
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "additionalProperties" not in schema  # unknown fields are allowed
    amount = re.compile(schema["$defs"]["amount"]["pattern"])
    decimal = re.compile(schema["$defs"]["decimal"]["pattern"])
    targets = next(
        part["then"] for part in schema["allOf"] if part["if"]["properties"]["kind"]["const"] == "targets"
    )
    for name in FIXTURES:
        doc = load(name)
        assert set(schema["required"]) <= set(doc)
        assert doc["kind"] in schema["properties"]["kind"]["enum"]
        assert set(targets["properties"]["funds"]["required"]) <= set(doc["funds"])
        assert all(amount.fullmatch(v) for v in doc["funds"].values())
        assert all(decimal.fullmatch(r.get("weight", "")) for r in rows(doc))
        assert set(schema["properties"]["project"]["properties"]) >= set(doc["project"])


# -- whatever a hand-written document holds, the rules answer with findings, never an exception ----

_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(
    section=st.sampled_from(
        ["unit", "project", "funds", "goals", "indicators", "required_core", "explanations"]
    ),
    key=st.sampled_from(
        ["name", "annual", "manager", "start_year", "attribute", "lv1", "value", "weight", "midterm"]
    ),
    junk=_junk,
)
def test_odd_values_in_any_field_never_raise(section: str, key: str, junk: object) -> None:
    doc = load()
    target = doc.get(section)
    if isinstance(target, dict):
        target[key] = junk
    elif isinstance(target, list) and target and isinstance(target[0], dict):
        target[0][key] = junk
    else:
        doc[section] = junk
    form = FormDoc(doc)
    found = check_document(form)
    assert all(isinstance(f, Finding) and f.message for f in found)
    blocking(found, form.explanations)
    omitted_optional_categories(form)
