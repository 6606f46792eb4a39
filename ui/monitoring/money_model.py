"""The money block of a monitoring sheet (项目资金, 万元) and its light, as the printed form lays it out.

Rows 年度资金总额 / 其中：财政拨款 / 其他资金; columns 年初预算数 | 调整后预算数 | 执行数 (to the
cut-off) | 执行率 | 全年预计执行数 | 灯 | 偏差原因 | 原因说明 | 纠偏措施. 年初预算数 comes from the
completed target sheet (and the project's split) and is read-only. The split is optional; once
both 财政拨款 and 其他资金 of a column are typed, the total of that column is set to their sum in
the same step (the rules require it to the cent), so nobody adds up by hand. Amounts are read by
the one money reader and stored as documents write them (``120.00``).

All cells edit one dict, the document's ``funds``; the light, 执行率 and the reason columns belong
to the total row (the view spans the light and the reasons over the three rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QUndoStack

from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.monitoring import read_deviation, read_funds
from perfdesk.domain.monitoring_lights import LightResult, money_light
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, MonitoringSettings
from perfdesk.domain.paste import tidy_text
from ui.monitoring import cell_rules, lights
from ui.monitoring.indicator_model import EDITOR_ROLE, LIGHT_ROLE
from ui.monitoring.period import period_text
from ui.targets.commands import SetFieldsCommand

(COL_ROW, COL_INITIAL, COL_ADJUSTED, COL_EXECUTED, COL_RATE, COL_FORECAST, COL_LIGHT, COL_DEVIATION,
 COL_REASON, COL_MEASURES) = range(10)  # fmt: skip
AMOUNTS: Final = {
    COL_INITIAL: "",
    COL_ADJUSTED: "adjusted",
    COL_EXECUTED: "executed",
    COL_FORECAST: "forecast",
}
NOTES: Final = {COL_DEVIATION: "deviation", COL_REASON: "reason", COL_MEASURES: "measures"}
SPANNED: Final = (COL_LIGHT, COL_DEVIATION, COL_REASON, COL_MEASURES)
"""Columns of the total row that the view spans over all three rows."""
ROW_NAMES: Final = (
    label("field.funds.annual"),
    f"其中：{label('field.funds.fiscal')}",
    f"　　　{label('field.funds.other')}",
)
PARTS: Final = ("fiscal", "other")
_NO_LIGHT: Final = "资金数据不完整（须有年初预算数、调整后预算数和执行数），暂不亮灯"


class MoneyModel(QAbstractTableModel):
    """The ``funds`` of a monitoring sheet as a 3-row table.

    Signals:
        edit_refused(int, int, str): an edit at (row, column) was not stored; the reason.
    """

    edit_refused = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._funds: dict[str, Any] = {}
        self._month: int | None = None
        self._settings = DEFAULT_MONITORING
        self._decimals = 2
        self._read_only = False
        self._stack: QUndoStack | None = None
        self._findings: dict[tuple[int, int], list[Finding]] = {}
        self._light: LightResult | None = None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ROW_NAMES)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COL_MEASURES + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = {
            COL_ROW: f"{label('field.funds')}（{label('money.unit')}）",
            COL_EXECUTED: label("field.funds.executed")
            + (f"\n（{period_text(self._month)}）" if self._month else ""),
            COL_RATE: label("monitoring.execution_rate"),
            COL_LIGHT: label("print.monitoring.light"),
            COL_DEVIATION: label("indicator.deviation"),
            COL_REASON: label("indicator.reason"),
            COL_MEASURES: label("indicator.measures"),
        }
        for column in (COL_INITIAL, COL_ADJUSTED, COL_FORECAST):
            names[column] = label(f"field.funds.{AMOUNTS[column] or 'initial'}")
        return names.get(section)

    def key(self, row: int, column: int) -> str:
        """The ``funds`` field of a cell ('' for the row names, 执行率 and the light)."""
        if column in NOTES:
            return NOTES[column] if row == 0 else ""
        if column not in AMOUNTS:
            return ""
        if row == 0:
            if column == COL_INITIAL:
                return "initial" if str(self._funds.get("initial") or "").strip() else "annual"
            return AMOUNTS[column]
        part = PARTS[row - 1]
        return part if column == COL_INITIAL else f"{part}_{AMOUNTS[column]}"

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only and index.column() != COL_INITIAL and self.key(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        light = self.light()
        total_light = row == 0 and column == COL_LIGHT
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_ROW:
                return ROW_NAMES[row]
            if column == COL_RATE:
                return f"{light.ratio * 100:.2f}%" if row == 0 and light.ratio is not None else "—"
            if total_light:
                return lights.light_label(light.color)
            return self._shown(row, column) or self._hint(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            found = self._findings.get((row, column), [])
            problem = cell_rules.findings_text(found)
            if total_light or (row == 0 and column == COL_RATE):
                return "\n".join(p for p in (lights.light_tooltip(light), problem) if p)
            if column == COL_INITIAL:
                return problem or "取自已完成的绩效目标表（项目资金），不在此修改"
            return problem or self.text(row, column) or None
        if role == Qt.ItemDataRole.DecorationRole and total_light:
            return lights.light_icon(light.color)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column, light)
        if role == Qt.ItemDataRole.ForegroundRole:
            if total_light:
                return lights.text_brush(light.color)
            return lights.HINT_TEXT if self._hint(row, column) and not self.text(row, column) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and (column in AMOUNTS or column == COL_RATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EDITOR_ROLE and self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return "deviation" if column == COL_DEVIATION else "text"
        if role == LIGHT_ROLE:
            return light
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row, column = index.row(), index.column()
        changes, reason = self.validate(row, column, value)
        if reason:
            self.edit_refused.emit(row, column, reason)
            return False
        changes = {name: new for name, new in changes.items() if self._funds.get(name) != new}
        if not changes:
            return True
        what = f"修改{ROW_NAMES[row].strip('　')}{self.headerData(column, Qt.Orientation.Horizontal)}"
        if self._stack is None:
            self.apply_fields(row, changes)
        else:
            self._stack.push(SetFieldsCommand(self, row, changes, what.split("\n")[0]))
        return True

    def validate(self, row: int, column: int, value: Any) -> tuple[dict[str, Any], str]:
        """The fields an edit sets (a split completed also sets its total), or why it is refused."""
        key = self.key(row, column)
        if column == COL_DEVIATION:
            return cell_rules.deviation_edit(key, value)
        if column in NOTES:
            return {key: tidy_text("" if value is None else str(value))}, ""
        changes, reason = cell_rules.amount_edit(key, value)
        if row and not reason:
            after = {**self._funds, **changes}
            total = cell_rules.split_total(after.get(f"{part}_{AMOUNTS[column]}") for part in PARTS)
            if total is not None:
                changes[AMOUNTS[column]] = total
        return changes, reason

    def text(self, row: int, column: int) -> str:
        key = self.key(row, column)
        value = self._funds.get(key) if key else None
        if column == COL_DEVIATION:
            known, unknown = read_deviation(value)
            return "、".join(known + unknown)
        return "" if value is None else str(value).strip()

    def _shown(self, row: int, column: int) -> str:
        text = self.text(row, column)
        if column not in AMOUNTS or not text:
            return text
        try:
            return Money.from_wan(text).format_wan(self._decimals)
        except MoneyError:
            return text

    def _hint(self, row: int, column: int) -> str:
        if self._read_only or row or column not in (COL_DEVIATION, COL_REASON) or self.text(row, column):
            return ""
        color = self.light().color
        if color is None or not color.needs_reason:
            return ""
        return "请选择（必填）" if column == COL_DEVIATION else "请填写（必填）"

    def _background(self, row: int, column: int, light: LightResult) -> QBrush | None:
        if found := lights.finding_background(self._findings.get((row, column))):
            return found
        if column == COL_LIGHT and light.color is not None:
            return lights.tint(light.color)
        return lights.CARRIED_BACKGROUND if column in (COL_ROW, COL_INITIAL) else None

    def light(self) -> LightResult:
        """The money light now: 执行率 against the time share (computed once per change)."""
        if self._light is None:
            funds, _ = read_funds(FormDoc({"funds": self._funds}))
            self._light = (
                money_light(funds, self._month, self._settings)
                if funds is not None
                else LightResult(None, None, _NO_LIGHT)
            )
        return self._light

    # ------------------------------------------------------------ state

    def set_sheet(
        self, funds: dict[str, Any], month: int | None, settings: MonitoringSettings = DEFAULT_MONITORING,
        decimals: int = 2,
    ) -> None:  # fmt: skip
        self.beginResetModel()
        self._funds = dict(funds)
        self._month, self._settings, self._decimals = month, settings, decimals
        self._findings, self._light = {}, None
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COL_MEASURES)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._changed_all()

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        self._stack = stack

    def funds(self) -> dict[str, Any]:
        return dict(self._funds)

    def row_data(self, row: int) -> dict[str, Any]:
        return dict(self._funds)

    def apply_fields(self, row: int, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if value is None:
                self._funds.pop(name, None)
            else:
                self._funds[name] = value
        self._light = None
        self._findings = {place: f for place, f in self._findings.items() if self.key(*place) not in changes}
        self._changed_all()

    def cell_of(self, field: str) -> tuple[int, int] | None:
        """(row, column) of a finding field such as ``funds.executed``; None when not in the block."""
        name = field.removeprefix("funds.")
        for row in range(len(ROW_NAMES)):
            for column in (*AMOUNTS, *NOTES):
                if self.key(row, column) == name:
                    return row, column
        return None

    def set_findings(self, findings: Iterable[Finding]) -> None:
        self._findings = {}
        for finding in findings:
            if finding.field.startswith("funds.") and (place := self.cell_of(finding.field)):
                self._findings.setdefault(place, []).append(finding)
        self._changed_all()

    def _changed_all(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(len(ROW_NAMES) - 1, COL_MEASURES))
