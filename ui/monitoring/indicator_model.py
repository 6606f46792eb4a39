"""The indicator grid of a monitoring sheet: one table row per indicator carried over from the targets.

一级 | 二级 | 三级 | 年度指标值 come from the completed target sheet and are read-only here. The
preparer fills 截至执行值, 全年预计完成值, 偏差原因, 完成目标可能性, 原因说明, 纠偏措施 and may switch
按时间进度 per row. Each edit goes through the domain: a value is read against its target by the
one reader of the lights (``read_column``), so a cell never holds what the rules cannot judge, and
the row's light is computed again at once (``indicator_light``) — the 灯 column and its tooltip
follow every committed cell.

Rows are the document's own dicts (copied in and out); fields this grid does not show are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QUndoStack

from perfdesk.domain.document import IndicatorRow
from perfdesk.domain.findings import Finding
from perfdesk.domain.frameworks import name_key
from perfdesk.domain.labels import label
from perfdesk.domain.monitoring_lights import (
    Light,
    LightResult,
    indicator_light,
    is_time_shared,
)
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, MonitoringSettings
from ui.monitoring import cell_rules, lights
from ui.monitoring.period import period_text
from ui.targets.commands import SetFieldsCommand

(COL_LV1, COL_LV2, COL_LV3, COL_VALUE, COL_PROGRESS, COL_FORECAST, COL_LIGHT, COL_DEVIATION,
 COL_LIKELIHOOD, COL_REASON, COL_MEASURES, COL_TIME_SHARED) = range(12)  # fmt: skip
FIELDS: Final = (
    "lv1", "lv2", "lv3", "value", "progress", "forecast", "light", "deviation", "likelihood", "reason",
    "measures", "time_shared",
)  # fmt: skip
NAMES: Final = (
    *(label(f"indicator.{key}") for key in ("lv1", "lv2", "lv3", "annual_value", "progress", "forecast")),
    label("print.monitoring.light"),
    *(label(f"indicator.{key}") for key in ("deviation", "likelihood", "reason", "measures", "time_shared")),
)  # fmt: skip
"""Column names as sentences and messages use them."""
WRAPPED: Final = {
    COL_FORECAST: "全年预计\n完成值",
    COL_LIKELIHOOD: "完成目标\n可能性",
    COL_TIME_SHARED: "按时间\n进度",
}
"""Long headings on two lines, so the grid fits beside the findings panel."""
CARRIED: Final = frozenset({COL_LV1, COL_LV2, COL_LV3, COL_VALUE})
_TYPED: Final = frozenset(
    {COL_PROGRESS, COL_FORECAST, COL_DEVIATION, COL_LIKELIHOOD, COL_REASON, COL_MEASURES}
)

EDITOR_ROLE: Final = Qt.ItemDataRole.UserRole + 1
"""Which editor a cell takes: ``text``, ``deviation``, ``likelihood``, ``progress_word`` (None: none)."""
LIGHT_ROLE: Final = Qt.ItemDataRole.UserRole + 2
"""The row's ``LightResult``."""


def cell_of(field: str) -> tuple[int, int] | None:
    """(row, column) of a finding field such as ``indicators[3].progress``; ``indicators[3]`` → 三级."""
    if not field.startswith("indicators["):
        return None
    inside, _, rest = field[len("indicators[") :].partition("]")
    if not inside.isdigit():
        return None
    name = rest.removeprefix(".")
    return int(inside), FIELDS.index(name) if name in FIELDS else COL_LV3


