"""Units and projects: list them as a tree for a fiscal year, create, edit and delete them.

Functions return plain frozen rows (no ORM objects), so the UI never holds a session.

Reading runs portable SQL through ``store.query``, so the first window is filled without loading
SQLAlchemy (see ``perfdesk.services.store``). Writing goes through the ORM in one transaction per
call; its modules are imported inside the writing functions for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from perfdesk.domain import master_data
from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.money import Money
from perfdesk.domain.text import clean_cell
from perfdesk.services import audit
from perfdesk.services.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from perfdesk.storage.models import Project, Unit

PROJECT_TEXT_FIELDS = ("code", "name", "department", "attribute", "manager", "phone", "category")
PROJECT_YEAR_FIELDS = ("start_year", "end_year")


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    parent: str
    region_code: str


@dataclass(frozen=True)
class ProjectRow:
    id: int
    fiscal_year: int
    unit_id: int
    code: str
    name: str
    department: str
    attribute: str
    start_year: int
    end_year: int
    manager: str
    phone: str
    category: str
    annual: Money
    fiscal: Money
    other: Money
    form_count: int = 0

    @property
    def funds(self) -> master_data.Funds:
        return master_data.Funds(self.annual, self.fiscal, self.other)

    def field_text(self, name: str, decimals: int = 2) -> str:
        """The field as a person reads it; money in 万元 with ``decimals`` places."""
        value = getattr(self, name)
        if isinstance(value, Money):
            return value.format_wan(decimals)
        return str(value)


@dataclass(frozen=True)
class UnitNode:
    unit: UnitRow
    projects: tuple[ProjectRow, ...]


@dataclass(frozen=True)
class ProjectSaved:
    """A saved project and the cross-field findings that still stand (e.g. unbalanced funds)."""

    project: ProjectRow
    findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------- reading

UNIT_COLUMNS = "id, code, name, kind, parent, region_code"
PROJECT_COLUMNS = (
    "id, fiscal_year, unit_id, code, name, department, attribute, start_year, end_year, manager, "
    "phone, category, annual_cents, fiscal_cents, other_cents"
)


def _unit_from(values: tuple[Any, ...]) -> UnitRow:
    """A ``UnitRow`` from a row of ``UNIT_COLUMNS``."""
    return UnitRow(*values)


def _project_from(values: tuple[Any, ...], form_count: int = 0) -> ProjectRow:
    """A ``ProjectRow`` from a row of ``PROJECT_COLUMNS``."""
    (id_, year, unit_id, code, name, department, attribute, start_year, end_year, manager, phone,
     category, annual, fiscal, other) = values  # fmt: skip
    return ProjectRow(
        id_, year, unit_id, code, name, department, attribute, start_year, end_year, manager, phone,
        category, Money(annual), Money(fiscal), Money(other), form_count,
    )  # fmt: skip


def list_years(store: Store) -> list[int]:
    """Fiscal years that exist (added explicitly or holding projects), oldest first."""
    rows = store.query("SELECT year FROM fiscal_years UNION SELECT fiscal_year FROM projects")
    return sorted(year for (year,) in rows)


def load_tree(store: Store, year: int) -> list[UnitNode]:
    """Every unit with its projects of ``year``, units and projects ordered by code."""
    units = [_unit_from(row) for row in store.query(f"SELECT {UNIT_COLUMNS} FROM units ORDER BY code")]
    counts: dict[int, int] = dict(
        store.query(
            "SELECT project_id, COUNT(*) FROM form_documents WHERE fiscal_year = :year GROUP BY project_id",
            year=year,
        )
    )
    by_unit: dict[int, list[ProjectRow]] = {u.id: [] for u in units}
    projects = store.query(
        f"SELECT {PROJECT_COLUMNS} FROM projects WHERE fiscal_year = :year ORDER BY code", year=year
    )
    for row in projects:
        project = _project_from(row, counts.get(row[0], 0))
        by_unit[project.unit_id].append(project)
    return [UnitNode(u, tuple(by_unit[u.id])) for u in units]


def get_project(store: Store, project_id: int) -> ProjectRow:
    """The project ``project_id`` with its form count; ``LookupError`` if there is none."""
    rows = store.query(f"SELECT {PROJECT_COLUMNS} FROM projects WHERE id = :id", id=project_id)
    if not rows:
        raise LookupError(f"项目 {project_id} 不存在（可能已被删除）")
    count = store.query("SELECT COUNT(*) FROM form_documents WHERE project_id = :id", id=project_id)
    return _project_from(rows[0], count[0][0])


def get_unit(store: Store, unit_id: int) -> UnitRow:
    """The unit ``unit_id``; ``LookupError`` if there is none."""
    rows = store.query(f"SELECT {UNIT_COLUMNS} FROM units WHERE id = :id", id=unit_id)
    if not rows:
        raise LookupError(f"单位 {unit_id} 不存在（可能已被删除）")
    return _unit_from(rows[0])


# ---------------------------------------------------------------- writing


def _unit_row(u: Unit) -> UnitRow:
    return UnitRow(u.id, u.code, u.name, u.kind, u.parent, u.region_code)


def _project_row(p: Project, form_count: int = 0) -> ProjectRow:
    return ProjectRow(
        p.id, p.fiscal_year, p.unit_id, p.code, p.name, p.department, p.attribute, p.start_year,
        p.end_year, p.manager, p.phone, p.category, Money(p.annual_cents), Money(p.fiscal_cents),
        Money(p.other_cents), form_count,
    )  # fmt: skip


def _ensure_year(session: Session, year: int) -> None:
    from perfdesk.storage.models import FiscalYear

    if session.get(FiscalYear, year) is None:
        session.add(FiscalYear(year=year))
        session.flush()


def add_year(store: Store, year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationFailed(
            [Finding("year.range", Severity.ERROR, "year", "预算年度应在 2000 到 2100 之间")]
        )
    with store.session_factory.begin() as session:
        _ensure_year(session, year)


# ---------------------------------------------------------------- units


def save_unit(
    store: Store, *, code: str, name: str, kind: str, parent: str = "", region_code: str = "",
    unit_id: int | None = None,
) -> UnitRow:  # fmt: skip
    """Create (``unit_id`` None) or update a unit; raises ``ValidationFailed`` naming the field."""
    code, name, parent = clean_cell(code), clean_cell(name), clean_cell(parent)
    problems = master_data.check_unit(code, name, kind)
    if problems:
        raise ValidationFailed(problems)
    from sqlalchemy import select

    from perfdesk.storage.models import Unit

    with store.session_factory.begin() as session:
        clash = session.scalar(select(Unit).where(Unit.code == code, Unit.id != (unit_id or -1)))
        if clash is not None:
            raise ValidationFailed(
                [
                    Finding(
                        "unit.code_taken", Severity.ERROR, "code", f"单位编码 {code} 已被“{clash.name}”使用"
                    )
                ]
            )
        unit = Unit() if unit_id is None else session.get_one(Unit, unit_id)
        before = _unit_row(unit) if unit_id is not None else None
        unit.code, unit.name, unit.kind, unit.parent, unit.region_code = code, name, kind, parent, region_code
        session.add(unit)
        session.flush()
        after = _unit_row(unit)
        audit.record(
            session, "create" if before is None else "update", "unit", code,
            before=before.__dict__ if before else None, after=after.__dict__,
        )  # fmt: skip
        return after


def delete_unit(store: Store, unit_id: int) -> None:
    """Delete a unit and its projects; refused while any of its projects has a form."""
    from sqlalchemy import func, select

    from perfdesk.storage.models import FormDocument, Project, Unit

    with store.session_factory.begin() as session:
        unit = session.get_one(Unit, unit_id)
        forms = session.scalar(
            select(func.count()).select_from(FormDocument).join(Project).where(Project.unit_id == unit_id)
        )
        if forms:
            raise ValidationFailed(
                [
                    Finding(
                        "unit.has_forms",
                        Severity.ERROR,
                        "unit",
                        f"“{unit.name}”的项目已有 {forms} 张绩效表，不能删除。请先删除这些表，或保留该单位。",
                    )
                ]
            )
        projects = list(session.scalars(select(Project).where(Project.unit_id == unit_id)))
        for p in projects:
            session.delete(p)
        session.delete(unit)
        audit.record(
            session, "delete", "unit", unit.code, name=unit.name, projects=[p.code for p in projects]
        )


# ---------------------------------------------------------------- projects


def _parse_funds(values: dict[str, str]) -> tuple[dict[str, Money], list[Finding]]:
    parsed: dict[str, Money] = {}
    problems: list[Finding] = []
    for name in master_data.FUND_FIELDS:
        if name in values:
            money, found = master_data.parse_money_field(f"funds.{name}", values[name])
            problems += found
            if money is not None:
                parsed[name] = money
    return parsed, problems


def _apply(project: Project, changes: dict[str, str], funds: dict[str, Money]) -> None:
    for name in PROJECT_TEXT_FIELDS:
        if name in changes:
            setattr(project, name, clean_cell(changes[name]))
    for name in PROJECT_YEAR_FIELDS:
        if name in changes:
            setattr(project, name, int(clean_cell(changes[name])))
    for name, money in funds.items():
        setattr(project, f"{name}_cents", money.cents)


def _check_code_free(session: Session, year: int, code: str, project_id: int | None) -> None:
    from sqlalchemy import select

    from perfdesk.storage.models import Project

    clash = session.scalar(
        select(Project).where(
            Project.fiscal_year == year, Project.code == code, Project.id != (project_id or -1)
        )
    )
    if clash is not None:
        raise ValidationFailed(
            [
                Finding(
                    "project.code_taken",
                    Severity.ERROR,
                    "code",
                    f"{year} 年度已有项目代码 {code}（{clash.name}）",
                )
            ]
        )


def create_project(store: Store, *, year: int, unit_id: int, values: dict[str, str]) -> ProjectRow:
    """Create a project from what a person typed; every rule must pass, funds must balance."""
    values = {"attribute": "new", "start_year": str(year), "end_year": str(year), **values}
    problems = [f for name, text in values.items() for f in master_data.check_project_field(name, text)]
    for required in ("code", "name"):
        if required not in values:
            problems += master_data.check_project_field(required, "")
    funds, money_problems = _parse_funds(values)
    problems += money_problems
    if problems:
        raise ValidationFailed(problems)
    balance = master_data.Funds(
        funds.get("annual", Money(0)), funds.get("fiscal", Money(0)), funds.get("other", Money(0))
    ).balance_findings()
    period = master_data.check_period(int(values["start_year"]), int(values["end_year"]), year)
    if balance or period:
        raise ValidationFailed(balance + period)
    from perfdesk.storage.models import Project, Unit

    with store.session_factory.begin() as session:
        _ensure_year(session, year)
        session.get_one(Unit, unit_id)
        _check_code_free(session, year, clean_cell(values["code"]), None)
        project = Project(fiscal_year=year, unit_id=unit_id)
        _apply(project, values, funds)
        session.add(project)
        session.flush()
        row = _project_row(project)
        audit.record(session, "create", "project", f"{year}/{row.code}", name=row.name, unit_id=unit_id)
        return row


def update_project(store: Store, project_id: int, changes: dict[str, str]) -> ProjectSaved:
    """Save edited fields of a project at once (every committed field is durable).

    A field that cannot be read (not a number, empty name) is refused with ``ValidationFailed``
    and nothing is written; a cross-field rule that fails (funds not adding up, period) is saved
    anyway and returned as findings, so a person typing the three amounts one after another
    never loses what they typed.
    """
    problems = [f for name, text in changes.items() for f in master_data.check_project_field(name, text)]
    funds, money_problems = _parse_funds(changes)
    problems += money_problems
    if problems:
        raise ValidationFailed(problems)
    from sqlalchemy import func, select

    from perfdesk.storage.models import FormDocument, Project

    with store.session_factory.begin() as session:
        project = session.get_one(Project, project_id)
        if "code" in changes:
            _check_code_free(session, project.fiscal_year, clean_cell(changes["code"]), project_id)
        before = _project_row(project)
        _apply(project, changes, funds)
        session.flush()
        after = _project_row(project)
        diff = {
            k: [before.field_text(k, 6), after.field_text(k, 6)]
            for k in before.__dataclass_fields__
            if getattr(before, k) != getattr(after, k)
        }
        if diff:
            audit.record(session, "update", "project", f"{after.fiscal_year}/{after.code}", changes=diff)
        count = session.scalar(select(func.count()).where(FormDocument.project_id == project_id)) or 0
    row = _project_row_with_count(after, count)
    return ProjectSaved(row, project_findings(row))


def _project_row_with_count(row: ProjectRow, count: int) -> ProjectRow:
    return replace(row, form_count=count)


def project_findings(row: ProjectRow) -> list[Finding]:
    """Cross-field rules on a stored project (funds balance, period)."""
    return row.funds.balance_findings() + master_data.check_period(
        row.start_year, row.end_year, row.fiscal_year
    )


def delete_project(store: Store, project_id: int) -> None:
    """Delete a project; refused while it has forms."""
    from sqlalchemy import func, select

    from perfdesk.storage.models import FormDocument, Project

    with store.session_factory.begin() as session:
        project = session.get_one(Project, project_id)
        forms = session.scalar(select(func.count()).where(FormDocument.project_id == project_id))
        if forms:
            raise ValidationFailed(
                [
                    Finding(
                        "project.has_forms",
                        Severity.ERROR,
                        "project",
                        f"项目“{project.name}”已有 {forms} 张绩效表，不能删除。",
                    )
                ]
            )
        session.delete(project)
        audit.record(session, "delete", "project", f"{project.fiscal_year}/{project.code}", name=project.name)
