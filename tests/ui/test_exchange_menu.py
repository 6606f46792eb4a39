"""The 数据交换 menu follows the working mode, and the county's 待处理 screen decides what waits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from exchange_support import (  # noqa: F401 - the fixtures
    PASSWORD,
    YEAR,
    county_fixture,
    person_fixture,
    runner_fixture,
    township_fixture,
    usb_fixture,
)
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from perfdesk.exchange.enrolment import read_enrolment
from perfdesk.services import keys
from perfdesk.services.exchange_county import import_submission
from perfdesk.services.exchange_export import export_submission
from perfdesk.services.settings import load_settings, save_settings
from perfdesk.services.store import Store
from ui.exchange.pending_window import PendingWindow
from ui.main_window import MainWindow

TOWNSHIP_ITEMS = ["密钥…", "导入任务包…", "导出申报包…", "导入回执…"]
COUNTY_ITEMS = ["密钥与登记…", "下发任务包…", "导入申报包…", "待处理…", "生成回执…"]


def visible_items(window: MainWindow) -> list[str]:
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "数据交换(&X)"]
    menu.aboutToShow.emit()
    return [a.text() for a in menu.actions() if a.isVisible()]


def test_the_menu_shows_the_items_of_the_mode(qtbot, township: Store, runner, tmp_path: Path) -> None:
    window = MainWindow(
        township, runner, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    assert visible_items(window) == TOWNSHIP_ITEMS
    settings = save_settings(township, replace(load_settings(township), mode="county"))
    window._apply_settings(settings)  # what the settings dialog's settings_saved does
    assert visible_items(window) == COUNTY_ITEMS
    window.extension_actions["exchange_key"].setVisible(True)
    window.extension_actions["exchange_key"].trigger()
    assert "exchange-key@" + str(window.navigator.year) in window.tool_windows


def test_a_package_from_an_unknown_key_waits_and_is_imported_once_enrolled(
    qtbot, township: Store, county: Store, runner, person, usb: Path
) -> None:
    keys.init_key(township, PASSWORD)
    pdkey = keys.export_enrolment(township, PASSWORD, usb / "610921101.pdkey", "610921101")
    export_submission(township, PASSWORD, YEAR, usb / "a.pdsub")
    report = import_submission(county, usb / "a.pdsub")
    assert report.verdict == "quarantined"
    window = PendingWindow(county, runner)
    qtbot.addWidget(window)
    assert window.package_table.rowCount() == 1
    key_id = read_enrolment(pdkey.read_bytes()).key_id
    assert window.package_table.item(0, 1).text() == key_id.replace("-", " ").upper()
    window.package_table.selectRow(0)
    person.open_one.append(pdkey)
    [enrol] = [b for b in window.findChildren(QPushButton) if b.text() == "登记密钥并导入…"]
    qtbot.mouseClick(enrol, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert person.keys_shown == [key_id]
    assert window.package_table.rowCount() == 0
    assert "已登记" in window.status_label.text() and "已导入 1 个" in window.status_label.text()
