"""Target sheets from workbooks: the template layout and one row per indicator, into 草稿 sheets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from test_excel_import_support import (
    ROAD,
    ROAD_INDICATORS,
    WATER,
    YEAR,
    counts,
    list_sheet,
    list_workbook,
    road_workbook,
    template_sheet,
    text_cell,
)

from perfdesk.services import catalog, forms
from perfdesk.services.excel_import import apply_import, plan_import
from perfdesk.services.store import Store


def _road_targets(store: Store) -> forms.DocumentRecord:
    (document,) = forms.list_documents(store, YEAR, "targets")
    return document


def test_a_template_sheet_becomes_a_draft_that_perfdesk_check_accepts(store: Store, tmp_path: Path) -> None:
    plan = plan_import(store, road_workbook(tmp_path / "目标表.xlsx"), YEAR)
    assert plan.problems == ()
    assert plan.summary() == "新单位 1 个，新项目 2 个，更新项目 0 个，目标表 1 张"
    apply_import(store, plan)

    document = _road_targets(store)
    assert document.status == "draft"
    body = document.body
    assert body["project"]["code"] == "610921-RD-0001"
    assert body["funds"] == {"annual": "120.35", "fiscal": "100.35", "other": "20.00"}
    assert (
        body["goals"]["annual"][0]
        == "目标1：完成东关村产业路硬化3公里，路面宽4.5米，解决2个村民小组生产出行难问题"
    )
    rows = [(r["lv1"], r["lv2"], r["lv3"], r["value"], r["weight"]) for r in body["indicators"]]
    assert rows[1] == ("产出指标", "数量指标", "受益村民小组数", "=2个", "5")  # merged cells carried down
    assert rows[-1] == ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%", "10")
    assert len(rows) == len(ROAD_INDICATORS)
    (tmp_path / "doc.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "perfdesk", "check", str(tmp_path / "doc.json")],
        capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "没有发现问题，可以标记为完成" in checked.stdout


def test_one_row_per_indicator_groups_rows_by_project_code(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "项目清单"
    list_sheet(ws, [ROAD, WATER])
    rows = book.create_sheet("指标")
    rows.append(["项目代码", "一级指标", "二级指标", "三级指标", "指标值", "分值", "指标解释"])
    rows.append(
        ["610921-RD-0001", "产出指标", "数量指标", "新建(改建)村内道路里程", "≥３公里", 15, "实地丈量"]
    )
    rows.append([None, None, "质量指标", "项目(工程)验收合格率", "=100%", 10])
    text_cell(rows.cell(3, 5))
    rows.append(["610921-WS-0002", "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥95%", 10])
    book.save(tmp_path / "rows.xlsx")
    plan = plan_import(store, tmp_path / "rows.xlsx", YEAR)
    assert plan.problems == ()
    assert [(t.project_code, t.row, len(t.indicators)) for t in plan.targets] == [
        ("610921-RD-0001", 2, 2),
        ("610921-WS-0002", 4, 1),
    ]
    assert plan.targets[0].indicators[0]["value"] == "≥3公里"
    assert plan.targets[0].indicators[0]["explanation"] == "实地丈量"
    apply_import(store, plan)
    assert len(forms.list_documents(store, YEAR, "targets")) == 2


def test_a_sheet_without_code_matches_the_project_by_its_exact_name(store: Store, tmp_path: Path) -> None:
    apply_import(store, plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD, WATER]), YEAR))
    plan = plan_import(store, road_workbook(tmp_path / "b.xlsx", with_list=False), YEAR)
    assert plan.ok and [t.project_code for t in plan.targets] == ["610921-RD-0001"]


def test_a_target_for_an_unknown_project_is_an_error_and_nothing_is_written(
    store: Store, tmp_path: Path
) -> None:
    before = counts(store)
    plan = plan_import(store, road_workbook(tmp_path / "b.xlsx", with_list=False), YEAR)
    assert [p.describe() for p in plan.problems] == [
        "错误 [target.no_project] 工作表“东关村产业路” 第3行："
        "2025 年度没有名为“东关村产业路硬化项目”的项目，请先导入或新建该项目，或填写项目代码"
    ]
    assert counts(store) == before


def test_a_completed_target_sheet_is_never_overwritten(store: Store, tmp_path: Path) -> None:
    apply_import(store, plan_import(store, road_workbook(tmp_path / "a.xlsx"), YEAR))
    forms.complete(store, _road_targets(store).id)
    before = counts(store)
    plan = plan_import(
        store, road_workbook(tmp_path / "b.xlsx", with_list=False, code="610921-RD-0001"), YEAR
    )
    assert [p.describe() for p in plan.problems] == [
        "错误 [target.exists] 工作表“东关村产业路” 第3行：该项目的绩效目标表为“已完成”，只读，不能用导入覆盖。"
        "如需重来，请先“重新打开”并清空目标和指标"
    ]
    assert counts(store) == before
    assert _road_targets(store).status == "completed"


def test_an_empty_draft_is_filled_in_place(store: Store, tmp_path: Path) -> None:
    apply_import(store, plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD]), YEAR))
    project = next(p for n in catalog.load_tree(store, YEAR) for p in n.projects)
    empty = forms.create_document(store, project.id, "targets")
    apply_import(store, plan_import(store, road_workbook(tmp_path / "b.xlsx", with_list=False), YEAR))
    filled = _road_targets(store)
    assert (filled.id, filled.doc_id) == (empty.id, empty.doc_id)
    assert len(filled.body["indicators"]) == len(ROAD_INDICATORS)


def test_a_wrong_indicator_row_names_its_row_and_column(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "项目清单"
    list_sheet(ws, [ROAD])
    template_sheet(book.create_sheet("东关村产业路"))
    target = book["东关村产业路"]
    target["C12"] = "数量"  # 二级 under 产出 … fine; now break the 三级 of row 13 and the 二级 of row 21
    target["D13"] = None
    target["C21"] = "经济效益指标"
    book.save(tmp_path / "a.xlsx")
    before = counts(store)
    plan = plan_import(store, tmp_path / "a.xlsx", YEAR)
    assert [p.describe() for p in plan.problems] == [
        "错误 [target.indicator] 工作表“东关村产业路” 第13行 D列（三级指标）：缺少三级指标名称，请填写",
        "错误 [target.indicator] 工作表“东关村产业路” 第21行 C列（二级指标）："
        "二级指标“经济效益指标”不在一级指标“满意度指标”下，应为 服务对象满意度指标 之一；“经济效益指标”属于“效益指标”",
    ]
    assert counts(store) == before
