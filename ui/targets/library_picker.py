"""从指标库选择: a dialog to find indicators in the library and pick one or several for the sheet.

The search runs as the person types (``search_library``: every word must occur in the name, the
keywords or the 指标解释; width and case folded) within the filters chosen above the table. Core
entries come first and ★★★ ones read 必填. Ticking picks several, across searches; Space ticks the
selected rows; double-click or Enter adds the current row to the ticked ones and takes them at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.frameworks import CLASSIC, get_framework
from perfdesk.domain.labels import label
from perfdesk.domain.library import LibraryEntry, project_types, search_library
from ui.targets.library_model import (
    COL_CORE,
    COL_LV1,
    COL_LV2,
    COL_LV3,
    COL_PICK,
    COL_TEMPLATE,
    COL_TYPE,
    LibraryTableModel,
    detail_html,
)

ALL = "全部"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _framework_order(names: Iterable[str], order: Sequence[str]) -> list[str]:
    """``names`` without repeats, in the order of the framework (unknown names last, as found)."""
    unique = list(dict.fromkeys(names))
    rank = {name: i for i, name in enumerate(order)}
    return sorted(unique, key=lambda name: rank.get(name, len(order)))


def _fill(box: QComboBox, options: Sequence[str], keep: str = ALL) -> None:
    """Offer 全部 and ``options``; keep ``keep`` chosen if it is still offered."""
    box.blockSignals(True)
    box.clear()
    box.addItem(ALL, "")
    for option in options:
        box.addItem(option, option)
    box.setCurrentIndex(max(box.findData(keep), 0))
    box.blockSignals(False)


class LibraryPicker(QDialog):
    """Search the indicator library and pick entries; ``selected_entries()`` after ``exec()``."""

    def __init__(
        self,
        entries: Sequence[LibraryEntry],
        parent: QWidget | None = None,
        *,
        project_type: str | None = None,
        category: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"从{label('library.title')}选择指标")
        self.resize(940, 640)
        self._entries = tuple(entries)
        self._chosen: list[LibraryEntry] = []
        framework = get_framework(CLASSIC)
        self._lv1_names = _framework_order((e.lv1 for e in self._entries), framework.lv1_names)
        self._lv2_order = [name for level in framework.lv1 for name in level.lv2]

        self.search_box = QLineEdit()
        self.search_box.setObjectName("librarySearch")
        self.search_box.setPlaceholderText("输入指标名称、关键词或指标解释中的字词，多个词用空格分开")
        self.search_box.setClearButtonEnabled(True)
        self.type_box = self._combo("typeFilter", project_types(self._entries), project_type)
        categories = list(dict.fromkeys(e.category for e in self._entries))
        self.category_box = self._combo("categoryFilter", categories, category)
        self.lv1_box = self._combo("lv1Filter", self._lv1_names)
        self.lv2_box = self._combo("lv2Filter", self._lv2_options(""))

        self.model = LibraryTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LV3, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_PICK, 44),
            (COL_CORE, 90),
            (COL_LV1, 84),
            (COL_LV2, 118),
            (COL_TEMPLATE, 130),
            (COL_TYPE, 100),
        ):
            header.resizeSection(column, width)

        self.count_label = QLabel()
        self.count_label.setObjectName("matchCount")
        self.picked_label = QLabel()
        self.detail = QLabel()
        self.detail.setObjectName("entryDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumHeight(84)
        self.detail.setStyleSheet("QLabel#entryDetail { background: palette(base); padding: 6px; }")

        self.button_box = QDialogButtonBox()
        self.add_button = QPushButton("添加")
        self.add_button.setObjectName("addButton")
        self.button_box.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.button_box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.button_box.accepted.connect(self._on_button_box_accepted)
        self.button_box.rejected.connect(self.reject)
        hint = QLabel("勾选可一次添加多个；空格键勾选所选行；双击或按回车直接添加当前指标")
        hint.setStyleSheet("color: palette(placeholder-text);")

        filters = QGridLayout()
        for column, (caption, box) in enumerate(
            (
                (label("library.project_type"), self.type_box),
                (label("field.project.category"), self.category_box),
                (label("indicator.lv1"), self.lv1_box),
                (label("indicator.lv2"), self.lv2_box),
            )
        ):
            filters.addWidget(QLabel(caption), 0, 2 * column)
            filters.addWidget(box, 0, 2 * column + 1)
            filters.setColumnStretch(2 * column + 1, 1)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addStretch(1)
        counts.addWidget(self.picked_label)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.button_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addLayout(counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bottom)

        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        for box in (self.type_box, self.category_box, self.lv2_box):
            box.currentIndexChanged.connect(self._on_filter_changed)
        self.lv1_box.currentIndexChanged.connect(self._on_lv1_box_current_index_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.picks_changed.connect(self._on_model_picks_changed)
        self.search_box.installEventFilter(self)
        self.table.installEventFilter(self)
        self._refresh()
        self.search_box.setFocus()

    def _combo(self, name: str, options: Sequence[str], chosen: str | None = None) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(6)
        _fill(box, options, chosen or ALL)
        return box

    def _lv2_options(self, lv1: str) -> list[str]:
        names = (e.lv2 for e in self._entries if not lv1 or e.lv1 == lv1)
        return _framework_order(names, self._lv2_order)

    # ------------------------------------------------------------ results

    def selected_entries(self) -> list[LibraryEntry]:
        """What the person took: the ticked entries in the order shown, or else the selected rows."""
        return list(self._chosen)

    def _refresh(self) -> None:
        current = self._current_entry()
        results = search_library(
            self._entries,
            self.search_box.text(),
            project_type=self.type_box.currentData() or None,
            lv1=self.lv1_box.currentData() or None,
            lv2=self.lv2_box.currentData() or None,
            category=self.category_box.currentData() or None,
        )
        self.model.set_entries(results)
        self.table.setColumnHidden(COL_TYPE, bool(self.type_box.currentData()))  # one type: no need
        self.count_label.setText(f"找到 {len(results)} 条指标（共 {len(self._entries)} 条）")
        row = results.index(current) if current in results else 0
        if results:
            self.table.selectRow(row)
        self._show_detail()
        self._update_add_button()

    def _current_entry(self) -> LibraryEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def _show_detail(self) -> None:
        entry = self._current_entry()
        if entry is None:
            self.detail.setText("没有符合条件的指标。请换个说法，或把筛选条件改为“全部”。")
        else:
            self.detail.setText(detail_html(entry))

    def _update_add_button(self) -> None:
        picks = self.model.pick_count
        self.picked_label.setText(f"已勾选 {picks} 条" if picks else "")
        self.add_button.setText(f"添加 {picks} 个指标" if picks else "添加所选指标")
        self.add_button.setEnabled(bool(picks or self._selected_rows()))

    def _take(self, entries: list[LibraryEntry]) -> None:
        if entries:
            self._chosen = entries
            self.accept()

    def _take_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.set_picked(index.row(), True)
            self._take(self.model.picked_entries())

    def _toggle_selected(self) -> None:
        rows = self._selected_rows()
        picked = not all(self.model.is_picked(row) for row in rows)
        for row in rows:
            self.model.set_picked(row, picked)

    # ------------------------------------------------------------ slots

    def _on_search_box_text_changed(self, _text: str) -> None:
        self._refresh()

    def _on_filter_changed(self, _index: int) -> None:
        self._refresh()

    def _on_lv1_box_current_index_changed(self, _index: int) -> None:
        _fill(self.lv2_box, self._lv2_options(self.lv1_box.currentData()), self.lv2_box.currentData())
        self._refresh()

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail()

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_add_button()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.column() != COL_PICK:  # a double click on the box only ticks it twice
            self._take_current()

    def _on_model_picks_changed(self, _count: int) -> None:
        self._update_add_button()

    def _on_button_box_accepted(self) -> None:
        if self.model.pick_count:
            self._take(self.model.picked_entries())
        else:
            self._take([self.model.entry(row) for row in self._selected_rows()])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the table takes the current row, Space ticks; Enter or ↓ in the search goes
        to the table."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.table and key in _ENTER_KEYS:
            self._take_current()
            return True
        if watched is self.table and key == Qt.Key.Key_Space:
            self._toggle_selected()
            return True
        if watched is self.search_box and (key in _ENTER_KEYS or key == Qt.Key.Key_Down):
            if self.model.rowCount():
                self.table.setFocus()
            return True
        return super().eventFilter(watched, event)
