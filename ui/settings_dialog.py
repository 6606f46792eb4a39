"""The settings dialog: working mode, county, money display, indicator framework, preparer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from perfdesk.domain.labels import label
from perfdesk.services.settings import FRAMEWORKS, MODES, MONEY_DECIMALS, load_settings, save_settings
from perfdesk.services.store import Store
from ui import prompts
from ui.dialogs import FormDialog
from ui.field_feedback import FieldRow

DECIMALS_TEXT = {2: "保留 2 位小数（120.50 万元）", 4: "保留 4 位小数（120.5000 万元）"}


def _choices(items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    return box


class SettingsDialog(FormDialog):
    """Edit the installation settings kept in the database.

    Signals:
        settings_saved(object): the ``AppSettings`` as stored.
    """

    settings_saved = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("设置", parent)
        self.setMinimumWidth(520)
        self._store = store
        self._current = load_settings(store)
        self.add_field(
            "mode",
            label("settings.mode"),
            _choices([(label(f"mode.{mode}"), mode) for mode in MODES]),
            "",
        )
        self.add_field("county_code", label("settings.county_code"), QLineEdit())
        self.add_field("county_name", label("settings.county_name"), QLineEdit())
        self.add_field(
            "money_decimals",
            label("settings.money_decimals"),
            _choices([(DECIMALS_TEXT[d], d) for d in MONEY_DECIMALS]),
            "",
        )
        self.add_field(
            "framework",
            label("settings.framework"),
            _choices([(label(f"framework.{key}"), key) for key in FRAMEWORKS]),
            "",
        )
        self.add_field("preparer", label("settings.preparer"), QLineEdit())

        self.data_dir = QLineEdit(str(store.data_dir))
        self.data_dir.setObjectName("data_dir")
        self.data_dir.setReadOnly(True)
        self.data_dir.setCursorPosition(0)
        self.open_folder_button = QPushButton("打开文件夹")
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)
        self.form.addRow(label("settings.data_dir"), FieldRow(self.data_dir, self.open_folder_button))

        self.line_edit("county_code").setPlaceholderText("6 位或 9 位数字，例如 610921")
        self._show(self._current)

    def _show(self, settings: object) -> None:
        for field, editor in self.editors.items():
            value = getattr(settings, field)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(editor.findData(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))

    def save(self) -> None:
        chosen = replace(
            self._current,
            mode=self.text("mode"),
            county_code=self.text("county_code").strip(),
            county_name=self.text("county_name").strip(),
            money_decimals=int(self.combo("money_decimals").currentData()),
            framework=self.text("framework"),
            preparer=self.text("preparer").strip(),
        )
        saved = save_settings(self._store, chosen)
        self.settings_saved.emit(saved)

    def _on_open_folder_button_clicked(self) -> None:
        prompts.open_folder(self._store.data_dir)
