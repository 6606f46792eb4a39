"""Opening a project's forms from the main window: the button in the detail area and the 表单 menu."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from ui.main_window import MainWindow
from ui.targets.form_window import TargetsWindow, open_windows
from ui.tasks import TaskRunner

YEAR = 2026


@pytest.fixture
def road(store: Store) -> catalog.ProjectRow:
    unit = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    return catalog.create_project(
        store,
        year=YEAR,
        unit_id=unit.id,
        values={"code": "610921-26-0001", "name": "城关镇村内道路硬化项目", "annual": "120", "fiscal": "120"},
    )


@pytest.fixture
def window(qtbot, store: Store, road: catalog.ProjectRow, tmp_path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    tasks = TaskRunner()
    main = MainWindow(store, tasks, ui_state=state)
    qtbot.addWidget(main)
    main.show()
    main.set_year(YEAR)
    yield main
    for opened in open_windows():
        opened.close()
    tasks.shutdown()


def test_the_targets_button_opens_the_selected_projects_sheet(
    qtbot, window: MainWindow, store: Store, road
) -> None:  # type: ignore[no-untyped-def]
    window.navigator.select(road)
    button = window.detail.form_buttons["targets"]
    assert button.text() == "绩效目标表…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, TargetsWindow) and w.isVisible() for w in open_windows()))
    sheet = open_windows()[0]
    assert "城关镇村内道路硬化项目" in sheet.windowTitle() and "2026" in sheet.windowTitle()
    record = forms.find_document(store, road.id, "targets")
    assert record is not None and record.body["funds"]["annual"] == "120.00"

    window.form_open_actions["targets"].trigger()  # the menu brings the same sheet forward
    assert len(open_windows()) == 1


def test_the_menu_without_a_selected_project_says_what_to_do(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    window.navigator.tree.clearSelection()
    window.navigator.tree.setCurrentIndex(window.navigator.proxy.index(-1, -1))
    window.form_open_actions["targets"].trigger()
    assert shown and "请先在左侧选择一个项目" in shown[0]
    assert open_windows() == []
