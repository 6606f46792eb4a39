"""The left pane of the main window: the year switcher, the search box and the project tree."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.services.catalog import ProjectRow, UnitNode, UnitRow
from ui.project_tree import (
    COL_CODE,
    COL_FUNDS,
    COL_NAME,
    ROW_ROLE,
    ProjectFilterProxy,
    ProjectTreeModel,
)

NEW_YEAR = -1
"""Item data of the year switcher's last entry, 新建年度…"""

EXPAND_ALL_UP_TO = 200
"""Trees with at most this many projects open fully expanded."""

Row = UnitRow | ProjectRow


class ProjectNavigator(QWidget):
    """Year switcher, search box and the unit → project tree of the chosen year.

    Signals:
        year_changed(int): the person chose another fiscal year.
        new_year_requested(): the person chose 新建年度….
        current_changed(object): the current row is now this ``UnitRow``/``ProjectRow`` (or None).
            Not emitted while the search text narrows the tree: the detail keeps what it shows.
    """

    year_changed = Signal(int)
    new_year_requested = Signal()
    current_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year_box = QComboBox()
        self.year_box.setObjectName("yearBox")
        self.year_box.setMinimumContentsLength(8)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("按名称或编码搜索")
        self.search_box.setClearButtonEnabled(True)

        self.model = ProjectTreeModel(self)
        self.proxy = ProjectFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setObjectName("projectTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)  # no per-row size queries: fast for 1,200 projects
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_CODE, 120)
        header.resizeSection(COL_FUNDS, 120)

        year_line = QHBoxLayout()
        year_line.addWidget(QLabel(label("entity.fiscal_year")))
        year_line.addWidget(self.year_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addLayout(year_line)
        layout.addWidget(self.search_box)
        layout.addWidget(self.tree, 1)

        self._year = 0
        self._quiet = False
        self.year_box.activated.connect(self._on_year_box_activated)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.tree.selectionModel().currentRowChanged.connect(self._on_tree_current_row_changed)

    # ------------------------------------------------------------ years

    @property
    def year(self) -> int:
        return self._year

    def set_years(self, years: Sequence[int], current: int) -> None:
        """Offer ``years`` (``current`` among them) and 新建年度… at the end."""
        self.year_box.clear()
        for year in sorted(set(years) | {current}):
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.insertSeparator(self.year_box.count())
        self.year_box.addItem("新建年度…", NEW_YEAR)
        self._year = current
        self.year_box.setCurrentIndex(self.year_box.findData(current))

    def _on_year_box_activated(self, index: int) -> None:
        chosen = self.year_box.itemData(index)
        if chosen == NEW_YEAR:
            self.year_box.setCurrentIndex(self.year_box.findData(self._year))
            self.new_year_requested.emit()
        elif chosen != self._year:
            self._year = int(chosen)
            self.year_changed.emit(self._year)

    # ------------------------------------------------------------ tree

    def show_tree(self, nodes: Sequence[UnitNode], decimals: int, select: Row | None = None) -> None:
        """Show a freshly loaded tree, keep the search text, and make ``select`` current."""
        self._quiet = True
        try:
            self.model.set_tree(nodes, decimals)
            self._expand_default()
            if select is not None:
                self.select(select)
        finally:
            self._quiet = False
        self.current_changed.emit(self.current_row())

    def select(self, row: Row) -> bool:
        """Make the unit or project ``row`` current (clearing the search if it hides it)."""
        if isinstance(row, ProjectRow):
            source = self.model.project_index(row.id)
        else:
            source = self.model.unit_index(row.id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.search_box.clear()
            index = self.proxy.mapFromSource(source)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def current_row(self) -> Row | None:
        index = self.tree.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, UnitRow | ProjectRow) else None

    def current_unit(self) -> UnitRow | None:
        """The current unit, or the unit of the current project."""
        return self.model.unit_of(self.proxy.mapToSource(self.tree.currentIndex()))

    def _on_tree_current_row_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        if not self._quiet:
            self.current_changed.emit(self.current_row())

    # ------------------------------------------------------------ search

    def set_filter_text(self, text: str) -> None:
        """Search as if ``text`` had been typed into the search box."""
        self.search_box.setText(text)

    def _on_search_box_text_changed(self, text: str) -> None:
        before = self.current_row()
        self._quiet = True
        try:
            self.proxy.set_filter_text(text)
            self._expand_default()
            if before is not None:
                self._restore_current(before)
        finally:
            self._quiet = False

    def _expand_default(self) -> None:
        """Matches are shown expanded; so is a small tree (a township's), a county's is not."""
        if self.proxy.filter_text or self.model.project_count <= EXPAND_ALL_UP_TO:
            self.tree.expandAll()
        else:
            self.tree.collapseAll()

    def _restore_current(self, row: Row) -> None:
        """Keep the row that was current if it is still shown; otherwise select nothing."""
        if isinstance(row, ProjectRow):
            source = self.model.project_index(row.id)
        else:
            source = self.model.unit_index(row.id)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.selectionModel().clearCurrentIndex()
            self.tree.clearSelection()
