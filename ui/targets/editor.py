"""The target sheet (绩效目标表) being filled in: header, goals, indicator grid, toolbar and status.

Every change is a command on one undo stack, and every step of that stack — an edit, an undo, a
redo — is saved at once through ``forms.save_document``, so nothing typed is lost and Ctrl+Z is as
durable as the edit. The row operations (insert, delete, paste, library, copy) live in
:mod:`ui.targets.sheet_actions`; this room holds the sheet's state, saving, status and 全审.

A completed sheet is read-only (grid and goals locked, banner 已完成（只读）) until 重新打开, which
asks for a reason that the audit log keeps.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.services import reviews
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui.forms_common.editor_base import INFO_COLOR, FormEditor, undo_redo_actions
from ui.review.banner import ReviewBanner
from ui.targets.commands import SetValueCommand
from ui.targets.findings_panel import FindingsPanel
from ui.targets.goals_editor import SECTIONS, GoalsEditor
from ui.targets.grid import IndicatorTable
from ui.targets.header import ProjectHeader
from ui.targets.indicator_model import HEADERS, IndicatorModel, cell_of
from ui.targets.sheet_actions import SheetActions
from ui.tasks import TaskRunner

PANEL_WIDTH = 360
GRID_KEYS = "　（Tab/Enter 下一格，Insert 插入行，Delete 删除行，Ctrl+V 从 Excel/WPS 粘贴，Ctrl+Z 撤销）"


class TargetsEditor(FormEditor):
    """One target sheet, editable while it is a draft (signals: see ``FormEditor``)."""

    panel_width = PANEL_WIDTH

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, *, framework: str = "classic",
        decimals: int = 2, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(store, tasks, record, framework=framework, decimals=decimals, parent=parent)
        self.model = IndicatorModel(framework, self)
        self.model.set_undo_stack(self.undo_stack)
        self.table = IndicatorTable()
        self.table.setModel(self.model)
        self.table.apply_column_widths()
        self.goals = GoalsEditor()
        self.header = ProjectHeader()
        self.findings_panel = FindingsPanel()
        self.banner = QLabel()
        self.review_banner = ReviewBanner()
        self.notice = QLabel()
        self.sheet_actions = SheetActions(self)
        self._make_completion()
        self._build()
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.goals.lines_committed.connect(self._on_goals_lines_committed)
        self._connect_common()
        self.show_record(record)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_stack)
        self.addAction(self.check_action)
        self.toolbar = QToolBar("绩效目标表")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        actions = self.sheet_actions
        groups = [
            [self.undo_action, self.redo_action],
            [actions.insert_action, actions.delete_action, actions.paste_action],
            [actions.library_action, actions.copy_action],
            [self.check_action, self.complete_action, self.reopen_action],
        ]
        for i, group in enumerate(groups):
            if i:
                self.toolbar.addSeparator()
            self.toolbar.addActions(group)

        self.banner.setObjectName("statusBanner")
        self.banner.setWordWrap(True)
        self.grid_heading = QLabel()
        self.grid_heading.setStyleSheet("font-weight: bold;")
        self.notice.setObjectName("gridNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {INFO_COLOR};")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(self.header)
        top_layout.addSpacing(6)
        top_layout.addWidget(self.goals)
        top_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(top)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(9, 0, 9, 0)
        grid_layout.addWidget(self.grid_heading)
        grid_layout.addWidget(self.table, 1)
        grid_layout.addWidget(self.notice)
        sheet = QSplitter(Qt.Orientation.Vertical)
        sheet.addWidget(scroll)
        sheet.addWidget(grid_box)
        sheet.setStretchFactor(1, 1)
        sheet.setSizes([330, 470])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(sheet)
        self.splitter.addWidget(self.findings_panel)
        self.splitter.setStretchFactor(0, 1)
        self.findings_panel.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.review_banner)
        layout.addWidget(self.splitter, 1)

    # ------------------------------------------------------------ state

    def document_body(self) -> dict[str, Any]:
        """The document as the sheet shows it now: what each save stores."""
        body = copy.deepcopy(self._body)
        goals = body.get("goals")
        body["goals"] = {
            **(goals if isinstance(goals, dict) else {}),
            **{section: self.goals.lines(section) for section in SECTIONS},
        }
        body["indicators"] = self.model.rows()
        return body

    def show_record(self, record: DocumentRecord) -> None:
        self._record = record
        self._body = copy.deepcopy(record.body)
        form = record.form()
        self.header.show_document(self._body, self._decimals)
        for section in SECTIONS:
            self.goals.set_lines(section, [line for line in form.goal_lines(section) if line])
        rows = self._body.get("indicators")
        self.model.set_rows([row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else [])
        self._reset_undo()
        self._show_status()

    def _show_status(self) -> None:
        editable = self._record.editable
        self.model.set_read_only(not editable)
        self.goals.set_read_only(not editable)
        self.sheet_actions.set_editable(editable)
        self.completion.show_status(self._record)
        self.review_banner.show_review(reviews.review_of(self.store, self._record.id))
        self.grid_heading.setText(label("field.indicators") + (GRID_KEYS if editable else "（只读）"))

    # ------------------------------------------------------------ saving

    def _commit_editing(self) -> None:
        """The cell and the goal line being edited."""
        self.table.commit_open_editor()
        self.goals.commit()

    # ------------------------------------------------------------ what the person does outside the grid

    def _on_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        self._refused(self.table, self.model.index(row, column), f"第{row + 1}行 {HEADERS[column]}", reason)

    def _on_goals_lines_committed(self, section: str, before: list[str], after: list[str]) -> None:
        name = label(f"field.goals.{section}")
        self.push(SetValueCommand(partial(self._apply_goals, section), before, after, f"修改{name}"))

    def _apply_goals(self, section: str, lines: list[str]) -> None:
        self.goals.set_lines(section, lines)

    def apply_required_core(self, names: list[str]) -> None:
        """The ★★★ names the sheet must keep (``required_core``), set by a command."""
        if names:
            self._body["required_core"] = list(names)
        else:
            self._body.pop("required_core", None)

    def jump_to(self, field: str) -> None:
        """Go to where a finding is: a cell of the grid, a goal line; say so for the header."""
        if place := cell_of(field):
            self.table.go_to(*place)
        elif field.startswith("goals."):
            section, _, rest = field.removeprefix("goals.").partition("[")
            line = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else 0
            self.goals.focus_line(section if section in SECTIONS else "annual", line)
        elif field.startswith("indicators"):
            self.table.go_to(max(self.table.currentIndex().row(), 0))
        else:
            self.say_from_project(field)
