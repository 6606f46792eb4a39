"""The workbooks, reopened with openpyxl as Excel or WPS would open them: cells, merges, page setup."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from perfdesk.domain.document import FormDoc
from perfdesk.reports.forms import ReportError
from perfdesk.reports.xlsx_forms import export_document_xlsx, line_count

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"


def example(name: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))
    return raw


def workbook(raw: dict[str, Any]) -> Worksheet:
    buffer = io.BytesIO()
    export_document_xlsx(FormDoc(raw), buffer)
    buffer.seek(0)
    ws: Worksheet = openpyxl.load_workbook(buffer).active
    return ws


def find(ws: Worksheet, text: str) -> tuple[int, int]:
    """(row, column) of the first cell holding exactly ``text``."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in the sheet")


def merged(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def row_values(ws: Worksheet, row: int) -> list[Any]:
    return [c.value for c in ws[row] if c.value is not None]


def test_the_target_sheet_reads_like_the_printed_form() -> None:
    ws = workbook(example("targets-road"))
    assert ws.title == "绩效目标表"
    assert ws["A1"].value == "2022年度项目支出绩效目标表"
    assert ws["A1"].font.b and ws["A1"].font.name == "宋体"
    assert "A1:F1" in merged(ws)
    assert row_values(ws, 2) == ["填报单位（盖章）：城关镇人民政府", "金额单位：万元"]
    name_row, _ = find(ws, "项目名称")
    assert row_values(ws, name_row) == ["项目名称", "城关镇东关村产业路硬化项目"]
    funds_row, _ = find(ws, "年度资金总额")
    assert row_values(ws, funds_row) == ["项目资金（万元）", "年度资金总额", 120]
    assert ws.cell(funds_row, 4).number_format == "0.00"
    assert f"A{funds_row}:A{funds_row + 2}" in merged(ws)
    heading, _ = find(ws, "一级指标")
    assert row_values(ws, heading) == ["一级指标", "二级指标", "三级指标", "指标值", "分值"]
    first = heading + 1
    assert row_values(ws, first) == ["产出指标", "数量指标", "新建(改建)村内道路里程", "≥3公里", 15]
    # 一级 merged down its 7 rows, 二级 down its own; 三级 spans two grid columns.
    assert f"A{first}:A{first + 6}" in merged(ws)
    assert f"B{first}:B{first + 1}" in merged(ws)
    assert f"C{first}:D{first}" in merged(ws)
    assert f"A{first + 7}:A{first + 10}" in merged(ws)  # 效益指标
    assert ws.cell(first + 1, 1).value is None  # covered by the merge
    total_weight = sum(ws.cell(r, 6).value for r in range(first, first + 12))
    assert total_weight == 90


def test_every_form_cell_has_thin_borders() -> None:
    ws = workbook(example("targets-road"))
    heading, _ = find(ws, "一级指标")
    for row in range(3, heading + 13):
        for col in (1, 6):
            border = ws.cell(row, col).border
            side = border.left if col == 1 else border.right
            assert side.style == "thin", (row, col)


@pytest.mark.parametrize(
    ("name", "orientation", "last_column"),
    [("targets-road", "portrait", "F"), ("selfeval-road", "landscape", "I")],
)
def test_page_setup_is_a4_fit_to_width_with_print_area_titles_and_frozen_rows(
    name: str, orientation: str, last_column: str
) -> None:
    ws = workbook(example(name))
    setup = ws.page_setup
    assert setup.paperSize == int(ws.PAPERSIZE_A4) == 9
    assert setup.orientation == orientation
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    heading, _ = find(ws, "一级指标")
    assert ws.print_title_rows == f"${heading}:${heading}"
    assert ws.print_area == f"'{ws.title}'!$A$1:${last_column}${ws.max_row}"
    assert ws.freeze_panes == "A3"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert "文档摘要" in ws.oddFooter.left.text
    widths = [ws.column_dimensions[c].width for c in "ABCDEF"]
    assert all(w > 5 for w in widths)


def test_the_self_evaluation_workbook_has_scores_total_grade_and_the_override_note() -> None:
    ws = workbook(example("selfeval-road"))
    funds_row, _ = find(ws, "年度资金总额")
    assert row_values(ws, funds_row) == ["年度资金总额", 120, 120, 118.5, 10, 0.9875, 9.88]
    assert ws.cell(funds_row, 8).number_format == "0.00%"
    override_row, _ = find(ws, "受益脱贫(监测)人口数")
    assert "10.00*" in row_values(ws, override_row)
    total_row, _ = find(ws, "总分")
    assert row_values(ws, total_row) == ["总分", 100, 96.22, "等级：优"]
    assert f"A{total_row}:F{total_row}" in merged(ws)
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("第9行")]
    assert notes == [
        "第9行 受益脱贫(监测)人口数：计算得分 9.60，认定得分 10.00；理由：经镇村核实，迁出的20人仍在本村居住并使用该道路，实际受益500人"
    ]
    conclusion, _ = find(ws, "评价结论")
    assert ws.row_dimensions[conclusion].height >= 30  # room to write by hand


def test_merged_cells_are_tall_enough_for_their_text() -> None:
    ws = workbook(example("selfeval-road"))
    goals, _ = find(ws, "预期目标")
    text_row = goals + 1
    text = ws.cell(text_row, 2).value
    width = sum(ws.column_dimensions[c].width for c in "BCDE")
    assert ws.row_dimensions[text_row].height >= line_count(text, width) * 9 * 1.3


def test_the_monitoring_workbook_tints_its_lights() -> None:
    ws = workbook(example("monitoring-road"))
    assert ws.title == "运行监控表"
    row, _ = find(ws, "带动增加脱贫人口收入")
    light = ws.cell(row, 7)
    assert light.value == "红灯"
    assert light.fill.fgColor.rgb.endswith("F4B6B0")
    heading, _ = find(ws, "一级指标")
    assert ws.print_title_rows == f"${heading}:${heading + 1}"  # the two heading rows repeat


def test_the_file_is_a_clean_zip_a_spreadsheet_program_opens(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    export_document_xlsx(FormDoc(example("selfeval-road")), path)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
    assert {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"} <= names
    book = openpyxl.load_workbook(path)
    assert book.properties.title == "2022年度项目支出绩效自评表"


def test_an_unknown_profile_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    raw = example("selfeval-road")
    raw["profile"] = "no-such-profile"
    with pytest.raises(ReportError):
        export_document_xlsx(FormDoc(raw), tmp_path / "form.xlsx")
    assert not (tmp_path / "form.xlsx").exists()


@pytest.mark.parametrize(
    ("text", "value", "number_format"),
    [
        ("120.00", Decimal("120.00"), "0.00"),
        ("98.75%", Decimal("0.9875"), "0.00%"),
        ("15", Decimal(15), "0"),
        ("0915", "0915", None),  # a leading zero is a code, not a number
        ("10.00*", "10.00*", None),
        ("1234567890123456", "1234567890123456", None),  # more digits than Excel keeps
    ],
)
def test_only_plain_numbers_become_numbers(text: str, value: object, number_format: str | None) -> None:
    from perfdesk.reports.xlsx_forms import cell_value

    stored, shown = cell_value(text)
    assert (stored, shown) == (value, number_format)
