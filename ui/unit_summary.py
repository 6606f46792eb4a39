"""What the detail area shows for a selected unit, and for nothing selected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from perfdesk.domain.labels import label, unit_kind_label
from perfdesk.services.catalog import UnitRow


class UnitSummary(QWidget):
    """A unit's master data, read-only, with a button to edit it.

    Signals:
        edit_requested(): the person pressed 编辑单位….
    """

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self._values = {key: QLabel() for key in ("code", "kind", "parent", "region_code", "projects")}
        form = QFormLayout()
        form.addRow(label("field.unit.code"), self._values["code"])
        form.addRow(label("field.unit.kind"), self._values["kind"])
        form.addRow(label("field.unit.parent"), self._values["parent"])
        form.addRow(label("field.unit.region_code"), self._values["region_code"])
        form.addRow("本年度项目", self._values["projects"])
        edit = QPushButton("编辑单位…")
        edit.clicked.connect(self.edit_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(edit, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_unit(self, unit: UnitRow, project_count: int) -> None:
        self.title.setText(unit.name)
        self._values["code"].setText(unit.code)
        self._values["kind"].setText(unit_kind_label(unit.kind))
        self._values["parent"].setText(unit.parent or "—")
        self._values["region_code"].setText(unit.region_code or "—")
        self._values["projects"].setText(f"{project_count} 个")


def placeholder() -> QLabel:
    """Shown while nothing is selected in the tree."""
    text = QLabel(
        "在左侧选择一个项目，查看并修改它的基本信息和资金。\n还没有项目时，请用“编辑”菜单新建单位和项目。"
    )
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text.setStyleSheet("color: #5f6b7a;")
    return text
