"""How the monitoring grids' cells are edited: typed text, choices from a list, 偏差原因 ticked.

The model says which editor a cell takes (``EDITOR_ROLE``): a line editor for values and texts;
a list for 完成目标可能性 (确定能 / 有可能 / 完全不可能) and for the progress of a qualitative
indicator (达成 / 部分达成 / 未达成); and for 偏差原因 a list of the five causes with a tick box
each, which stays open while several are ticked and stores them when it closes. A list opens as
soon as the cell is edited, so one click (or Enter, or typing) is enough.

Built on the target sheet's delegate, which tracks the open editor (so the sheet can commit it
before a save, a check or closing) and turns a picked choice into commit-and-next-cell.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QStylePainter,
    QWidget,
)

from perfdesk.domain.monitoring import DEVIATIONS, LIKELIHOODS
from perfdesk.domain.monitoring_lights import Progress
from ui.monitoring.indicator_model import EDITOR_ROLE
from ui.targets.delegates import IndicatorDelegate

Index = QModelIndex | QPersistentModelIndex
CHOICES = {"likelihood": tuple(LIKELIHOODS.values()), "progress_word": tuple(p.value for p in Progress)}


class DeviationPicker(QComboBox):
    """偏差原因: the five causes, each with a tick box; the list stays open while ticking.

    Signals:
        picked(): the list was closed (Enter, Esc, a click outside): store what is ticked.
    """

    picked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviationPicker")
        self._items = QStandardItemModel(self)
        for name in DEVIATIONS:
            item = QStandardItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self._items.appendRow(item)
        self.setModel(self._items)
        self.view().viewport().installEventFilter(self)  # after the popup's own filter: runs first
        self.view().installEventFilter(self)
        container = self.view().parentWidget()
        assert container is not None  # Qt's popup frame around the list
        container.installEventFilter(self)  # the popup closing, however it closes

    def checked(self) -> list[str]:
        """The ticked causes, in the form's order."""
        return [
            self._items.item(row).text()
            for row in range(self._items.rowCount())
            if self._items.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, names: list[str]) -> None:
        for row in range(self._items.rowCount()):
            item = self._items.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)
        self.update()

    def toggle(self, row: int) -> None:
        item = self._items.item(row)
        if item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view().parentWidget() and event.type() == QEvent.Type.Hide:
            self.picked.emit()
            return False
        if watched is self.view().viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            index = self.view().indexAt(event.position().toPoint())
            if index.isValid():
                self.toggle(index.row())
            return True  # the list stays open
        if watched is self.view() and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Space:
                self.toggle(self.view().currentIndex().row())
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.hidePopup()
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The face shows what is ticked (a combo would show one item only)."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = "、".join(self.checked()) or "（可多选）"
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class MonitoringDelegate(IndicatorDelegate):
    """Editors of the indicator grid and the money block of a monitoring sheet."""

    def _create_editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        kind = index.data(EDITOR_ROLE)
        if kind == "deviation":
            picker = DeviationPicker(parent)
            picker.picked.connect(partial(self._on_picker_picked, picker))
            QTimer.singleShot(0, partial(_show_popup, picker))
            return picker
        if kind in CHOICES:
            combo = QComboBox(parent)
            combo.setObjectName(f"{kind}Choice")
            combo.addItems(list(CHOICES[kind]))
            combo.activated.connect(partial(self._on_combo_activated, combo))
            QTimer.singleShot(0, partial(_show_popup, combo))
            return combo
        editor = QStyledItemDelegate.createEditor(self, parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, DeviationPicker):
            editor.set_checked(
                [part for part in str(index.data(Qt.ItemDataRole.EditRole) or "").split("、") if part]
            )
            return
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findText(str(index.data(Qt.ItemDataRole.EditRole) or "")))
            return  # nothing chosen yet stays nothing: leaving the cell stores no choice
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, DeviationPicker):
            model.setData(index, editor.checked(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def _on_picker_picked(self, picker: DeviationPicker) -> None:
        if picker is self.open_editor and picker.isVisible():  # not while the view is closing it
            self.commitData.emit(picker)
            self.closeEditor.emit(picker, QAbstractItemDelegate.EndEditHint.NoHint)


def _show_popup(combo: QComboBox) -> None:
    """Open the list of an editor that is still there (the cell may have been left at once)."""
    try:
        if combo.isVisible():
            combo.showPopup()
    except RuntimeError:  # deleted already
        pass
