"""Builders of real workbooks and CSV files for the Excel import tests (no tests here).

A county's project list with two road and water projects of 城关镇, and the target sheet of the
road project in the common template layout, merged 一级/二级 cells and all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from perfdesk.services.store import Store

YEAR = 2025
LIST_HEADER = ["单位编码", "单位名称", "项目代码", "项目名称", "主管部门", "项目属性", "项目期", "项目负责人", "联系电话",
               "资金类别", "年度资金总额（万元）", "其中：财政拨款", "其他资金"]  # fmt: skip
ROAD = ["610921101", "城关镇人民政府", "610921-RD-0001", "东关村产业路硬化项目", "示例县农业农村局", "新增", "2025", "陈志强",
        "0915-5210101", "衔接资金", "120.35", "100.35", "20"]  # fmt: skip
WATER = ["610921101", "城关镇人民政府", "610921-WS-0002", "西关村安全饮水巩固提升项目", "示例县水利局", "延续", "2024-2026",
         "李红梅", "0915-5210102", "水利发展资金", "80.5", "80.5", "0"]  # fmt: skip
ROAD_INDICATORS = [
    ("产出指标", "数量指标", "新建(改建)村内道路里程", "≥3公里", 15),
    ("", "", "受益村民小组数", "=2个", 5),
    ("", "质量指标", "项目(工程)验收合格率", "=100%", 10),
    ("", "时效指标", "项目(工程)完成及时率", "≥95%", 5),
    ("", "", "项目完工时间", "2025年10月31日前", 5),
    ("", "成本指标", "道路硬化单位造价", "≤40万元/公里", 5),
    ("", "", "项目总投资", "≤120万元", 5),
    ("效益指标", "经济效益指标", "带动增加脱贫人口收入", "≥15万元", 10),
    ("", "社会效益指标", "受益脱贫(监测)人口数", "≥500人", 10),
    ("", "生态效益指标", "农村人居环境", "明显改善", 5),
    ("", "可持续影响指标", "工程设计使用年限", "≥15年", 5),
    ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%", 10),
]  # fmt: skip
ROAD_GOALS = "目标1：完成东关村产业路硬化3公里，路面宽4.5米，解决2个村民小组生产出行难问题\n目标2：带动500名脱贫（监测）人口出行和农产品运输，年增收15万元以上"


def text_cell(cell: Any) -> None:
    """Keep ``=2个`` as the text a person typed (openpyxl would store it as a formula)."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def list_sheet(ws: Worksheet, rows: Sequence[Sequence[object]], header: Sequence[str] = LIST_HEADER) -> None:
    """A project list with a title row above the header (the header is row 2)."""
    ws.append([f"{YEAR}年度项目清单"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))


def list_workbook(
    path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = LIST_HEADER, title: str = "项目清单"
) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    list_sheet(ws, rows, header)
    book.save(path)
    return path


def template_sheet(ws: Worksheet, *, name: str = "东关村产业路硬化项目", code: str | None = None) -> None:
    """The road project's target sheet as the common template lays it out."""
    ws.append([f"{YEAR}年度项目支出绩效目标表"])
    ws.append(["填报单位（盖章）：城关镇人民政府", None, None, None, "金额单位：万元"])
    ws.append(["项目名称", name, None, "项目代码", code])
    ws.append(["主管部门及代码", "示例县农业农村局", None, "实施单位", "城关镇人民政府"])
    ws.append(["项目属性", "新增", None, "项目期", "2025年"])
    ws.append(["项目负责人", "陈志强", None, "联系电话", "0915-5210101"])
    ws.append(["项目资金（万元）", "年度资金总额", "120.35", "财政拨款", "100.35", "其他资金", "20"])
    ws.append(["年度总体目标", ROAD_GOALS])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值"])
    first = ws.max_row + 1
    for lv1, lv2, lv3, value, weight in ROAD_INDICATORS:
        ws.append([None, lv1 or None, lv2 or None, lv3, value, weight])
        text_cell(ws.cell(ws.max_row, 5))
    ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
    ws.merge_cells(start_row=first, start_column=2, end_row=first + 6, end_column=2)
    ws.append([])
    ws.append(["填报人：张三", None, "单位负责人：李四", None, "填报日期：2025年1月10日"])


def road_workbook(path: Path, *, with_list: bool = True, code: str | None = None) -> Path:
    """A workbook with the project list (optional) and the road project's target sheet."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    if with_list:
        ws.title = "项目清单"
        list_sheet(ws, [ROAD, WATER])
        ws = book.create_sheet("东关村产业路")
    else:
        ws.title = "东关村产业路"
    template_sheet(ws, code=code)
    book.save(path)
    return path


def csv_file(
    path: Path, rows: Sequence[Sequence[object]], encoding: str, header: Sequence[str] = LIST_HEADER
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def counts(store: Store) -> dict[str, int]:
    """Rows per table the import writes to (an import that fails leaves them as they were)."""
    tables = ("units", "projects", "form_documents", "audit_log", "fiscal_years")
    return {t: store.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}
