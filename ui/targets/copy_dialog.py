"""复制目标: choose the target sheet whose goals and indicators a project's sheet starts from.

Offered first is last year's sheet of the same project (same 项目代码, ``forms.previous_targets``);
otherwise any project's sheet of any year, found by year, code, name or unit. The dialog only
chooses: the caller copies with ``forms.copy_targets(store, dialog.source_document_id(), …)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.document import FormDoc
from perfdesk.domain.labels import label
from perfdesk.domain.text import normalize_width
from perfdesk.services import catalog, forms
from perfdesk.services.forms import DocumentRecord, TargetCounts, TargetSource
from perfdesk.services.store import Store

COL_YEAR, COL_CODE, COL_NAME, COL_UNIT, COL_GOALS, COL_INDICATORS = range(6)
COLUMN_COUNT = 6
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


def counts_text(counts: TargetCounts) -> str:
    return f"{counts.goals} 条目标、{counts.indicators} 个指标"


def _fold(text: str) -> str:
    return normalize_width(text).casefold()


class TargetSourceModel(QAbstractTableModel):
    """Target sheets to copy from: 年度, 项目代码, 项目名称, 实施单位 and what each holds."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[TargetSource, TargetCounts]] = []
        self._headers = (
            label("entity.fiscal_year"),
            label("field.project.code"),
            label("field.project.name"),
            label("field.project.unit"),
            "目标条数",
            "指标个数",
        )

    def set_sources(self, sources: Sequence[TargetSource]) -> None:
        self.beginResetModel()
        self._rows = [(source, source.counts) for source in sources]
        self.endResetModel()

    def source(self, row: int) -> TargetSource:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        source, counts = self._rows[index.row()]
        column = index.column()
        if int(role) == _ALIGNMENT and column in (COL_GOALS, COL_INDICATORS):
            return int(_RIGHT.value)
        if int(role) != _DISPLAY:
            return None
        values = (source.document.fiscal_year, source.project_code, source.project_name, source.unit_name,
                  counts.goals, counts.indicators)  # fmt: skip
        return str(values[column])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if int(role) != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < COLUMN_COUNT else None
        return str(section + 1)


class CopyTargetsDialog(QDialog):
    """复制目标 for one project: 上年同一项目, or another project's sheet; ``source_document_id()``."""

    def __init__(self, store: Store, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(label("form.copy_targets"))
        self.resize(760, 520)
        project = catalog.get_project(store, project_id)
        self._previous = forms.previous_targets(store, project_id)
        self._sources = forms.list_target_sources(store, exclude_project_id=project_id)
        self._search_texts = [
            _fold(f"{s.document.fiscal_year} {s.project_code} {s.project_name} {s.unit_name}")
            for s in self._sources
        ]
        form = label("form.targets")
        intro = QLabel(
            f"把已有{form}的年度总体目标、中期目标和绩效指标（含{label('indicator.weight')}、"
            f"{label('indicator.explanation')}和核心标记）复制到“{project.name}”（{project.fiscal_year} 年度）。"
            f"表头和项目资金取自本项目；{label('field.explanations')}不复制。"
        )
        intro.setWordWrap(True)
        self.blocked = QLabel()
        self.blocked.setObjectName("copyBlocked")
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #c0392b;")
        self.blocked.hide()
        own = forms.find_document(store, project_id, "targets")
        if own is not None and not (own.editable and forms.count_targets(own).empty):
            self.blocked.setText(f"本项目的{form}已有内容或已完成，不能用复制覆盖。")
            self.blocked.show()

        self.previous_button = QRadioButton(self._previous_text(project, self._previous))
        self.previous_button.setObjectName("previousChoice")
        self.previous_button.setEnabled(
            self._previous is not None and not forms.count_targets(self._previous).empty
        )
        self.other_button = QRadioButton(f"其他项目的{form}（任意年度，共 {len(self._sources)} 张）")
        self.other_button.setObjectName("otherChoice")
        self.other_button.setEnabled(bool(self._sources))
        self.search_box = QLineEdit()
        self.search_box.setObjectName("sourceSearch")
        self.search_box.setPlaceholderText("按年度、项目代码、项目名称或实施单位搜索")
        self.search_box.setClearButtonEnabled(True)
        self.model = TargetSourceModel(self)
        self.table = QTableView()
        self.table.setObjectName("sourceTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (COL_YEAR, 70),
            (COL_CODE, 130),
            (COL_UNIT, 140),
            (COL_GOALS, 70),
            (COL_INDICATORS, 70),
        ):
            header.resizeSection(column, width)
        self.choice_label = QLabel()
        self.choice_label.setObjectName("copyChoice")
        self.copy_button = QPushButton(label("form.copy_targets"))
        self.copy_button.setObjectName("copyButton")
        self.button_box = QDialogButtonBox()
        self.button_box.addButton(self.copy_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.button_box.addButton(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.blocked)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.other_button)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.choice_label)
        layout.addWidget(self.button_box)

        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.previous_button.toggled.connect(self._on_previous_button_toggled)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.set_sources(self._sources)
        if self.previous_button.isEnabled():
            self.previous_button.setChecked(True)
        else:
            self.other_button.setChecked(True)  # nothing chosen yet: another project is a deliberate pick
        self._show_choice()

    @staticmethod
    def _previous_text(project: catalog.ProjectRow, previous: DocumentRecord | None) -> str:
        year = project.fiscal_year - 1
        if previous is None:
            return f"上年同一项目：{year} 年度没有项目代码为 {project.code} 的{label('form.targets')}"
        counts = forms.count_targets(previous)
        name = FormDoc(previous.body).text("project", "name")
        if counts.empty:
            return f"上年同一项目：{year} 年度“{name}”的{label('form.targets')}是空的"
        return f"上年同一项目：{year} 年度“{name}”（{counts_text(counts)}）"

    def source_document_id(self) -> int | None:
        """The chosen sheet's database id (``DocumentRecord.id``), or None while nothing is chosen."""
        if self.previous_button.isChecked() and self._previous is not None:
            return self._previous.id
        index = self.table.currentIndex()
        if self.other_button.isChecked() and index.isValid():
            return self.model.source(index.row()).document.id
        return None

    def _chosen_counts(self) -> TargetCounts | None:
        if self.previous_button.isChecked() and self._previous is not None:
            return forms.count_targets(self._previous)
        index = self.table.currentIndex()
        if self.other_button.isChecked() and index.isValid():
            return self.model.source(index.row()).counts
        return None

    def _show_choice(self) -> None:
        counts = self._chosen_counts()
        if counts is None:
            self.choice_label.setText(f"请选择要复制的{label('form.targets')}")
        else:
            self.choice_label.setText(f"将复制 {counts_text(counts)}")
        self.copy_button.setEnabled(counts is not None and self.blocked.isHidden())

    def _filter(self, text: str) -> None:
        words = _fold(text).split()
        shown = [
            s
            for s, haystack in zip(self._sources, self._search_texts, strict=True)
            if all(w in haystack for w in words)
        ]
        self.model.set_sources(shown)
        if len(shown) == 1 and words:
            self.table.selectRow(0)

    # ------------------------------------------------------------ slots

    def _on_previous_button_toggled(self, checked: bool) -> None:
        self._show_choice()

    def _on_search_box_text_changed(self, text: str) -> None:
        if self.other_button.isEnabled():
            self.other_button.setChecked(True)
        self._filter(text)
        self._show_choice()

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.other_button.isEnabled():
            self.other_button.setChecked(True)
        self._show_choice()

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        if self.copy_button.isEnabled():
            self.accept()
