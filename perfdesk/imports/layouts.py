"""Which layout each sheet has, and its rows read by the reader of that layout.

A sheet with a row naming 一级/二级/三级指标 holds targets: one row per indicator when that row
also names 项目代码 or 项目名称 (layout c), otherwise a template with a header block (layout b).
Otherwise a row within the first ten naming at least three list columns, 项目代码 or 项目名称
among them, makes it a unit/project list (layout a). An empty or unrecognised sheet is skipped
with a warning (an instructions sheet is common); a file with nothing to import is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfdesk.imports.headers import find_header
from perfdesk.imports.problems import ImportProblem, error, warning
from perfdesk.imports.project_list import ProjectLine, read_list
from perfdesk.imports.readers import Workbook
from perfdesk.imports.target_sheets import (
    TargetSheet,
    find_indicator_header,
    is_row_layout,
    read_rows_layout,
    read_template,
)


@dataclass
class ReadBack:
    """Every sheet of a file read: list rows, target sheets and the problems found."""

    lines: list[ProjectLine] = field(default_factory=list)
    targets: list[TargetSheet] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def read_sheets(book: Workbook, year: int, framework: str) -> ReadBack:
    out = ReadBack(problems=list(book.problems))
    refused = {p.sheet for p in book.problems if p.is_error}
    for sheet in book.sheets:
        if sheet.name in refused:
            continue
        if sheet.empty:
            out.problems.append(warning("sheet.empty", sheet.name, "工作表是空的，已跳过"))
            continue
        indicators = find_indicator_header(sheet)
        if indicators is not None:
            reader = read_rows_layout if is_row_layout(indicators) else read_template
            targets, problems = reader(sheet, indicators, framework)
            out.targets += targets
            out.problems += problems
            continue
        header = find_header(sheet.rows)
        if header is not None and (header.has("code") or header.has("name")):
            lines, problems = read_list(sheet, header, year)
            out.lines += lines
            out.problems += problems
            continue
        out.problems.append(
            warning(
                "sheet.unknown", sheet.name,
                "前 10 行中没有找到可识别的表头（项目清单应有 单位编码、项目代码、项目名称、年度资金总额、财政拨款 等列；"
                "目标表应有 一级指标、二级指标、三级指标、指标值 列），已跳过",
            )
        )  # fmt: skip
    if not out.lines and not out.targets and not any(p.is_error for p in out.problems):
        out.problems.append(error("file.nothing", "", "文件中没有可导入的单位、项目或目标表"))
    return out
