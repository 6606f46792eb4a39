"""年度总体目标 and how far they have come, side by side as the printed form has them.

The goals are the completed target sheet's (read-only here, numbered 目标1, 目标2 …); the
progress narrative (进展情况: what is done by the cut-off, what is left) is typed. Leaving the box
commits it; the sheet makes an undoable command of each commit (``progress_committed``) and
``set_progress`` shows a value back after an undo. Ctrl+Z inside the box first undoes the
typing not yet committed, then reaches the sheet's undo, as in the target sheet's goal lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from perfdesk.domain.labels import label
from perfdesk.domain.paste import tidy_text

_GOAL_STYLE = "background: #f3f5f7; color: #33414f; padding: 3px 6px; border: 1px solid #d5dae0;"
_READ_ONLY_STYLE = "background: #f1f3f6; color: #33414f;"
PLACEHOLDER = "写明截至本期已完成什么、还差什么、下一步怎么做，例如：已完成路基1.5公里、硬化1.5公里；剩余1.5公里计划9月底前完成"


class MonitoringGoals(QWidget):
    """年度总体目标 (from the targets) and 进展情况 (typed).

    Signals:
        progress_committed(str, str): the progress text before and after a commit.
    """

    progress_committed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stored = ""
        self.goals_heading = QLabel(f"{label('field.goals.annual')}（取自绩效目标表）")
        self.progress_heading = QLabel(label("field.goals.progress"))
        for heading in (self.goals_heading, self.progress_heading):
            heading.setStyleSheet("font-weight: bold;")
        self._goals = QWidget()
        self._goal_lines = QGridLayout(self._goals)
        self._goal_lines.setContentsMargins(0, 0, 0, 0)
        self._goal_lines.setVerticalSpacing(3)
        self._goal_lines.setColumnStretch(1, 1)
        self.progress = QPlainTextEdit()
        self.progress.setObjectName("goalsProgress")
        self.progress.setPlaceholderText(PLACEHOLDER)
        self.progress.setTabChangesFocus(True)
        self.progress.installEventFilter(self)
        lines = self.progress.fontMetrics().lineSpacing()
        self.progress.setFixedHeight(lines * 4 + 12)
        left = QVBoxLayout()
        left.addWidget(self.goals_heading)
        left.addWidget(self._goals)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.progress_heading)
        right.addWidget(self.progress)
        right.addStretch(1)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(16)
        layout.addLayout(left, 0, 0)
        layout.addLayout(right, 0, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)

    def set_goals(self, lines: list[str], period: str) -> None:
        """Show the target sheet's goals; ``period`` (``1—7月``) names the progress column."""
        while self._goal_lines.count():
            item = self._goal_lines.takeAt(0)
            if item is not None and (widget := item.widget()):
                widget.hide()
                widget.deleteLater()
        for row, text in enumerate(lines or ["（绩效目标表中没有年度总体目标）"]):
            number = QLabel(f"目标{row + 1}" if lines else "")
            number.setStyleSheet("color: #5f6b7a;")
            goal = QLabel(text)
            goal.setObjectName(f"goal_annual_{row}")
            goal.setWordWrap(True)
            goal.setStyleSheet(_GOAL_STYLE)
            goal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._goal_lines.addWidget(number, row, 0, Qt.AlignmentFlag.AlignTop)
            self._goal_lines.addWidget(goal, row, 1)
        self.progress_heading.setText(
            f"{label('field.goals.progress')}（{period}）" if period else label("field.goals.progress")
        )

    def goals(self) -> list[str]:
        """The goal lines shown (what the test and the screen reader read)."""
        widgets = [self._goal_lines.itemAt(i) for i in range(self._goal_lines.count())]
        labels = [item.widget() for item in widgets if item is not None]
        return [w.text() for w in labels if isinstance(w, QLabel) and w.objectName().startswith("goal_")]

    def progress_text(self) -> str:
        """The committed progress text."""
        return self._stored

    def set_progress(self, text: str) -> None:
        """Show ``text`` as committed (an undo, a reload); forgets the box's own undo."""
        self._stored = text
        if self.progress.toPlainText() != text or self.progress.document().isUndoAvailable():
            position = self.progress.textCursor().position()
            self.progress.setPlainText(text)
            if self.progress.hasFocus():
                cursor = self.progress.textCursor()
                cursor.setPosition(min(position, len(text)))
                self.progress.setTextCursor(cursor)

    def set_read_only(self, read_only: bool) -> None:
        self.progress.setReadOnly(read_only)
        self.progress.setStyleSheet(_READ_ONLY_STYLE if read_only else "")
        self.progress.setPlaceholderText("" if read_only else PLACEHOLDER)

    def commit(self) -> None:
        """Take what is typed as the progress text; tell the sheet when it changed."""
        text = "\n".join(tidy_text(line) for line in self.progress.toPlainText().strip().splitlines())
        if self.progress.isReadOnly() or text == self._stored:
            return
        before = self._stored
        self.set_progress(text)
        self.progress_committed.emit(before, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.progress:
            if event.type() == QEvent.Type.FocusOut:
                self.commit()
            elif event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                document = self.progress.document()
                undo = event.matches(QKeySequence.StandardKey.Undo)
                redo = event.matches(QKeySequence.StandardKey.Redo) or (
                    event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                )
                own = (undo and document.isUndoAvailable()) or (redo and document.isRedoAvailable())
                if (undo or redo) and not own:
                    event.ignore()  # the sheet's Ctrl+Z / Ctrl+Y
                    return True
        return super().eventFilter(watched, event)
