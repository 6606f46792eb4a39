"""Importing the unit/project list from real workbooks and CSV files into a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from test_excel_import_support import LIST_HEADER, ROAD, WATER, YEAR, counts, csv_file, list_workbook

from perfdesk.domain.money import Money
from perfdesk.services import catalog
from perfdesk.services.excel_import import apply_import, plan_import
from perfdesk.services.store import Store
from perfdesk.storage.models import AuditEntry


def _projects(store: Store) -> dict[str, catalog.ProjectRow]:
    return {p.code: p for node in catalog.load_tree(store, YEAR) for p in node.projects}


def test_a_clean_project_list_imports_units_and_projects_exact_to_the_cent(
    store: Store, tmp_path: Path
) -> None:
    path = list_workbook(tmp_path / "清单.xlsx", [ROAD, WATER])
    plan = plan_import(store, path, YEAR)
    assert plan.problems == ()
    assert plan.summary() == "新单位 1 个，新项目 2 个，更新项目 0 个，目标表 0 张"

    result = apply_import(store, plan)

    assert result.summary() == "已导入：新单位 1 个，新项目 2 个，更新项目 0 个，目标表 0 张"
    (node,) = catalog.load_tree(store, YEAR)
    assert (node.unit.code, node.unit.name, node.unit.kind) == ("610921101", "城关镇人民政府", "unit")
    road, water = _projects(store)["610921-RD-0001"], _projects(store)["610921-WS-0002"]
    assert (road.annual, road.fiscal, road.other) == (
        Money(120_350_000),
        Money(100_350_000),
        Money(20_000_000),
    )
    assert (road.attribute, road.start_year, road.end_year, road.manager) == ("new", 2025, 2025, "陈志强")
    assert (water.attribute, water.start_year, water.end_year) == ("continuing", 2024, 2026)
    assert water.funds.balance_findings() == []
    with store.session_factory() as session:
        entries = {(e.action, e.entity, e.entity_key) for e in session.scalars(select(AuditEntry))}
    assert ("create", "unit", "610921101") in entries
    assert ("create", "project", "2025/610921-RD-0001") in entries
    assert ("import", "excel", "清单.xlsx") in entries


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_a_csv_list_imports_in_gbk_and_utf8_with_or_without_bom(
    store: Store, tmp_path: Path, encoding: str
) -> None:
    wide = [*WATER[:11], "８０．５", "０"]  # full-width digits as WPS sometimes saves them
    path = csv_file(tmp_path / "清单.csv", [ROAD, wide], encoding)
    plan = plan_import(store, path, YEAR)
    assert plan.errors == []
    apply_import(store, plan)
    water = _projects(store)["610921-WS-0002"]
    assert (water.name, water.fiscal, water.other) == (
        "西关村安全饮水巩固提升项目",
        Money(80_500_000),
        Money(0),
    )


def test_amounts_in_yuan_and_synonym_headers_in_any_order(store: Store, tmp_path: Path) -> None:
    header = [
        "项目编码",
        "项目名称",
        "预算单位编码",
        "预算单位名称",
        "资金总额（元）",
        "财政资金（元）",
        "其他资金（元）",
    ]
    row = [
        "610921-RD-0001",
        "东关村产业路硬化项目",
        "610921101",
        "城关镇人民政府",
        "1,203,500.00",
        "1003500",
        "200000",
    ]
    apply_import(store, plan_import(store, list_workbook(tmp_path / "元.xlsx", [row], header=header), YEAR))
    road = _projects(store)["610921-RD-0001"]
    assert (road.annual, road.fiscal, road.other) == (
        Money(120_350_000),
        Money(100_350_000),
        Money(20_000_000),
    )


def test_a_known_project_is_updated_with_its_changes_shown_and_nothing_deleted(
    store: Store, tmp_path: Path
) -> None:
    apply_import(store, plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD, WATER]), YEAR))
    changed = [*ROAD[:7], "", "", "", "130.35", "110.35", "20"]  # phone and category left empty: kept
    plan = plan_import(store, list_workbook(tmp_path / "b.xlsx", [changed]), YEAR)
    assert plan.summary() == "新单位 0 个，新项目 0 个，更新项目 1 个，目标表 0 张"
    (update,) = plan.updated_projects
    assert update.changes == {
        "annual": ("120.350000", "130.350000"),
        "fiscal": ("100.350000", "110.350000"),
    }
    apply_import(store, plan)
    road = _projects(store)["610921-RD-0001"]
    assert (road.annual, road.phone, road.category) == (Money(130_350_000), "0915-5210101", "衔接资金")
    assert "610921-WS-0002" in _projects(store)


def test_a_list_with_no_changes_plans_nothing_and_writes_only_the_import_entry(
    store: Store, tmp_path: Path
) -> None:
    apply_import(store, plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD]), YEAR))
    plan = plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD]), YEAR)
    assert plan.ok and plan.empty


def test_the_header_row_may_sit_below_a_title_and_notes(store: Store, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for line in ("2025年度项目清单", "填报单位：城关镇", "", "说明：金额单位为万元"):
        ws.append([line])
    ws.append(LIST_HEADER)
    ws.append(ROAD)
    book.save(tmp_path / "t.xlsx")
    plan = plan_import(store, tmp_path / "t.xlsx", YEAR)
    assert plan.ok and [c.row for c in plan.new_projects] == [6]


def test_nothing_is_written_before_apply(store: Store, tmp_path: Path) -> None:
    before = counts(store)
    plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD, WATER]), YEAR)
    assert counts(store) == before
