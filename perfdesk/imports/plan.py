"""The preview of an import (what will be written, every problem) and what was written."""

from __future__ import annotations

from dataclasses import dataclass, field

from perfdesk.domain import master_data
from perfdesk.imports.problems import ImportProblem


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    kind: str
    parent: str
    sheet: str
    row: int


@dataclass(frozen=True)
class ProjectChange:
    """A project to create (``project_id`` None) or to update with ``changes`` (field → before,
    after, as a person reads them)."""

    code: str
    name: str
    unit_code: str
    values: dict[str, str]
    funds: master_data.Funds
    sheet: str
    row: int
    project_id: int | None = None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetImport:
    """A target sheet to write as a 草稿 for project ``project_code`` (filling an empty draft
    ``document_id`` when the project has one)."""

    project_code: str
    project_name: str
    goals: tuple[str, ...]
    indicators: tuple[dict[str, str], ...]
    sheet: str
    row: int
    document_id: int | None = None


@dataclass(frozen=True)
class ImportPlan:
    """Everything an import would write, and every problem found; ``ok`` when nothing blocks."""

    source: str
    year: int
    framework: str
    units: tuple[NewUnit, ...] = ()
    new_projects: tuple[ProjectChange, ...] = ()
    updated_projects: tuple[ProjectChange, ...] = ()
    targets: tuple[TargetImport, ...] = ()
    problems: tuple[ImportProblem, ...] = ()

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def empty(self) -> bool:
        return not (self.units or self.new_projects or self.updated_projects or self.targets)

    def summary(self) -> str:
        """One line: ``新单位 1 个，新项目 3 个，更新项目 1 个，目标表 2 张``."""
        return (
            f"新单位 {len(self.units)} 个，新项目 {len(self.new_projects)} 个，"
            f"更新项目 {len(self.updated_projects)} 个，目标表 {len(self.targets)} 张"
        )


@dataclass(frozen=True)
class ImportResult:
    """What ``apply_import`` wrote."""

    units: int
    projects_created: int
    projects_updated: int
    targets_created: int

    def summary(self) -> str:
        return (
            f"已导入：新单位 {self.units} 个，新项目 {self.projects_created} 个，"
            f"更新项目 {self.projects_updated} 个，目标表 {self.targets_created} 张"
        )
