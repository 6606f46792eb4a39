"""The unit → project tree of one fiscal year, and the filter behind the search box.

``ProjectTreeModel`` shows ``catalog.UnitNode`` rows: units at the top level, their projects under
them. Each row keeps a lowercase search text (code and name), so ``ProjectFilterProxy`` decides
all rows with one pass of substring tests per keystroke and Qt only looks the answer up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from perfdesk.domain.labels import label, unit_kind_label
from perfdesk.domain.money import Money
from perfdesk.domain.text import normalize_width
from perfdesk.services import catalog
from perfdesk.services.catalog import ProjectRow, UnitNode, UnitRow
from ui.review.banner import poor_icon

COL_NAME, COL_CODE, COL_FUNDS = range(3)
COLUMN_COUNT = 3

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
"""``KIND_UNIT`` or ``KIND_PROJECT``."""
ID_ROLE = Qt.ItemDataRole.UserRole + 2
"""The unit's or the project's database id."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
"""The ``catalog.UnitRow`` or ``catalog.ProjectRow`` itself."""
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4
"""The lowercase text the search box matches against."""

KIND_UNIT = "unit"
KIND_PROJECT = "project"

_FINDING_BRUSH = QBrush(QColor("#b03a2e"))
_UNIT_FONT = QFont()
_UNIT_FONT.setBold(True)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Plain ints: data() runs for every painted cell and role, so no enum lookups in it.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_UNIT_ROOT = 0  # internal id of top-level (unit) indexes; a project's is its unit's row + 1

Index = QModelIndex | QPersistentModelIndex


def search_text(*parts: str) -> str:
    """What a row is found by: its parts folded (full-width digits typed by an IME) and lowercased."""
    return normalize_width(" ".join(parts)).lower()


