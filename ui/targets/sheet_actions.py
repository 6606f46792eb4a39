"""The row operations of a target sheet: insert, delete, paste from Excel/WPS, pick from the library,
copy another sheet's targets. Each is one undoable command pushed on the sheet's stack.
"""

from __future__ import annotations

from functools import cache, partial
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox

from perfdesk.domain.document import FormDoc
from perfdesk.domain.labels import label
from perfdesk.domain.library import LibraryEntry, LibraryError, load_seed_library
from perfdesk.domain.paste import library_rows, parse_pasted_rows, place_rows
from perfdesk.domain.target_rules_rows import core_key
from perfdesk.services import forms
from ui import errors
from ui import tasks as ui_tasks
from ui.targets import asks
from ui.targets.commands import (
    InsertRowsCommand,
    MacroCommand,
    RemoveRowsCommand,
    ReplaceRowsCommand,
    SetValueCommand,
)
from ui.targets.goals_editor import SECTIONS
from ui.targets.indicator_model import COL_LV1, COL_LV2, COL_LV3, blank_row, is_blank

if TYPE_CHECKING:
    from ui.targets.editor import TargetsEditor


@cache
def seed_library() -> tuple[LibraryEntry, ...]:
    """The library shipped with the program, read once per process."""
    return load_seed_library()


