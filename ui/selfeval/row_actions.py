"""What a person does to one indicator row beyond typing in it: 调整得分… (an override with its
reason) and 不适用 (with the reason it does not apply). Each is one undoable step.

调整得分 is reached from the toolbar, the row's context menu, or a double-click on a computed
得分. An override without a usable score and a written reason is refused, and nothing changes:
the dialog already insists, and the sheet checks again whatever answer comes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from perfdesk.domain.indicator_value import format_number
from perfdesk.domain.scoring_rules import read_points
from ui.selfeval import asks
from ui.selfeval.columns import COL_LV3, COL_REASON, COL_SCORE, COL_WEIGHT
from ui.selfeval.override_dialog import override_problem

if TYPE_CHECKING:
    from ui.selfeval.editor import SelfEvalEditor


class RowActions:
    """The 调整得分… and 不适用 actions of one sheet and what they do."""

    def __init__(self, editor: SelfEvalEditor) -> None:
        self.editor = editor
        self.override_action = self._action(
            "调整得分…",
            self.override_current,
            "按判断调整当前指标的得分，须写明理由；计算得分保留在旁（双击得分也可）",
        )
        self.na_action = self._action(
            "不适用…", self.toggle_current_na, "把当前指标标为不适用（或取消），总分按其余分值折算"
        )
        self.menu: QMenu | None = None
        editor.model.na_toggled.connect(self.set_not_applicable)
        editor.table.doubleClicked.connect(self._on_table_double_clicked)
        editor.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)

    def _action(self, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self.editor)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def set_editable(self, editable: bool) -> None:
        self.override_action.setEnabled(editable)
        self.na_action.setEnabled(editable)

    def _current_row(self) -> int | None:
        current = self.editor.table.currentIndex()
        if not current.isValid():
            self.editor.say("请先在绩效指标表中点选一行。", error=True)
            return None
        return current.row()

    def _refused_read_only(self) -> bool:
        if self.editor.editable:
            return False
        self.editor.say(
            f"此表为“{self.editor.record.status_label}”，只读；如需修改，请先“重新打开”。", error=True
        )
        return True

    # ------------------------------------------------------------ 调整得分

    def override_current(self) -> None:
        row = self._current_row()
        if row is not None:
            self.override(row)

    def override(self, row: int) -> None:
        """Ask for this row's own score and reason; store them as one step (or clear them)."""
        editor, model = self.editor, self.editor.model
        if self._refused_read_only():
            return
        name = model.text(row, COL_LV3)
        score = model.score_of(row)
        weight = read_points(model.text(row, COL_WEIGHT))
        if model.not_applicable(row):
            editor.say(f"第{row + 1}行“{name}”为不适用，不计分，无需调整得分。", error=True)
            return
        if score is None or weight is None:
            editor.say(f"第{row + 1}行“{name}”还没有分值，请先填写分值再调整得分。", error=True)
            return
        current = model.row_data(row).get("override")
        current = current if isinstance(current, dict) else {}
        show = model.profile.show
        request = asks.OverrideRequest(
            row=row, lv3=name, weight=weight, computed=show(score.computed),
            explanation=f"计算得分 {show(score.computed)}" if score.overridden else score.explanation,
            decimals=model.profile.decimals, score=str(current.get("score") or ""),
            reason=str(current.get("reason") or ""),
        )  # fmt: skip
        answer = asks.override_score(editor, request)
        if answer is None:
            return
        if answer.clear:
            if current:
                model.change_row(row, {"override": None}, f"恢复第{row + 1}行计算得分")
                editor.say(f"第{row + 1}行“{name}”恢复为计算得分 {show(score.computed)}。")
            return
        problem = override_problem(answer.score, answer.reason, weight, model.profile.decimals)
        if problem:
            editor.say(f"没有调整第{row + 1}行得分：{problem}。", error=True)
            return
        given = read_points(answer.score.strip())
        assert given is not None  # override_problem read it
        override = {"score": format_number(given), "reason": answer.reason.strip()}
        model.change_row(row, {"override": override}, f"调整第{row + 1}行得分")
        editor.say(
            f"第{row + 1}行“{name}”得分认定为 {show(given)}（计算得分 {request.computed}），理由已记录。"
        )

    # ------------------------------------------------------------ 不适用

    def toggle_current_na(self) -> None:
        row = self._current_row()
        if row is not None:
            self.set_not_applicable(row, not self.editor.model.not_applicable(row))

    def set_not_applicable(self, row: int, checked: bool) -> None:
        """Mark a row 不适用 with its reason (asked), or take the mark away."""
        editor, model = self.editor, self.editor.model
        if self._refused_read_only() or checked == model.not_applicable(row):
            return
        name = model.text(row, COL_LV3)
        if not checked:
            model.change_row(row, {"na": None}, f"第{row + 1}行取消不适用")
            editor.say(f"第{row + 1}行“{name}”重新计分。")
            return
        reason = asks.na_reason(editor, name, model.text(row, COL_REASON))
        if reason is None:
            return
        if not reason.strip():
            editor.say(f"第{row + 1}行没有标为不适用：请写明不适用的原因。", error=True)
            return
        model.change_row(row, {"na": True, "reason": reason.strip()}, f"第{row + 1}行标为不适用")
        editor.say(f"第{row + 1}行“{name}”标为不适用，不计分；总分已按其余分值折算为百分制。")

    # ------------------------------------------------------------ where they are reached from

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_SCORE and not self.editor.model.qualitative(index.row()):
            self.override(index.row())

    def _on_table_context_menu_requested(self, point: QPoint) -> None:
        table = self.editor.table
        index = table.indexAt(point)
        if not index.isValid():
            return
        table.setCurrentIndex(index)
        na = self.editor.model.not_applicable(index.row())
        self.na_action.setText("取消不适用" if na else "标为不适用…")
        menu = QMenu(table)
        menu.addAction(self.override_action)
        menu.addAction(self.na_action)
        self.menu = menu
        menu.aboutToHide.connect(lambda: self.na_action.setText("不适用…"))
        menu.popup(table.viewport().mapToGlobal(point))
