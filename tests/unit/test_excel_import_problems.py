"""Malformed workbooks and files: every problem named by sheet, row and column, nothing written."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_excel_import_support import LIST_HEADER, ROAD, WATER, YEAR, counts, list_sheet, list_workbook

from perfdesk.imports.readers import MAX_ROWS
from perfdesk.services.excel_import import ImportRefused, apply_import, plan_import
from perfdesk.services.store import Store


def problems_of(store: Store, path: Path) -> list[str]:
    """The plan's problems as the CLI prints them; asserts that nothing can be written."""
    before = counts(store)
    plan = plan_import(store, path, YEAR)
    assert not plan.ok
    with pytest.raises(ImportRefused):
        apply_import(store, plan)
    assert counts(store) == before
    return [p.describe() for p in plan.problems]


def without(values: list[str], index: int) -> list[str]:
    return [v for i, v in enumerate(values) if i != index]


def test_a_missing_column_is_named_with_its_synonyms(store: Store, tmp_path: Path) -> None:
    path = list_workbook(tmp_path / "a.xlsx", [without(ROAD, 10)], header=without(LIST_HEADER, 10))
    assert problems_of(store, path) == [
        "错误 [list.missing_column] 工作表“项目清单” 第2行：缺少“年度资金总额”列（也可写作 资金总额、合计），请在表头行补上这一列"
    ]


def test_text_in_an_amount_cell_names_the_cell(store: Store, tmp_path: Path) -> None:
    road = [*ROAD[:10], "一百二十万", *ROAD[11:]]
    assert problems_of(store, list_workbook(tmp_path / "a.xlsx", [road, WATER])) == [
        "错误 [funds.not_money] 工作表“项目清单” 第3行 K列（年度资金总额（万元））："
        "“一百二十万”不是金额，请输入以万元为单位的数字，例如 120.50"
    ]


def test_funds_that_do_not_add_up_to_the_cent(store: Store, tmp_path: Path) -> None:
    water = [*WATER[:12], "0.01"]
    assert problems_of(store, list_workbook(tmp_path / "a.xlsx", [ROAD, water])) == [
        "错误 [funds.unbalanced] 工作表“项目清单” 第4行 K列（年度资金总额（万元））："
        "年度资金总额 80.5 万元不等于财政拨款与其他资金之和 80.51 万元（相差 -0.01 万元），请核对到分"
    ]


def test_a_duplicate_project_code_names_both_rows(store: Store, tmp_path: Path) -> None:
    water = [*WATER[:2], ROAD[2], *WATER[3:]]
    assert problems_of(store, list_workbook(tmp_path / "a.xlsx", [ROAD, water])) == [
        "错误 [project.duplicate] 工作表“项目清单” 第4行 C列（项目代码）："
        "项目代码 610921-RD-0001 与工作表“项目清单”第3行重复，同一年度的项目代码不能重复"
    ]


def test_merged_garbage_across_a_row_is_refused_cell_by_cell(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "项目清单"
    list_sheet(ws, [ROAD, WATER])
    ws["C4"] = "锟斤拷锟斤拷"
    ws.merge_cells("C4:E4")  # code, name and department swallowed by one garbled cell
    book.save(tmp_path / "a.xlsx")
    assert problems_of(store, tmp_path / "a.xlsx") == [
        "错误 [cell.garbled] 工作表“项目清单” 第4行 C列（项目代码）："
        "含有乱码“锟斤拷锟斤拷”（文字的编码不对），请在 Excel 或 WPS 中改正后重新导入",
        "错误 [project.name] 工作表“项目清单” 第4行 D列（项目名称）：请填写项目名称",
    ]


def test_a_new_unit_needs_its_name(store: Store, tmp_path: Path) -> None:
    road = [ROAD[0], "", *ROAD[2:]]
    assert problems_of(store, list_workbook(tmp_path / "a.xlsx", [road])) == [
        "错误 [unit.name_missing] 工作表“项目清单” 第3行 B列（单位名称）：单位编码 610921101 是新单位，请填写单位名称"
    ]


def test_empty_sheets_are_skipped_and_a_file_with_nothing_is_refused(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("空表")
    book.save(tmp_path / "a.xlsx")
    assert problems_of(store, tmp_path / "a.xlsx") == [
        "提示 [sheet.empty] 工作表“Sheet”：工作表是空的，已跳过",
        "提示 [sheet.empty] 工作表“空表”：工作表是空的，已跳过",
        "错误 [file.nothing] 文件中没有可导入的单位、项目或目标表",
    ]


def test_an_empty_sheet_beside_a_good_list_is_only_a_warning(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "项目清单"
    list_sheet(ws, [ROAD])
    book.create_sheet("说明")
    book.save(tmp_path / "a.xlsx")
    plan = plan_import(store, tmp_path / "a.xlsx", YEAR)
    assert plan.ok and [p.describe() for p in plan.problems] == [
        "提示 [sheet.empty] 工作表“说明”：工作表是空的，已跳过"
    ]


@pytest.mark.slow
def test_a_10_mb_sheet_is_refused_quickly_with_a_clear_message(store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("项目清单")
    ws.append(LIST_HEADER)
    for i in range(MAX_ROWS + 500):
        ws.append([ROAD[0], ROAD[1], f"P{i:06d}", f"第{i}号村内道路硬化项目", *ROAD[4:]])
    book.save(tmp_path / "big.xlsx")
    with zipfile.ZipFile(tmp_path / "big.xlsx") as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 10 * 1024 * 1024
    started = time.monotonic()
    assert problems_of(store, tmp_path / "big.xlsx") == [
        "错误 [sheet.too_many_rows] 工作表“项目清单”：工作表超过 20000 行，未读取。"
        "请删除空行和不导入的内容，或把它拆分成几张工作表后再导入"
    ]
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.csv", b"\x00\x01\x02PK\x00binary", "错误 [file.binary] a.csv 不是文本文件（含有二进制内容），请选择 .xlsx 或 .csv 文件"),
        ("a.xlsx", "单位编码,项目代码\n".encode(), "错误 [file.not_xlsx] a.xlsx 不是有效的 .xlsx 工作簿（文件损坏，或只是改了扩展名）"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "错误 [file.old_excel] 不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为”.xlsx 后再导入"),
        ("a.pdf", b"%PDF", "错误 [file.type] 不能导入 .pdf 文件，请选择 .xlsx 或 .csv 文件"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_workbook_or_text_is_refused(
    store: Store, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    assert problems_of(store, tmp_path / name) == [expected]


def test_a_project_may_not_move_to_another_unit_by_import(store: Store, tmp_path: Path) -> None:
    apply_import(store, plan_import(store, list_workbook(tmp_path / "a.xlsx", [ROAD]), YEAR))
    moved = ["610921102", "城关镇农业综合服务站", *ROAD[2:]]
    assert problems_of(store, list_workbook(tmp_path / "b.xlsx", [moved])) == [
        "错误 [project.unit_differs] 工作表“项目清单” 第3行 A列（单位编码）："
        "项目代码 610921-RD-0001 在 2025 年度属于“城关镇人民政府”，导入不能改变项目所属单位"
    ]
