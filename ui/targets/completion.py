"""全审, 标记完成 and 重新打开 of a form sheet (the target sheet, the monitoring sheet), and the status banner.

The rules run on the stored document (every change is saved before), through the background
helper. 标记完成 that is refused changes nothing and shows what blocks, in the findings panel and
on the cells. 重新打开 asks for a reason, which the audit log keeps.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from perfdesk.domain.checks import CheckOptions
from perfdesk.domain.findings import Finding, ValidationFailed
from perfdesk.domain.target_rules import TargetRuleSettings
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.targets import asks
from ui.tasks import TaskRunner

BANNERS = {
    "draft": ("#e8f1fb", "#1d4f91", "每次修改都已自动保存。填好后请点“全审”检查，再“标记完成”。"),
    "returned": ("#fdf2e3", "#8a5300", "此表被退回，请按审核意见修改后重新标记完成。"),
    "completed": ("#d7f0df", "#14532d", "此表已标记完成，不能修改。如需修改，请点工具栏上的“重新打开”。"),
}
READ_ONLY_BANNER = ("#eef1f5", "#33414f", "此表已报送或审核，不能在此修改。")


class CompletableSheet(Protocol):
    """What the actions need of a sheet editor (the target sheet's, the monitoring sheet's)."""

    store: Store
    tasks: TaskRunner
    framework_key: str
    banner: QLabel

    @property
    def record(self) -> DocumentRecord: ...

    @property
    def status_changed(self) -> SignalInstance: ...

    def commit_pending(self) -> None: ...

    def show_findings(self, findings: list[Finding]) -> None: ...

    def show_record(self, record: DocumentRecord) -> None: ...

    def say(self, text: str, *, error: bool = False) -> None: ...


class SheetCompletion:
    """The 全审 / 标记完成 / 重新打开 actions of one sheet and what they do."""

    def __init__(self, editor: CompletableSheet) -> None:
        assert isinstance(editor, QWidget)  # the parent of the actions, dialogs and progress
        self.editor = editor
        self.widget: QWidget = editor
        self.check_action = self._action("全审", self.run_check, "检查整张表，列出错误和提示（F9）")
        self.check_action.setShortcut(QKeySequence("F9"))
        self.complete_action = self._action("标记完成", self.mark_complete, "检查通过后把此表标记为已完成")
        self.reopen_action = self._action("重新打开", self.reopen, "把已完成的表重新打开以便修改")

    def _action(self, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self.widget)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def show_status(self, record: DocumentRecord) -> None:
        """The banner and which actions apply, for the sheet's status."""
        self.complete_action.setEnabled(record.editable)
        self.reopen_action.setEnabled(record.status == "completed")
        background, color, hint = BANNERS.get(record.status, READ_ONLY_BANNER)
        state = record.status_label if record.editable else f"{record.status_label}（只读）"
        self.editor.banner.setText(f"<b>{state}</b>　{hint}")
        self.editor.banner.setStyleSheet(
            f"background: {background}; color: {color}; padding: 8px 12px; font-size: 11pt;"
            f"border-bottom: 1px solid {color};"
        )

    def options(self) -> CheckOptions:
        return CheckOptions(TargetRuleSettings(framework=self.editor.framework_key))

    def run_check(self) -> None:
        """全审: every finding on the saved sheet, in the panel and on the cells."""
        editor = self.editor
        editor.commit_pending()
        store, document_id, options = editor.store, editor.record.id, self.options()
        editor.tasks.run(
            self.widget,
            "正在检查…",
            lambda _p: forms.check(store, document_id, options),
            editor.show_findings,
        )

    def mark_complete(self) -> None:
        """标记完成: the rules run again on the stored sheet; what blocks is shown, nothing changes."""
        editor = self.editor
        editor.commit_pending()
        store, document_id, options = editor.store, editor.record.id, self.options()
        editor.tasks.run(
            self.widget, "正在检查并标记完成…", lambda _p: forms.complete(store, document_id, options),
            self._on_completed, on_error=self._on_complete_failed,
        )  # fmt: skip

    def _on_completed(self, findings: list[Finding]) -> None:
        editor = self.editor
        editor.show_record(forms.get_document(editor.store, editor.record.id))
        if findings:
            editor.show_findings(findings)
        editor.say("已标记完成，此表现在只读。")
        editor.status_changed.emit(editor.record)

    def _on_complete_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.editor.show_findings(exc.findings)
            count = len(exc.findings)
            self.editor.say(f"不能标记完成：还有 {count} 处需要改正或说明，见右侧检查结果。", error=True)
        ui_tasks.present_error(self.widget, exc)

    def reopen(self) -> None:
        """重新打开 a completed sheet, with the reason the audit log keeps."""
        editor = self.editor
        reason = asks.reopen_reason(self.widget)
        if reason is None:
            return
        if not reason.strip():
            editor.say("没有重新打开：请填写重新打开的原因。", error=True)
            return
        try:
            record = forms.reopen(editor.store, editor.record.id, reason=reason.strip())
        except Exception as exc:
            ui_tasks.present_error(self.widget, exc)
            return
        editor.show_record(record)
        editor.say("已重新打开，可以修改。")
        editor.status_changed.emit(record)
