"""The two grids of a monitoring sheet: the indicator grid and the money block.

Both are the target sheet's table view (Tab/Enter to the next cell, typing starts editing, Ctrl+C
and Ctrl+V as Excel and WPS do) with the monitoring editors; Enter moves on to the next cell the
preparer fills, skipping what is carried over or computed. Delete clears the selected cells
(``clear_requested``); Insert only says that indicators come from the target sheet.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from ui.monitoring import indicator_model as grid
from ui.monitoring import money_model as money
from ui.monitoring.delegates import MonitoringDelegate
from ui.targets.grid import IndicatorTable

GRID_WIDTHS = {
    grid.COL_LV1: 72, grid.COL_LV2: 92, grid.COL_LV3: 168, grid.COL_VALUE: 92, grid.COL_PROGRESS: 80,
    grid.COL_FORECAST: 72, grid.COL_LIGHT: 64, grid.COL_DEVIATION: 112, grid.COL_LIKELIHOOD: 72,
    grid.COL_MEASURES: 104, grid.COL_TIME_SHARED: 56,
}  # fmt: skip
"""Starting widths in pixels; 原因说明 takes what is left."""
MONEY_WIDTHS = {
    money.COL_ROW: 112, money.COL_INITIAL: 92, money.COL_ADJUSTED: 92, money.COL_EXECUTED: 92,
    money.COL_RATE: 70, money.COL_FORECAST: 104, money.COL_LIGHT: 68, money.COL_DEVIATION: 120,
    money.COL_MEASURES: 150,
}  # fmt: skip


class MonitoringTable(IndicatorTable):
    """A grid of a monitoring sheet (``delete_requested`` clears cells here, rows stay)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(MonitoringDelegate(self))
        self.setWordWrap(False)

    def set_column_widths(self, widths: dict[int, int], stretch: int) -> None:
        for column, width in widths.items():
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def move_to_next_cell(self) -> None:
        """The next cell the preparer fills: to the right, then the next row (read-only ones skipped)."""
        model = self.model()
        current = self.currentIndex()
        if model is None or not current.isValid():
            return
        columns = model.columnCount()
        for position in range(current.row() * columns + current.column() + 1, model.rowCount() * columns):
            index = model.index(position // columns, position % columns)
            if index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.setCurrentIndex(index)
                return


def indicator_table(model: QAbstractItemModel) -> MonitoringTable:
    table = MonitoringTable()
    table.setObjectName("monitoringIndicatorTable")
    table.setModel(model)
    table.set_column_widths(GRID_WIDTHS, grid.COL_REASON)
    return table


def money_table(model: QAbstractItemModel) -> MonitoringTable:
    """The money block: three rows, always all visible; the light and the reasons span them."""
    table = MonitoringTable()
    table.setObjectName("moneyTable")
    table.setModel(model)
    table.set_column_widths(MONEY_WIDTHS, money.COL_REASON)
    table.verticalHeader().hide()
    for column in money.SPANNED:
        table.setSpan(0, column, model.rowCount(), 1)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    fit_height(table)
    return table


def fit_height(table: MonitoringTable) -> None:
    """Exactly as tall as its heading and rows (the money block never scrolls)."""
    model = table.model()
    rows = sum(table.rowHeight(row) for row in range(model.rowCount() if model is not None else 0))
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth() + 2)
