"""Dialogs that create or edit master data: a unit, a new project.

确定 saves through ``catalog``; what the rules refuse is shown at the field it names and the
dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.labels import UNIT_KINDS, label, unit_kind_label
from perfdesk.services import catalog
from perfdesk.services.catalog import UnitRow
from perfdesk.services.store import Store
from ui.field_feedback import ERROR_COLOR, FieldMessages, FieldRow
from ui.project_detail import (
    MONEY_FIELDS,
    Editor,
    attribute_editor,
    category_editor,
    money_editor,
    read_editor,
    year_editor,
)


class FormDialog(QDialog):
    """A form of labelled fields over 确定/取消; subclasses save in ``save()``."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.feedback = FieldMessages()
        self.editors: dict[str, Editor] = {}
        self.general_message = QLabel()
        self.general_message.setWordWrap(True)
        self.general_message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.general_message.hide()
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self._on_button_box_accepted)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_message)
        layout.addWidget(self.button_box)

    def add_field(self, field: str, caption: str, editor: Editor, *extras: QWidget | str) -> FieldRow:
        """Add a row with the editor of ``field`` and, beside it, ``extras`` (e.g. 万元)."""
        row = FieldRow(editor, *extras, stretch=bool(extras))
        self.form.addRow(caption, row)
        self.add_editor(field, row, editor)
        return row

    def add_editor(self, field: str, row: FieldRow, editor: Editor) -> None:
        editor.setObjectName(field.replace(".", "_"))
        self.editors[field] = editor
        self.feedback.add(field, row, editor)

    def text(self, field: str) -> str:
        return read_editor(self.editors[field])

    def line_edit(self, field: str) -> QLineEdit:
        editor = self.editors[field]
        assert isinstance(editor, QLineEdit)
        return editor

    def combo(self, field: str) -> QComboBox:
        editor = self.editors[field]
        assert isinstance(editor, QComboBox)
        return editor

    def message(self, field: str) -> str:
        return self.feedback.message(field)

    def save(self) -> None:
        raise NotImplementedError

    def _on_button_box_accepted(self) -> None:
        try:
            self.save()
        except ValidationFailed as refused:
            elsewhere = self.feedback.show_findings(refused.findings)
            self.general_message.setText("\n".join(elsewhere))
            self.general_message.setVisible(bool(elsewhere))
            return
        self.accept()


class UnitDialog(FormDialog):
    """Create a unit (``unit`` None) or edit one.

    Signals:
        unit_saved(object): the ``UnitRow`` as stored.
    """

    unit_saved = Signal(object)

    def __init__(
        self,
        store: Store,
        unit: UnitRow | None = None,
        *,
        region_code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("新建单位" if unit is None else "编辑单位", parent)
        self._store = store
        self._unit = unit
        kind = QComboBox()
        for key in UNIT_KINDS:
            kind.addItem(unit_kind_label(key), key)
        self.add_field("code", label("field.unit.code"), QLineEdit())
        self.add_field("name", label("field.unit.name"), QLineEdit())
        self.add_field("kind", label("field.unit.kind"), kind, "")
        self.add_field("parent", label("field.unit.parent"), QLineEdit())
        self.add_field("region_code", label("field.unit.region_code"), QLineEdit())
        self.line_edit("code").setPlaceholderText("例如 610921101")
        if unit is not None:
            for field in ("code", "name", "parent", "region_code"):
                self.line_edit(field).setText(getattr(unit, field))
            kind.setCurrentIndex(kind.findData(unit.kind))
        else:
            kind.setCurrentIndex(kind.findData("unit"))
            self.line_edit("region_code").setText(region_code)

    def save(self) -> None:
        saved = catalog.save_unit(
            self._store,
            code=self.text("code"),
            name=self.text("name"),
            kind=self.text("kind"),
            parent=self.text("parent"),
            region_code=self.text("region_code"),
            unit_id=None if self._unit is None else self._unit.id,
        )
        self.unit_saved.emit(saved)


class ProjectDialog(FormDialog):
    """Create a project of ``year`` for one of ``units``.

    Signals:
        project_created(object): the new ``ProjectRow``.
    """

    project_created = Signal(object)

    def __init__(
        self,
        store: Store,
        year: int,
        units: Sequence[UnitRow],
        *,
        unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"新建项目（{year} 年度）", parent)
        self._store = store
        self._year = year
        unit_box = QComboBox()
        for unit in units:
            unit_box.addItem(f"{unit.name}（{unit.code}）", unit.id)
        if unit_id is not None:
            unit_box.setCurrentIndex(max(0, unit_box.findData(unit_id)))
        self.add_field("unit", label("field.project.unit"), unit_box)
        self.add_field("code", label("field.project.code"), QLineEdit())
        self.add_field("name", label("field.project.name"), QLineEdit())
        self.add_field("department", label("field.project.department"), QLineEdit())
        self.add_field("attribute", label("field.project.attribute"), attribute_editor(), "")
        start, end = year_editor(), year_editor()
        start.setValue(year)
        end.setValue(year)
        period = self.add_field("start_year", label("field.project.period"), start, "年 至", end, "年")
        self.add_editor("end_year", period, end)
        self.add_field("manager", label("field.project.manager"), QLineEdit())
        self.add_field("phone", label("field.project.phone"), QLineEdit())
        self.add_field("category", label("field.project.category"), category_editor())
        for field in MONEY_FIELDS:
            self.add_field(field, label(f"field.{field}"), money_editor(), label("money.unit"))

    def save(self) -> None:
        values = {field.removeprefix("funds."): self.text(field) for field in self.editors if field != "unit"}
        unit_id = self.combo("unit").currentData()
        if unit_id is None:
            raise ValidationFailed(
                [Finding("project.unit", Severity.ERROR, "unit", "请先新建预算单位，再为它新建项目")]
            )
        created = catalog.create_project(self._store, year=self._year, unit_id=unit_id, values=values)
        self.project_created.emit(created)
