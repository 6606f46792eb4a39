"""The money block of a self-evaluation (项目资金), laid out as the printed form has it.

Rows 年度资金总额 / 其中：本年财政拨款 / 上年结转资金 / 其他资金; columns 年初预算数 | 全年预算数（A） |
全年执行数（B） | 分值 | 执行率（B÷A） | 得分. Only the total row is scored, and its 分值, 执行率 and
得分 come from the scoring engine (``set_result``), with the arithmetic in the tooltip.

What is typed here: 年初预算数 (carried over from the completed target sheet, corrected if need be),
全年执行数 and 上年结转资金. 全年预算数 with its 财政拨款 and 其他资金 are the project's funds, which the
forms service keeps in step with the project: a budget adjusted during the year is changed on the
project in the main window, as the sheet's header is.

The model is one "row" of fields for the undo commands (``row_data``/``apply_fields`` over the
document's ``funds``), so a money edit is undone like any cell.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.scoring import ScoreResult
from ui.targets.commands import SetFieldsCommand

ROW_TOTAL, ROW_FISCAL, ROW_CARRYOVER, ROW_OTHER = range(4)
COL_INITIAL, COL_ANNUAL, COL_EXECUTED, COL_WEIGHT, COL_RATE, COL_SCORE = range(6)
ROW_NAMES: Final = (
    label("field.funds.annual"),
    f"其中：{label('selfeval.funds.fiscal')}",
    f"　　　{label('field.funds.carryover')}",
    f"　　　{label('field.funds.other')}",
)
HEADERS: Final = (
    label("field.funds.initial"), label("selfeval.funds.budget_a"), label("selfeval.funds.executed_b"),
    label("indicator.weight"), "执行率（B÷A）", label("score.score"),
)  # fmt: skip
FIELD_AT: Final = {
    (ROW_TOTAL, COL_INITIAL): "initial",
    (ROW_TOTAL, COL_ANNUAL): "annual",
    (ROW_TOTAL, COL_EXECUTED): "executed",
    (ROW_FISCAL, COL_ANNUAL): "fiscal",
    (ROW_CARRYOVER, COL_ANNUAL): "carryover",
    (ROW_OTHER, COL_ANNUAL): "other",
}
CELL_OF: Final = {name: place for place, name in FIELD_AT.items()}
TYPED: Final = frozenset({"initial", "executed", "carryover"})
FROM_PROJECT_TIP: Final = (
    "取自项目资金（年度资金总额 = 财政拨款 + 其他资金）。年内预算调整的，请在主窗口修改项目资金，"
    "重新打开此表即更新"
)
TIPS: Final = {
    "initial": "年初预算数：取自已完成的绩效目标表的年度资金总额，如有出入可更正",
    "executed": "全年执行数（B）：全年实际支出的金额，以万元填写，例如 118.50",
    "carryover": "上年结转资金（可选），以万元填写",
}
DASH: Final = "—"

FROM_PROJECT_BACKGROUND: Final = QBrush(QColor("#f3f5f7"))
SCORE_BACKGROUND: Final = QBrush(QColor("#eef4fb"))
ERROR_BACKGROUND: Final = QBrush(QColor("#fdecea"))
WARNING_BACKGROUND: Final = QBrush(QColor("#fff4dc"))
MUTED_TEXT: Final = QBrush(QColor("#8a96a3"))
_RIGHT: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER: Final = int(Qt.AlignmentFlag.AlignCenter)


class FundsModel(QAbstractTableModel):
    """The document's ``funds`` as the 4 × 6 money block.

    Signals:
        edit_refused(int, int, str): an edit at (row, column) was not stored; the reason.
    """

    edit_refused = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None, decimals: int = 2) -> None:
        super().__init__(parent)
        self._funds: dict[str, Any] = {}
        self._result: ScoreResult | None = None
        self._decimals = decimals
        self._read_only = False
        self._stack: QUndoStack | None = None
        self._findings: dict[str, list[Finding]] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ROW_NAMES)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = HEADERS if orientation == Qt.Orientation.Horizontal else ROW_NAMES
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only and FIELD_AT.get((index.row(), index.column())) in TYPED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        name = FIELD_AT.get((row, column))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(row, column, name)
        if role == Qt.ItemDataRole.EditRole:
            return self.text(name) if name else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, name)
        if role == Qt.ItemDataRole.BackgroundRole:
            if name and name in self._findings:
                error = any(f.severity is Severity.ERROR for f in self._findings[name])
                return ERROR_BACKGROUND if error else WARNING_BACKGROUND
            if row == ROW_TOTAL and column >= COL_WEIGHT:
                return SCORE_BACKGROUND
            return FROM_PROJECT_BACKGROUND if name and name not in TYPED else None
        if role == Qt.ItemDataRole.ForegroundRole and name is None and row != ROW_TOTAL:
            return MUTED_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column <= COL_EXECUTED and name else _CENTER
        return None

    def _shown(self, row: int, column: int, name: str | None) -> str:
        if name:
            text = self.text(name)
            try:
                return Money.from_wan(text).format_wan(self._decimals) if text else ""
            except (MoneyError, ArithmeticError):
                return text
        if row != ROW_TOTAL:
            return DASH
        result = self._result
        if result is None:
            return ""
        if column == COL_WEIGHT:
            return result.profile.show(result.profile.funds_weight)
        if column == COL_RATE:
            return "" if result.execution_rate is None else f"{result.execution_rate}%"
        return result.profile.show(result.funds_score) if result.execution_rate is not None else ""

    def _tooltip(self, row: int, column: int, name: str | None) -> str | None:
        if name:
            found = [
                f"{label('severity.' + f.severity.value)}：{f.message}" for f in self._findings.get(name, [])
            ]
            return "\n".join([*found, TIPS.get(name, FROM_PROJECT_TIP)])
        if row == ROW_TOTAL and column >= COL_WEIGHT and self._result is not None:
            return self._result.funds_explanation
        return "只有年度资金总额一行计分" if row != ROW_TOTAL else None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        name = FIELD_AT[(index.row(), index.column())]
        typed = "" if value is None else str(value).strip()
        amount, reason = read_amount(typed)
        if reason:
            self.edit_refused.emit(index.row(), index.column(), reason)
            return False
        if amount != self.text(name):
            changes = {name: amount}
            what = f"修改{HEADERS[index.column()] if index.row() == ROW_TOTAL else ROW_NAMES[index.row()].strip()}"
            if self._stack is None:
                self.apply_fields(0, changes)
            else:
                self._stack.push(SetFieldsCommand(self, 0, changes, what))
        return True

    # ------------------------------------------------------------ state

    def text(self, name: str) -> str:
        value = self._funds.get(name)
        return "" if value is None else str(value).strip()

    def funds(self) -> dict[str, Any]:
        return dict(self._funds)

    def set_funds(self, funds: dict[str, Any]) -> None:
        self._funds = dict(funds)
        self._findings = {}
        self._changed_all()

    def set_result(self, result: ScoreResult | None) -> None:
        self._result = result
        self._changed_all()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._changed_all()

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        self._stack = stack

    def set_findings(self, findings: list[Finding]) -> None:
        """Mark the money cells 全审 found something at (``funds.executed`` …)."""
        self._findings = {}
        for finding in findings:
            name = finding.field.removeprefix("funds.")
            if finding.field.startswith("funds.") and name in CELL_OF:
                self._findings.setdefault(name, []).append(finding)
        self._changed_all()

    def _changed_all(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(len(ROW_NAMES) - 1, len(HEADERS) - 1))

    # ------------------------------------------------------------ the undo commands' view: one row

    def row_data(self, _row: int) -> dict[str, Any]:
        return dict(self._funds)

    def apply_fields(self, _row: int, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if value is None:
                self._funds.pop(name, None)
            else:
                self._funds[name] = value
            self._findings.pop(name, None)
        self._changed_all()


def read_amount(text: str) -> tuple[str, str]:
    """An amount typed in 万元 as documents store it (``118.5`` → ``118.50``) and '', or '' and why not."""
    if not text:
        return "", ""
    try:
        amount = Money.from_wan(text)
    except MoneyError as exc:
        return "", str(exc)
    except ArithmeticError:
        return "", f"金额“{text}”超出范围，请核对"
    if amount.cents < 0:
        return "", f"金额“{text}”为负数，请填写实际金额"
    return amount.to_document(), ""