class ProjectTreeModel(QAbstractItemModel):
    """Units and their projects of one year, read-only; edits go through ``catalog`` and come
    back through ``set_tree`` or ``replace_project``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: list[UnitRow] = []
        self._projects: list[list[ProjectRow]] = []
        self._unit_search: list[str] = []
        self._project_search: list[list[str]] = []
        self._unit_totals: list[Money] = []
        self._project_problems: dict[int, str] = {}
        self._poor_targets: set[int] = set()
        self._decimals = 2
        self.generation = 0
        """Bumped whenever rows or their search texts change, so a filter knows to recompute."""

    # ------------------------------------------------------------ feeding

    def set_tree(self, nodes: Sequence[UnitNode], decimals: int | None = None) -> None:
        """Show ``nodes`` (from ``catalog.load_tree``) in place of whatever was shown."""
        self.beginResetModel()
        if decimals is not None:
            self._decimals = decimals
        self._units = [node.unit for node in nodes]
        self._projects = [list(node.projects) for node in nodes]
        self._unit_search = [search_text(u.code, u.name) for u in self._units]
        self._project_search = [[search_text(p.code, p.name) for p in ps] for ps in self._projects]
        self._unit_totals = [sum((p.annual for p in ps), Money.zero()) for ps in self._projects]
        self._project_problems = {}
        for projects in self._projects:
            for project in projects:
                self._note_problems(project)
        self.generation += 1
        self.endResetModel()

    def replace_project(self, project: ProjectRow) -> None:
        """Show a project's saved state (name, code, funds) in its existing row."""
        index = self.project_index(project.id)
        if not index.isValid():
            return
        unit_row = index.internalId() - 1
        self._projects[unit_row][index.row()] = project
        self._project_search[unit_row][index.row()] = search_text(project.code, project.name)
        self._unit_totals[unit_row] = sum((p.annual for p in self._projects[unit_row]), Money.zero())
        self._note_problems(project)
        self.generation += 1
        self.dataChanged.emit(index, index.siblingAtColumn(COLUMN_COUNT - 1))
        unit_index = self.index(unit_row, COL_FUNDS)
        self.dataChanged.emit(unit_index, unit_index)

    def set_money_decimals(self, decimals: int) -> None:
        self._decimals = decimals
        if self._units:
            self.dataChanged.emit(self.index(0, COL_FUNDS), self.index(len(self._units) - 1, COL_FUNDS))
            for row in range(len(self._units)):
                parent = self.index(row, 0)
                count = len(self._projects[row])
                if count:
                    self.dataChanged.emit(
                        self.index(0, COL_FUNDS, parent), self.index(count - 1, COL_FUNDS, parent)
                    )

    def set_poor_targets(self, project_ids: Iterable[int]) -> None:
        """Mark the projects whose target review in force is final and graded 差 (red, with a
        red dot and the tooltip 绩效目标审核为差，不得纳入预算); the others lose the mark."""
        marked = set(project_ids)
        changed, self._poor_targets = marked ^ self._poor_targets, marked
        for project_id in changed:
            index = self.project_index(project_id)
            if index.isValid():
                self.dataChanged.emit(index, index.siblingAtColumn(COLUMN_COUNT - 1))

    def has_poor_targets(self, project_id: int) -> bool:
        return project_id in self._poor_targets

    def _note_problems(self, project: ProjectRow) -> None:
        messages = [f.message for f in catalog.project_findings(project)]
        if messages:
            self._project_problems[project.id] = "\n".join(messages)
        else:
            self._project_problems.pop(project.id, None)

    # ------------------------------------------------------------ lookups

    @property
    def unit_count(self) -> int:
        return len(self._units)

    @property
    def project_count(self) -> int:
        return sum(len(projects) for projects in self._projects)

    def units(self) -> list[UnitRow]:
        return list(self._units)

    def unit_index(self, unit_id: int) -> QModelIndex:
        for row, unit in enumerate(self._units):
            if unit.id == unit_id:
                return self.index(row, 0)
        return QModelIndex()

    def project_index(self, project_id: int) -> QModelIndex:
        for unit_row, projects in enumerate(self._projects):
            for row, project in enumerate(projects):
                if project.id == project_id:
                    return self.createIndex(row, 0, unit_row + 1)
        return QModelIndex()

    def unit_of(self, index: Index) -> UnitRow | None:
        """The unit of a unit row, or the unit a project row belongs to."""
        if not index.isValid():
            return None
        unit_row = index.row() if index.internalId() == _UNIT_ROOT else index.internalId() - 1
        return self._units[unit_row]

    def matches(self, needle: str) -> tuple[list[bool], list[list[bool]]]:
        """Which rows to show for ``needle``: a unit that matches brings all its projects, a
        project that matches brings its unit."""
        unit_hit = [needle in text for text in self._unit_search]
        projects_shown = [
            [own_unit or needle in text for text in texts]
            for own_unit, texts in zip(unit_hit, self._project_search, strict=True)
        ]
        units_shown = [hit or any(shown) for hit, shown in zip(unit_hit, projects_shown, strict=True)]
        return units_shown, projects_shown

    # ------------------------------------------------------------ Qt model interface

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here rather than with hasIndex(), which calls back into Python twice:
        # expanding a filtered county tree asks for thousands of indexes per keystroke.
        if row < 0 or not 0 <= column < COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._units):
                return QModelIndex()
            return self.createIndex(row, column, _UNIT_ROOT)
        unit_row = parent.row()
        if parent.internalId() != _UNIT_ROOT or parent.column() != 0 or row >= len(self._projects[unit_row]):
            return QModelIndex()
        return self.createIndex(row, column, unit_row + 1)

    def parent(self, index: Index | None = None) -> QModelIndex:  # type: ignore[override]
        if index is None:  # QObject.parent(), asked without an index
            return super().parent()  # type: ignore[return-value]
        if not index.isValid() or index.internalId() == _UNIT_ROOT:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _UNIT_ROOT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._units)
        if parent.column() != 0 or parent.internalId() != _UNIT_ROOT:
            return 0
        return len(self._projects[parent.row()])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            "名称",
            "编码",
            f"{label('field.funds.annual')}（{label('money.unit')}）",
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _UNIT_ROOT:
            return self._unit_data(index.row(), index.column(), role)
        unit_row = index.internalId() - 1
        return self._project_data(
            self._projects[unit_row][index.row()],
            self._project_search[unit_row][index.row()],
            index.column(),
            role,
        )

    def _unit_data(self, row: int, column: int, role: int) -> object:
        unit = self._units[row]
        if role == _DISPLAY:
            if column == COL_NAME:
                return unit.name
            if column == COL_CODE:
                return unit.code
            return self._unit_totals[row].format_wan(self._decimals) if self._projects[row] else ""
        if role == _TOOLTIP:
            lines = [unit.name, f"{label('field.unit.kind')}：{unit_kind_label(unit.kind)}"]
            if unit.parent:
                lines.append(f"{label('field.unit.parent')}：{unit.parent}")
            lines.append(f"本年度项目 {len(self._projects[row])} 个")
            return "\n".join(lines)
        if role == _FONT and column == COL_NAME:
            return _UNIT_FONT
        return self._common_data(KIND_UNIT, unit.id, unit, self._unit_search[row], column, role)

    def _project_data(self, project: ProjectRow, search: str, column: int, role: int) -> object:
        if role == _DISPLAY:
            if column == COL_NAME:
                return project.name
            if column == COL_CODE:
                return project.code
            return project.annual.format_wan(self._decimals)
        problems = self._project_problems.get(project.id)
        poor = project.id in self._poor_targets
        if role == _TOOLTIP:
            lines = (project.name, label("review.poor_marker") if poor else "", problems or "")
            return "\n".join(line for line in lines if line)
        if role == _FOREGROUND and (problems or poor):
            return _FINDING_BRUSH
        if role == _DECORATION and poor and column == COL_NAME:
            return poor_icon()
        return self._common_data(KIND_PROJECT, project.id, project, search, column, role)

    @staticmethod
    def _common_data(kind: str, row_id: int, row: object, search: str, column: int, role: int) -> object:
        if role == _ALIGNMENT and column == COL_FUNDS:
            return _RIGHT
        if role == KIND_ROLE:
            return kind
        if role == ID_ROLE:
            return row_id
        if role == ROW_ROLE:
            return row
        if role == SEARCH_ROLE:
            return search
        return None


