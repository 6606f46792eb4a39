"""Findings shown where they belong: a red border on the editor and the message right under it.

Services name the field of each finding (``"code"``, ``"funds.annual"``); a form registers which
editor and which row stand for each field name, then hands over the findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from perfdesk.domain.findings import Finding

ERROR_COLOR = "#c0392b"
INVALID_PROPERTY = "invalid"
_INVALID_STYLE = f"border: 1px solid {ERROR_COLOR}; border-radius: 3px; padding: 2px 3px;"


def mark_invalid(editor: QWidget, invalid: bool) -> None:
    """Give ``editor`` a red border (or take it away); the ``invalid`` property tells tests too."""
    if bool(editor.property(INVALID_PROPERTY)) == invalid:
        return
    editor.setProperty(INVALID_PROPERTY, invalid)
    editor.setStyleSheet(_INVALID_STYLE if invalid else "")


class FieldRow(QWidget):
    """The editors of one form row side by side (texts become labels, e.g. 万元 or 至) and,
    under them, the message line that is hidden while there is nothing to say."""

    def __init__(self, *parts: QWidget | str, stretch: bool = False) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            line.addWidget(QLabel(part) if isinstance(part, str) else part)
        if stretch:
            line.addStretch(1)
        outer.addLayout(line)
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.hide()
        outer.addWidget(self.message)

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class FieldMessages:
    """Which row and editor stand for each finding field; shows and clears messages there."""

    def __init__(self) -> None:
        self._places: dict[str, tuple[FieldRow, QWidget]] = {}

    def add(self, field: str, row: FieldRow, editor: QWidget) -> None:
        self._places[field] = (row, editor)

    def fields(self) -> list[str]:
        return list(self._places)

    def show(self, messages: Mapping[str, Sequence[str]]) -> list[str]:
        """Show ``messages`` per field and clear every other field; returns messages with no place."""
        per_row: dict[FieldRow, list[str]] = defaultdict(list)
        for field, (row, editor) in self._places.items():
            found = list(messages.get(field, ()))
            mark_invalid(editor, bool(found))
            per_row[row].extend(m for m in found if m not in per_row[row])
        for row, texts in per_row.items():
            row.set_message("\n".join(texts))
        return [m for field, texts in messages.items() if field not in self._places for m in texts]

    def show_findings(self, findings: Iterable[Finding]) -> list[str]:
        by_field: dict[str, list[str]] = defaultdict(list)
        for finding in findings:
            by_field[finding.field].append(finding.message)
        return self.show(by_field)

    def clear(self) -> None:
        self.show({})

    def message(self, field: str) -> str:
        """The message shown at ``field`` ('' when none) — what the person reads there."""
        row, _ = self._places[field]
        return row.message.text() if row.message.isVisibleTo(row) else ""

    def is_marked(self, field: str) -> bool:
        return bool(self._places[field][1].property(INVALID_PROPERTY))
