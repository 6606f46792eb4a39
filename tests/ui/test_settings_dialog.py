"""The settings dialog: what it shows, what it saves, what it refuses, and what the window does
with a new money display."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from perfdesk.services import catalog
from perfdesk.services.settings import AppSettings, load_settings, save_settings
from perfdesk.services.store import Store
from ui import prompts
from ui.main_window import MainWindow
from ui.project_tree import COL_FUNDS
from ui.settings_dialog import SettingsDialog


def choose(box: QComboBox, data: object) -> None:
    box.setCurrentIndex(box.findData(data))


def press_ok(dialog: SettingsDialog) -> None:
    dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.fixture
def dialog(qtbot, store: Store) -> SettingsDialog:
    save_settings(store, AppSettings(county_code="610921", county_name="示例县", preparer="张三"))
    shown = SettingsDialog(store)
    qtbot.addWidget(shown)
    shown.open()
    return shown


def test_dialog_shows_the_stored_settings(dialog: SettingsDialog, store: Store) -> None:
    assert dialog.windowTitle() == "设置"
    assert dialog.text("mode") == "township"
    assert dialog.editors["mode"].currentText() == "乡镇（填报）模式"
    assert dialog.text("county_code") == "610921"
    assert dialog.text("county_name") == "示例县"
    assert dialog.editors["money_decimals"].currentData() == 2
    assert dialog.editors["framework"].currentText() == "通用指标体系（产出/效益/满意度）"
    assert dialog.text("preparer") == "张三"
    assert dialog.data_dir.text() == str(store.data_dir) and dialog.data_dir.isReadOnly()


def test_dialog_saves_what_was_chosen(qtbot, dialog: SettingsDialog, store: Store) -> None:
    saved: list[AppSettings] = []
    dialog.settings_saved.connect(saved.append)
    choose(dialog.editors["mode"], "county")
    choose(dialog.editors["money_decimals"], 4)
    choose(dialog.editors["framework"], "2021")
    dialog.editors["county_name"].setText("宁陕县")
    dialog.editors["county_code"].clear()
    qtbot.keyClicks(dialog.editors["county_code"], "610923")
    press_ok(dialog)
    assert not dialog.isVisible()
    stored = load_settings(store)
    assert (stored.mode, stored.money_decimals, stored.framework) == ("county", 4, "2021")
    assert (stored.county_code, stored.county_name, stored.preparer) == ("610923", "宁陕县", "张三")
    assert saved == [stored]


def test_a_wrong_county_code_is_shown_at_the_field_and_nothing_is_saved(
    qtbot, dialog: SettingsDialog, store: Store
) -> None:
    dialog.editors["county_code"].clear()
    qtbot.keyClicks(dialog.editors["county_code"], "6109")
    choose(dialog.editors["money_decimals"], 4)
    press_ok(dialog)
    assert dialog.isVisible()
    assert "财政区划代码应为 6 位或 9 位数字" in dialog.message("county_code")
    assert dialog.feedback.is_marked("county_code")
    assert load_settings(store).money_decimals == 2


def test_open_folder_button_opens_the_data_folder(
    dialog: SettingsDialog, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(prompts, "open_folder", opened.append)
    dialog.open_folder_button.click()
    assert opened == [store.data_dir]


def test_four_decimals_and_county_name_reach_the_main_window(qtbot, store: Store, tmp_path: Path) -> None:
    unit = catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    road = catalog.create_project(
        store,
        year=2025,
        unit_id=unit.id,
        values={"code": "JT-001", "name": "农村公路养护", "annual": "120.5", "fiscal": "120.5"},
    )
    window = MainWindow(store, None, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.set_year(2025)
    window.navigator.select(road)
    assert window.detail.editor("funds.annual").text() == "120.50"

    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    choose(dialog.editors["money_decimals"], 4)
    dialog.editors["county_name"].setText("示例县")
    choose(dialog.editors["mode"], "county")
    press_ok(dialog)

    assert window.detail.editor("funds.annual").text() == "120.5000"
    assert window.detail.editor("funds.other").text() == "0.0000"
    proxy = window.navigator.proxy
    assert proxy.index(0, COL_FUNDS, proxy.index(0, 0)).data() == "120.5000"
    assert window.windowTitle() == "PerfDesk 预算绩效管理 — 示例县"
    assert window.mode_label.text() == "县级（审核）模式"
