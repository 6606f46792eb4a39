"""The plumbing every form sheet editor shares (绩效目标表, 运行监控表, 自评表).

Every change is a command on one undo stack, and every step of that stack — an edit, an undo, a
redo — is saved at once through ``forms.save_document``, so nothing typed is lost and Ctrl+Z is as
durable as the edit. 全审, 标记完成 and 重新打开 are ``ui.targets.completion``'s; a completed sheet is
read-only until reopened. The status line under the grid, the findings panel beside the sheet and
the 出错说明 typed in it work the same on every sheet.

A kind subclasses :class:`FormEditor`, builds its parts (``table``, ``notice``, ``banner``,
``findings_panel``, ``splitter`` …), calls :meth:`FormEditor._make_completion` and
:meth:`FormEditor._connect_common`, and says what differs: ``document_body``, ``show_record``,
``_commit_editing``, ``jump_to`` and which models show findings.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QTableView, QToolTip, QWidget

from perfdesk.domain.checks import field_label
from perfdesk.domain.findings import Finding
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.targets.commands import SetValueCommand
from ui.targets.completion import SheetCompletion
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QSplitter

    from ui.targets.findings_panel import FindingsPanel

INFO_COLOR, ERROR_COLOR = "#5f6b7a", "#c0392b"


def undo_redo_actions(owner: QWidget, stack: QUndoStack) -> tuple[QAction, QAction]:
    """撤销 (Ctrl+Z) and 重做 (Ctrl+Y, Ctrl+Shift+Z and the platform's own), for the whole window."""
    undo = stack.createUndoAction(owner, "撤销")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = stack.createRedoAction(owner, "重做")
    keys = [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
    keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in keys]
    redo.setShortcuts(keys)  # a key twice on one action would be ambiguous
    for action in (undo, redo):
        owner.addAction(action)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return undo, redo


class FormEditor(QWidget):
    """One form sheet, editable while it is a draft.

    Signals:
        message_shown(str): a sentence for the status bar (a refusal, what a paste did …).
        document_saved(object): the ``DocumentRecord`` after each save.
        status_changed(object): the ``DocumentRecord`` after 标记完成 or 重新打开.
    """

    message_shown = Signal(str)
    document_saved = Signal(object)
    status_changed = Signal(object)

    panel_width: ClassVar[int] = 360
    refresh_panel_on_explanation: ClassVar[bool] = True

    # what the kind builds
    notice: QLabel
    banner: QLabel
    findings_panel: FindingsPanel
    splitter: QSplitter
    completion: SheetCompletion

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

    def _make_completion(self) -> None:
        """全审, 标记完成 and 重新打开 (``ui.targets.completion``), as the editor's actions."""
        self.completion = SheetCompletion(self)
        self.check_action = self.completion.check_action
        self.complete_action = self.completion.complete_action
        self.reopen_action = self.completion.reopen_action

    def _connect_common(self) -> None:
        """Saving on each step of the undo stack; the findings panel's jumps and explanations."""
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.findings_panel.jump_requested.connect(self.jump_to)
        self.findings_panel.explanation_changed.connect(self._on_findings_panel_explanation_changed)

    # ------------------------------------------------------------ what a kind says

    def document_body(self) -> dict[str, Any]:
        """The document as the sheet shows it now: what each save stores."""
        raise NotImplementedError

    def show_record(self, record: DocumentRecord) -> None:
        raise NotImplementedError

    def _commit_editing(self) -> None:
        """Store what the open cell editors and text boxes hold."""
        raise NotImplementedError

    def jump_to(self, field: str) -> None:
        """Go to where a finding is."""
        raise NotImplementedError

    def _finding_models(self) -> list[Any]:
        """The models that mark findings on their cells."""
        return [self.model]  # type: ignore[attr-defined]

    def _saved(self) -> None:
        """After a save took (before ``document_saved``)."""

    def _stepped(self) -> None:
        """After a step of the undo stack was saved (or refused)."""

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

    def _reset_undo(self) -> None:
        """A fresh undo stack for a record just shown (clearing it saves nothing)."""
        self._quiet = True
        try:
            self.undo_stack.clear()
        finally:
            self._quiet = False
        self._last_index = 0

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
        """Store what is being edited (before checking, completing, closing)."""
        if self.editable:
            self._commit_editing()

    def _on_undo_stack_index_changed(self, index: int) -> None:
        if self._quiet:
            return
        what = (
            self.undo_stack.text(index - 1)
            if index > self._last_index
            else f"撤销：{self.undo_stack.text(index)}"
        )
        self._last_index = index
        self._save(what)
        self._stepped()

    def _save(self, what: str) -> None:
        try:
            record = forms.save_document(self.store, self._record.id, self.document_body(), what=what)
        except Exception as exc:
            ui_tasks.present_error(self, exc)
            self.show_record(forms.get_document(self.store, self._record.id))  # what is really stored
            return
        self._record = record
        self._body = copy.deepcopy(record.body)
        self._saved()
        self.document_saved.emit(record)

    # ------------------------------------------------------------ what the person does outside the grid

    def _refused(self, table: QTableView, index: QModelIndex, where: str, reason: str) -> None:
        """An edit the model refused: say why, and show it at the cell."""
        self.say(f"{where}：{reason}（未保存，保留原值）", error=True)
        rect = table.visualRect(index)
        QToolTip.showText(table.viewport().mapToGlobal(rect.bottomLeft()), reason, table)

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
        if self.refresh_panel_on_explanation and self.findings_panel.isVisible():
            self.findings_panel.set_findings(self._findings, explanations)

    def say_from_project(self, field: str) -> None:
        """A finding on the project's header: it is changed in the main window, not here."""
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
        self._show_findings(findings)
        if self.findings_panel.isHidden():
            self.findings_panel.show()
            width = max(self.splitter.width(), 2 * self.panel_width)
            self.splitter.setSizes([width - self.panel_width, self.panel_width])
        self.say(
            f"全审完成：{len(findings)} 条结果，见右侧检查结果" if findings else "全审通过，没有发现问题"
        )

    def _show_findings(self, findings: list[Finding]) -> None:
        self._findings = list(findings)
        for model in self._finding_models():
            model.set_findings(findings)
        self.findings_panel.set_findings(self._findings, self.explanations)
