"""The table behind the indicator library picker: library entries as rows, a check box to pick each.

``LibraryTableModel`` shows the entries a search returned (``set_entries``) and remembers which
entries were picked across searches, so a person can search 道路, tick two, search 满意度 and tick
one more. Picks are kept by entry (entries are frozen and unique per project type and name).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from perfdesk.domain.labels import label
from perfdesk.domain.library import LibraryEntry

COL_PICK, COL_CORE, COL_LV1, COL_LV2, COL_LV3, COL_TEMPLATE, COL_TYPE = range(7)
COLUMN_COUNT = 7

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The ``LibraryEntry`` of the row."""

MANDATORY_COLOR = "#b03a2e"
CORE_COLOR = "#9a6b00"
_MANDATORY_BRUSH = QBrush(QColor(MANDATORY_COLOR))
_CORE_BRUSH = QBrush(QColor(CORE_COLOR))
_MANDATORY_BACKGROUND = QBrush(QColor("#fbeeec"))
_BOLD = QFont()
_BOLD.setBold(True)
# Plain ints: data() runs for every painted cell and role, so no enum lookups in it.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_CHECK = int(Qt.ItemDataRole.CheckStateRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ENTRY = int(ENTRY_ROLE)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_PICK_FLAGS = _FLAGS | Qt.ItemFlag.ItemIsUserCheckable

Index = QModelIndex | QPersistentModelIndex


def core_text(entry: LibraryEntry) -> str:
    """The 核心 cell: ``★★★ 必填``, ``★`` or empty."""
    if entry.is_mandatory:
        return f"{entry.stars} {label('indicator.core.required')}"
    return entry.stars


def detail_html(entry: LibraryEntry) -> str:
    """What the pane under the table says about an entry: name, core level, 指标解释 and the rest."""
    core = ""
    if entry.core_level:
        color = MANDATORY_COLOR if entry.is_mandatory else CORE_COLOR
        core = f'　<span style="color:{color}; font-weight:bold">{html.escape(core_text(entry))}</span>'
    explanation = html.escape(entry.explanation) or "（无）"
    facts = "；".join(
        f"{label(key)}：{html.escape(value)}"
        for key, value in (
            ("library.project_type", entry.project_type),
            ("field.project.category", entry.category),
            ("library.template", entry.template),
            ("library.keywords", entry.keywords),
        )
        if value
    )
    return (
        f"<b>{html.escape(entry.lv3)}</b>{core}<br>{label('indicator.explanation')}：{explanation}"
        f'<br><span style="color:gray">{facts}</span>'
    )


class LibraryTableModel(QAbstractTableModel):
    """Library entries shown by the picker, read-only apart from the pick box in ``COL_PICK``.

    Signals:
        picks_changed(int): the number of picked entries (shown or not) is now this.
    """

    picks_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[LibraryEntry] = []
        self._picked: dict[LibraryEntry, None] = {}  # insertion-ordered set: the order of picking
        self._headers = (
            "选择",
            label("indicator.core"),
            label("indicator.lv1"),
            label("indicator.lv2"),
            label("indicator.lv3"),
            label("library.template"),
            label("library.project_type"),
        )

    # ------------------------------------------------------------ feeding and reading

    def set_entries(self, entries: Sequence[LibraryEntry]) -> None:
        """Show ``entries`` (a search result) in this order; picks survive, shown or not."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> LibraryEntry:
        return self._entries[row]

    def entries(self) -> list[LibraryEntry]:
        return list(self._entries)

    def is_picked(self, row: int) -> bool:
        return self._entries[row] in self._picked

    def set_picked(self, row: int, picked: bool) -> None:
        """Tick or untick the entry of ``row``."""
        entry = self._entries[row]
        if (entry in self._picked) == picked:
            return
        if picked:
            self._picked[entry] = None
        else:
            del self._picked[entry]
        index = self.index(row, COL_PICK)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.picks_changed.emit(len(self._picked))

    def picked_entries(self) -> list[LibraryEntry]:
        """Picked entries in the order shown; picks hidden by the current search follow, in the
        order they were picked."""
        shown = [entry for entry in self._entries if entry in self._picked]
        seen = set(shown)
        return shown + [entry for entry in self._picked if entry not in seen]

    @property
    def pick_count(self) -> int:
        return len(self._picked)

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        role = int(role)
        if role == _DISPLAY:
            return self._display(entry, column)
        if role == _CHECK:
            if column != COL_PICK:
                return None
            return Qt.CheckState.Checked if entry in self._picked else Qt.CheckState.Unchecked
        if role == _TOOLTIP:
            return entry.explanation or f"（无{label('indicator.explanation')}）"
        if role == _ENTRY:
            return entry
        if not entry.core_level:
            return None
        if role == _FOREGROUND and column == COL_CORE:
            return _MANDATORY_BRUSH if entry.is_mandatory else _CORE_BRUSH
        if role == _FONT and entry.is_mandatory and column in (COL_CORE, COL_LV3):
            return _BOLD
        if role == _BACKGROUND and entry.is_mandatory:
            return _MANDATORY_BACKGROUND
        return None

    @staticmethod
    def _display(entry: LibraryEntry, column: int) -> str | None:
        if column == COL_CORE:
            return core_text(entry)
        if column == COL_LV1:
            return entry.lv1
        if column == COL_LV2:
            return entry.lv2
        if column == COL_LV3:
            return entry.lv3
        if column == COL_TEMPLATE:
            return entry.template
        if column == COL_TYPE:
            return entry.project_type
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_PICK or int(role) != _CHECK:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else value
        self.set_picked(index.row(), state == Qt.CheckState.Checked.value)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _PICK_FLAGS if index.column() == COL_PICK else _FLAGS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if int(role) != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < COLUMN_COUNT else None
        return str(section + 1)
