"""The monitoring sheet (绩效运行监控表) being filled in: header, money block, goals, indicator grid.

As on the target sheet, every change is a command on one undo stack and every step of it — an
edit, an undo, a redo — is saved at once through ``forms.save_document``: nothing typed is lost
and Ctrl+Z is as durable as the edit. The lights are the domain's, computed again on each
committed cell, with the arithmetic in their tooltips. Once 全审 has run, the findings panel
follows every later change (the rules are pure and fast), so a reason chosen makes its error go.

全审, 标记完成 and 重新打开 are the target sheet's (``ui.targets.completion``); a completed sheet is
read-only until reopened with a reason for the audit log.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QToolBar, QToolTip, QWidget

from perfdesk.domain.checks import check_document, field_label
from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding
from perfdesk.domain.labels import label
from perfdesk.domain.monitoring import monitoring_settings, read_month
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.monitoring import cells, sheet_layout, tables
from ui.monitoring.goals import MonitoringGoals
from ui.monitoring.indicator_model import NAMES, MonitoringIndicatorModel, cell_of
from ui.monitoring.money_model import ROW_NAMES, MoneyModel
from ui.monitoring.period import period_line, period_text
from ui.targets.commands import SetValueCommand
from ui.targets.completion import SheetCompletion
from ui.targets.findings_panel import FindingsPanel
from ui.targets.header import ProjectHeader
from ui.tasks import TaskRunner

INFO_COLOR, ERROR_COLOR = "#5f6b7a", "#c0392b"
PANEL_WIDTH = 320
GRID_KEYS = "（Tab/Enter 下一格，Delete 清除，Ctrl+V 从 Excel/WPS 粘贴，Ctrl+Z 撤销；鼠标停在灯上可看算式）"


class MonitoringEditor(QWidget):
    """One monitoring sheet, editable while it is a draft.

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
        self._checked = False
        self._fitted = False
        self._quiet = False
        self._last_index = 0
        self.last_message = ""
        self.undo_stack = QUndoStack(self)
        self.model = MonitoringIndicatorModel(self)
        self.money_model = MoneyModel(self)
        for model in (self.model, self.money_model):
            model.set_undo_stack(self.undo_stack)
        self.table = tables.indicator_table(self.model)
        self.money_table = tables.money_table(self.money_model)
        self.goals = MonitoringGoals()
        self.header = ProjectHeader(funds=False)  # the money block below has the amounts
        self.findings_panel = FindingsPanel()
        self.banner, self.notice, self.period_line = QLabel(), QLabel(), QLabel()
        self.completion = SheetCompletion(self)
        self._build()
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.money_model.edit_refused.connect(self._on_money_model_edit_refused)
        self.goals.progress_committed.connect(self._on_goals_progress_committed)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.findings_panel.jump_requested.connect(self.jump_to)
        self.findings_panel.explanation_changed.connect(self._on_findings_panel_explanation_changed)
        for table in (self.table, self.money_table):
            table.delete_requested.connect(lambda table=table: cells.clear_selected(self, table))
            table.paste_requested.connect(lambda text, table=table: cells.paste(self, table, text))
            table.insert_requested.connect(self._on_table_insert_requested)
        self.show_record(record)

    def _build(self) -> None:
        self.undo_action, self.redo_action = sheet_layout.undo_actions(self, self.undo_stack)
        self.check_action = self.completion.check_action
        self.complete_action = self.completion.complete_action
        self.reopen_action = self.completion.reopen_action
        self.addAction(self.check_action)
        self.toolbar = QToolBar(label("form.monitoring"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.undo_action, self.redo_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.check_action, self.complete_action, self.reopen_action])
        self.grid_heading = QLabel()
        self.top, self.sheet_splitter, self.splitter = sheet_layout.lay_out(self)

    # ------------------------------------------------------------ state

    @property
    def record(self) -> DocumentRecord:
        return self._record

    @property
    def editable(self) -> bool:
        return self._record.editable

    @property
    def month(self) -> int | None:
        return self.model.month

    @property
    def explanations(self) -> dict[str, str]:
        value = self._body.get("explanations")
        return dict(value) if isinstance(value, dict) else {}

    def document_body(self) -> dict[str, Any]:
        """The document as the sheet shows it now: what each save stores."""
        body = copy.deepcopy(self._body)
        goals = body.get("goals")
        body["goals"] = {**(goals if isinstance(goals, dict) else {}), "progress": self.goals.progress_text()}
        body["funds"] = self.money_model.funds()
        body["indicators"] = self.model.rows()
        return body

    def show_record(self, record: DocumentRecord) -> None:
        self._record = record
        self._body = copy.deepcopy(record.body)
        form = record.form()
        month, settings = read_month(form), monitoring_settings(form)
        self.header.show_document(self._body, self._decimals)
        self.money_model.set_sheet(form.section("funds"), month, settings, self._decimals)
        tables.fit_height(self.money_table)
        self.goals.set_goals([line for line in form.goal_lines("annual") if line], period_text(month))
        self.goals.set_progress(form.text("goals", "progress"))
        self.model.set_sheet([row.raw for row in form.indicators], month, settings)
        self.period_line.setText(period_line(form.fiscal_year, month, settings.money_margin))
        self._quiet = True
        try:
            self.undo_stack.clear()
        finally:
            self._quiet = False
        self._last_index = 0
        self._show_status()
        if not self._fitted:  # the sheet's upper part as tall as it needs, the grid gets the rest
            self._fitted = True
            self.sheet_splitter.setSizes([self.top.sizeHint().height() + 4, 440])
        if self._checked:
            self._recheck()

    def _show_status(self) -> None:
        editable = self._record.editable
        for model in (self.model, self.money_model):
            model.set_read_only(not editable)
        self.goals.set_read_only(not editable)
        self.completion.show_status(self._record)
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
        """Store the cell and the progress text being edited (before checking, completing, closing)."""
        if self.editable:
            self.table.commit_open_editor()
            self.money_table.commit_open_editor()
            self.goals.commit()

    def _on_undo_stack_index_changed(self, index: int) -> None:
        if self._quiet:
            return
        what = (
            self.undo_stack.text(index - 1)
            if index > self._last_index
            else f"撤销：{self.undo_stack.text(index)}"
        )
        self._last_index = index
        try:
            record = forms.save_document(self.store, self._record.id, self.document_body(), what=what)
        except Exception as exc:
            ui_tasks.present_error(self, exc)
            self.show_record(forms.get_document(self.store, self._record.id))  # what is really stored
            return
        self._record = record
        self._body = copy.deepcopy(record.body)
        if self._checked:
            self._recheck()
        self.document_saved.emit(record)

    # ------------------------------------------------------------ what the person does outside the cells

    def _on_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        self._refused(self.table, self.model.index(row, column), f"第{row + 1}行 {NAMES[column]}", reason)

    def _on_money_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        what = str(self.money_model.headerData(column, Qt.Orientation.Horizontal)).split("\n")[0]
        index = self.money_model.index(row, column)
        self._refused(self.money_table, index, f"{ROW_NAMES[row].strip('　')} {what}", reason)

    def _refused(self, table: tables.MonitoringTable, index: QModelIndex, where: str, reason: str) -> None:
        self.say(f"{where}：{reason}（未保存，保留原值）", error=True)
        rect = table.visualRect(index)
        QToolTip.showText(table.viewport().mapToGlobal(rect.bottomLeft()), reason, table)

    def _on_table_insert_requested(self) -> None:
        self.say(
            "监控表的指标取自已完成的绩效目标表，不能在此增删；如需调整指标，请先重新打开并修改绩效目标表。"
        )

    def _on_goals_progress_committed(self, before: str, after: str) -> None:
        self.push(
            SetValueCommand(self.goals.set_progress, before, after, f"修改{label('field.goals.progress')}")
        )

    def _on_findings_panel_explanation_changed(self, key: str, text: str) -> None:
        old = self.explanations.get(key, "")
        if old != text:
            self.push(
                SetValueCommand(lambda value: self._apply_explanation(key, value), old, text, "填写出错说明")
            )

    def _apply_explanation(self, key: str, text: str) -> None:
        explanations = self.explanations
        if text:
            explanations[key] = text
        else:
            explanations.pop(key, None)
        self._body["explanations"] = explanations

    def jump_to(self, field: str) -> None:
        """Go to where a finding is: a grid cell, a money cell, the progress text; say so otherwise."""
        if place := cell_of(field):
            self.table.go_to(*place)
        elif field.startswith("funds.") and (money := self.money_model.cell_of(field)):
            self.money_table.go_to(*money)
        elif field == "goals.progress":
            self.goals.progress.setFocus(Qt.FocusReason.OtherFocusReason)
        elif field.startswith("goals.") or field.startswith("indicators"):
            self.say(f"{field_label(field)}取自绩效目标表；如需修改，请先重新打开并修改绩效目标表。")
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
        self._checked = True
        self._show_findings(findings)
        if self.findings_panel.isHidden():
            self.findings_panel.show()
            width = max(self.splitter.width(), 2 * PANEL_WIDTH)
            self.splitter.setSizes([width - PANEL_WIDTH, PANEL_WIDTH])
        self.say(
            f"全审完成：{len(findings)} 条结果，见右侧检查结果" if findings else "全审通过，没有发现问题"
        )

    def _show_findings(self, findings: list[Finding]) -> None:
        self._findings = list(findings)
        self.model.set_findings(findings)
        self.money_model.set_findings(findings)
        self.findings_panel.set_findings(self._findings, self.explanations)

    def _recheck(self) -> None:
        """The panel kept up to date after a change (the same rules 全审 runs, on what was saved)."""
        self._show_findings(check_document(FormDoc(copy.deepcopy(self._record.body))))
