"""The indicator grid of a self-evaluation: one table row per indicator carried over from the targets.

一级 | 二级 | 三级 | 年度指标值 come from the completed target sheet and are read-only here. The
preparer fills 实际完成值, 分值 and 偏差原因分析及改进措施; a qualitative row takes a 完成档次 and a score
typed inside its band; 不适用 is a check box (the editor asks for the reason). 得分 is the scoring
engine's, handed in after every committed change (``set_result``): the model never computes a
score, it shows one — an overridden score beside the computed one (``7.00（计算 10.00）``), marked,
and the arithmetic in every 得分 tooltip.

An edit goes through the domain: an 实际完成值 a quantitative target cannot be read against is
refused with the parser's sentence (``edit_refused``), a 分值 must be a number. Rows are the
document's own dicts (copied in and out); fields this grid does not show (``core``, ``hint``,
``override`` …) are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QUndoStack

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import name_key
from perfdesk.domain.labels import label
from perfdesk.domain.profiles import DEFAULT_PROFILE, ScoringProfile, named_profile
from perfdesk.domain.scoring import IndicatorScore, ScoreResult
from perfdesk.domain.scoring_rules import read_points
from ui.selfeval.columns import (
    BOLD,
    CARRIED,
    CARRIED_BACKGROUND,
    CENTER,
    COL_ACTUAL,
    COL_LV1,
    COL_LV2,
    COL_LV3,
    COL_NA,
    COL_REASON,
    COL_SCORE,
    COL_TIER,
    COL_VALUE,
    COL_WEIGHT,
    COLUMN_OF,
    ERROR_BACKGROUND,
    FIELDS,
    HEADER_TIPS,
    HEADERS,
    ITALIC,
    MUTED_TEXT,
    OVERRIDE_BACKGROUND,
    OVERRIDE_TEXT,
    WARNING_BACKGROUND,
    cell_of,
    is_qualitative,
    tier_label,
    unscored,
    validate_cell,
)
from ui.targets.commands import SetFieldsCommand


class SelfEvalIndicatorModel(QAbstractTableModel):
    """The rows of ``indicators`` with 一级 … 年度指标值 | 实际完成值 | 完成档次 | 分值 | 得分 | 不适用 |
    偏差原因分析及改进措施.

    Signals:
        edit_refused(int, int, str): an edit at (row, column) was not stored; the reason.
        na_toggled(int, bool): the 不适用 box of a row was clicked (the editor asks the reason and
            makes the change).
    """

    edit_refused = Signal(int, int, str)
    na_toggled = Signal(int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._scores: dict[int, IndicatorScore] = {}
        self._profile = named_profile(DEFAULT_PROFILE)
        self._read_only = False
        self._stack: QUndoStack | None = None
        self._findings: dict[tuple[int, int], list[Finding]] = {}
        self.hint_month: int | None = None

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
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS.get(section)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row, column = index.row(), index.column()
        if self._read_only or column in CARRIED:
            return flags
        if column == COL_NA:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if column in (COL_TIER, COL_SCORE) and not self.qualitative(row):
            return flags
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_NA:
            return Qt.CheckState.Checked if self.not_applicable(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_SCORE and self.overridden(row):
                return OVERRIDE_TEXT
            if self.not_applicable(row) or (column == COL_ACTUAL and not self.text(row, column)):
                return MUTED_TEXT
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == COL_SCORE and self.overridden(row):
                return BOLD
            return ITALIC if column == COL_ACTUAL and not self.text(row, column) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_WEIGHT, COL_SCORE, COL_NA):
            return CENTER
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not index.isValid() or self._read_only:
            return False
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_NA:
            self.na_toggled.emit(row, Qt.CheckState(value) == Qt.CheckState.Checked)
            return False  # the editor makes the change, once it has the reason
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        changes, reason = self.validate(row, column, "" if value is None else str(value))
        if reason:
            self.edit_refused.emit(row, column, reason)
            return False
        current = self._rows[row]
        changes = {name: new for name, new in changes.items() if (current.get(name) or "") != new}
        if changes:
            self.change_row(row, changes, f"修改第{row + 1}行{HEADERS[column]}")
        return True

    # ------------------------------------------------------------ the rules of a cell

    def validate(self, row: int, column: int, text: str) -> tuple[dict[str, Any], str]:
        """The fields an edit would set, or the reason it is refused (in Chinese)."""
        return validate_cell(self.text(row, COL_VALUE), column, text, self._profile)

    def change_row(self, row: int, changes: dict[str, Any], text: str) -> None:
        """Set fields of a row as one undoable step (``None`` removes a field)."""
        if self._stack is None:
            self.apply_fields(row, changes)
        else:
            self._stack.push(SetFieldsCommand(self, row, changes, text))

    # ------------------------------------------------------------ what a cell shows

    def text(self, row: int, column: int) -> str:
        value = self._rows[row].get(FIELDS[column])
        return "" if value is None or isinstance(value, bool) else str(value).strip()

    def shown(self, row: int, column: int) -> str:
        if column == COL_NA:
            return ""
        if column == COL_SCORE:
            return self.score_text(row)
        if column == COL_TIER:
            tier = self._profile.tier_named(self.text(row, column)) if self.qualitative(row) else None
            return "" if not self.qualitative(row) else (tier_label(tier) if tier else self.text(row, column))
        if self.continues(row, column):
            return ""
        text = self.text(row, column)
        if column == COL_ACTUAL and not text and self.hint(row):
            return f"（监控预计 {self.hint(row)}）"
        return text

    def score_text(self, row: int) -> str:
        """What 得分 shows: ``19.20``; ``7.00（计算 10.00）`` when overridden; ``不适用``; '' unscored."""
        if self.not_applicable(row):
            return label("selfeval.na")
        score = self._scores.get(row)
        if score is None:
            return ""
        show = self._profile.show
        if score.overridden:
            return f"{show(score.score)}（计算 {show(score.computed)}）"
        if unscored(score):
            return ""
        return show(score.score)

    def tooltip(self, row: int, column: int) -> str | None:
        lines = [
            f"{label('severity.' + f.severity.value)}：{f.message}"
            for f in self._findings.get((row, column), [])
        ]
        if column == COL_SCORE and (score := self._scores.get(row)) is not None:
            lines.insert(0, score.explanation)
            lines += [f.message for f in score.findings if f.message not in "\n".join(lines)]
        elif column == COL_ACTUAL and self.hint(row):
            month = f"（1—{self.hint_month}月）" if self.hint_month else ""
            lines.append(f"运行监控{month}预计全年完成：{self.hint(row)}。这只是参考，请填写全年实际完成值。")
        elif column in CARRIED:
            lines.append(self.text(row, column) + "\n（取自已完成的绩效目标表）")
        elif column == COL_TIER and self.qualitative(row):
            weight = read_points(self.text(row, COL_WEIGHT)) or Decimal(0)
            lines += [
                f"{t.name}：分值的 {t.percents}（{self._band(t.band(weight))}）" for t in self._profile.tiers
            ]
        elif column == COL_REASON and self.text(row, column):
            lines.append(self.text(row, column))
        return "\n".join(line for line in lines if line) or None

    def _band(self, band: tuple[Decimal, Decimal]) -> str:
        return f"{self._profile.show(band[0])}–{self._profile.show(band[1])} 分"

    def _background(self, row: int, column: int) -> QBrush | None:
        found = self._findings.get((row, column))
        if found:
            error = any(f.severity is Severity.ERROR for f in found)
            return ERROR_BACKGROUND if error else WARNING_BACKGROUND
        if column == COL_SCORE and self.overridden(row):
            return OVERRIDE_BACKGROUND
        return CARRIED_BACKGROUND if column in CARRIED else None

    def continues(self, row: int, column: int) -> bool:
        """Whether the 一级 (or 一级+二级) of ``row`` repeats the row above (drawn once per group)."""
        if row == 0 or column not in (COL_LV1, COL_LV2):
            return False
        here, above = self._rows[row], self._rows[row - 1]
        names = ("lv1",) if column == COL_LV1 else ("lv1", "lv2")
        return all(here.get(n) and name_key(str(here[n])) == name_key(str(above.get(n) or "")) for n in names)

    def qualitative(self, row: int) -> bool:
        return is_qualitative(self.text(row, COL_VALUE))

    def not_applicable(self, row: int) -> bool:
        return self._rows[row].get("na") is True

    def overridden(self, row: int) -> bool:
        score = self._scores.get(row)
        return score is not None and score.overridden and not self.not_applicable(row)

    def hint(self, row: int) -> str:
        hint = self._rows[row].get("hint")
        return hint.strip() if isinstance(hint, str) else ""

    def score_of(self, row: int) -> IndicatorScore | None:
        return self._scores.get(row)

    # ------------------------------------------------------------ state

    @property
    def profile(self) -> ScoringProfile:
        return self._profile

    def tier_names(self) -> list[str]:
        return [tier.name for tier in self._profile.tiers]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._changed_all()

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        self._stack = stack

    def set_result(self, result: ScoreResult | None, profile: ScoringProfile) -> None:
        """The scores to show (of the document as it is now) and the profile they were made under."""
        self._profile = profile
        self._scores = {} if result is None else {score.index: score for score in result.indicators}
        self._changed_all()

    def set_findings(self, findings: Iterable[Finding]) -> None:
        """Mark the cells that 全审 found something at."""
        self._findings = {}
        for finding in findings:
            place = cell_of(finding.field)
            if place is not None and 0 <= place[0] < len(self._rows):
                self._findings.setdefault(place, []).append(finding)
        self._changed_all()

    def _changed_all(self) -> None:
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
        for name in changes:
            self._findings.pop((row, COLUMN_OF.get(name, COL_LV3)), None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(FIELDS) - 1))