class ProjectFilterProxy(QSortFilterProxyModel):
    """Shows the rows whose code or name contains the search text (case and width folded).

    The answer for every row is worked out once per text (``ProjectTreeModel.matches``) and
    recomputed lazily when the tree changes; ``filterAcceptsRow`` only looks it up. Edits do not
    re-filter (the project being edited must not vanish mid-typing); the next keystroke does.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self._needle = ""
        self._generation = -1
        self._units_shown: list[bool] = []
        self._projects_shown: list[list[bool]] = []

    @property
    def filter_text(self) -> str:
        return self._needle

    def set_filter_text(self, text: str) -> None:
        """Filter to the rows matching ``text``; an empty text shows everything."""
        needle = search_text(text.strip())
        if needle == self._needle:
            return
        # A reset, not an incremental filter change: going from 1,200 shown rows to 99 one
        # rowsRemoved at a time costs the view ~50 ms; one reset and relayout costs a few.
        self.beginResetModel()
        self._needle = needle
        self._generation = -1
        self.endResetModel()

    def tree_model(self) -> ProjectTreeModel:
        model = self.sourceModel()
        assert isinstance(model, ProjectTreeModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        model = self.tree_model()
        if self._generation != model.generation:
            self._units_shown, self._projects_shown = model.matches(self._needle)
            self._generation = model.generation
        if not source_parent.isValid():
            return self._units_shown[source_row]
        return self._projects_shown[source_parent.row()][source_row]