class SheetActions:
    """The toolbar's row actions of one sheet and what they do."""

    def __init__(self, editor: TargetsEditor) -> None:
        self.editor = editor
        self.insert_action = self._action("插入行", self.insert_row, "在当前行下面插入一行（Insert）")
        self.delete_action = self._action("删除行", self.delete_rows, "删除选中的行（Delete），可撤销")
        self.paste_action = self._action(
            "粘贴", self.paste_clipboard, "把从 Excel 或 WPS 复制的指标行粘贴到表中（Ctrl+V）"
        )
        self.library_action = self._action(
            f"从{label('library.title')}选择…", self.pick_from_library, "从共性指标库选择指标加入本表"
        )
        self.copy_action = self._action(
            "复制上年目标…",
            self.copy_targets,
            "把上年（或其他项目）目标表的目标和指标复制到本表（本表须为空）",
        )
        table = editor.table
        table.insert_requested.connect(self.insert_row)
        table.delete_requested.connect(self.delete_rows)
        table.paste_requested.connect(self.paste_text)

    def _action(self, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self.editor)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def set_editable(self, editable: bool) -> None:
        for action in (
            self.insert_action, self.delete_action, self.paste_action, self.library_action, self.copy_action,
        ):  # fmt: skip
            action.setEnabled(editable)

    # ------------------------------------------------------------ insert and delete

    def insert_row(self) -> None:
        """A new row under the current one, in the current row's 一级/二级 group."""
        editor, model, table = self.editor, self.editor.model, self.editor.table
        if not editor.editable:
            return
        current = table.currentIndex()
        at = current.row() + 1 if current.isValid() else model.rowCount()
        lv1 = model.text(current.row(), COL_LV1) if current.isValid() else ""
        lv2 = model.text(current.row(), COL_LV2) if current.isValid() else ""
        editor.push(InsertRowsCommand(model, at, [blank_row(lv1, lv2)], f"插入第{at + 1}行"))
        table.go_to(at, COL_LV3 if lv2 else COL_LV1)

    def delete_rows(self) -> None:
        """Remove the rows of the selected cells; a ★★★ one is named, since the rules require it."""
        editor, model, table = self.editor, self.editor.model, self.editor.table
        rows = table.selected_rows()
        if not editor.editable or not rows:
            return
        column = max(table.currentIndex().column(), 0)
        core = [model.text(row, COL_LV3) for row in rows if model.row_data(row).get("core") == 3]
        numbers = "、".join(str(row + 1) for row in rows)
        editor.push(RemoveRowsCommand(model, rows, f"删除第{numbers}行"))
        if model.rowCount():
            table.go_to(min(rows[0], model.rowCount() - 1), column)
        warning = f"注意：★★★核心指标“{'、'.join(core)}”必须保留，" if core else ""
        editor.say(f"已删除第{numbers}行。{warning}按 Ctrl+Z 可撤销。", error=bool(core))

    # ------------------------------------------------------------ paste

    def paste_clipboard(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        """Paste a block copied from Excel or WPS; a single value goes into the current cell."""
        editor, model, table = self.editor, self.editor.model, self.editor.table
        if not editor.editable or not text.strip():
            return
        current = table.currentIndex()
        if "\t" not in text and "\n" not in text.strip():
            if current.isValid():
                model.setData(current, text.strip())
            return
        result = parse_pasted_rows(text, editor.framework_key)
        self.last_paste = result
        if result.rows:
            steps: list[QUndoCommand] = []
            at = current.row() + 1 if current.isValid() else model.rowCount()
            if current.isValid() and is_blank(model.row_data(current.row())):
                steps.append(RemoveRowsCommand(model, [current.row()], ""))  # the empty line pasted into
                at = current.row()
            steps.append(InsertRowsCommand(model, at, result.rows, ""))
            editor.push(MacroCommand(f"粘贴 {len(result.rows)} 行指标", steps))
            table.go_to(at, COL_LV3)
        summary = f"已粘贴 {len(result.rows)} 行指标"
        if result.refused:
            summary += f"，{len(result.refused)} 行没有粘贴（见提示）"
        editor.say(summary + "。", error=bool(result.refused))
        if result.refused or result.notes:
            icon = QMessageBox.Icon.Warning if result.refused else QMessageBox.Icon.Information
            self.paste_report = errors.show_message(editor, icon, "粘贴结果", result.report())

    # ------------------------------------------------------------ library and copy

    def pick_from_library(self) -> None:
        """Add library indicators, each at the end of its group, as one step (★★★ become required)."""
        editor, model = self.editor, self.editor.model
        if not editor.editable:
            return
        try:
            entries = seed_library()
        except LibraryError as exc:
            ui_tasks.present_error(editor, exc)
            return
        category = str(editor.record.body.get("project", {}).get("category") or "")
        picked = asks.library_entries(editor, entries, category=category)
        present = {core_key(model.text(row, COL_LV3)) for row in range(model.rowCount())}
        fresh = [entry for entry in picked if core_key(entry.lv3) not in present]
        skipped = [entry.lv3 for entry in picked if core_key(entry.lv3) in present]
        if fresh:
            rows = library_rows(fresh, editor.framework_key)
            steps: list[QUndoCommand] = [
                ReplaceRowsCommand(model, place_rows(model.rows(), rows, editor.framework_key), "")
            ]
            required = _required_core(editor.document_body())
            wanted = required + [e.lv3 for e in fresh if e.is_mandatory and e.lv3 not in required]
            if wanted != required:
                steps.append(SetValueCommand(editor.apply_required_core, required, wanted))
            editor.push(MacroCommand(f"从指标库添加 {len(fresh)} 个指标", steps))
        if picked:
            note = f"；已有的指标没有重复添加：{'、'.join(skipped)}" if skipped else ""
            editor.say(f"已从指标库添加 {len(fresh)} 个指标，请把指标值中的 ** 换成实际数值{note}。")

    def copy_targets(self) -> None:
        """复制目标 into this empty sheet: goals, indicators and ★★★ list of the chosen sheet."""
        editor, model = self.editor, self.editor.model
        if not editor.editable:
            return
        if model.rowCount() or any(editor.goals.lines(section) for section in SECTIONS):
            editor.say("本表已有目标或指标，复制只能用于空白的目标表。请先清空或直接修改。", error=True)
            return
        source = asks.copy_source(editor, editor.store, editor.record.project_id)
        if source is None:
            return
        try:
            copied = forms.copy_targets(editor.store, source, editor.record.project_id)
        except Exception as exc:
            ui_tasks.present_error(editor, exc)
            return
        form = FormDoc(copied.body)
        steps: list[QUndoCommand] = [ReplaceRowsCommand(model, [row.raw for row in form.indicators], "")]
        for section in SECTIONS:
            lines = [line for line in form.goal_lines(section) if line]
            apply = partial(editor.goals.set_lines, section)
            steps.append(SetValueCommand(apply, editor.goals.lines(section), lines))
        required = _required_core(editor.document_body())
        steps.append(SetValueCommand(editor.apply_required_core, required, _required_core(copied.body)))
        editor.push(MacroCommand("复制目标", steps))
        editor.say(f"已复制 {len(form.indicators)} 个指标，请逐项核对并改成本年度的目标值。")


def _required_core(body: dict[str, Any]) -> list[str]:
    names = body.get("required_core")
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []
