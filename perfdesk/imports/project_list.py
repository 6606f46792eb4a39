"""The unit/project list: one project per row, with its unit and funds (layout a).

Decisions:
- Required columns: 单位编码, 项目代码, 项目名称, 年度资金总额 and 财政拨款; 其他资金 may be left out
  (then 0). Column order is free; common synonyms are accepted (see :mod:`headers`).
- An empty amount cell is 0; amounts are in 万元 unless the header says ``（元）`` or the cell ends
  in ``元``; 年度资金总额 must equal 财政拨款 + 其他资金 to the cent.
- 项目期 may be given as one column (``2024-2026``, ``2025年``) or as 起始年度/结束年度; absent,
  the project runs in the import year only. An empty 项目属性 is 新增.
- A row whose 单位编码 and 项目代码 are empty and that says 合计/小计/总计 is a total row: skipped.
- The same 项目代码 twice in the file is an error on the later row; one 单位编码 with two names too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perfdesk.domain import master_data
from perfdesk.domain.findings import Finding
from perfdesk.domain.labels import PROJECT_ATTRIBUTES, UNIT_KINDS, label
from perfdesk.domain.money import Money
from perfdesk.domain.paste import is_garbled
from perfdesk.domain.text import clean_cell
from perfdesk.imports.headers import SYNONYMS, HeaderRow, in_yuan
from perfdesk.imports.problems import ImportProblem, error, warning
from perfdesk.imports.readers import Sheet

REQUIRED = ("unit_code", "code", "name", "annual", "fiscal")
TEXT_FIELDS = ("code", "name", "department", "manager", "phone", "category")
_TOTAL_WORDS = frozenset({"合计", "小计", "总计"})
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class ProjectLine:
    """One row of the list, read and checked on its own."""

    sheet: str
    row: int
    unit_code: str
    unit_name: str
    unit_kind: str
    values: dict[str, str]
    """The project fields given in the row, as catalog's text (``attribute`` as its key)."""
    funds: master_data.Funds
    columns: dict[str, int] = field(default_factory=dict)


def column_title(field_name: str) -> str:
    return SYNONYMS[field_name][0]


def read_list(sheet: Sheet, header: HeaderRow, year: int) -> tuple[list[ProjectLine], list[ImportProblem]]:
    """Every row under ``header`` as a ``ProjectLine``, and what is wrong with them."""
    problems: list[ImportProblem] = []
    missing = [f for f in REQUIRED if f not in header.columns]
    for name in missing:
        others = "、".join(SYNONYMS[name][1:3])
        problems.append(
            error(
                "list.missing_column", sheet.name,
                f"缺少“{column_title(name)}”列" + (f"（也可写作 {others}）" if others else "") + "，请在表头行补上这一列",
                row=header.index + 1,
            )
        )  # fmt: skip
    if missing:
        return [], problems
    lines: list[ProjectLine] = []
    for index in range(header.index + 1, len(sheet.rows)):
        line, found = _read_row(sheet, header, index, year)
        problems += found
        if line is not None:
            lines.append(line)
    if not lines and not problems:
        problems.append(warning("list.no_rows", sheet.name, "表头下没有项目行", row=header.index + 1))
    problems += _duplicates(lines)
    return lines, problems


def _read_row(
    sheet: Sheet, header: HeaderRow, index: int, year: int
) -> tuple[ProjectLine | None, list[ImportProblem]]:
    row_no = index + 1
    cells = {f: clean_cell(sheet.cell(index, c)) for f, c in header.columns.items()}
    if not any(sheet.rows[index]):
        return None, []
    if (
        not cells["unit_code"]
        and not cells["code"]
        and _TOTAL_WORDS & {clean_cell(c) for c in sheet.rows[index]}
    ):
        return None, []
    problems: list[ImportProblem] = []

    def at(field_name: str, finding_code: str, message: str) -> None:
        column = header.columns.get(field_name)
        title = header.titles.get(field_name, "")
        problems.append(
            error(finding_code, sheet.name, message, row=row_no, column=column, column_name=title)
        )

    garbled = {f for f, text in cells.items() if is_garbled(text)}
    for name in sorted(garbled, key=lambda f: header.columns[f]):
        sample = cells[name] if len(cells[name]) <= 16 else cells[name][:16] + "…"
        at(name, "cell.garbled", f"含有乱码“{sample}”（文字的编码不对），请在 Excel 或 WPS 中改正后重新导入")

    def take(found: list[Finding], field_name: str) -> None:
        for finding in found:
            if field_name not in garbled:
                at(field_name, finding.code, finding.message)

    if "year" in cells and cells["year"] and cells["year"] != str(year):
        at("year", "row.year", f"{label('field.fiscal_year')}为 {cells['year']}，与导入的年度 {year} 不同")
    kind = _kind(cells.get("unit_kind", ""))
    if kind is None:
        at("unit_kind", "unit.kind", "单位类型只能是部门、单位或镇办")
        kind = "unit"
    unit_found = master_data.check_unit(cells["unit_code"], cells.get("unit_name") or "-", kind)
    take([f for f in unit_found if f.field == "code"], "unit_code")
    for name in TEXT_FIELDS:
        take(master_data.check_project_field(name, cells.get(name, "")), name)
    values = {f: cells[f] for f in TEXT_FIELDS if cells.get(f)}
    attribute = _attribute(cells.get("attribute", ""))
    if attribute is None:
        at("attribute", "project.attribute", "项目属性只能是新增或延续")
    elif cells.get("attribute"):
        values["attribute"] = attribute
    start, end, period_field = _period(cells, year)
    if start is None or end is None:
        at(period_field, "project.period", "项目期应为四位年份，例如 2025 或 2024-2026")
    elif any(cells.get(f) for f in ("period", "start_year", "end_year")):
        values["start_year"], values["end_year"] = str(start), str(end)
        for finding in master_data.check_period(start, end, year):
            at(period_field or finding.field, finding.code, finding.message)
    amounts: dict[str, Money] = {}
    for name in master_data.FUND_FIELDS:
        text = cells.get(name, "")
        wan = to_wan(text, in_yuan(header.titles.get(name, "")))
        money, found = master_data.parse_money_field(f"funds.{name}", wan if wan is not None else text)
        take(found, name)
        if money is not None:
            amounts[name] = money
    funds = master_data.Funds(
        amounts.get("annual", Money(0)), amounts.get("fiscal", Money(0)), amounts.get("other", Money(0))
    )
    if len(amounts) == len(master_data.FUND_FIELDS):
        take(funds.balance_findings(), "annual")
    if problems:
        return None, problems
    line = ProjectLine(
        sheet.name,
        row_no,
        cells["unit_code"],
        cells.get("unit_name", ""),
        kind,
        values,
        funds,
        dict(header.columns),
    )
    return line, []


def to_wan(text: str, header_in_yuan: bool) -> str | None:
    """An amount cell as 万元 text: ``"1,200元"`` → ``"0.12"``; None when it is not a number
    (the money parser then says why). ``万元`` in the cell wins over the header."""
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    yuan = header_in_yuan
    if cleaned.endswith("万元"):
        cleaned, yuan = cleaned[:-2], False
    elif cleaned.endswith("元"):
        cleaned, yuan = cleaned[:-1], True
    if not cleaned:
        return ""
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return format(value / 10000 if yuan else value, "f")


def _kind(text: str) -> str | None:
    if not text:
        return "unit"
    by_label = {label(f"unit.kind.{k}"): k for k in UNIT_KINDS}
    return text if text in UNIT_KINDS else by_label.get(text)


def _attribute(text: str) -> str | None:
    if not text:
        return "new"
    by_label = {label(f"project.attribute.{k}"): k for k in PROJECT_ATTRIBUTES}
    by_label["新增项目"], by_label["延续项目"] = "new", "continuing"
    return text if text in PROJECT_ATTRIBUTES else by_label.get(text)


def _period(cells: dict[str, str], year: int) -> tuple[int | None, int | None, str]:
    """Start and end year from 项目期 or 起始/结束年度, the field to blame when unreadable."""
    if cells.get("period"):
        years = [int(y) for y in _YEAR.findall(cells["period"])]
        if len(years) == 1:
            return years[0], years[0], "period"
        if len(years) == 2:
            return years[0], years[1], "period"
        return None, None, "period"
    start_text, end_text = cells.get("start_year", ""), cells.get("end_year", "")
    start = _one_year(start_text) if start_text else year
    if start is None:
        return None, None, "start_year"
    end = _one_year(end_text) if end_text else start
    if end is None:
        return None, None, "end_year"
    return start, end, ""


def _one_year(text: str) -> int | None:
    found = _YEAR.fullmatch(text.removesuffix("年"))
    return int(found.group()) if found else None


def _duplicates(lines: list[ProjectLine]) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    seen_codes: dict[str, ProjectLine] = {}
    unit_names: dict[str, ProjectLine] = {}
    for line in lines:
        code = line.values.get("code", "")
        if code in seen_codes:
            first = seen_codes[code]
            problems.append(
                error(
                    "project.duplicate", line.sheet,
                    f"项目代码 {code} 与工作表“{first.sheet}”第{first.row}行重复，同一年度的项目代码不能重复",
                    row=line.row, column=line.columns["code"], column_name=column_title("code"),
                )
            )  # fmt: skip
        else:
            seen_codes[code] = line
        named = unit_names.setdefault(line.unit_code, line)
        if line.unit_name and named.unit_name and line.unit_name != named.unit_name:
            problems.append(
                error(
                    "unit.name_conflict", line.sheet,
                    f"单位编码 {line.unit_code} 在第{named.row}行名为“{named.unit_name}”，这里却是“{line.unit_name}”",
                    row=line.row, column=line.columns.get("unit_name"), column_name=column_title("unit_name"),
                )
            )  # fmt: skip
        elif line.unit_name and not named.unit_name:
            unit_names[line.unit_code] = line
    return problems
