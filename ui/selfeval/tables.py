"""The self-evaluation's grids as views: the keys a person fills them with and the cell editors.

Enter commits the cell and moves to the next cell that can be typed in (the carried-over and
computed cells are skipped), as Tab does; typing starts editing. 完成档次 is picked from the
profile's tiers (picking commits and moves on); every other cell is typed in a line editor. The
view only asks: the models turn an edit into a command through the domain.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.selfeval.columns import (
    COL_ACTUAL,
    COL_LV1,
    COL_LV2,
    COL_LV3,
    COL_NA,
    COL_REASON,
    COL_SCORE,
    COL_TIER,
    COL_VALUE,
    COL_WEIGHT,
)
from ui.selfeval.indicator_model import SelfEvalIndicatorModel

Index = QModelIndex | QPersistentModelIndex
INDICATOR_WIDTHS = {
    COL_LV1: 84, COL_LV2: 118, COL_LV3: 190, COL_VALUE: 118, COL_ACTUAL: 150, COL_TIER: 96,
    COL_WEIGHT: 44, COL_SCORE: 126, COL_NA: 52,
}  # fmt: skip
"""Starting widths in pixels; 偏差原因分析及改进措施 takes what is left."""


class CellDelegate(QStyledItemDelegate):
    """Line editors for typed cells, the tier list for 完成档次.

    ``open_editor`` is the editor open right now (None when no cell is being edited), so the sheet
    can commit it before it saves, checks or closes.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_editor: QWidget | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        if isinstance(model, SelfEvalIndicatorModel) and index.column() == COL_TIER:
            combo = QComboBox(parent)
            combo.setObjectName("tierChoice")
            combo.addItems(model.tier_names())
            combo.activated.connect(partial(self._on_combo_activated, combo))
            self.open_editor = combo
        else:
            editor = super().createEditor(parent, option, index)
            if isinstance(editor, QLineEdit):
                editor.setFrame(False)
            self.open_editor = editor
        return self.open_editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        if editor is self.open_editor:
            self.open_editor = None
        super().destroyEditor(editor, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.setCurrentIndex(max(found, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def _on_combo_activated(self, combo: QComboBox, _index: int) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.SubmitModelCache)


class SheetTable(QTableView):
    """A grid of the sheet (the money block, the indicators) with spreadsheet keys."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setItemDelegate(CellDelegate(self))
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.setWordWrap(False)  # one line per row, as the form reads; the tooltip holds a long text
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setTabKeyNavigation(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setMinimumSectionSize(40)

    def apply_indicator_widths(self) -> None:
        """Starting widths of the indicator grid (after its model is set); 偏差原因 stretches."""
        for column, width in INDICATOR_WIDTHS.items():
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)

    def fit_rows(self) -> None:
        """A height that shows every row and nothing more (the money block has four)."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        height = self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if (
            self.state() != QAbstractItemView.State.EditingState
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and plain
        ):
            self.move_to_next_cell()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter (and a tier picked from the list) commits the cell and moves to the next one."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_to_next_cell()
            return
        super().closeEditor(editor, hint)

    def commit_open_editor(self) -> None:
        """Store the cell being edited now (before a save, a check or closing the window)."""
        delegate = self.itemDelegate()
        editor = delegate.open_editor if isinstance(delegate, CellDelegate) else None
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def move_to_next_cell(self) -> None:
        """The next cell, left to right and down, that can be typed in."""
        model, current = self.model(), self.currentIndex()
        if model is None or not current.isValid():
            return
        columns = model.columnCount()
        position = current.row() * columns + current.column() + 1
        while position < model.rowCount() * columns:
            index = model.index(position // columns, position % columns)
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                self.setCurrentIndex(index)
                return
            position += 1

    def go_to(self, row: int, column: int = COL_LV3) -> QModelIndex:
        """Make (row, column) the current cell, scrolled into view, and take the focus."""
        model = self.model()
        index = model.index(row, column) if model is not None else QModelIndex()
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return index
