"""The written parts of a self-evaluation: 预期目标 | 实际完成情况, the closing text (评价结论, 存在问题,
改进措施) and the signatures (填报人, 项目负责人, 财务负责人, 单位负责人, 日期).

Each box is known by its document path (``goals.achieved``, ``closing.problems``,
``signatures.head``). A box commits when it is left (or before the sheet saves, checks or closes):
``value_committed`` carries the path with the text before and after, and the editor makes an
undoable command of it. Once committed, Ctrl+Z belongs to the sheet's undo again.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from perfdesk.domain.labels import label

GOALS: Final = ("goals.planned", "goals.achieved")
CLOSING: Final = ("closing.conclusion", "closing.problems", "closing.measures")
SIGNATURES: Final = tuple(f"signatures.{key}" for key in ("preparer", "manager", "finance", "head", "date"))
PATHS: Final = GOALS + CLOSING + SIGNATURES
TITLES: Final = {
    "goals.planned": label("selfeval.goals.planned") + "（取自绩效目标表的年度总体目标）",
    "goals.achieved": label("selfeval.goals.achieved"),
    **{path: label(f"selfeval.{path.removeprefix('closing.')}") for path in CLOSING},
    **{path: label(f"sign.{path.removeprefix('signatures.')}") for path in SIGNATURES},
}
EXAMPLES: Final = {
    "goals.planned": "年初设定的年度总体目标",
    "goals.achieved": "对照预期目标逐条写明完成情况，例如：完成道路硬化3.2公里并通过验收，受益脱贫人口480人",
    "closing.conclusion": "例如：项目按期完成，资金使用规范，自评得分 96.22 分，等级为优",
    "closing.problems": "例如：雨季施工延误，完工晚于计划半个月",
    "closing.measures": "例如：今后避开雨季安排路面施工，提前开工",
    "signatures.date": "例如：2027年1月15日",
}
_READ_ONLY_STYLE = "background: #f1f3f6; color: #33414f;"


def _is_undo_or_redo(event: QKeyEvent) -> tuple[bool, bool]:
    ctrl_y = event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
    return event.matches(QKeySequence.StandardKey.Undo), event.matches(
        QKeySequence.StandardKey.Redo
    ) or ctrl_y


class TextBox(QPlainTextEdit):
    """A paragraph box that commits when left.

    Signals:
        left(): the box lost the focus (the owner commits it).
    """

    left = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo, redo = _is_undo_or_redo(event)
            document = self.document()
            if (undo and not document.isUndoAvailable()) or (redo and not document.isRedoAvailable()):
                event.ignore()  # nothing of its own to take back: the sheet's Ctrl+Z
                return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class SheetTexts(QObject):
    """The text boxes of the sheet by path, and the two panels that hold them.

    Signals:
        value_committed(str, str, str): a box was committed with a changed text (path, before, after).
    """

    value_committed = Signal(str, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stored: dict[str, str] = dict.fromkeys(PATHS, "")
        self.boxes: dict[str, TextBox | QLineEdit] = {}
        for path in PATHS:
            box: TextBox | QLineEdit
            if path in SIGNATURES:
                box = QLineEdit()
                box.editingFinished.connect(lambda path=path: self.commit_path(path))
            else:
                box = TextBox()
                box.setTabChangesFocus(True)
                box.left.connect(lambda path=path: self.commit_path(path))
            box.setObjectName(path.replace(".", "_"))
            box.setPlaceholderText(EXAMPLES.get(path, ""))
            self.boxes[path] = box
        self.goals_panel = self._goals_panel()
        self.closing_panel = self._closing_panel()

    def _title(self, path: str) -> QLabel:
        title = QLabel(TITLES[path])
        title.setStyleSheet("font-weight: bold;")
        return title

    def _goals_panel(self) -> QWidget:
        panel = QWidget()
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 4, 0, 0)
        for column, path in enumerate(GOALS):
            grid.addWidget(self._title(path), 0, column)
            grid.addWidget(self.boxes[path], 1, column)
        grid.setRowStretch(1, 1)
        return panel

    def _closing_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QGridLayout()
        for column, path in enumerate(CLOSING):
            row.addWidget(self._title(path), 0, column)
            row.addWidget(self.boxes[path], 1, column)
        layout.addLayout(row, 1)
        signatures = QGridLayout()
        for column, path in enumerate(SIGNATURES):
            signatures.addWidget(QLabel(TITLES[path] + "："), 0, 2 * column)
            signatures.addWidget(self.boxes[path], 0, 2 * column + 1)
            signatures.setColumnStretch(2 * column + 1, 1)
        layout.addLayout(signatures)
        return panel

    # ------------------------------------------------------------ values

    def value(self, path: str) -> str:
        """The committed text of ``path``."""
        return self._stored[path]

    def set_value(self, path: str, text: str) -> None:
        """Show ``text`` as committed (a reload, an undo)."""
        self._stored[path] = text
        box = self.boxes[path]
        if isinstance(box, QLineEdit):
            if box.text() != text:
                box.setText(text)
        elif box.toPlainText() != text:
            box.setPlainText(text)  # also forgets the box's own undo: Ctrl+Z reaches the sheet
        else:
            box.document().clearUndoRedoStacks()

    def typed(self, path: str) -> str:
        box = self.boxes[path]
        text = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
        return text.strip()

    def commit_path(self, path: str) -> None:
        """Take what is typed in ``path``; tell the editor when it changed."""
        before, after = self._stored[path], self.typed(path)
        if before == after or self.boxes[path].isReadOnly():
            return
        self.set_value(path, after)
        self.value_committed.emit(path, before, after)

    def commit(self) -> None:
        """Commit every box (before the sheet saves, checks or closes)."""
        for path in PATHS:
            self.commit_path(path)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setReadOnly(read_only)
            box.setStyleSheet(_READ_ONLY_STYLE if read_only else "")

    def focus(self, path: str) -> None:
        box = self.boxes.get(path)
        if box is not None:
            box.setFocus(Qt.FocusReason.OtherFocusReason)
