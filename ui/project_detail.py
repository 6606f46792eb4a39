"""The detail area of the selected project: its header fields and funds, each saved on commit.

Every field is written through ``catalog.update_project`` the moment the person finishes it
(Enter, Tab, a click elsewhere, a choice from a list), so a crash loses at most the field being
typed. A value that cannot be read stays in the field with the reason under it and is not saved;
a saved value that breaks a cross-field rule (funds that do not add up) is kept and the finding
is shown at the field it names until the person fixes it.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.findings import Finding, ValidationFailed
from perfdesk.domain.labels import FUND_CATEGORIES, PROJECT_ATTRIBUTES, attribute_label, label
from perfdesk.services import catalog
from perfdesk.services.catalog import ProjectRow, UnitRow
from perfdesk.services.store import Store
from ui.field_feedback import FieldMessages, FieldRow

MONEY_FIELDS = ("funds.annual", "funds.fiscal", "funds.other")
YEAR_RANGE = (1900, 2099)
Editor = QLineEdit | QComboBox | QSpinBox


def read_editor(editor: Editor) -> str:
    """The text an editor holds, as the services take it."""
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QSpinBox):
        return str(editor.value())
    if editor.isEditable():
        return editor.currentText()
    return str(editor.currentData() or "")


def write_editor(editor: Editor, text: str) -> None:
    if isinstance(editor, QLineEdit):
        editor.setText(text)
        editor.setCursorPosition(0)
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(text))
    elif editor.isEditable():
        editor.setCurrentText(text)
    else:
        editor.setCurrentIndex(editor.findData(text))


def money_editor() -> QLineEdit:
    editor = QLineEdit()
    editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    editor.setFixedWidth(170)
    return editor


def year_editor() -> QSpinBox:
    editor = QSpinBox()
    editor.setRange(*YEAR_RANGE)
    editor.setFixedWidth(90)
    return editor


def attribute_editor() -> QComboBox:
    editor = QComboBox()
    for attribute in PROJECT_ATTRIBUTES:
        editor.addItem(attribute_label(attribute), attribute)
    return editor


def category_editor() -> QComboBox:
    editor = QComboBox()
    editor.setEditable(True)
    editor.addItems(list(FUND_CATEGORIES))
    return editor


class ProjectDetail(QWidget):
    """Shows one project's header fields and funds and saves each field as it is committed.

    Signals:
        project_saved(object): a field was saved; carries the project's new ``ProjectRow``.
        form_requested(str): a form button was clicked; carries the kind (targets, monitoring, selfeval).
    """

    project_saved = Signal(object)
    form_requested = Signal(str)

    def __init__(self, store: Store, decimals: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._decimals = decimals
        self._project: ProjectRow | None = None
        self._shown: dict[str, str] = {}
        self._unreadable: dict[str, list[str]] = {}
        self._standing: dict[str, list[str]] = {}
        self._feedback = FieldMessages()
        self._editors: dict[str, Editor] = {}
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("projectTitle")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("projectSubtitle")
        self.subtitle.setStyleSheet("color: #5f6b7a;")

        basics = QFormLayout()
        self._add_row(basics, "field.project.code", QLineEdit(), "code")
        self._add_row(basics, "field.project.name", QLineEdit(), "name")
        self._add_row(basics, "field.project.department", QLineEdit(), "department")
        self._add_row(basics, "field.project.attribute", attribute_editor(), "attribute", stretch=True)
        start, end = year_editor(), year_editor()
        period = FieldRow(start, "年 至", end, "年", stretch=True)
        basics.addRow(label("field.project.period"), period)
        self._register("start_year", period, start)
        self._register("end_year", period, end)
        self._add_row(basics, "field.project.manager", QLineEdit(), "manager")
        self._add_row(basics, "field.project.phone", QLineEdit(), "phone")
        self._add_row(basics, "field.project.category", category_editor(), "category")
        basics_box = QGroupBox("基本信息")
        basics_box.setLayout(basics)

        funds = QFormLayout()
        for field in MONEY_FIELDS:
            row = FieldRow(money_editor(), label("money.unit"), stretch=True)
            editor = row.findChild(QLineEdit)
            assert editor is not None
            editor.setPlaceholderText("0." + "0" * self._decimals)
            funds.addRow(label(f"field.{field}"), row)
            self._register(field, row, editor)
        hint = QLabel(
            f"{label('field.funds.annual')} = {label('field.funds.fiscal')} + {label('field.funds.other')}"
        )
        hint.setStyleSheet("color: #5f6b7a;")
        funds.addRow("", hint)
        funds_box = QGroupBox(f"{label('field.funds')}（{label('money.unit')}）")
        funds_box.setLayout(funds)

        content = QWidget()
        content.setMaximumWidth(760)
        column = QVBoxLayout(content)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addSpacing(6)
        column.addLayout(self._form_buttons())
        column.addWidget(basics_box)
        column.addWidget(funds_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _form_buttons(self) -> QHBoxLayout:
        """One button per form of the project; the main window opens the form's window."""
        row = QHBoxLayout()
        self.form_buttons: dict[str, QPushButton] = {}
        for kind in ("targets", "monitoring", "selfeval"):
            button = QPushButton(label(f"form.{kind}") + "…")
            button.setObjectName(f"open_{kind}")
            button.clicked.connect(partial(self.form_requested.emit, kind))
            self.form_buttons[kind] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _add_row(
        self, form: QFormLayout, label_key: str, editor: Editor, field: str, *, stretch: bool = False
    ) -> None:
        row = FieldRow(editor, stretch=stretch)
        form.addRow(label(label_key), row)
        self._register(field, row, editor)

    def _register(self, field: str, row: FieldRow, editor: Editor) -> None:
        editor.setObjectName(field.replace(".", "_"))
        self._editors[field] = editor
        self._feedback.add(field, row, editor)
        commit = partial(self._on_field_committed, field)
        if isinstance(editor, QComboBox):
            editor.activated.connect(commit)
            if editor.isEditable():
                line = editor.lineEdit()
                assert line is not None
                line.editingFinished.connect(commit)
        else:
            editor.editingFinished.connect(commit)

    # ------------------------------------------------------------ public

    @property
    def project(self) -> ProjectRow | None:
        return self._project

    def editor(self, field: str) -> Editor:
        """The editor of ``field`` (a finding field name such as ``"funds.annual"``)."""
        return self._editors[field]

    def message(self, field: str) -> str:
        """What is written under ``field`` ('' when nothing)."""
        return self._feedback.message(field)

    def is_marked(self, field: str) -> bool:
        return self._feedback.is_marked(field)

    def set_store(self, store: Store) -> None:
        """Use another store (after a restore); the caller shows the project anew."""
        self._store = store
        self._project = None

    def set_money_decimals(self, decimals: int) -> None:
        self._decimals = decimals
        for field in MONEY_FIELDS:
            editor = self._editors[field]
            assert isinstance(editor, QLineEdit)
            editor.setPlaceholderText("0." + "0" * decimals)
            if self._project is not None and field not in self._unreadable:
                self._show_field(field)

    def show_project(self, project: ProjectRow | None, unit: UnitRow | None = None) -> None:
        """Show ``project`` (after saving what is pending for the one shown before)."""
        self.commit_pending()
        self._project = project
        self._unreadable.clear()
        self._shown.clear()
        if project is None:
            self._feedback.clear()
            return
        self.title.setText(project.name)
        parts = [f"{project.fiscal_year} 年度"]
        if unit is not None:
            parts.append(f"{label('field.project.unit')}：{unit.name}")
        parts.append(f"已有 {project.form_count} 张绩效表")
        self.subtitle.setText("　·　".join(parts))
        for field in self._editors:
            self._show_field(field)
        self._set_standing(catalog.project_findings(project))

    def commit_pending(self) -> None:
        """Save every field whose text differs from what was last shown (e.g. before closing)."""
        if self._project is None:
            return
        for field in self._editors:
            self._on_field_committed(field)

    # ------------------------------------------------------------ saving

    def _on_field_committed(self, field: str, *_signal_args: object) -> None:
        if self._project is None:
            return
        text = read_editor(self._editors[field])
        if text == self._shown.get(field):
            return
        try:
            saved = catalog.update_project(
                self._store, self._project.id, {field.removeprefix("funds."): text}
            )
        except ValidationFailed as refused:
            self._unreadable[field] = [f.message for f in refused.findings]
            self._render_messages()
            return
        self._unreadable.pop(field, None)
        self._project = saved.project
        self._show_field(field)
        if field == "name":
            self.title.setText(saved.project.name)
        self._set_standing(saved.findings)
        self.project_saved.emit(saved.project)

    def _show_field(self, field: str) -> None:
        assert self._project is not None
        name = field.removeprefix("funds.")
        text = self._project.field_text(name, self._decimals)
        editor = self._editors[field]
        editor.blockSignals(True)
        try:
            write_editor(editor, text)
        finally:
            editor.blockSignals(False)
        self._shown[field] = read_editor(editor)

    def _set_standing(self, findings: list[Finding]) -> None:
        self._standing = defaultdict(list)
        for finding in findings:
            self._standing[finding.field].append(finding.message)
        self._render_messages()

    def _render_messages(self) -> None:
        merged: dict[str, list[str]] = defaultdict(list)
        for field, messages in self._standing.items():
            merged[field].extend(messages)
        for field, messages in self._unreadable.items():
            merged[field] = messages + merged[field]
        self._feedback.show(merged)
