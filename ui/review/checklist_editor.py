"""审核清单设置: the county edits the review checklist — items, their dimension, weight and scoring
guidance, the grade thresholds — and saves it, or goes back to the shipped default.

The rules are the domain's (``checklist_findings``): weights must make 100, each of the four
dimensions needs an item, no item without text. They are shown live under the table, the total
in green when it is 100 and in red otherwise, and 保存 is refused with the same sentences.
Reviews already started keep the checklist they started with.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.domain.review import (
    DIMENSIONS,
    Checklist,
    ChecklistItem,
    GradeThresholds,
    checklist_findings,
    dimension_label,
    show_score,
)
from perfdesk.services import reviews
from perfdesk.services.store import Store
from ui import prompts
from ui.field_feedback import ERROR_COLOR

COL_DIMENSION, COL_TEXT, COL_WEIGHT, COL_GUIDANCE = range(4)
HEADERS = (label("review.dimension"), label("review.item"), label("review.weight"), label("review.guidance"))
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
OK_COLOR = "#1e6b3a"


class PointsBox(QDoubleSpinBox):
    """Points in steps of 0.5, shown as people write them (``7.5``, ``10``)."""

    def textFromValue(self, value: float) -> str:
        return show_score(Decimal(f"{value:.2f}"))


def _number_box(low: float, high: float, value: Decimal) -> QDoubleSpinBox:
    box = PointsBox()
    box.setDecimals(2)
    box.setSingleStep(0.5)
    box.setRange(low, high)
    box.setValue(float(value))
    return box


def _decimal(box: QDoubleSpinBox) -> Decimal:
    return Decimal(f"{box.value():.2f}").normalize()


class ChecklistEditor(QDialog):
    """Edit the checklist in force.

    Signals:
        checklist_saved(object): the ``Checklist`` now in force (after 保存 or 恢复默认).
    """

    checklist_saved = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{label('review.checklist')}设置")
        self.setObjectName("checklistEditor")
        self.resize(1100, 680)
        self.store = store
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("checklistTitle")
        self.title_edit.textChanged.connect(self._on_changed)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("checklistTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_GUIDANCE, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_changed)
        self.thresholds = {
            key: _number_box(0, 100, Decimal(0)) for key in ("excellent", "good", "fair")
        }  # fmt: skip
        self.total_label = QLabel()
        self.total_label.setObjectName("checklistTotal")
        self.problems = QLabel()
        self.problems.setObjectName("checklistProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {ERROR_COLOR};")

        tools = QHBoxLayout()
        for text, slot in (
            ("添加要点", self.add_item), ("删除要点", self.remove_current_item),
            ("上移", self._on_up_clicked), ("下移", self._on_down_clicked),
        ):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        self.restore_button = QPushButton("恢复默认清单…")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        tools.addWidget(self.restore_button)
        grades = QHBoxLayout()
        grades.addWidget(QLabel("等级分数线："))
        for key, box in self.thresholds.items():
            box.setObjectName(f"threshold_{key}")
            box.valueChanged.connect(self._on_changed)
            grades.addWidget(QLabel(f"{label(f'grade.{key}')} ≥"))
            grades.addWidget(box)
        grades.addWidget(QLabel(f"{label('grade.poor')}：低于“{label('grade.fair')}”的分数线"))
        grades.addStretch(1)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self.save)
        self.button_box.rejected.connect(self.reject)
        title_line = QHBoxLayout()
        title_line.addWidget(QLabel("清单名称："))
        title_line.addWidget(self.title_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(title_line)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.problems)
        layout.addLayout(grades)
        layout.addWidget(self.button_box)
        self._next_key = 1
        self.show_checklist(reviews.load_checklist(store))

    # ------------------------------------------------------------ showing and reading

    def show_checklist(self, checklist: Checklist) -> None:
        self._loading = True
        self.title_edit.setText(checklist.title)
        self.table.setRowCount(0)
        for item in checklist.items:
            self._append_row(item)
        for key, box in self.thresholds.items():
            box.setValue(float(getattr(checklist.thresholds, key)))
        self._loading = False
        self._on_changed()

    def _append_row(self, item: ChecklistItem) -> None:
        self._insert_row(self.table.rowCount(), item)

    def _insert_row(self, row: int, item: ChecklistItem) -> None:
        self.table.blockSignals(True)
        self.table.insertRow(row)
        dimension = QComboBox()
        for key in DIMENSIONS:
            dimension.addItem(dimension_label(key), key)
        dimension.setCurrentIndex(max(0, dimension.findData(item.dimension)))
        dimension.currentIndexChanged.connect(self._on_changed)
        weight = _number_box(0, 100, item.weight)
        weight.valueChanged.connect(self._on_changed)
        text = QTableWidgetItem(item.text)
        text.setData(KEY_ROLE, item.key)
        self.table.setCellWidget(row, COL_DIMENSION, dimension)
        self.table.setItem(row, COL_TEXT, text)
        self.table.setCellWidget(row, COL_WEIGHT, weight)
        self.table.setItem(row, COL_GUIDANCE, QTableWidgetItem(item.guidance))
        self.table.blockSignals(False)
        self.table.resizeRowToContents(row)

    def _row_item(self, row: int) -> ChecklistItem:
        dimension = self.table.cellWidget(row, COL_DIMENSION)
        weight = self.table.cellWidget(row, COL_WEIGHT)
        assert isinstance(dimension, QComboBox) and isinstance(weight, QDoubleSpinBox)
        text = self.table.item(row, COL_TEXT)
        guidance = self.table.item(row, COL_GUIDANCE)
        assert text is not None
        return ChecklistItem(
            key=str(text.data(KEY_ROLE)),
            dimension=str(dimension.currentData()),
            text=text.text().strip(),
            weight=_decimal(weight),
            guidance=guidance.text().strip() if guidance else "",
        )

    def checklist(self) -> Checklist:
        """The checklist as the editor holds it now (perhaps not yet valid)."""
        return Checklist(
            self.title_edit.text().strip(),
            tuple(self._row_item(row) for row in range(self.table.rowCount())),
            GradeThresholds(*(_decimal(self.thresholds[k]) for k in ("excellent", "good", "fair"))),
        )

    def _on_changed(self, *_args: object) -> None:
        if getattr(self, "_loading", False):
            return
        checklist = self.checklist()
        parts = "，".join(
            f"{dimension_label(d)} {show_score(checklist.dimension_weight(d))}" for d in DIMENSIONS
        )
        total = checklist.total
        if total == 100:
            self.total_label.setText(f"合计 100 分（{parts}）")
            self.total_label.setStyleSheet(f"color: {OK_COLOR}; font-weight: bold;")
        else:
            self.total_label.setText(f"合计 {show_score(total)} 分，应为 100 分（{parts}）")
            self.total_label.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        problems = [f.message for f in checklist_findings(checklist) if f.code != "checklist.total"]
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    # ------------------------------------------------------------ editing

    def _new_key(self) -> str:
        taken = {self._row_item(row).key for row in range(self.table.rowCount())}
        while f"K{self._next_key}" in taken:
            self._next_key += 1
        return f"K{self._next_key}"

    def add_item(self) -> int:
        """A new row after the current one, in its dimension; returns the row."""
        current = self.table.currentRow()
        dimension = self._row_item(current).dimension if current >= 0 else DIMENSIONS[-1]
        row = current + 1 if current >= 0 else self.table.rowCount()
        self._insert_row(row, ChecklistItem(self._new_key(), dimension, "", Decimal(0)))
        self.table.setCurrentCell(row, COL_TEXT)
        self._on_changed()
        return row

    def remove_current_item(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._on_changed()

    def move_current_item(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        item = self._row_item(row)
        self.table.removeRow(row)
        self._insert_row(target, item)
        self.table.setCurrentCell(target, COL_TEXT)
        self._on_changed()

    def _on_up_clicked(self) -> None:
        self.move_current_item(-1)

    def _on_down_clicked(self) -> None:
        self.move_current_item(1)

    # ------------------------------------------------------------ saving

    def save(self) -> bool:
        """保存: store the checklist, or show why not and stay open."""
        try:
            saved = reviews.save_checklist(self.store, self.checklist())
        except ValidationFailed as refused:
            self.problems.setText("不能保存：\n" + "\n".join(f.message for f in refused.findings))
            self.problems.show()
            return False
        self.checklist_saved.emit(saved)
        self.accept()
        return True

    def _on_restore_button_clicked(self) -> None:
        question = "恢复为程序自带的默认审核清单（12 项，四个维度各 25 分）？本县修改过的清单将被替换，已开始的审核不受影响。"
        if not prompts.confirm(self, "恢复默认清单", question):
            return
        restored = reviews.restore_default_checklist(self.store)
        self.show_checklist(restored)
        self.checklist_saved.emit(restored)
