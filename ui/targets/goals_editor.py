"""年度总体目标 and 中期目标 as the paper form numbers them: 目标1, 目标2 … one line each.

There is always one empty line at the end to type the next goal in. Enter commits the line and
goes to the next one; a line emptied and left disappears; Backspace on an empty line goes back up.
Each commit hands the section's lines (empty ones dropped) to the editor as ``lines_committed``,
which makes an undoable command of it; ``set_lines`` shows lines back (after an undo).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from perfdesk.domain.labels import label
from perfdesk.domain.paste import tidy_text

SECTIONS = ("annual", "midterm")
_READ_ONLY_STYLE = "background: #f1f3f6; color: #33414f;"
_EXAMPLES = {
    "annual": "例如：完成村内道路硬化3公里，解决500名群众出行难问题",
    "midterm": "可选：项目期内要达到的总体目标",
}


class GoalLines(QWidget):
    """The numbered lines of one goal section.

    Signals:
        lines_committed(str, list, list): the section, its lines before and after a commit.
    """

    lines_committed = Signal(str, list, list)

    def __init__(self, section: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self._stored: list[str] = []
        self._read_only = False
        self._committing = False
        self._edits: list[QLineEdit] = []
        self._numbers: list[QLabel] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(1, 1)
        self._show([])

    @property
    def edits(self) -> list[QLineEdit]:
        """The line editors, top to bottom (the last one is the empty line for a new goal)."""
        return list(self._edits)

    def lines(self) -> list[str]:
        """The committed lines."""
        return list(self._stored)

    def set_lines(self, lines: list[str]) -> None:
        """Show ``lines`` as committed (an undo, a reload); the line being typed keeps its focus."""
        self._stored = list(lines)
        self._show(self._stored)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._show(self._stored)

    def commit(self) -> None:
        """Take what is typed as the section's lines; tell the editor when they changed."""
        lines = [text for text in (tidy_text(edit.text()) for edit in self._edits) if text]
        if lines == self._stored or self._committing:
            return
        self._committing = True  # re-showing the lines may move the focus, which commits again
        try:
            before, self._stored = self._stored, lines
            focused = next((i for i, edit in enumerate(self._edits) if edit.hasFocus()), None)
            self._show(lines)
            if focused is not None:
                self.focus_line(min(focused, len(self._edits) - 1))
        finally:
            self._committing = False
        self.lines_committed.emit(self.section, before, lines)

    def focus_line(self, line: int) -> None:
        if self._edits:
            edit = self._edits[max(0, min(line, len(self._edits) - 1))]
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.end(False)

    # ------------------------------------------------------------ the line editors

    def _show(self, lines: list[str]) -> None:
        wanted = len(lines) + (0 if self._read_only else 1)
        wanted = max(wanted, 1)
        while len(self._edits) < wanted:
            self._add_line()
        while len(self._edits) > wanted:
            edit, number = self._edits.pop(), self._numbers.pop()
            for widget in (edit, number):
                self._grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        for i, edit in enumerate(self._edits):
            text = lines[i] if i < len(lines) else ""
            if edit.text() != text or edit.isUndoAvailable():
                position = edit.cursorPosition()
                edit.blockSignals(True)
                edit.setText(text)  # also forgets the line's own undo, so Ctrl+Z reaches the form
                edit.blockSignals(False)
                edit.setCursorPosition(min(position, len(text)) if edit.hasFocus() else 0)
            if edit.isReadOnly() != self._read_only:
                edit.setReadOnly(self._read_only)
                edit.setStyleSheet(_READ_ONLY_STYLE if self._read_only else "")
            edit.setPlaceholderText(
                _EXAMPLES[self.section] if i == len(lines) and not self._read_only else ""
            )

    def _add_line(self) -> None:
        row = len(self._edits)
        number = QLabel(f"目标{row + 1}")
        number.setStyleSheet("color: #5f6b7a;")
        edit = QLineEdit()
        edit.setObjectName(f"goal_{self.section}_{row}")
        edit.editingFinished.connect(self.commit)
        edit.returnPressed.connect(partial(self._on_line_return_pressed, row))
        edit.installEventFilter(self)
        self._grid.addWidget(number, row, 0)
        self._grid.addWidget(edit, row, 1)
        self._edits.append(edit)
        self._numbers.append(number)

    def _on_line_return_pressed(self, row: int) -> None:
        self.commit()
        self.focus_line(row + 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QLineEdit) or watched not in self._edits:
            return False
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Ctrl+Z/Ctrl+Y go to the form's undo once the line has nothing of its own to undo.
            own = (event.matches(QKeySequence.StandardKey.Undo) and watched.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and watched.isRedoAvailable()
            )
            if (event.matches(QKeySequence.StandardKey.Undo) or _is_redo(event)) and not own:
                event.ignore()
                return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            row = self._edits.index(watched)
            if event.key() == Qt.Key.Key_Backspace and not watched.text() and row > 0:
                self.commit()
                self.focus_line(row - 1)
                return True
            if event.key() == Qt.Key.Key_Up and row > 0:
                self.focus_line(row - 1)
                return True
            if event.key() == Qt.Key.Key_Down and row + 1 < len(self._edits):
                self.focus_line(row + 1)
                return True
        return False


def _is_redo(event: QKeyEvent) -> bool:
    ctrl_y = event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
    return event.matches(QKeySequence.StandardKey.Redo) or ctrl_y


class GoalsEditor(QWidget):
    """年度总体目标 over the optional 中期目标.

    Signals:
        lines_committed(str, list, list): a section's lines before and after a commit.
    """

    lines_committed = Signal(str, list, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = {section: GoalLines(section) for section in SECTIONS}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section, lines in self.sections.items():
            title = label(f"field.goals.{section}") + ("（可选）" if section == "midterm" else "")
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            layout.addWidget(heading)
            layout.addWidget(lines)
            lines.lines_committed.connect(self.lines_committed)

    def lines(self, section: str) -> list[str]:
        return self.sections[section].lines()

    def set_lines(self, section: str, lines: list[str]) -> None:
        self.sections[section].set_lines(lines)

    def set_read_only(self, read_only: bool) -> None:
        for lines in self.sections.values():
            lines.set_read_only(read_only)

    def commit(self) -> None:
        """Commit whatever is typed and not yet committed (before closing, checking, completing)."""
        for lines in self.sections.values():
            lines.commit()

    def focus_line(self, section: str, line: int = 0) -> None:
        self.sections[section].focus_line(line)
