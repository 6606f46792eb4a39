"""Every change to an open target sheet as an undoable command (Ctrl+Z / Ctrl+Y).

Commands only change what the editor shows; the editor saves the document after every step of the
undo stack (``QUndoStack.indexChanged``), so an undo is as durable as the edit it takes back.
Each command holds what it needs to go both ways (the old and the new values), never a reference
to a row that may move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from ui.targets.indicator_model import IndicatorModel

Row = dict[str, Any]


class FieldsModel(Protocol):
    """What ``SetFieldsCommand`` needs of a model: any grid of dict rows (targets, monitoring)."""

    def row_data(self, row: int) -> Row: ...

    def apply_fields(self, row: int, changes: dict[str, Any]) -> None: ...


class SetFieldsCommand(QUndoCommand):
    """Change some fields of one indicator row (one cell, or 一级 together with its 二级)."""

    def __init__(
        self, model: FieldsModel, row: int, changes: dict[str, Any], text: str,
    ) -> None:  # fmt: skip
        super().__init__(text)
        self._model = model
        self._row = row
        self._new = dict(changes)
        current = model.row_data(row)
        self._old = {name: current.get(name) for name in changes}

    def redo(self) -> None:
        self._model.apply_fields(self._row, self._new)

    def undo(self) -> None:
        self._model.apply_fields(self._row, self._old)


class InsertRowsCommand(QUndoCommand):
    """Insert rows at one place (插入行, a pasted block)."""

    def __init__(
        self, model: IndicatorModel, at: int, rows: Sequence[Row], text: str,
    ) -> None:  # fmt: skip
        super().__init__(text)
        self._model = model
        self._at = at
        self._rows = [dict(row) for row in rows]

    def redo(self) -> None:
        self._model.insert_rows_at(self._at, self._rows)

    def undo(self) -> None:
        self._model.remove_rows_at(self._at, len(self._rows))


class RemoveRowsCommand(QUndoCommand):
    """Remove rows, which need not be next to each other (删除行)."""

    def __init__(self, model: IndicatorModel, rows: Sequence[int], text: str) -> None:
        super().__init__(text)
        self._model = model
        self._removed = [(row, model.row_data(row)) for row in sorted(set(rows))]

    def redo(self) -> None:
        for row, _data in reversed(self._removed):
            self._model.remove_rows_at(row, 1)

    def undo(self) -> None:
        for row, data in self._removed:
            self._model.insert_rows_at(row, [data])


class ReplaceRowsCommand(QUndoCommand):
    """Replace the whole table (library picks placed in their groups, 复制上年目标)."""

    def __init__(self, model: IndicatorModel, after: Sequence[Row], text: str) -> None:
        super().__init__(text)
        self._model = model
        self._before = model.rows()
        self._after = [dict(row) for row in after]

    def redo(self) -> None:
        self._model.set_rows(self._after)

    def undo(self) -> None:
        self._model.set_rows(self._before)


class SetValueCommand(QUndoCommand):
    """Set one value of the document outside the grid: goal lines, an 出错说明, ``required_core``.

    ``apply`` puts a value in place (and shows it); the command calls it with the new value on
    redo and with the old one on undo.
    """

    def __init__(self, apply: Callable[[Any], None], old: Any, new: Any, text: str = "") -> None:
        super().__init__(text)
        self._apply = apply
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)


class MacroCommand(QUndoCommand):
    """Several changes as one step on the undo stack (a paste, a library pick, a copy).

    The steps are held here, not as Qt child commands: a Python subclass given to Qt as a child
    may lose its Python side and crash the program when the stack runs it.
    """

    def __init__(self, text: str, steps: Sequence[QUndoCommand]) -> None:
        super().__init__(text)
        self._steps = list(steps)

    def redo(self) -> None:
        for step in self._steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self._steps):
            step.undo()
