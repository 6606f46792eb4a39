"""The indicator grid of a target sheet: one table row per indicator of the document.

Editing goes through the domain, so a cell never holds what the rules refuse as typed: 一级/二级
must be a place in the framework in force, 指标值 is read by the one value parser and stored as it
writes it back (``>=95%`` → ``≥95%``), 分值 must be a number. A refused edit is not stored and
``edit_refused`` carries the Chinese reason. With an undo stack attached (``set_undo_stack``) an
accepted edit becomes a command on it; without one (tests, qtmodeltester) it is applied at once.

Rows are the document's own dicts (copied in and out), so fields this grid does not show — a
self-evaluation's ``actual`` one day, or anything another tool wrote — are kept untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import Framework, get_framework, name_key
from perfdesk.domain.indicator_value import IndicatorValueError, parse_indicator_value
from perfdesk.domain.labels import label
from perfdesk.domain.paste import place_problem, read_weight, tidy_text
from perfdesk.domain.target_codes import DEFAULT
from perfdesk.domain.value_checks import check_indicator_value
from ui.targets.commands import SetFieldsCommand

COL_LV1, COL_LV2, COL_LV3, COL_VALUE, COL_WEIGHT, COL_EXPLANATION, COL_CORE = range(7)
FIELDS: Final = ("lv1", "lv2", "lv3", "value", "weight", "explanation", "core")
TEXT_FIELDS: Final = FIELDS[:-1]
HEADERS: Final = (
    label("indicator.lv1"), label("indicator.lv2"), label("indicator.lv3"), label("indicator.value"),
    label("indicator.weight"), label("indicator.explanation"), "★",
)  # fmt: skip

CONTINUES_ROLE: Final = Qt.ItemDataRole.UserRole + 1
"""True on a 一级/二级 cell that repeats the row above: drawn as one merged cell, text not repeated."""
PROBLEM_ROLE: Final = Qt.ItemDataRole.UserRole + 2
"""The message of what is wrong at the cell ('' when nothing): a 全审 finding or the value's own problem."""

ERROR_BACKGROUND: Final = QColor("#fdecea")
WARNING_BACKGROUND: Final = QColor("#fff4dc")
PROBLEM_TEXT: Final = QColor("#c0392b")
_EDITABLE: Final = frozenset(range(COL_CORE))


def blank_row(lv1: str = "", lv2: str = "") -> dict[str, Any]:
    """A new grid line, optionally in the 一级/二级 group of the row it was inserted under."""
    return {"lv1": lv1, "lv2": lv2, "lv3": "", "value": "", "weight": "", "explanation": ""}


def is_blank(row: dict[str, Any]) -> bool:
    """A line with no 三级, 指标值, 分值 or 指标解释 (its 一级/二级 may be preset)."""
    return not any(str(row.get(name) or "").strip() for name in ("lv3", "value", "weight", "explanation"))


