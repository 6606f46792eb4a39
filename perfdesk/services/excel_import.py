"""Import from Excel or CSV: the unit/project list with funds and target sheets.

``plan_import`` reads the file and checks every row against the store without writing anything
(the preview); ``apply_import`` writes a plan without errors in ONE transaction, so an import is
all or nothing. The rules are catalog's (:mod:`perfdesk.domain.master_data`) and the paste
parser's; this module only decides what is new, what changes and what may not be touched.

Decisions:
- A project is matched by 项目代码 within the year: a known code updates the project with the
  cells that are filled (an empty cell keeps what is stored, nothing is ever deleted); a project
  may not move to another unit by import. A unit is matched by 单位编码 and never renamed.
- A target sheet belongs to the project with its 项目代码, else to the one project of the year
  with exactly its 项目名称 (in the store or in the same file). It becomes a 草稿 target sheet;
  an empty draft is filled, a sheet with content or a completed one is never overwritten.
- Errors block the whole import; warnings (a skipped sheet, funds on a target sheet that differ
  from the project's) are shown and the import may go on.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from perfdesk.domain import master_data
from perfdesk.domain.document import new_ids
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money
from perfdesk.imports.layouts import read_sheets
from perfdesk.imports.matching import Known, KnownTarget, KnownUnit, match
from perfdesk.imports.plan import ImportPlan, ImportResult, ProjectChange, TargetImport
from perfdesk.imports.problems import error
from perfdesk.imports.readers import ReadError, read_file
from perfdesk.services import audit, forms
from perfdesk.services.catalog import PROJECT_TEXT_FIELDS, ProjectRow
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store, current_actor
from perfdesk.storage.models import FiscalYear, FormDocument, Project, Unit

PROFILE = "mof-2020"


class ImportRefused(Exception):
    """``apply_import`` was given a plan with errors; nothing was written."""


def plan_import(store: Store, path: Path, year: int) -> ImportPlan:
    """Read ``path`` and check it against the store for ``year``; writes nothing."""
    framework = load_settings(store).framework
    try:
        read = read_sheets(read_file(path), year, framework)
    except ReadError as exc:
        return ImportPlan(str(path), year, framework, problems=(error(exc.code, "", str(exc)),))
    with store.session_factory() as session:
        known = _known(session, year)
    return match(known, year, read, str(path), framework)


def _known(session: Session, year: int) -> Known:
    units = {u.code: KnownUnit(u.id, u.code, u.name) for u in session.scalars(select(Unit))}
    projects = {
        p.code: _row_of(p) for p in session.scalars(select(Project).where(Project.fiscal_year == year))
    }
    documents = session.scalars(
        select(FormDocument).where(FormDocument.fiscal_year == year, FormDocument.kind == "targets")
    )
    targets = {d.project_id: KnownTarget(d.id, _overwrite_refusal(d)) for d in documents}
    return Known(units, projects, targets)


def _row_of(p: Project) -> ProjectRow:
    return ProjectRow(
        p.id, p.fiscal_year, p.unit_id, p.code, p.name, p.department, p.attribute, p.start_year,
        p.end_year, p.manager, p.phone, p.category, Money(p.annual_cents), Money(p.fiscal_cents),
        Money(p.other_cents),
    )  # fmt: skip


def _overwrite_refusal(row: FormDocument) -> str:
    """Why an import may not write into the target sheet ``row`` ('' when it is an empty draft)."""
    form = label("form.targets")
    record = forms.DocumentRecord(
        row.id, row.doc_id, row.version_id, row.kind, row.period, row.project_id, row.fiscal_year,
        row.status, json.loads(row.body), row.updated_at,
    )  # fmt: skip
    if not record.editable:
        return f"该项目的{form}为“{record.status_label}”，只读，不能用导入覆盖。如需重来，请先“重新打开”并清空目标和指标"
    if not forms.count_targets(record).empty:
        return f"该项目已有{form}（草稿，已填写内容），不能用导入覆盖。如需重来，请先删除该表"
    return ""


# ---------------------------------------------------------------- writing


def apply_import(store: Store, plan: ImportPlan) -> ImportResult:
    """Write ``plan`` in one transaction; ``ImportRefused`` (nothing written) when it has errors
    or the store changed since the preview in a way that clashes with it."""
    if not plan.ok:
        raise ImportRefused(f"导入内容有 {len(plan.errors)} 个错误，请改正后重新导入；没有写入任何内容")
    source = Path(plan.source).name
    with store.session_factory.begin() as session:
        if session.get(FiscalYear, plan.year) is None:
            session.add(FiscalYear(year=plan.year))
        for new_unit in plan.units:
            if session.scalar(select(Unit).where(Unit.code == new_unit.code)) is not None:
                raise ImportRefused(f"单位编码 {new_unit.code} 在预览之后已被使用，请重新预览")
            session.add(
                Unit(code=new_unit.code, name=new_unit.name, kind=new_unit.kind, parent=new_unit.parent)
            )
            audit.record(session, "create", "unit", new_unit.code, name=new_unit.name, source=source)
        session.flush()
        units = {u.code: u for u in session.scalars(select(Unit))}
        projects: dict[str, Project] = {}
        for change in plan.new_projects:
            clash = session.scalar(
                select(Project).where(Project.fiscal_year == plan.year, Project.code == change.code)
            )
            if clash is not None:
                raise ImportRefused(
                    f"{plan.year} 年度的项目代码 {change.code} 在预览之后已被使用，请重新预览"
                )
            project = Project(fiscal_year=plan.year, unit_id=units[change.unit_code].id)
            _fill(project, change)
            session.add(project)
            projects[change.code] = project
            audit.record(
                session, "create", "project", f"{plan.year}/{change.code}", name=change.name, source=source
            )
        for change in plan.updated_projects:
            assert change.project_id is not None
            project = session.get_one(Project, change.project_id)
            _fill(project, change)
            projects[change.code] = project
            diff = {k: list(v) for k, v in change.changes.items()}
            audit.record(
                session, "update", "project", f"{plan.year}/{change.code}", changes=diff, source=source
            )
        session.flush()
        for target in plan.targets:
            project = (
                projects.get(target.project_code)
                or session.scalars(
                    select(Project).where(
                        Project.fiscal_year == plan.year, Project.code == target.project_code
                    )
                ).one()
            )
            _write_target(session, project, target, source)
        audit.record(session, "import", "excel", source, year=plan.year, summary=plan.summary())
    return ImportResult(
        len(plan.units), len(plan.new_projects), len(plan.updated_projects), len(plan.targets)
    )


def _fill(project: Project, change: ProjectChange) -> None:
    for name in PROJECT_TEXT_FIELDS:
        if name in change.values:
            setattr(project, name, change.values[name])
    for name in ("start_year", "end_year"):
        if name in change.values:
            setattr(project, name, int(change.values[name]))
    for name in master_data.FUND_FIELDS:
        setattr(project, f"{name}_cents", getattr(change.funds, name).cents)


def _write_target(session: Session, project: Project, target: TargetImport, source: str) -> None:
    row = session.get(FormDocument, target.document_id) if target.document_id is not None else None
    if row is None:
        doc_id, version_id = new_ids()
        row = FormDocument(
            doc_id=doc_id, version_id=version_id, kind="targets", period=0, project_id=project.id,
            fiscal_year=project.fiscal_year, status="draft",
        )  # fmt: skip
        session.add(row)
        body: dict[str, Any] = {
            "kind": "targets",
            "schema_version": 1,
            "profile": PROFILE,
            "explanations": {},
        }
    else:
        if refusal := _overwrite_refusal(row):
            raise ImportRefused(refusal)
        body = json.loads(row.body)
    body["goals"] = {"annual": list(target.goals), "midterm": []}
    body["indicators"] = [dict(r) for r in target.indicators]
    body.update(forms.header_from_project(project, session.get_one(Unit, project.unit_id)))
    body.update({"kind": "targets", "doc_id": row.doc_id, "version_id": row.version_id, "supersedes": None})
    text = forms.canonical_json(copy.deepcopy(body))
    row.body, row.sha256 = text, hashlib.sha256(text.encode("utf-8")).hexdigest()
    row.updated_by = current_actor()
    session.flush()
    audit.record(
        session, "create", "form.targets", row.doc_id, project=project.code, year=project.fiscal_year,
        source=source, indicators=len(target.indicators),
    )  # fmt: skip
