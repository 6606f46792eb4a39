"""Target sheets (绩效目标表) from a workbook: the template layout (a header block above an
indicator table, one project per sheet — layout b) and one row per indicator (layout c).

Decisions:
- The indicator rows are read by the one parser of pasted blocks
  (:func:`perfdesk.domain.paste.parse_pasted_rows`), so an imported row and a pasted row are
  taken or refused alike: merged 一级/二级 cells carry down, names are put in the framework's
  spelling, values are read by the one value parser.
- In the template, a header label (项目名称, 项目代码, 年度资金总额, 年度总体目标 …) takes the next
  non-empty cell to its right as its value. Goal lines are split at line breaks and before
  ``目标N：``; a goal block merged over several rows is read down its column.
- The indicator table ends at the first row that starts with 填报人, 单位负责人, 备注, 注 …
- In layout c, rows belong to the project in their 项目代码 (or 项目名称) cell; an empty cell
  means the project of the row above (a merged cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from perfdesk.domain.labels import label
from perfdesk.domain.paste import COLUMNS, is_garbled, parse_pasted_rows, tidy_text
from perfdesk.domain.text import clean_cell
from perfdesk.imports.headers import HeaderRow, field_of, read_header
from perfdesk.imports.problems import ImportProblem, error, warning
from perfdesk.imports.readers import Sheet

INDICATOR_SEARCH_ROWS = 60
HEADER_FIELDS = frozenset(
    {"code", "name", "department", "unit_name", "attribute", "period", "start_year", "end_year",
     "manager", "phone", "annual", "fiscal", "other", "goals", "category"}
)  # fmt: skip
_FOOTER = re.compile(r"^(填报人|填表人|单位负责人|财务负责人|审核人|备注|说明|注[:：]|注$)")
_GOAL_SPLIT = re.compile(r"(?=目标\s*\d+\s*[:：])")
_COLUMN_LABELS = {name: label(f"indicator.{name}") for name in ("lv1", "lv2", "lv3", "value", "weight")}


@dataclass(frozen=True)
class TargetSheet:
    """A target sheet read from a file: the project it names, its goals and indicator rows."""

    sheet: str
    row: int
    code: str
    name: str
    goals: tuple[str, ...]
    indicators: tuple[dict[str, str], ...]
    header: dict[str, str] = field(default_factory=dict)


def find_indicator_header(sheet: Sheet) -> HeaderRow | None:
    """The row naming 一级/二级/三级指标 (within the first ``INDICATOR_SEARCH_ROWS`` rows)."""
    for index in range(min(len(sheet.rows), INDICATOR_SEARCH_ROWS)):
        header = read_header(index, sheet.rows[index])
        if header.has("lv1", "lv2", "lv3"):
            return header
    return None


def is_row_layout(header: HeaderRow) -> bool:
    """One row per indicator: the indicator header row also names the project."""
    return header.has("code") or header.has("name")


def split_goals(text: str) -> list[str]:
    lines = [tidy_text(part) for line in text.split("\n") for part in _GOAL_SPLIT.split(tidy_text(line))]
    return [line for line in lines if line]


def read_template(
    sheet: Sheet, header: HeaderRow, framework: str
) -> tuple[list[TargetSheet], list[ImportProblem]]:
    """Layout b: the header block above ``header`` and the indicator table under it."""
    values, where, goals = _header_block(sheet, header.index)
    problems: list[ImportProblem] = []
    if not values.get("code") and not values.get("name"):
        problems.append(
            error(
                "target.no_project",
                sheet.name,
                "表头中找不到项目代码或项目名称，无法确定这张目标表属于哪个项目",
                row=1,
            )
        )
    rows = _table_rows(sheet, header, header.index + 1, len(sheet.rows))
    indicators, found = read_indicators(sheet.name, rows, header, framework)
    problems += found
    if problems and any(p.is_error for p in problems):
        return [], problems
    row = where.get("code", where.get("name", 1))
    target = TargetSheet(
        sheet.name,
        row,
        values.get("code", ""),
        values.get("name", ""),
        tuple(goals),
        tuple(indicators),
        values,
    )
    return [target], problems


def read_rows_layout(
    sheet: Sheet, header: HeaderRow, framework: str
) -> tuple[list[TargetSheet], list[ImportProblem]]:
    """Layout c: rows grouped by the project in their 项目代码/项目名称 cell."""
    key_field = "code" if header.has("code") else "name"
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    first_row: dict[str, int] = {}
    goals: dict[str, list[str]] = {}
    current = ""
    for index, _cells in _table_rows(sheet, header, header.index + 1, len(sheet.rows)):
        key = clean_cell(sheet.cell(index, header.columns[key_field])) or current
        current = key
        if not key:
            continue
        groups.setdefault(key, []).append((index, _cells))
        first_row.setdefault(key, index + 1)
        goal = sheet.cell(index, header.columns["goals"]) if "goals" in header.columns else ""
        for line in split_goals(goal):
            if line not in goals.setdefault(key, []):
                goals[key].append(line)
    targets: list[TargetSheet] = []
    problems: list[ImportProblem] = []
    for key, rows in groups.items():
        indicators, found = read_indicators(sheet.name, rows, header, framework)
        problems += found
        code, name = (key, "") if key_field == "code" else ("", key)
        targets.append(
            TargetSheet(sheet.name, first_row[key], code, name, tuple(goals.get(key, [])), tuple(indicators))
        )
    if not groups:
        problems.append(warning("target.no_rows", sheet.name, "表头下没有指标行", row=header.index + 1))
    return targets, problems


def read_indicators(
    sheet_name: str, rows: list[tuple[int, list[str]]], header: HeaderRow, framework: str
) -> tuple[list[dict[str, str]], list[ImportProblem]]:
    """Indicator rows through the paste parser; refusals become problems at their sheet rows."""
    result = parse_pasted_rows("\n".join("\t".join(_quote(c) for c in cells) for _, cells in rows), framework)
    problems: list[ImportProblem] = []
    for refused in result.refused:
        index = rows[refused.line_no - 1][0]
        name = _blamed_column(refused.reason)
        column = header.columns.get(name) if name else None
        problems.append(
            error("target.indicator", sheet_name, refused.reason, row=index + 1, column=column,
                  column_name=header.titles.get(name, "") if name else "")
        )  # fmt: skip
    return result.rows, problems


def _quote(cell: str) -> str:
    if any(ch in cell for ch in '\t\n"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _blamed_column(reason: str) -> str:
    """The column a refusal names first (``缺少三级指标名称`` → ``lv3``), '' when none."""
    spots = {name: reason.find(text) for name, text in _COLUMN_LABELS.items() if text in reason}
    return min(spots, key=lambda name: spots[name]) if spots else ""


def _table_rows(sheet: Sheet, header: HeaderRow, start: int, stop: int) -> list[tuple[int, list[str]]]:
    """The indicator table's rows as cells in the paste parser's column order, up to the footer."""
    rows: list[tuple[int, list[str]]] = []
    for index in range(start, stop):
        cells = [
            sheet.cell(index, header.columns[name]) if name in header.columns else "" for name in COLUMNS
        ]
        first = next((c for c in sheet.rows[index] if c), "")
        if first and _FOOTER.match(clean_cell(first)):
            break
        rows.append((index, cells))
    return rows


def _header_block(sheet: Sheet, stop: int) -> tuple[dict[str, str], dict[str, int], list[str]]:
    """Label → value pairs above the indicator table, the row of each, and the goal lines."""
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    goals: list[str] = []
    goal_column: int | None = None
    for index in range(stop):
        cells = sheet.rows[index]
        labelled = False
        for column, text in enumerate(cells):
            name = field_of(text) if text else None
            if name not in HEADER_FIELDS or name in values:
                continue
            labelled = True
            value_column = next(
                (c for c in range(column + 1, len(cells)) if cells[c] and field_of(cells[c]) is None), None
            )
            value = cells[value_column] if value_column is not None else ""
            if name == "goals":
                goals += split_goals(value)
                goal_column = value_column
                values[name] = value
            else:
                values[name] = clean_cell(value)
            where[name] = index + 1
        if not labelled and goal_column is not None and "goals" in values:
            more = sheet.cell(index, goal_column)
            if more and not any(field_of(c) for c in cells if c) and not is_garbled(more):
                goals += split_goals(more)
            else:
                goal_column = None
        elif labelled and "goals" in values and where["goals"] != index + 1:
            goal_column = None
    return values, where, goals
