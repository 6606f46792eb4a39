"""运行监控总览: every project of a year with its money light and its worst indicator light.

For the unit (a township accountant keeps several units: pick one) and, in county mode, for the
whole county. Each row is a project: 单位 | 项目 | 截止月份 | 填报状态 | 执行率 | 资金执行 (light) |
指标最差灯 | how many indicators show each colour. Over the table, the counts per colour; a tick box
keeps only the projects with a red or yellow light (blue — ahead of plan — is not a warning).
Columns sort (a light by how bad it is). Double-click, or 打开监控表, asks for the project's
sheet (``open_requested``): the window that holds the overview opens it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.domain.monitoring_lights import Light
from perfdesk.services import catalog
from perfdesk.services.monitoring import MonitoringRow, monitoring_overview, overview_counts
from perfdesk.services.store import Store
from ui.monitoring import lights
from ui.monitoring.period import period_text
from ui.row_table import RowTableModel

(COL_UNIT, COL_PROJECT, COL_MONTH, COL_STATUS, COL_RATE, COL_MONEY, COL_WORST, COL_RED, COL_YELLOW,
 COL_GREEN, COL_BLUE) = range(11)  # fmt: skip
COUNT_COLUMNS: Final = {
    COL_RED: Light.RED,
    COL_YELLOW: Light.YELLOW,
    COL_GREEN: Light.GREEN,
    COL_BLUE: Light.BLUE,
}
HEADERS: Final = (
    label("entity.unit"), "项目", "监控期间", "填报状态", label("monitoring.execution_rate"),
    label("monitoring.money_light"), label("monitoring.worst_light"),
    *(f"{light.label}指标数" for light in COUNT_COLUMNS.values()),
)  # fmt: skip
ROW_ROLE: Final = Qt.ItemDataRole.UserRole + 1
"""The ``MonitoringRow`` of the row."""
PROJECT_ROLE: Final = Qt.ItemDataRole.UserRole + 2
"""The project id of the row."""
SORT_ROLE: Final = Qt.ItemDataRole.UserRole + 3
"""What a column sorts by: a light by how bad it is (none lowest), 执行率 as a number."""

_MUTED = QBrush(QColor("#8a96a3"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
Index = QModelIndex | QPersistentModelIndex


class MonitoringOverviewModel(RowTableModel[MonitoringRow]):
    """The overview rows, read-only."""

    HEADERS = HEADERS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.DecorationRole and section in COUNT_COLUMNS:
                return lights.light_icon(COUNT_COLUMNS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_WORST:
                return "该项目所有指标中最差的灯：红灯最差，其次黄灯、蓝灯（超前，目标可能偏低）、绿灯"
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column in (COL_MONEY, COL_WORST) and row.has_monitoring:
            return lights.light_icon(row.money if column == COL_MONEY else row.worst)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.has_monitoring and column not in (COL_UNIT, COL_PROJECT):
                return _MUTED
            if column in (COL_MONEY, COL_WORST):
                return lights.text_brush(row.money if column == COL_MONEY else row.worst)
            if column in COUNT_COLUMNS and row.count(COUNT_COLUMNS[column]):
                return lights.text_brush(COUNT_COLUMNS[column])
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (
                _RIGHT if column == COL_RATE else (_CENTER if column not in (COL_UNIT, COL_PROJECT) else None)
            )
        if role == ROW_ROLE:
            return row
        if role == PROJECT_ROLE:
            return row.project_id
        return None

    def _text(self, row: MonitoringRow, column: int) -> str:
        if column == COL_UNIT:
            return row.unit_name
        if column == COL_PROJECT:
            return row.project_name
        if column == COL_STATUS:
            return row.status_label
        if not row.has_monitoring:
            return "—"
        if column == COL_MONTH:
            return period_text(row.month)
        if column == COL_RATE:
            return f"{row.execution_rate * 100:.2f}%" if row.execution_rate is not None else "—"
        if column in (COL_MONEY, COL_WORST):
            return lights.light_label(row.money if column == COL_MONEY else row.worst)
        return str(row.count(COUNT_COLUMNS[column]))

    def _sort_key(self, row: MonitoringRow, column: int) -> Any:
        if column == COL_MONTH:
            return row.month or 0
        if column == COL_RATE:
            return float(row.execution_rate) if row.execution_rate is not None else -1.0
        if column in (COL_MONEY, COL_WORST):
            light = row.money if column == COL_MONEY else row.worst
            return light.severity if light is not None else -1
        if column in COUNT_COLUMNS:
            return row.count(COUNT_COLUMNS[column]) if row.has_monitoring else -1
        if column == COL_PROJECT:
            return row.project_code
        return self._text(row, column)

    def _tooltip(self, row: MonitoringRow, column: int) -> str:
        if not row.has_monitoring:
            return f"{row.project_name}（{row.project_code}）：尚未开始运行监控，双击开始填报"
        if column in (COL_MONEY, COL_RATE):
            return f"{lights.light_label(row.money)}：{row.money_explanation}"
        return f"{row.project_name}（{row.project_code}），双击打开监控表"


class RedYellowFilter(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE``; with ``red_and_yellow_only``, keeps the projects that need attention."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._red_and_yellow_only = False
        self.setSortRole(SORT_ROLE)

    @property
    def red_and_yellow_only(self) -> bool:
        return self._red_and_yellow_only

    def set_red_and_yellow_only(self, only: bool) -> None:
        self._red_and_yellow_only = only
        self.invalidate()  # not deprecated in any supported Qt (6.8–6.11), unlike the filter-only calls

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._red_and_yellow_only:
            return True
        row = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        return isinstance(row, MonitoringRow) and row.red_or_yellow


def summary_html(rows: Sequence[MonitoringRow], shown: int | None = None) -> str:
    """The counts over the table: projects, then per colour the money lights, worst lights, indicators."""
    counts = overview_counts(rows)
    started = sum(1 for row in rows if row.has_monitoring)

    def colours(counter: Counter[Light], shown: Sequence[Light] = lights.ORDER) -> str:
        return "　".join(f"{lights.dot_html(light)} {counter.get(light, 0)}" for light in shown)

    line = f"共 {len(rows)} 个项目，已开始运行监控 {started} 个"
    if shown is not None:
        line += f"；只看红灯和黄灯：显示 {shown} 个"
    return (
        f"{line}<br>{label('monitoring.money_light')}（项目数）：{colours(counts.money, lights.ORDER[:3])}"
        f"　｜　{label('monitoring.worst_light')}（项目数）：{colours(counts.worst)}"
        f"　｜　全部指标（个数）：{colours(counts.indicators)}"
    )


class MonitoringOverviewView(QWidget):
    """The monitoring overview of one fiscal year.

    Signals:
        open_requested(int): the person wants the monitoring sheet of this project (its id).
    """

    open_requested = Signal(int)

    def __init__(
        self, store: Store, year: int, *, county_mode: bool = False, unit_id: int | None = None,
        month: int | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("monitoringOverview")
        where = "全县" if county_mode else "本单位"
        self.setWindowTitle(f"{label('monitoring.overview')}（{year}年度，{where}）")
        self.store, self.year, self.month, self.county_mode = store, year, month, county_mode
        self.heading = QLabel(self.windowTitle())
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitFilter")
        self.unit_box.setMinimumContentsLength(16)
        self.unit_box.addItem("全部单位", None)
        for node in catalog.load_tree(store, year):
            self.unit_box.addItem(f"{node.unit.name}（{node.unit.code}）", node.unit.id)
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(unit_id)))
        self.red_yellow_box = QCheckBox(label("monitoring.red_yellow_only"))
        self.red_yellow_box.setObjectName("redYellowOnly")
        self.summary = QLabel()
        self.summary.setObjectName("overviewCounts")
        self.summary.setWordWrap(True)
        self.model = MonitoringOverviewModel(self)
        self.proxy = RedYellowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("overviewTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order until a click
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROJECT, QHeaderView.ResizeMode.Stretch)
        self.open_button = QPushButton("打开监控表")
        refresh = QPushButton("刷新")
        top = QHBoxLayout()
        top.addWidget(QLabel(label("entity.unit")))
        top.addWidget(self.unit_box)
        top.addSpacing(12)
        top.addWidget(self.red_yellow_box)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_current_index_changed)
        self.red_yellow_box.toggled.connect(self._on_red_yellow_box_toggled)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        refresh.clicked.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.reload()

    def set_unit(self, unit_id: int | None) -> None:
        """Show one unit's projects (None: every unit)."""
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(unit_id)))

    def reload(self) -> None:
        """Read the overview again (after a sheet was saved, completed, started …)."""
        rows = monitoring_overview(self.store, self.year, self.unit_box.currentData(), month=self.month)
        self.model.set_rows(rows)
        self._show_summary()
        self._update_buttons()

    def current_row(self) -> MonitoringRow | None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, MonitoringRow) else None

    def _show_summary(self) -> None:
        shown = self.proxy.rowCount() if self.proxy.red_and_yellow_only else None
        self.summary.setText(summary_html(self.model.rows(), shown))

    def _update_buttons(self, *_args: object) -> None:
        self.open_button.setEnabled(self.current_row() is not None)

    def _on_unit_box_current_index_changed(self, _index: int) -> None:
        self.reload()

    def _on_red_yellow_box_toggled(self, checked: bool) -> None:
        self.proxy.set_red_and_yellow_only(checked)
        self._show_summary()
        self._update_buttons()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        project = index.data(PROJECT_ROLE)
        if isinstance(project, int):
            self.open_requested.emit(project)

    def _on_open_button_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_requested.emit(row.project_id)
