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

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from perfdesk.domain.checks import check_document, field_label
from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding
from perfdesk.domain.labels import label
from perfdesk.domain.monitoring import monitoring_settings, read_month
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui.forms_common.editor_base import FormEditor, undo_redo_actions
from ui.monitoring import cells, sheet_layout, tables
from ui.monitoring.goals import MonitoringGoals
from ui.monitoring.indicator_model import NAMES, MonitoringIndicatorModel, cell_of
from ui.monitoring.money_model import ROW_NAMES, MoneyModel
from ui.monitoring.period import period_line, period_text
from ui.targets.commands import SetValueCommand
from ui.targets.findings_panel import FindingsPanel
from ui.targets.header import ProjectHeader
from ui.tasks import TaskRunner

PANEL_WIDTH = 320
GRID_KEYS = "（Tab/Enter 下一格，Delete 清除，Ctrl+V 从 Excel/WPS 粘贴，Ctrl+Z 撤销；鼠标停在灯上可看算式）"


class MonitoringEditor(FormEditor):
    """One monitoring sheet, editable while it is a draft (signals: see ``FormEditor``).

    The findings panel is kept up to date by rechecking after each save, not by the explanations.
    """

    panel_width = PANEL_WIDTH
    refresh_panel_on_explanation = False

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, *, framework: str = "classic",
        decimals: int = 2, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(store, tasks, record, framework=framework, decimals=decimals, parent=parent)
        self._checked = False
        self._fitted = False
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
        self._make_completion()
        self._build()
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.money_model.edit_refused.connect(self._on_money_model_edit_refused)
        self.goals.progress_committed.connect(self._on_goals_progress_committed)
        self._connect_common()
        for table in (self.table, self.money_table):
            table.delete_requested.connect(lambda table=table: cells.clear_selected(self, table))
            table.paste_requested.connect(lambda text, table=table: cells.paste(self, table, text))
            table.insert_requested.connect(self._on_table_insert_requested)
        self.show_record(record)

    def _build(self) -> None:
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_stack)
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
    def month(self) -> int | None:
        return self.model.month

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
        self._reset_undo()
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

    # ------------------------------------------------------------ saving

    def _commit_editing(self) -> None:
        """The cell and the progress text being edited."""
        self.table.commit_open_editor()
        self.money_table.commit_open_editor()
        self.goals.commit()

    def _saved(self) -> None:
        if self._checked:
            self._recheck()

    # ------------------------------------------------------------ what the person does outside the cells

    def _on_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        self._refused(self.table, self.model.index(row, column), f"第{row + 1}行 {NAMES[column]}", reason)

    def _on_money_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        what = str(self.money_model.headerData(column, Qt.Orientation.Horizontal)).split("\n")[0]
        index = self.money_model.index(row, column)
        self._refused(self.money_table, index, f"{ROW_NAMES[row].strip('　')} {what}", reason)

    def _on_table_insert_requested(self) -> None:
        self.say(
            "监控表的指标取自已完成的绩效目标表，不能在此增删；如需调整指标，请先重新打开并修改绩效目标表。"
        )

    def _on_goals_progress_committed(self, before: str, after: str) -> None:
        self.push(
            SetValueCommand(self.goals.set_progress, before, after, f"修改{label('field.goals.progress')}")
        )

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
            self.say_from_project(field)

    # ------------------------------------------------------------ 全审 (see ``FormEditor``)

    def show_findings(self, findings: list[Finding]) -> None:
        """Findings of a check in the panel and on their cells; from now on rechecked after each save."""
        self._checked = True
        super().show_findings(findings)

    def _finding_models(self) -> list[Any]:
        return [self.model, self.money_model]

    def _recheck(self) -> None:
        """The panel kept up to date after a change (the same rules 全审 runs, on what was saved)."""
        self._show_findings(check_document(FormDoc(copy.deepcopy(self._record.body))))
