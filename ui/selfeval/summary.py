"""自评汇总: every project of a year with its self-evaluation total and grade, for a unit or all.

Projects graded 差 and 中 come first and are marked (a coloured dot, the grade on its colour, the
tooltip says why): they cut next year's money. Over the table, the grade distribution
(优 n / 良 n / 中 n / 差 n) and a unit filter; a double-click asks for the project's sheet
(``open_requested``). The scores are ``selfeval.selfeval_summary``'s, computed from the documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.domain.profiles import GRADE_KEYS
from perfdesk.services import catalog
from perfdesk.services.selfeval import SelfEvalRow, grade_distribution, selfeval_summary
from perfdesk.services.store import Store
from ui.review.banner import grade_colors
from ui.row_table import RowTableModel

COL_UNIT, COL_CODE, COL_NAME, COL_TOTAL, COL_GRADE, COL_OVERRIDES, COL_STATUS = range(7)
HEADERS = (
    label("field.project.unit"),
    label("field.project.code"),
    label("field.project.name"),
    label("score.total"),
    label("score.grade"),
    label("score.override"),
    "自评表",
)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The ``SelfEvalRow`` of the row."""
PROJECT_ROLE = Qt.ItemDataRole.UserRole + 2
"""The project id of the row."""
CUT_NOTE = "自评等级为{grade}：按规定压减下年度预算安排"

_MUTED = QBrush(QColor("#8a96a3"))
_BOLD = QFont()
_BOLD.setBold(True)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
Index = QModelIndex | QPersistentModelIndex


@cache
def grade_dot(grade_key: str) -> QIcon:
    """A dot in the grade's colour beside a project graded 中 or 差 (made once Qt runs)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(grade_colors(grade_key)[1]))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def distribution_text(rows: Sequence[SelfEvalRow]) -> str:
    """``优 2 / 良 1 / 中 1 / 差 1``, and how many projects have no score yet."""
    counts = grade_distribution(rows)
    text = " / ".join(f"{label('grade.' + key)} {counts[key]}" for key in GRADE_KEYS)
    unscored = sum(1 for row in rows if not row.grade_key)
    return f"{text}　（未评分 {unscored}）" if unscored else text


class SelfEvalSummaryModel(RowTableModel[SelfEvalRow]):
    """The summary rows, read-only, in the order the service gives (差, 中, 良, 优, not scored)."""

    HEADERS = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_NAME and row.cuts_money:
            return grade_dot(row.grade_key)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_GRADE and row.grade_key:
            return QBrush(QColor(grade_colors(row.grade_key)[0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.cuts_money and column in (COL_NAME, COL_TOTAL, COL_GRADE):
                return QBrush(QColor(grade_colors(row.grade_key)[1]))
            if not row.has_selfeval or (column == COL_OVERRIDES and not row.overrides):
                return _MUTED
            return None
        if role == Qt.ItemDataRole.FontRole and (
            column == COL_GRADE or (row.cuts_money and column == COL_NAME)
        ):
            return _BOLD
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == COL_TOTAL:
                return _RIGHT
            return _CENTER if column in (COL_GRADE, COL_OVERRIDES, COL_STATUS) else None
        if role == ROW_ROLE:
            return row
        if role == PROJECT_ROLE:
            return row.project_id
        return None

    def _text(self, row: SelfEvalRow, column: int) -> str:
        if column == COL_UNIT:
            return row.unit_name
        if column == COL_CODE:
            return row.project_code
        if column == COL_NAME:
            return row.project_name
        if column == COL_TOTAL:
            return "" if row.total is None else f"{row.total:.2f}"
        if column == COL_GRADE:
            return row.grade
        if column == COL_OVERRIDES:
            return f"{row.overrides} 处" if row.overrides else ("—" if row.has_selfeval else "")
        return f"{row.status_label}（{row.errors} 处错误）" if row.errors else row.status_label

    def _tooltip(self, row: SelfEvalRow) -> str:
        lines = [row.project_name]
        if row.cuts_money:
            lines.append(CUT_NOTE.format(grade=row.grade))
        if row.overrides:
            lines.append(f"{row.overrides} 处得分为人工认定，打开自评表可查看计算得分和理由")
        if row.note:
            lines.append(row.note)
        if not row.has_selfeval:
            lines.append("尚未开始自评；双击可从已完成的绩效目标表开始")
        return "\n".join(lines)


class SelfEvalSummaryView(QWidget):
    """The self-evaluation summary of one fiscal year, filtered by unit.

    Signals:
        open_requested(int): the person wants the self-evaluation of this project (its id).
    """

    open_requested = Signal(int)

    def __init__(self, store: Store, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selfevalSummary")
        self.setWindowTitle(f"自评汇总（{year}年度）")
        self.store, self.year = store, year
        self.rows: list[SelfEvalRow] = []
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitFilter")
        self.unit_box.setMinimumContentsLength(16)
        self.unit_box.addItem("全部单位", None)
        for node in catalog.load_tree(store, year):
            self.unit_box.addItem(f"{node.unit.name}（{node.unit.code}）", node.unit.id)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_current_index_changed)
        self.distribution = QLabel()
        self.distribution.setObjectName("gradeDistribution")
        self.distribution.setStyleSheet("font-weight: bold; font-size: 11pt;")
        note = QLabel("等级为中、差的项目排在最前（影响下年预算安排）；双击打开自评表")
        note.setStyleSheet("color: #5f6b7a;")
        self.model = SelfEvalSummaryModel(self)
        self.table = QTableView()
        self.table.setObjectName("selfevalSummaryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel("单位："))
        top.addWidget(self.unit_box)
        top.addSpacing(16)
        top.addWidget(QLabel("等级分布："))
        top.addWidget(self.distribution)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        self.refresh()

    def unit_id(self) -> int | None:
        value = self.unit_box.currentData()
        return value if isinstance(value, int) else None

    def set_unit(self, unit_id: int | None) -> None:
        """Show one unit's projects (None: every unit)."""
        found = self.unit_box.findData(unit_id)
        self.unit_box.setCurrentIndex(max(found, 0))

    def refresh(self) -> None:
        """Score the documents again (after a sheet was saved elsewhere)."""
        self.rows = selfeval_summary(self.store, self.year, self.unit_id())
        self.model.set_rows(self.rows)
        self.distribution.setText(distribution_text(self.rows))

    def _on_unit_box_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).project_id)