class IndicatorModel(QAbstractTableModel):
    """The rows of ``indicators`` with the columns 一级 | 二级 | 三级 | 指标值 | 分值 | 指标解释 | ★.

    Signals:
        edit_refused(int, int, str): an edit at (row, column) was not stored; the reason.
    """

    edit_refused = Signal(int, int, str)

    def __init__(self, framework: str | Framework, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._framework = get_framework(framework)
        self._rows: list[dict[str, Any]] = []
        self._read_only = False
        self._stack: QUndoStack | None = None
        self._findings: dict[tuple[int, int], list[Finding]] = {}

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_CORE:
                return f"{label('indicator.core')}：★★★ 必填（来自指标库），★ 推荐"
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only and index.column() in _EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.DisplayRole and self.continues(row, column):
                return ""
            return self.text(row, column)
        if role == CONTINUES_ROLE:
            return self.continues(row, column)
        if role == PROBLEM_ROLE:
            return self.problem(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.problem(row, column) or (self.text(row, column) if column != COL_CORE else None)
        if role == Qt.ItemDataRole.BackgroundRole:
            found = self._findings.get((row, column))
            if found:
                error = any(f.severity is Severity.ERROR for f in found)
                return QBrush(ERROR_BACKGROUND if error else WARNING_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and self._own_problem(row, column):
            return QBrush(PROBLEM_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_WEIGHT, COL_CORE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        row, column = index.row(), index.column()
        changes, reason = self.validate(row, column, "" if value is None else str(value))
        if reason:
            self.edit_refused.emit(row, column, reason)
            return False
        current = self._rows[row]
        changes = {name: new for name, new in changes.items() if (current.get(name) or "") != new}
        if not changes:
            return True
        if self._stack is None:
            self.apply_fields(row, changes)
        else:
            self._stack.push(SetFieldsCommand(self, row, changes, f"修改第{row + 1}行{HEADERS[column]}"))
        return True

    # ------------------------------------------------------------ the rules of a cell

    def validate(self, row: int, column: int, text: str) -> tuple[dict[str, Any], str]:
        """The fields an edit would set, or the reason it is refused (in Chinese)."""
        field = FIELDS[column]
        current = self._rows[row]
        typed = tidy_text(text)
        if column == COL_LV1:
            if not typed:
                return {"lv1": ""}, ""
            level = self._framework.level1(typed)
            if level is None:
                return {}, place_problem(typed, "", self._framework)
            lv2 = str(current.get("lv2") or "")
            keep = lv2 if self._framework.canonical(level.name, lv2) else ""
            return {"lv1": level.name, "lv2": keep}, ""
        if column == COL_LV2:
            if not typed:
                return {"lv2": ""}, ""
            lv1 = str(current.get("lv1") or "") or self._framework.lv1_of(typed) or ""
            pair = self._framework.canonical(lv1, typed)
            if pair is None:
                return {}, place_problem(lv1, typed, self._framework)
            return {"lv1": pair[0], "lv2": pair[1]}, ""
        if column == COL_LV3 and len(typed) > DEFAULT.max_lv3_chars:
            return (
                {},
                f"{HEADERS[COL_LV3]}不能超过 {DEFAULT.max_lv3_chars} 个字（现在 {len(typed)} 个），请精简",
            )
        if column == COL_VALUE and typed:
            try:
                return {"value": parse_indicator_value(typed).display()}, ""
            except IndicatorValueError as error:
                return {}, error.message
        if column == COL_WEIGHT:
            weight, reason = read_weight(typed)
            return ({}, reason) if reason else ({"weight": weight}, "")
        return {field: typed}, ""

    def text(self, row: int, column: int) -> str:
        value = self._rows[row].get(FIELDS[column])
        if column == COL_CORE:
            return "★" * value if isinstance(value, int) and not isinstance(value, bool) else ""
        return "" if value is None else str(value)

    def continues(self, row: int, column: int) -> bool:
        """Whether the 一级 (or 一级+二级) of ``row`` repeats the row above (merged look)."""
        if row == 0 or column not in (COL_LV1, COL_LV2):
            return False
        here, above = self._rows[row], self._rows[row - 1]
        same_lv1 = bool(here.get("lv1")) and name_key(str(here.get("lv1"))) == name_key(str(above.get("lv1")))
        if column == COL_LV1:
            return same_lv1
        return (
            same_lv1
            and bool(here.get("lv2"))
            and name_key(str(here["lv2"])) == name_key(str(above.get("lv2")))
        )

    def problem(self, row: int, column: int) -> str:
        found = self._findings.get((row, column))
        if found:
            return "\n".join(f"{label('severity.' + f.severity.value)}：{f.message}" for f in found)
        return self._own_problem(row, column)

    def _own_problem(self, row: int, column: int) -> str:
        """What is wrong with a stored cell by itself (a ``**`` left in, an 一级 not in the framework)."""
        current = self._rows[row]
        if column == COL_VALUE and current.get("value"):
            return _value_problem(str(current["value"]))
        if column in (COL_LV1, COL_LV2) and current.get("lv1"):
            lv2 = str(current.get("lv2") or "")
            if column == COL_LV1 and self._framework.level1(str(current["lv1"])) is None:
                return place_problem(str(current["lv1"]), lv2, self._framework)
            if column == COL_LV2 and lv2 and self._framework.canonical(str(current["lv1"]), lv2) is None:
                return place_problem(str(current["lv1"]), lv2, self._framework)
        return ""

    # ------------------------------------------------------------ state

    @property
    def framework(self) -> Framework:
        return self._framework

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(FIELDS) - 1))

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        self._stack = stack

    def set_findings(self, findings: Iterable[Finding]) -> None:
        """Mark the cells that 全审 found something at (``indicators[3].value``; a row-wide one on 三级)."""
        self._findings = {}
        for finding in findings:
            place = cell_of(finding.field)
            if place is not None and 0 <= place[0] < len(self._rows):
                self._findings.setdefault(place, []).append(finding)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(FIELDS) - 1))

    # ------------------------------------------------------------ rows (commands call these)

    def rows(self) -> list[dict[str, Any]]:
        """A copy of every row, as the document stores them."""
        return [dict(row) for row in self._rows]

    def row_data(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self._findings = {}
        self.endResetModel()

    def apply_fields(self, row: int, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if value is None:
                self._rows[row].pop(name, None)
            else:
                self._rows[row][name] = value
        for column in {FIELDS.index(name) for name in changes if name in FIELDS}:
            self._findings.pop((row, column), None)
        last = min(row + 1, len(self._rows) - 1)  # the row below may now continue this one
        self.dataChanged.emit(self.index(row, 0), self.index(last, len(FIELDS) - 1))

    def insert_rows_at(self, at: int, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
        self._rows[at:at] = [dict(row) for row in rows]
        self._findings = {}
        self.endInsertRows()
        self._refresh_around(at + len(rows))

    def remove_rows_at(self, at: int, count: int) -> list[dict[str, Any]]:
        if count <= 0:
            return []
        self.beginRemoveRows(QModelIndex(), at, at + count - 1)
        removed = self._rows[at : at + count]
        del self._rows[at : at + count]
        self._findings = {}
        self.endRemoveRows()
        self._refresh_around(at)
        return removed

    def _refresh_around(self, row: int) -> None:
        """The row now under a change may start or stop continuing the one above it."""
        if 0 <= row < len(self._rows):
            self.dataChanged.emit(self.index(row, COL_LV1), self.index(row, COL_LV2))


@lru_cache(maxsize=1024)
def _value_problem(text: str) -> str:
    """What the rules say about a stored 指标值 by itself (``≥**人`` still holds its placeholder)."""
    return "\n".join(finding.message for finding in check_indicator_value(text, ""))


def cell_of(field: str) -> tuple[int, int] | None:
    """(row, column) of a finding field such as ``indicators[3].value``; ``indicators[3]`` → its 三级."""
    if not field.startswith("indicators["):
        return None
    inside, _, rest = field[len("indicators[") :].partition("]")
    if not inside.isdigit():
        return None
    name = rest.removeprefix(".")
    column = FIELDS.index(name) if name in FIELDS else COL_LV3
    return int(inside), column
