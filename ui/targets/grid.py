"""The indicator grid's table view: the keys a person fills a sheet with.

Tab and Enter move to the next cell (Enter also commits the cell being edited, then moves on, as
in a spreadsheet); typing starts editing; Insert and Delete ask for a row to be added or removed;
Ctrl+V hands the clipboard over to be pasted; Ctrl+C copies the selected cells as tab-separated
text that Excel and WPS paste back. The view only asks: the editor does the change (undoably).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.targets.delegates import IndicatorDelegate
from ui.targets.indicator_model import (
    COL_CORE,
    COL_EXPLANATION,
    COL_LV1,
    COL_LV2,
    COL_LV3,
    COL_VALUE,
    COL_WEIGHT,
)

COLUMN_WIDTHS = {COL_LV1: 96, COL_LV2: 132, COL_LV3: 250, COL_VALUE: 130, COL_WEIGHT: 52, COL_CORE: 44}
"""Starting widths in pixels; 指标解释 takes what is left."""


class IndicatorTable(QTableView):
    """The grid of indicator rows.

    Signals:
        insert_requested(): Insert was pressed (add a row under the current one).
        delete_requested(): Delete was pressed (remove the selected rows).
        paste_requested(str): Ctrl+V was pressed; the clipboard's text.
    """

    insert_requested = Signal()
    delete_requested = Signal()
    paste_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorTable")
        self.setItemDelegate(IndicatorDelegate(self))
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.setWordWrap(False)  # one line per row, as the form reads; the tooltip holds a long text
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setTabKeyNavigation(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setMinimumSectionSize(40)

    def apply_column_widths(self) -> None:
        """Starting widths (after a model is set); 指标解释 stretches over the rest."""
        header = self.horizontalHeader()
        for column, width in COLUMN_WIDTHS.items():
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_EXPLANATION, QHeaderView.ResizeMode.Stretch)

    # ------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = event.key()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if key == Qt.Key.Key_Insert and plain:
            self.insert_requested.emit()
        elif key == Qt.Key.Key_Delete and plain:
            self.delete_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.move_to_next_cell()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit(QGuiApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.selected_text())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter (and a choice picked from a list) commits the cell and moves to the next one."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_to_next_cell()
            return
        super().closeEditor(editor, hint)

    def commit_open_editor(self) -> None:
        """Store the cell being edited now (before a save, a check or closing the window)."""
        delegate = self.itemDelegate()
        editor = delegate.open_editor if isinstance(delegate, IndicatorDelegate) else None
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def move_to_next_cell(self) -> None:
        """The cell to the right, or the first of the next row (the ★ column is skipped)."""
        model = self.model()
        current = self.currentIndex()
        if model is None or not current.isValid():
            return
        row, column = current.row(), current.column() + 1
        if column >= COL_CORE:
            row, column = row + 1, COL_LV1
        if row >= model.rowCount():
            return
        self.setCurrentIndex(model.index(row, column))

    def go_to(self, row: int, column: int = COL_LV3) -> QModelIndex:
        """Make (row, column) the current cell, scrolled into view, and take the focus."""
        model = self.model()
        index = model.index(row, column) if model is not None else QModelIndex()
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return index

    def selected_rows(self) -> list[int]:
        """The rows of the selected cells (or the current row), top to bottom."""
        rows = {index.row() for index in self.selectionModel().selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def selected_text(self) -> str:
        """The selected cells as Excel copies them: tab-separated, one line per row."""
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        cells = {
            (i.row(), i.column()): str(i.data(Qt.ItemDataRole.EditRole) or "") for i in indexes if i.isValid()
        }
        if not cells:
            return ""
        rows = sorted({row for row, _ in cells})
        columns = sorted({column for _, column in cells})
        return "".join(
            "\t".join(_quoted(cells.get((row, column), "")) for column in columns) + "\n" for row in rows
        )


def _quoted(text: str) -> str:
    if any(ch in text for ch in '\t\n"'):
        return '"' + text.replace('"', '""') + '"'
    return text
