"""How the self-evaluation sheet is laid out: the toolbar, the banner and score bar, three tabs
(项目与资金, 年度总体目标完成情况, 评价结论与签字) over the indicator grid, the findings beside.

The editor makes the parts and holds the state; this room arranges them and makes the toolbar (the
undo/redo actions with their keys are ``ui.forms_common.editor_base``'s, as on every sheet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QToolBar, QVBoxLayout, QWidget

from perfdesk.domain.labels import label

if TYPE_CHECKING:
    from ui.selfeval.editor import SelfEvalEditor

INFO_COLOR = "#5f6b7a"
TABS = ("项目与资金", f"{label('field.goals.annual')}完成情况", "评价结论与签字")


def toolbar(editor: SelfEvalEditor, groups: list[list[QAction]]) -> QToolBar:
    """The sheet's toolbar: the groups of actions, separated; the shortcuts work in the whole window."""
    bar = QToolBar(label("form.selfeval"))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for i, group in enumerate(groups):
        if i:
            bar.addSeparator()
        bar.addActions(group)
        for action in group:
            if not action.shortcuts():
                continue
            editor.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return bar


def arrange(editor: SelfEvalEditor) -> QSplitter:
    """Put every part of ``editor`` in its place; the splitter of the sheet and the findings panel."""
    editor.banner.setObjectName("statusBanner")
    editor.banner.setWordWrap(True)
    editor.grid_heading.setStyleSheet("font-weight: bold;")
    editor.notice.setObjectName("gridNotice")
    editor.notice.setWordWrap(True)
    editor.notice.setStyleSheet(f"color: {INFO_COLOR};")
    pages = (_money_tab(editor), editor.texts.goals_panel, editor.texts.closing_panel)
    for page, title in zip(pages, TABS, strict=True):
        editor.tabs.addTab(page, title)
    grid_box = QWidget()
    grid_layout = QVBoxLayout(grid_box)
    grid_layout.setContentsMargins(9, 0, 9, 0)
    grid_layout.addWidget(editor.grid_heading)
    grid_layout.addWidget(editor.table, 1)
    grid_layout.addWidget(editor.notice)
    sheet = QSplitter(Qt.Orientation.Vertical)
    sheet.addWidget(editor.tabs)
    sheet.addWidget(grid_box)
    sheet.setStretchFactor(1, 1)
    sheet.setSizes([340, 460])
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(sheet)
    splitter.addWidget(editor.findings_panel)
    splitter.setStretchFactor(0, 1)
    editor.findings_panel.hide()
    layout = QVBoxLayout(editor)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for widget in (editor.toolbar, editor.banner, editor.score_bar):
        layout.addWidget(widget)
    layout.addWidget(splitter, 1)
    return splitter


def _money_tab(editor: SelfEvalEditor) -> QWidget:
    """项目与资金: the project header over the money block."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(editor.header)
    layout.addSpacing(6)
    heading = QLabel(f"{label('field.funds')}（{label('money.unit')}）　只有年度资金总额一行计分")
    heading.setStyleSheet("font-weight: bold;")
    layout.addWidget(heading)
    layout.addWidget(editor.funds_table)
    layout.addStretch(1)
    editor.funds_table.fit_rows()
    editor.funds_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return page