class MonitoringIndicatorModel(QAbstractTableModel):
    """The rows of ``indicators`` with their lights.

    Signals:
        edit_refused(int, int, str): an edit at (row, column) was not stored; the reason.
    """

    edit_refused = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._month: int | None = None
        self._settings = DEFAULT_MONITORING
        self._read_only = False
        self._stack: QUndoStack | None = None
        self._findings: dict[tuple[int, int], list[Finding]] = {}
        self._lights: dict[int, LightResult] = {}

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(NAMES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_PROGRESS and self._month:
                return f"{NAMES[section]}\n（{period_text(self._month)}）"
            return WRAPPED.get(section, NAMES[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            if section in CARRIED:
                return "取自已完成的绩效目标表，不在此修改"
            if section == COL_LIGHT:
                return "按截至执行值自动亮灯：红灯、黄灯须选择偏差原因并填写原因说明；蓝灯请简要说明"
            return cell_rules.time_shared_tip(self._settings) if section == COL_TIME_SHARED else None
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._read_only:
            return flags
        if index.column() in _TYPED:
            flags |= Qt.ItemFlag.ItemIsEditable
        elif index.column() == COL_TIME_SHARED and self.can_share(index.row()):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_LIGHT:
            return lights.light_icon(self.light(row).color)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_TIME_SHARED and self.can_share(row):
            shared = is_time_shared(IndicatorRow(row, self._rows[row]))
            return Qt.CheckState.Checked if shared else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_LIGHT:
                return lights.text_brush(self.light(row).color)
            hint = self._hint(row, column)
            return (lights.NOTE_TEXT if hint.startswith("请简要") else lights.HINT_TEXT) if hint else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_VALUE, COL_PROGRESS, COL_FORECAST):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == EDITOR_ROLE and self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return cell_rules.editor_kind(self._rows[row], FIELDS[column])
        if role == LIGHT_ROLE:
            return self.light(row)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or self._read_only:
            return False
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.CheckStateRole and self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            changes, reason = {"time_shared": checked}, ""
        elif role == Qt.ItemDataRole.EditRole and self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            changes, reason = self.validate(row, column, value)
        else:
            return False
        if reason:
            self.edit_refused.emit(row, column, reason)
            return False
        current = self._rows[row]
        changes = {name: new for name, new in changes.items() if current.get(name) != new}
        if not changes:
            return True
        if self._stack is None:
            self.apply_fields(row, changes)
        else:
            self._stack.push(SetFieldsCommand(self, row, changes, f"修改第{row + 1}行{NAMES[column]}"))
        return True

    # ------------------------------------------------------------ the rules of a cell

    def validate(self, row: int, column: int, value: Any) -> tuple[dict[str, Any], str]:
        """The fields an edit would set, or the reason it is refused (in Chinese)."""
        return cell_rules.indicator_edit(self._rows[row], FIELDS[column], NAMES[column], value)

    def text(self, row: int, column: int) -> str:
        """The cell as stored, as text (what Ctrl+C copies and an editor starts from)."""
        if column == COL_LIGHT:
            return lights.light_label(self.light(row).color)
        return cell_rules.cell_text(self._rows[row], FIELDS[column])

    def light(self, row: int) -> LightResult:
        """The row's light now (computed once per change)."""
        if row not in self._lights:
            self._lights[row] = indicator_light(
                IndicatorRow(row, self._rows[row]), self._month, self._settings
            )
        return self._lights[row]

    def can_share(self, row: int) -> bool:
        """Whether the row's 按时间进度 switch changes anything (a positive target above 0)."""
        return cell_rules.can_share(self._rows[row])

    def _display(self, row: int, column: int) -> str:
        if column in (COL_LV1, COL_LV2) and self._continues(row, column):
            return ""
        if column == COL_TIME_SHARED:
            return ""
        return self.text(row, column) or self._hint(row, column)

    def _hint(self, row: int, column: int) -> str:
        """The grey-red prompt in an empty cell the rules will ask for (before any 全审)."""
        if self._read_only or column not in (COL_DEVIATION, COL_REASON, COL_LIKELIHOOD):
            return ""
        if self.text(row, column):
            return ""
        if column == COL_LIKELIHOOD:
            return "请选择" if self._rows[row].get("progress") else ""
        if cell_rules.needs_reason(self._rows[row], self.light(row)):
            return "请选择（必填）" if column == COL_DEVIATION else "请填写（必填）"
        return "请简要说明" if column == COL_REASON and self.light(row).color is Light.BLUE else ""

    def _tooltip(self, row: int, column: int) -> str | None:
        found = self._findings.get((row, column))
        problem = cell_rules.findings_text(found or ())
        if column == COL_LIGHT:
            return "\n".join(part for part in (lights.light_tooltip(self.light(row)), problem) if part)
        if column == COL_TIME_SHARED:
            if self.can_share(row):
                return cell_rules.time_shared_tip(self._settings)
            return "反向、定性或目标为 0 的指标按全年目标判断，不分摊"
        return problem or self.text(row, column) or None

    def _background(self, row: int, column: int) -> QBrush | None:
        if found := lights.finding_background(self._findings.get((row, column))):
            return found
        if column == COL_LIGHT:
            color = self.light(row).color
            return lights.tint(color) if color is not None else None
        return lights.CARRIED_BACKGROUND if column in CARRIED else None

    def _continues(self, row: int, column: int) -> bool:
        """The 一级 (or 一级 + 二级) repeats the row above: left blank so each group reads once."""
        if row == 0:
            return False
        here, above = self._rows[row], self._rows[row - 1]
        keys = ("lv1",) if column == COL_LV1 else ("lv1", "lv2")
        return all(here.get(k) and name_key(str(here[k])) == name_key(str(above.get(k) or "")) for k in keys)

    # ------------------------------------------------------------ state

    @property
    def month(self) -> int | None:
        return self._month

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._changed_all()

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        self._stack = stack

    def set_findings(self, findings: Iterable[Finding]) -> None:
        """Mark the cells a check found something at (``indicators[3].reason``; a row-wide one on 三级)."""
        self._findings = {}
        for finding in findings:
            place = cell_of(finding.field)
            if place is not None and 0 <= place[0] < len(self._rows):
                self._findings.setdefault(place, []).append(finding)
        self._changed_all()

    def set_sheet(
        self,
        rows: Sequence[dict[str, Any]],
        month: int | None,
        settings: MonitoringSettings = DEFAULT_MONITORING,
    ) -> None:
        """Show a sheet's rows under its cut-off month and light thresholds."""
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self._month, self._settings = month, settings
        self._findings, self._lights = {}, {}
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(FIELDS) - 1)

    def rows(self) -> list[dict[str, Any]]:
        """A copy of every row, as the document stores them."""
        return [dict(row) for row in self._rows]

    def row_data(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def apply_fields(self, row: int, changes: dict[str, Any]) -> None:
        """Set fields of a row (a ``None`` removes one); commands call this, both ways."""
        for name, value in changes.items():
            if value is None:
                self._rows[row].pop(name, None)
            else:
                self._rows[row][name] = value
        self._lights.pop(row, None)
        for column in {FIELDS.index(name) for name in changes if name in FIELDS}:
            self._findings.pop((row, column), None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(FIELDS) - 1))

    def _changed_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(FIELDS) - 1))
