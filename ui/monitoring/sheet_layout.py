"""Where the parts of a monitoring sheet sit (the undo keys are ``ui.forms_common.editor_base``'s).

Toolbar and status banner on top; under them the sheet — the upper part (project header, period
and time share, money block, goals and progress; it scrolls when the window is small) over the
indicator grid with its heading and the line that says what just happened — and the findings
panel beside it, hidden until the first 全审. Split so a person can give the grid more room.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.monitoring.editor import MonitoringEditor

INFO_COLOR = "#5f6b7a"
MONEY_NOTE = "执行数填到截止月份末。财政拨款、其他资金两行可以不填；两行都填时，总额自动等于两者之和。"


def lay_out(editor: MonitoringEditor) -> tuple[QWidget, QSplitter, QSplitter]:
    """Place the editor's parts; returns the upper part, the sheet's splitter and the outer one."""
    editor.banner.setObjectName("statusBanner")
    editor.banner.setWordWrap(True)
    editor.period_line.setObjectName("periodLine")
    editor.period_line.setWordWrap(True)
    editor.grid_heading.setStyleSheet("font-weight: bold;")
    editor.notice.setObjectName("gridNotice")
    editor.notice.setWordWrap(True)
    editor.notice.setStyleSheet(f"color: {INFO_COLOR};")
    money_note = QLabel(MONEY_NOTE)
    money_note.setStyleSheet(f"color: {INFO_COLOR};")

    top = QWidget()
    top_layout = QVBoxLayout(top)
    for part in (editor.header, editor.period_line, editor.money_table, money_note, editor.goals):
        if part is editor.period_line or part is editor.goals:
            top_layout.addSpacing(6)
        top_layout.addWidget(part)
    top_layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(top)
    grid_box = QWidget()
    grid_layout = QVBoxLayout(grid_box)
    grid_layout.setContentsMargins(9, 0, 9, 0)
    grid_layout.addWidget(editor.grid_heading)
    grid_layout.addWidget(editor.table, 1)
    grid_layout.addWidget(editor.notice)
    sheet = QSplitter(Qt.Orientation.Vertical)
    sheet.addWidget(scroll)
    sheet.addWidget(grid_box)
    sheet.setStretchFactor(1, 1)
    sheet.setSizes([400, 440])
    outer = QSplitter(Qt.Orientation.Horizontal)
    outer.addWidget(sheet)
    outer.addWidget(editor.findings_panel)
    outer.setStretchFactor(0, 1)
    editor.findings_panel.hide()
    layout = QVBoxLayout(editor)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(editor.toolbar)
    layout.addWidget(editor.banner)
    layout.addWidget(outer, 1)
    return top, sheet, outer
