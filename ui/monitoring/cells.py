"""Several cells at once on a monitoring sheet: Delete clears the selection, Ctrl+V pastes a block.

A block copied from Excel or WPS (for instance the 截至执行值 and 全年预计完成值 columns of a
working sheet) is laid over the grid from the current cell on; each cell goes through the same
rules as a typed one, cells that are carried over or computed are skipped, and what is refused
is named. Either way the whole action is one step on the undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoCommand

from perfdesk.domain.paste import split_records
from ui.targets.commands import MacroCommand, SetFieldsCommand

if TYPE_CHECKING:
    from ui.monitoring.editor import MonitoringEditor
    from ui.monitoring.tables import MonitoringTable


class CellModel(Protocol):
    """What both monitoring grids' models offer (the indicator grid, the money block)."""

    def validate(self, row: int, column: int, value: Any) -> tuple[dict[str, Any], str]: ...

    def row_data(self, row: int) -> dict[str, Any]: ...

    def apply_fields(self, row: int, changes: dict[str, Any]) -> None: ...

    def index(self, row: int, column: int, parent: QModelIndex = ...) -> QModelIndex: ...

    def rowCount(self, parent: QModelIndex = ...) -> int: ...

    def columnCount(self, parent: QModelIndex = ...) -> int: ...


def _editable(index: QModelIndex) -> bool:
    return index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEditable)


def _step(model: CellModel, row: int, column: int, value: Any) -> tuple[QUndoCommand | None, str]:
    """The command setting one cell (None when nothing changes), or why the value is refused."""
    changes, reason = model.validate(row, column, value)
    if reason:
        return None, reason
    current = model.row_data(row)
    changes = {name: new for name, new in changes.items() if current.get(name) != new}
    return (SetFieldsCommand(model, row, changes, "") if changes else None), ""


def clear_selected(editor: MonitoringEditor, table: MonitoringTable) -> None:
    """Delete: empty the selected cells the preparer fills (carried-over ones stay)."""
    model: Any = table.model()
    if not editor.editable or model is None:
        return
    indexes = [i for i in table.selectionModel().selectedIndexes() or [table.currentIndex()] if _editable(i)]
    steps = []
    for index in sorted(indexes, key=lambda i: (i.row(), i.column())):
        step, _ = _step(model, index.row(), index.column(), "")
        if step is not None:
            steps.append(step)
    if steps:
        editor.push(MacroCommand(f"清除 {len(steps)} 个单元格", steps))
        editor.say(f"已清除 {len(steps)} 个单元格。按 Ctrl+Z 可撤销。")


def paste(editor: MonitoringEditor, table: MonitoringTable, text: str) -> None:
    """Ctrl+V: a value into the current cell, or a block laid over the grid from it."""
    model: Any = table.model()
    current = table.currentIndex()
    if not editor.editable or model is None or not current.isValid() or not text.strip():
        return
    records = (
        split_records(text.rstrip("\r\n")) if ("\t" in text or "\n" in text.strip()) else [[text.strip()]]
    )
    steps: list[QUndoCommand] = []
    refused: list[str] = []
    skipped = 0
    for i, record in enumerate(records):
        for j, cell in enumerate(record):
            index = model.index(current.row() + i, current.column() + j)
            if not _editable(index):
                skipped += index.isValid()
                continue
            step, reason = _step(model, index.row(), index.column(), cell)
            if reason:
                refused.append(f"第{index.row() + 1}行第{index.column() + 1}列：{reason}")
            elif step is not None:
                step.redo()  # the next cell of the same row is read against this one (a money split)
                steps.append(step)
    for step in reversed(steps):
        step.undo()
    if steps:
        editor.push(MacroCommand(f"粘贴 {len(steps)} 个单元格", steps))
    parts = [f"已粘贴 {len(steps)} 个单元格"]
    if skipped:
        parts.append(f"{skipped} 个取自绩效目标表或自动计算的单元格未改")
    if refused:
        parts.append(
            f"{len(refused)} 个没有粘贴：" + "；".join(refused[:3]) + ("……" if len(refused) > 3 else "")
        )
    editor.say("，".join(parts) + "。", error=bool(refused))
