"""The rows read from a file held against what the store already has: the import's preview.

Works on a snapshot of the store (:class:`Known`), so it is pure and runs anywhere; see
:mod:`perfdesk.services.excel_import` for the decisions it carries out.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfdesk.domain import master_data
from perfdesk.domain.money import Money
from perfdesk.imports.layouts import ReadBack
from perfdesk.imports.plan import ImportPlan, NewUnit, ProjectChange, TargetImport
from perfdesk.imports.problems import ImportProblem, error, warning
from perfdesk.imports.project_list import ProjectLine, column_title
from perfdesk.imports.target_sheets import TargetSheet
from perfdesk.services.catalog import PROJECT_TEXT_FIELDS, ProjectRow


@dataclass(frozen=True)
class KnownUnit:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class KnownTarget:
    """A project's target sheet: its id, and why an import may not fill it ('' if it may)."""

    id: int
    refusal: str


@dataclass(frozen=True)
class Known:
    """What the store holds for the import year: units by code, projects by code, target sheets
    by project id."""

    units: dict[str, KnownUnit]
    projects: dict[str, ProjectRow]
    targets: dict[int, KnownTarget]


def match(known: Known, year: int, read: ReadBack, source: str, framework: str) -> ImportPlan:
    """The plan for ``read``: new units and projects, field changes, target sheets, problems."""
    return _Matcher(known, year, read).plan(source, framework)


class _Matcher:
    def __init__(self, known: Known, year: int, read: ReadBack) -> None:
        self.year, self.read = year, read
        self.units = known.units
        self.projects = known.projects
        self.targets = known.targets
        self.problems: list[ImportProblem] = list(read.problems)

    def plan(self, source: str, framework: str) -> ImportPlan:
        units: dict[str, NewUnit] = {}
        new: list[ProjectChange] = []
        updated: list[ProjectChange] = []
        for line in self.read.lines:
            if line.unit_code not in self.units and line.unit_code not in units:
                unit = self._new_unit(line)
                if unit is not None:
                    units[unit.code] = unit
            elif line.unit_code in self.units:
                self._compare_unit(line)
            change = self._project(line)
            if change is not None:
                (new if change.project_id is None else updated).append(change)
        targets = self._targets(new)
        return ImportPlan(
            source, self.year, framework, tuple(units.values()), tuple(new),
            tuple(c for c in updated if c.changes), tuple(targets), tuple(self.problems),
        )  # fmt: skip

    def _at(self, line: ProjectLine, name: str, code: str, message: str, *, level: str = "error") -> None:
        make = error if level == "error" else warning
        column = line.columns.get(name)
        self.problems.append(
            make(code, line.sheet, message, row=line.row, column=column, column_name=column_title(name))
        )

    def _new_unit(self, line: ProjectLine) -> NewUnit | None:
        if not line.unit_name:
            self._at(
                line, "unit_name", "unit.name_missing", f"单位编码 {line.unit_code} 是新单位，请填写单位名称"
            )
            return None
        parent = line.values.get("department", "")
        return NewUnit(line.unit_code, line.unit_name, line.unit_kind, parent, line.sheet, line.row)

    def _compare_unit(self, line: ProjectLine) -> None:
        stored = self.units[line.unit_code]
        if line.unit_name and line.unit_name != stored.name:
            message = f"单位编码 {line.unit_code} 在系统中为“{stored.name}”，表中为“{line.unit_name}”；导入不修改单位名称"
            self._at(line, "unit_name", "unit.name_differs", message, level="warning")

    def _project(self, line: ProjectLine) -> ProjectChange | None:
        code = line.values["code"]
        stored = self.projects.get(code)
        values = dict(line.values)
        if stored is None:
            values = {"attribute": "new", "start_year": str(self.year), "end_year": str(self.year), **values}
            return ProjectChange(
                code, values["name"], line.unit_code, values, line.funds, line.sheet, line.row
            )
        unit = self.units.get(line.unit_code)
        if unit is None or unit.id != stored.unit_id:
            owner = next((u for u in self.units.values() if u.id == stored.unit_id), None)
            message = f"项目代码 {code} 在 {self.year} 年度属于“{owner.name if owner else stored.unit_id}”，导入不能改变项目所属单位"
            self._at(line, "unit_code", "project.unit_differs", message)
            return None
        before = stored
        changes = _changes(before, values, line.funds)
        start = int(values.get("start_year", before.start_year))
        end = int(values.get("end_year", before.end_year))
        for finding in master_data.check_period(start, end, self.year):
            self._at(
                line, "period" if "period" in line.columns else finding.field, finding.code, finding.message
            )
        return ProjectChange(
            code, values.get("name", stored.name), line.unit_code, values, line.funds, line.sheet, line.row,
            stored.id, changes,
        )  # fmt: skip

    def _targets(self, new: list[ProjectChange]) -> list[TargetImport]:
        by_name: dict[str, set[str]] = {}
        names = [(p.name, p.code) for p in self.projects.values()] + [(c.name, c.code) for c in new]
        for name, project_code in names:
            by_name.setdefault(name, set()).add(project_code)
        known = set(self.projects) | {c.code for c in new}
        out: list[TargetImport] = []
        seen: dict[str, TargetSheet] = {}
        for sheet in self.read.targets:
            code = self._match(sheet, known, by_name)
            if code is None:
                continue
            if code in seen:
                first = seen[code]
                self._target_problem(
                    sheet,
                    "target.duplicate",
                    f"项目 {code} 的目标表在工作表“{first.sheet}”第{first.row}行已出现过",
                )
                continue
            seen[code] = sheet
            stored = self.projects.get(code)
            document = self.targets.get(stored.id) if stored is not None else None
            if document is not None and document.refusal:
                self._target_problem(sheet, "target.exists", document.refusal)
                continue
            if not sheet.goals and not sheet.indicators:
                self._target_problem(
                    sheet, "target.empty", "目标表没有目标，也没有指标，已跳过", level="warning"
                )
                continue
            self._compare_funds(sheet, code, new)
            name = stored.name if stored is not None else next(c.name for c in new if c.code == code)
            out.append(
                TargetImport(code, name, sheet.goals, sheet.indicators, sheet.sheet, sheet.row,
                             document.id if document is not None else None)
            )  # fmt: skip
        return out

    def _match(self, sheet: TargetSheet, known: set[str], by_name: dict[str, set[str]]) -> str | None:
        if sheet.code:
            if sheet.code in known:
                return sheet.code
            self._target_problem(
                sheet,
                "target.no_project",
                f"{self.year} 年度没有项目代码为 {sheet.code} 的项目，请先导入或新建该项目",
            )
            return None
        codes = by_name.get(sheet.name, set())
        if len(codes) == 1:
            return next(iter(codes))
        if codes:
            message = f"{self.year} 年度有 {len(codes)} 个项目名为“{sheet.name}”（{'、'.join(sorted(codes))}），请在表中填写项目代码"
            self._target_problem(sheet, "target.ambiguous", message)
        else:
            self._target_problem(
                sheet,
                "target.no_project",
                f"{self.year} 年度没有名为“{sheet.name}”的项目，请先导入或新建该项目，或填写项目代码",
            )
        return None

    def _compare_funds(self, sheet: TargetSheet, code: str, new: list[ProjectChange]) -> None:
        stored = self.projects.get(code)
        change = next((c for c in new if c.code == code), None)
        funds = change.funds if change is not None else stored.funds if stored is not None else None
        given = sheet.header.get("annual", "")
        if funds is None or not given:
            return
        try:
            annual = Money.from_wan(given.removesuffix("万元"))
        except ValueError:
            return
        if annual != funds.annual:
            message = f"表中年度资金总额 {given} 万元与项目的 {funds.annual.format_wan(2)} 万元不同；目标表的资金以项目为准"
            self._target_problem(sheet, "target.funds_differ", message, level="warning")

    def _target_problem(self, sheet: TargetSheet, code: str, message: str, *, level: str = "error") -> None:
        make = error if level == "error" else warning
        self.problems.append(make(code, sheet.sheet, message, row=sheet.row))


def _changes(
    before: ProjectRow, values: dict[str, str], funds: master_data.Funds
) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for name in (*PROJECT_TEXT_FIELDS, "start_year", "end_year"):
        if name in values and str(getattr(before, name)) != values[name]:
            out[name] = (before.field_text(name), values[name])
    for name in master_data.FUND_FIELDS:
        after: Money = getattr(funds, name)
        if getattr(before, name) != after:
            out[name] = (before.field_text(name, 6), after.format_wan(6))
    return out
