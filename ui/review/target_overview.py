"""目标总览: which projects of a year have a target sheet, how far each sheet is, how its review came
out and whether it may enter the budget; counts over the table, a filter by unit.

Double-click in county mode opens the review of the project's sheet (审核…); otherwise, and with
打开目标表, the window asks for the sheet itself (``open_requested``). 差 rows are red and read
不得纳入预算.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.domain.review import show_score
from perfdesk.services import catalog
from perfdesk.services.review_overview import OverviewRow, TargetOverview, target_overview
from perfdesk.services.store import Store
from ui.review.banner import POOR_COLOR, grade_colors, poor_icon
from ui.review.windows import ReviewWindow, open_review
from ui.row_table import RowTableModel

COL_UNIT, COL_CODE, COL_NAME, COL_FUNDS, COL_STATUS, COL_TOTAL, COL_GRADE, COL_BUDGET = range(8)
HEADERS = (
    label("field.project.unit"),
    label("field.project.code"),
    label("field.project.name"),
    f"{label('field.funds.annual')}（{label('money.unit')}）",
    label("form.targets"),
    label("review.total"),
    label("review.grade"),
    label("review.budget"),
)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The ``OverviewRow`` of the row."""
PROJECT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The project id of the row."""

_POOR_BRUSH = QBrush(QColor(POOR_COLOR))
_MUTED_BRUSH = QBrush(QColor("#8a96a3"))
_BOLD = QFont()
_BOLD.setBold(True)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)

Index = QModelIndex | QPersistentModelIndex


class TargetOverviewModel(RowTableModel[OverviewRow]):
    """The overview rows, read-only."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._decimals = 2

    def set_rows(self, rows: Sequence[OverviewRow], decimals: int = 2) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._decimals = decimals
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.poor:
                return f"{row.project_name}\n{label('review.poor_marker')}"
            return (
                f"{row.project_name}\n{row.review_label}{('：' + row.budget_text) if row.budget_text else ''}"
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.poor:
                return _POOR_BRUSH
            if column in (COL_GRADE, COL_BUDGET) and row.final:
                return QBrush(QColor(grade_colors(row.grade)[1]))
            if not row.has_targets and column == COL_STATUS:
                return _MUTED_BRUSH
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == COL_NAME and row.poor:
            return poor_icon()
        if role == Qt.ItemDataRole.FontRole and column in (COL_GRADE, COL_BUDGET) and row.final:
            return _BOLD
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (COL_FUNDS, COL_TOTAL):
                return _RIGHT
            return _CENTER if column in (COL_STATUS, COL_GRADE) else None
        if role == ROW_ROLE:
            return row
        if role == PROJECT_ROLE:
            return row.project_id
        return None

    def _text(self, row: OverviewRow, column: int) -> str:
        if column == COL_UNIT:
            return row.unit_name
        if column == COL_CODE:
            return row.project_code
        if column == COL_NAME:
            return row.project_name
        if column == COL_FUNDS:
            return row.annual.format_wan(self._decimals)
        if column == COL_STATUS:
            return row.status_label
        if column == COL_TOTAL:
            return show_score(row.total) if row.total is not None and row.review_status else ""
        if column == COL_GRADE:
            return row.review_label if row.has_targets else ""
        return row.budget_text


class TargetOverviewView(QWidget):
    """The overview of one fiscal year, filtered by unit.

    Signals:
        open_requested(int): the person wants the target sheet of this project (its id).
        reviews_changed(): a review opened from here was saved or finalised (the overview has
            already reloaded; a project tree may want to mark 差 again).
    """

    open_requested = Signal(int)
    reviews_changed = Signal()

    def __init__(
        self, store: Store, year: int, *, county_mode: bool = False, decimals: int = 2,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("targetOverview")
        self.setWindowTitle(f"{label('targets.overview')}（{year}年度）")
        self.store, self.year, self.county_mode, self._decimals = store, year, county_mode, decimals
        self.overview = TargetOverview(())
        self._followed: dict[int, ReviewWindow] = {}
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitFilter")
        self.unit_box.setMinimumContentsLength(16)
        self.unit_box.addItem("全部单位", None)
        for unit in catalog.load_tree(store, year):
            self.unit_box.addItem(f"{unit.unit.name}（{unit.unit.code}）", unit.unit.id)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_current_index_changed)
        self.counts = QLabel()
        self.counts.setObjectName("overviewCounts")
        self.counts.setWordWrap(True)
        self.model = TargetOverviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("overviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.review_button = QPushButton("审核…")
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.open_button = QPushButton("打开目标表")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel(label("entity.unit")))
        top.addWidget(self.unit_box)
        top.addStretch(1)
        for button in (self.review_button, self.open_button, refresh):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.reload()

    def set_unit(self, unit_id: int | None) -> None:
        """Show one unit's projects (None: every unit)."""
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(unit_id)))

    def reload(self) -> None:
        """Read the overview again (after a review was saved or finalised, a sheet completed …)."""
        current = self.current_row()
        self.overview = target_overview(self.store, self.year, self.unit_box.currentData())
        self.model.set_rows(self.overview.rows, self._decimals)
        if current is not None:  # keep the selection on the same project
            ids = [row.project_id for row in self.overview.rows]
            if current.project_id in ids:
                self.table.selectRow(ids.index(current.project_id))
        poor = self.overview.grade_counts.get("poor", 0)
        text = self.overview.summary_text()
        if poor:
            text += f"<br><b style='color:{POOR_COLOR}'>{poor} 个项目绩效目标审核为差，不得纳入预算</b>"
        self.counts.setText(text)
        self._update_buttons()

    def open_review(self, document_id: int) -> ReviewWindow:
        """Show the review of a target sheet (one window per sheet); the overview follows it."""
        window = open_review(self.store, document_id, self)
        self.reload()  # opening starts the review: 审核中
        if self._followed.get(document_id) is not window:
            self._followed[document_id] = window
            window.panel.review_saved.connect(self._on_review_changed)
            window.panel.review_finalised.connect(self._on_review_changed)
        return window

    def _on_review_changed(self, _review: object) -> None:
        self.reload()
        self.reviews_changed.emit()

    def current_row(self) -> OverviewRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        self.review_button.setEnabled(row is not None and row.has_targets)
        self.open_button.setEnabled(row is not None)

    def _on_unit_box_current_index_changed(self, _index: int) -> None:
        self.reload()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if self.county_mode and row.document_id is not None:
            self.open_review(row.document_id)
        else:
            self.open_requested.emit(row.project_id)

    def _on_review_button_clicked(self) -> None:
        row = self.current_row()
        if row is not None and row.document_id is not None:
            self.open_review(row.document_id)

    def _on_open_button_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_requested.emit(row.project_id)
