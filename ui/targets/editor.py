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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.checks import field_label
from perfdesk.domain.findings import Finding
from perfdesk.domain.labels import label
from perfdesk.services import forms, reviews
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.review.banner import ReviewBanner
from ui.targets.commands import SetValueCommand
from ui.targets.completion import SheetCompletion
from ui.targets.findings_panel import FindingsPanel
from ui.targets.goals_editor import SECTIONS, GoalsEditor
from ui.targets.grid import IndicatorTable
from ui.targets.header import ProjectHeader
from ui.targets.indicator_model import HEADERS, IndicatorModel, cell_of
from ui.targets.sheet_actions import SheetActions
from ui.tasks import TaskRunner

INFO_COLOR, ERROR_COLOR = "#5f6b7a", "#c0392b"
PANEL_WIDTH = 360
GRID_KEYS = "　（Tab/Enter 下一格，Insert 插入行，Delete 删除行，Ctrl+V 从 Excel/WPS 粘贴，Ctrl+Z 撤销）"


class TargetsEditor(QWidget):
    """One target sheet, editable while it is a draft.

    Signals:
        message_shown(str): a sentence for the status bar (a refusal, what a paste did …).
        document_saved(object): the ``DocumentRecord`` after each save.
        status_changed(object): the ``DocumentRecord`` after 标记完成 or 重新打开.
    """

    message_shown = Signal(str)
    document_saved = Signal(object)
    status_changed = Signal(object)

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, *, framework: str = "classic",
        decimals: int = 2, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.framework_key = framework
        self._decimals = decimals
        self._record = record
        self._body: dict[str, Any] = {}
        self._findings: list[Finding] = []
        self._quiet = False
        self._last_index = 0
        self.last_message = ""
        self.undo_stack = QUndoStack(self)
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
        self.completion = SheetCompletion(self)
        self._build()
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.goals.lines_committed.connect(self._on_goals_lines_committed)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.findings_panel.jump_requested.connect(self.jump_to)
        self.findings_panel.explanation_changed.connect(self._on_findings_panel_explanation_changed)
        self.show_record(record)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.undo_action = self.undo_stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self, "重做")
        redo_keys = [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.redo_action.setShortcuts(redo_keys)  # a key twice on one action would be ambiguous
        self.check_action = self.completion.check_action
        self.complete_action = self.completion.complete_action
        self.reopen_action = self.completion.reopen_action
        self.addAction(self.check_action)
        self.toolbar = QToolBar("绩效目标表")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
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

    @property
    def record(self) -> DocumentRecord:
        return self._record

    @property
    def editable(self) -> bool:
        return self._record.editable

    @property
    def explanations(self) -> dict[str, str]:
        value = self._body.get("explanations")
        return dict(value) if isinstance(value, dict) else {}

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
        self._quiet = True
        try:
            self.undo_stack.clear()
        finally:
            self._quiet = False
        self._last_index = 0
        self._show_status()

    def _show_status(self) -> None:
        editable = self._record.editable
        self.model.set_read_only(not editable)
        self.goals.set_read_only(not editable)
        self.sheet_actions.set_editable(editable)
        self.completion.show_status(self._record)
        self.review_banner.show_review(reviews.review_of(self.store, self._record.id))
        self.grid_heading.setText(label("field.indicators") + (GRID_KEYS if editable else "（只读）"))

    def say(self, text: str, *, error: bool = False) -> None:
        """Tell the person: under the grid and in the window's status bar."""
        self.last_message = text
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {ERROR_COLOR if error else INFO_COLOR};")
        self.message_shown.emit(text)

    # ------------------------------------------------------------ saving

    def push(self, command: Any) -> None:
        """Do a change as one undoable step (and so save it)."""
        if not self.editable:
            self.say(f"此表为“{self._record.status_label}”，只读；如需修改，请先“重新打开”。", error=True)
            return
        self.undo_stack.push(command)

    def commit_pending(self) -> None:
        """Store the cell and the goal line being edited (before checking, completing, closing)."""
        if self.editable:
            self.table.commit_open_editor()
            self.goals.commit()

    def _on_undo_stack_index_changed(self, index: int) -> None:
        if self._quiet:
            return
        if index > self._last_index:
            what = self.undo_stack.text(index - 1)
        else:
            what = f"撤销：{self.undo_stack.text(index)}"
        self._last_index = index
        self._save(what)

    def _save(self, what: str) -> None:
        try:
            record = forms.save_document(self.store, self._record.id, self.document_body(), what=what)
        except Exception as exc:
            ui_tasks.present_error(self, exc)
            self.show_record(forms.get_document(self.store, self._record.id))  # what is really stored
            return
        self._record = record
        self._body = copy.deepcopy(record.body)
        self.document_saved.emit(record)

    # ------------------------------------------------------------ what the person does outside the grid

    def _on_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        self.say(f"第{row + 1}行 {HEADERS[column]}：{reason}（未保存，保留原值）", error=True)
        rect = self.table.visualRect(self.model.index(row, column))
        QToolTip.showText(self.table.viewport().mapToGlobal(rect.bottomLeft()), reason, self.table)

    def _on_goals_lines_committed(self, section: str, before: list[str], after: list[str]) -> None:
        name = label(f"field.goals.{section}")
        self.push(SetValueCommand(partial(self._apply_goals, section), before, after, f"修改{name}"))

    def _apply_goals(self, section: str, lines: list[str]) -> None:
        self.goals.set_lines(section, lines)

    def _on_findings_panel_explanation_changed(self, key: str, text: str) -> None:
        old = self.explanations.get(key, "")
        if old != text:
            self.push(SetValueCommand(partial(self._apply_explanation, key), old, text, "填写出错说明"))

    def _apply_explanation(self, key: str, text: str) -> None:
        explanations = self.explanations
        if text:
            explanations[key] = text
        else:
            explanations.pop(key, None)
        self._body["explanations"] = explanations
        if self.findings_panel.isVisible():
            self.findings_panel.set_findings(self._findings, explanations)

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
            self.say(f"{field_label(field)}取自项目信息，请在主窗口中修改该项目后重新打开此表。")

    # ------------------------------------------------------------ 全审, 标记完成, 重新打开 (ui.targets.completion)

    def run_check(self) -> None:
        self.completion.run_check()

    def mark_complete(self) -> None:
        self.completion.mark_complete()

    def reopen(self) -> None:
        self.completion.reopen()

    def show_findings(self, findings: list[Finding]) -> None:
        """Findings of a check in the panel (opened beside the sheet) and on their cells."""
        self._findings = list(findings)
        self.model.set_findings(findings)
        self.findings_panel.set_findings(self._findings, self.explanations)
        if self.findings_panel.isHidden():
            self.findings_panel.show()
            width = max(self.splitter.width(), 2 * PANEL_WIDTH)
            self.splitter.setSizes([width - PANEL_WIDTH, PANEL_WIDTH])
        self.say(
            f"全审完成：{len(findings)} 条结果，见右侧检查结果" if findings else "全审通过，没有发现问题"
        )
