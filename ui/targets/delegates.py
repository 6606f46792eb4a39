"""How the indicator grid's cells are edited and drawn.

一级 and 二级 are chosen from the framework in force (a drop-down of the 一级 names, and of the 二级
names under the row's 一级); picking one commits it at once and moves on, so a keyboard user goes
一级 → 二级 → 三级 without reaching for Enter twice. The other cells are typed in a line editor.

The delegate draws nothing itself: painting is left to Qt (the model leaves a 一级/二级 that
repeats the row above blank, so each group reads once), which keeps repaints in C++.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.targets.indicator_model import COL_LV1, COL_LV2, IndicatorModel

GRID_COLOR = QColor("#c8cdd3")
Index = QModelIndex | QPersistentModelIndex


def _indicator_model(index: Index) -> IndicatorModel:
    model = index.model()
    assert isinstance(model, IndicatorModel)
    return model


class IndicatorDelegate(QStyledItemDelegate):
    """Editors for every column of the indicator grid, and the grid lines with merged groups.

    ``open_editor`` is the editor open right now (None when no cell is being edited), so the
    sheet can commit it before it saves, checks or closes.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_editor: QWidget | None = None

    # ------------------------------------------------------------ editing

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        self.open_editor = self._create_editor(parent, option, index)
        return self.open_editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        if editor is self.open_editor:
            self.open_editor = None
        super().destroyEditor(editor, index)

    def _create_editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() not in (COL_LV1, COL_LV2):
            editor = super().createEditor(parent, option, index)
            if isinstance(editor, QLineEdit):
                editor.setFrame(False)
            return editor
        model = _indicator_model(index)
        framework = model.framework
        combo = QComboBox(parent)
        combo.setObjectName("lv1Choice" if index.column() == COL_LV1 else "lv2Choice")
        if index.column() == COL_LV1:
            combo.addItems(list(framework.lv1_names))
        else:
            lv1 = model.text(index.row(), COL_LV1)
            options = framework.lv2_options(lv1) or tuple(n for level in framework.lv1 for n in level.lv2)
            combo.addItems(list(options))
        combo.activated.connect(partial(self._on_combo_activated, combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            current = str(index.data(Qt.ItemDataRole.EditRole) or "")
            found = editor.findText(current)
            editor.setCurrentIndex(found if found >= 0 else 0)
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
