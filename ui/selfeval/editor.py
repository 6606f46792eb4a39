"""The self-evaluation sheet (项目支出绩效自评表) being filled in, scored as it is typed.

Every change is a command on one undo stack, and every step of that stack — an edit, an undo, a
redo — is saved at once through ``forms.save_document`` and scored again with
``score_self_evaluation`` under the document's profile: 得分, 总分 and 等级 follow each committed
cell. The sheet's parts: the score bar (总分, 等级, 人工认定, 评分方案); three tabs — 项目与资金
(header and money block), 年度目标 (预期目标 | 实际完成情况), 评价结论与签字; under them the indicator
grid; beside them, after 全审, the findings.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from perfdesk.domain.document import FormDoc
from perfdesk.domain.labels import label
from perfdesk.domain.profiles import DEFAULT_PROFILE, ProfileError, named_profile
from perfdesk.domain.scoring import ScoreResult, document_profile, score_self_evaluation
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui.forms_common.editor_base import FormEditor, undo_redo_actions
from ui.selfeval import funds_model as money
from ui.selfeval import sheet_layout
from ui.selfeval.columns import HEADERS, cell_of
from ui.selfeval.indicator_model import SelfEvalIndicatorModel
from ui.selfeval.row_actions import RowActions
from ui.selfeval.score_bar import ScoreBar
from ui.selfeval.tables import SheetTable
from ui.selfeval.texts import GOALS, PATHS, TITLES, SheetTexts
from ui.targets.commands import SetValueCommand
from ui.targets.findings_panel import FindingsPanel
from ui.targets.header import ProjectHeader
from ui.tasks import TaskRunner

PANEL_WIDTH = 360
TAB_MONEY, TAB_GOALS, TAB_CLOSING = range(3)
GRID_KEYS = "　（Tab/Enter 下一格；悬停得分看计分过程；双击得分或右键“调整得分…”；Ctrl+Z 撤销）"


class SelfEvalEditor(FormEditor):
    """One self-evaluation, editable while it is a draft (signals: see ``FormEditor``)."""

    panel_width = PANEL_WIDTH

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, *, decimals: int = 2,
        framework: str = "classic", parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(store, tasks, record, framework=framework, decimals=decimals, parent=parent)
        self.result: ScoreResult | None = None
        self.model = SelfEvalIndicatorModel(self)
        self.model.set_undo_stack(self.undo_stack)
        self.funds_model = money.FundsModel(self, decimals)
        self.funds_model.set_undo_stack(self.undo_stack)
        self.table = SheetTable("selfevalIndicatorTable")
        self.table.setModel(self.model)
        self.table.apply_indicator_widths()
        self.funds_table = SheetTable("fundsTable")
        self.funds_table.setModel(self.funds_model)
        self.header = ProjectHeader(funds=False)
        self.texts = SheetTexts(self)
        self.score_bar = ScoreBar()
        self.findings_panel = FindingsPanel()
        self.banner, self.notice, self.grid_heading = QLabel(), QLabel(), QLabel()
        self.tabs = QTabWidget()
        self.row_actions = RowActions(self)
        self._make_completion()
        self.undo_action, self.redo_action = undo_redo_actions(self, self.undo_stack)
        self.toolbar = sheet_layout.toolbar(
            self,
            [
                [self.undo_action, self.redo_action],
                [self.row_actions.override_action, self.row_actions.na_action],
                [self.check_action, self.complete_action, self.reopen_action],
            ],
        )
        self.splitter = sheet_layout.arrange(self)
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.funds_model.edit_refused.connect(self._on_funds_model_edit_refused)
        self.texts.value_committed.connect(self._on_texts_value_committed)
        self.score_bar.profile_chosen.connect(self._on_score_bar_profile_chosen)
        self._connect_common()
        self.show_record(record)

    # ------------------------------------------------------------ state

    def document_body(self) -> dict[str, Any]:
        """The document as the sheet shows it now: what each save stores and what is scored."""
        body = copy.deepcopy(self._body)
        body["funds"] = self.funds_model.funds()
        body["indicators"] = self.model.rows()
        for path in PATHS:
            section, _, key = path.partition(".")
            part = body.get(section)
            body[section] = {**(part if isinstance(part, dict) else {}), key: self.texts.value(path)}
        return body

    def show_record(self, record: DocumentRecord) -> None:
        self._record = record
        self._body = copy.deepcopy(record.body)
        self.header.show_document(self._body, self._decimals)
        funds = self._body.get("funds")
        self.funds_model.set_funds(funds if isinstance(funds, dict) else {})
        rows = self._body.get("indicators")
        self.model.set_rows([row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else [])
        month = self._body.get("hint_month")
        self.model.hint_month = month if isinstance(month, int) else None
        form = FormDoc(self._body)
        for path in PATHS:
            section, _, key = path.partition(".")
            self.texts.set_value(path, form.text(section, key))
        self._reset_undo()
        self._show_status()
        self.rescore()

    def rescore(self) -> None:
        """Score the sheet as it is now and show it: 得分 per row, the money, 总分 and 等级."""
        form = FormDoc(self.document_body())
        name = str(form.raw.get("profile") or DEFAULT_PROFILE)
        try:
            profile = document_profile(form)
        except ProfileError as exc:
            self.result = None
            self.model.set_result(None, named_profile(DEFAULT_PROFILE))
            self.funds_model.set_result(None)
            self.score_bar.show_result(None, name, f"{exc}；请另选评分方案")
            return
        self.result = score_self_evaluation(form, profile)
        self.model.set_result(self.result, profile)
        self.funds_model.set_result(self.result)
        self.score_bar.show_result(self.result, name)

    def _show_status(self) -> None:
        editable = self._record.editable
        self.model.set_read_only(not editable)
        self.funds_model.set_read_only(not editable)
        self.texts.set_read_only(not editable)
        self.score_bar.set_read_only(not editable)
        self.row_actions.set_editable(editable)
        self.completion.show_status(self._record)
        self.grid_heading.setText(label("field.indicators") + (GRID_KEYS if editable else "（只读）"))

    # ------------------------------------------------------------ saving (and scoring)

    def _commit_editing(self) -> None:
        """The cell and the text being edited."""
        self.table.commit_open_editor()
        self.funds_table.commit_open_editor()
        self.texts.commit()

    def _stepped(self) -> None:
        self.rescore()

    # ------------------------------------------------------------ what the person does outside the grid

    def _on_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        self._refused(self.table, self.model.index(row, column), f"第{row + 1}行 {HEADERS[column]}", reason)

    def _on_funds_model_edit_refused(self, row: int, column: int, reason: str) -> None:
        where = f"{money.ROW_NAMES[row].strip()} {money.HEADERS[column]}"
        self._refused(self.funds_table, self.funds_model.index(row, column), where, reason)

    def _on_texts_value_committed(self, path: str, before: str, after: str) -> None:
        self.push(SetValueCommand(partial(self.texts.set_value, path), before, after, f"修改{TITLES[path]}"))

    def _on_score_bar_profile_chosen(self, name: str) -> None:
        old = str(self._body.get("profile") or DEFAULT_PROFILE)
        if name != old:
            self.push(SetValueCommand(self._apply_profile, old, name, "更换评分方案"))
        self.score_bar.set_profile(str(self._body.get("profile") or DEFAULT_PROFILE))

    def _apply_profile(self, name: str) -> None:
        self._body["profile"] = name
        self.score_bar.set_profile(name)

    def jump_to(self, field: str) -> None:
        """Go to where a finding is: a grid cell, a money cell, a text box, the profile chooser."""
        name = field.removeprefix("funds.")
        if place := cell_of(field):
            self.table.go_to(*place)
        elif field.startswith("funds.") and name in money.CELL_OF:
            self.tabs.setCurrentIndex(TAB_MONEY)
            self.funds_table.go_to(*money.CELL_OF[name])
        elif field in PATHS:
            self.tabs.setCurrentIndex(TAB_GOALS if field in GOALS else TAB_CLOSING)
            self.texts.focus(field)
        elif field == "profile":
            self.score_bar.profile_box.setFocus()
        elif field.startswith("indicators"):
            self.table.go_to(max(self.table.currentIndex().row(), 0))
        else:
            self.say_from_project(field)

    # ------------------------------------------------------------ 全审 (see ``FormEditor``)

    def _finding_models(self) -> list[Any]:
        return [self.model, self.funds_model]
