"""The import preview's two tables: what will be imported, and every problem found."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from perfdesk.domain.labels import label
from perfdesk.imports.plan import ImportPlan
from perfdesk.imports.problems import ImportProblem

Index = QModelIndex | QPersistentModelIndex
_ERROR = QBrush(QColor("#b3261e"))
_WARNING = QBrush(QColor("#8a5a00"))


def _field_label(name: str) -> str:
    key = f"field.funds.{name}" if name in ("annual", "fiscal", "other") else f"field.project.{name}"
    return label(key)


def plan_rows(plan: ImportPlan) -> list[tuple[str, str, str, str]]:
    """(类别, 代码, 名称, 说明) per thing the plan writes, in the order it writes them."""
    rows: list[tuple[str, str, str, str]] = []
    for unit in plan.units:
        rows.append(("新单位", unit.code, unit.name, f"工作表“{unit.sheet}”第{unit.row}行"))
    for project in plan.new_projects:
        note = f"{project.unit_code}；年度资金总额 {project.funds.annual.format_wan(2)} 万元"
        rows.append(("新项目", project.code, project.name, note))
    for project in plan.updated_projects:
        note = "；".join(f"{_field_label(k)} {a} → {b}" for k, (a, b) in project.changes.items())
        rows.append(("更新项目", project.code, project.name, note))
    for target in plan.targets:
        note = f"目标 {len(target.goals)} 条，指标 {len(target.indicators)} 个（草稿）"
        rows.append((label("form.targets"), target.project_code, target.project_name, note))
    return rows


class _TableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]


class PlanModel(_TableModel):
    """将导入: new units, new projects, updated projects (with their changes), target sheets."""

    headers = ("类别", "代码", "名称", "说明")

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._rows = list(plan_rows(plan)) if plan is not None else []
        self.endResetModel()


class ProblemsModel(_TableModel):
    """问题: every problem with its sheet, row and column; errors in red."""

    headers = ("级别", "工作表", "行", "列", "说明")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: list[ImportProblem] = []

    def set_problems(self, problems: list[ImportProblem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self._rows = [
            (
                "错误" if p.is_error else "提示", p.sheet, str(p.row) if p.row else "",
                p.column + (f"（{p.column_name}）" if p.column and p.column_name else ""), f"[{p.code}] {p.message}",
            )
            for p in problems
        ]  # fmt: skip
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and 0 <= index.row() < len(self._problems)
        ):
            return _ERROR if self._problems[index.row()].is_error else _WARNING
        return super().data(index, role)
