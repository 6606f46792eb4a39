"""检查结果: the findings of the last check of a sheet, each with where it is and what to do.

Errors must be corrected; a warning passes once the preparer writes an 出错说明 for it, right in
its row (errors have no such box: they cannot be explained away). Clicking a finding, or Enter on
it, asks the editor to go to the cell. Whether the sheet may be marked complete comes from the
domain (``is_explained``); the panel only counts and shows.

Rows are kept by finding key across ``set_findings``, so a re-check while someone is typing an
出错说明 neither loses the text nor the focus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from perfdesk.domain.checks import field_label, is_explained
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.labels import label

ERROR_COLOR = "#c0392b"
WARNING_COLOR = "#b9770e"
EXPLAINED_COLOR = "#6f8f72"
PASSED_COLOR = "#1e8449"
NOT_CHECKED_TEXT = "尚未检查。检查后，这里逐条列出本表的错误和提示，点一条即可转到出错的单元格。"
_MARKER_STYLE = "color: white; background: {color}; border-radius: 3px; padding: 1px 6px; font-weight: bold;"
_ROW_STYLE = (
    "QFrame#findingRow { border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }"
    "QFrame#findingRow:focus { border: 2px solid palette(highlight); }"
)


def summary_text(findings: Sequence[Finding], explanations: Mapping[str, str]) -> str:
    """One line over the list: ``3 个错误，2 个提示（1 个已说明）— 错误未改正前不能标记完成``."""
    if not findings:
        return "全部通过，可以标记完成"
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    explained = sum(1 for f in findings if is_explained(f, explanations))
    parts = [f"{errors} 个{label('severity.error')}"] if errors else []
    if warnings:
        note = f"（{explained} 个{label('check.explained')}）" if explained else ""
        parts.append(f"{warnings} 个{label('severity.warning')}{note}")
    if errors:
        verdict = "错误未改正前不能标记完成"
    elif explained < warnings:
        verdict = "请改正，或为每个提示填写出错说明后再标记完成"
    else:
        verdict = "提示均已说明，可以标记完成"
    head = "，".join(parts)
    dash = "— " if head.endswith("）") else " — "  # a full-width bracket brings its own space
    return f"{head}{dash}{verdict}"


def _summary_color(findings: Sequence[Finding], explanations: Mapping[str, str]) -> str:
    if any(f.severity is Severity.ERROR for f in findings):
        return ERROR_COLOR
    if all(is_explained(f, explanations) for f in findings):
        return PASSED_COLOR
    return WARNING_COLOR


class FindingRow(QFrame):
    """One finding: its marker (错误 / 提示 / 已说明), where it is, the message, and for a warning
    the 出错说明 box.

    Signals:
        activated(str): clicked or Enter pressed; the finding's field path.
        explanation_edited(str, str): the 出错说明 box was left with a changed text (key, text).
    """

    activated = Signal(str)
    explanation_edited = Signal(str, str)

    def __init__(self, finding: Finding, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(_ROW_STYLE)
        self.finding = finding
        self._explanation = explanation.strip()
        self.marker = QLabel()
        self.marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.place = QLabel()
        self.place.setStyleSheet("font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.editor: QLineEdit | None = None
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(3)
        layout.addWidget(self.marker, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.place, 0, 1)
        layout.addWidget(self.message, 1, 1)
        layout.setColumnStretch(1, 1)
        if finding.severity is Severity.WARNING:
            self.editor = QLineEdit(self._explanation)
            self.editor.setObjectName("explanationEditor")
            self.editor.setPlaceholderText("写明为什么可以这样填，例如：经县农业农村局同意")
            self.editor.setCursor(Qt.CursorShape.IBeamCursor)
            self.editor.editingFinished.connect(self._on_editor_editing_finished)
            line = QGridLayout()
            line.addWidget(QLabel(f"{label('field.explanations')}："), 0, 0)
            line.addWidget(self.editor, 0, 1)
            layout.addLayout(line, 2, 1)
        self.show_finding(finding, explanation)

    @property
    def explained(self) -> bool:
        return is_explained(self.finding, {self.finding.key: self._explanation})

    def show_finding(self, finding: Finding, explanation: str) -> None:
        """Show ``finding`` (same key, perhaps a new message) and its stored 出错说明."""
        self.finding = finding
        self._explanation = explanation.strip()
        if self.editor is not None and not self.editor.hasFocus():
            self.editor.setText(self._explanation)  # while the person types, what they type wins
        self.place.setText(field_label(finding.field))
        self.message.setText(finding.message)
        self._show_marker()

    def _show_marker(self) -> None:
        if self.finding.severity is Severity.ERROR:
            text, color = label("severity.error"), ERROR_COLOR
        elif self.explained:
            text, color = label("check.explained"), EXPLAINED_COLOR
        else:
            text, color = label("severity.warning"), WARNING_COLOR
        self.marker.setText(text)
        self.marker.setStyleSheet(_MARKER_STYLE.format(color=color))
        self.setAccessibleName(f"{text}：{self.place.text()}。{self.finding.message}")

    def _on_editor_editing_finished(self) -> None:
        assert self.editor is not None
        text = self.editor.text().strip()
        if text == self._explanation:
            return
        self._explanation = text
        self._show_marker()
        self.explanation_edited.emit(self.finding.key, text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            event.accept()  # the release then comes here too: a click
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.finding.field)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.finding.field)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()  # the :focus border


class FindingsPanel(QWidget):
    """The result of the last check: a summary line over one row per finding.

    Signals:
        jump_requested(str): the person clicked a finding, or pressed Enter on it; the finding's
            field path (``indicators[2].value``) for the editor to go to.
        explanation_changed(str, str): the 出错说明 of a warning was edited and the box left:
            the finding's key (``code@field``) and the new text (empty when it was cleared).
    """

    jump_requested = Signal(str)
    explanation_changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._explanations: dict[str, str] = {}
        self._rows: list[FindingRow] = []
        self.summary = QLabel()
        self.summary.setObjectName("findingsSummary")
        self.summary.setWordWrap(True)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(4)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.show_not_checked()

    def set_findings(self, findings: list[Finding], explanations: Mapping[str, str]) -> None:
        """Show the findings of a check and the 出错说明 stored with the sheet."""
        self._findings = list(findings)
        self._explanations = {key: text for key, text in explanations.items() if text.strip()}
        spare: dict[str, list[FindingRow]] = {}  # the shown rows by key, reused in order
        for row in self._rows:
            spare.setdefault(row.finding.key, []).append(row)
        rows = [self._take_row(finding, spare) for finding in self._findings]
        kept = {id(row) for row in rows}
        for row in self._rows:
            self._list_layout.removeWidget(row)
            if id(row) not in kept:
                row.hide()  # at once: deleteLater waits for the event loop
                row.deleteLater()
        for position, row in enumerate(rows):
            self._list_layout.insertWidget(position, row)
            row.show()  # now, not when the layout gets round to it
        self._rows = rows
        self._show_summary()

    def show_not_checked(self) -> None:
        """Back to the state before any check (another sheet is shown)."""
        self.set_findings([], {})
        self.summary.setText(NOT_CHECKED_TEXT)
        self.summary.setStyleSheet("color: palette(placeholder-text);")

    def rows(self) -> list[FindingRow]:
        """The rows shown, in the order of the findings."""
        return list(self._rows)

    def _take_row(self, finding: Finding, spare: dict[str, list[FindingRow]]) -> FindingRow:
        """The shown row of the finding's key, brought up to date; a new row when there is none."""
        explanation = self._explanations.get(finding.key, "")
        waiting = spare.get(finding.key, [])
        if waiting and waiting[0].finding.severity is finding.severity:
            row = waiting.pop(0)
            row.show_finding(finding, explanation)
            return row
        row = FindingRow(finding, explanation, self._list)
        row.activated.connect(self._on_row_activated)
        row.explanation_edited.connect(self._on_row_explanation_edited)
        return row

    def _show_summary(self) -> None:
        self.summary.setText(summary_text(self._findings, self._explanations))
        color = _summary_color(self._findings, self._explanations)
        self.summary.setStyleSheet(f"color: {color}; font-weight: bold;")

    def _on_row_activated(self, field: str) -> None:
        self.jump_requested.emit(field)

    def _on_row_explanation_edited(self, key: str, text: str) -> None:
        if text:
            self._explanations[key] = text
        else:
            self._explanations.pop(key, None)
        self._show_summary()
        self.explanation_changed.emit(key, text)
