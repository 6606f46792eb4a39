"""The 运行监控 and 绩效自评 menus open the year's overview and summary; double-click opens the sheet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from ui.main_window import MainWindow
from ui.monitoring import form_window as monitoring_windows
from ui.selfeval import form_window as selfeval_windows
from ui.tasks import TaskRunner

YEAR = 2026
ROAD = json.loads((Path(__file__).parents[1] / "data" / "documents" / "targets-road.json").read_text("utf-8"))


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    unit = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    project = catalog.create_project(
        store, year=YEAR, unit_id=unit.id,
        values={"code": "610921-26-0001", "name": "城关镇村内道路硬化项目", "department": "示例县农业农村局",
                "manager": "陈志强", "phone": "0915-5210101", "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip
    record = forms.create_document(store, project.id, "targets")
    forms.save_document(
        store, record.id, {**record.body, "goals": ROAD["goals"], "indicators": ROAD["indicators"]}
    )
    forms.complete(store, record.id)
    tasks = TaskRunner()
    main = MainWindow(store, tasks, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    main.set_year(YEAR)
    yield main
    for opened in [*monitoring_windows.open_windows(), *selfeval_windows.open_windows()]:
        opened.close()
    tasks.shutdown()


def test_monitoring_overview_from_the_menu_opens_the_record(window: MainWindow) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert "运行监控(&M)" in menus and "绩效自评(&S)" in menus
    window.extension_actions["monitoring_overview"].trigger()
    view = window.tool_windows[f"monitoring-overview@{YEAR}"]
    assert view.isVisible()
    window.extension_actions["monitoring_overview"].trigger()
    assert len(window.tool_windows) == 1  # one overview per year
    project = catalog.load_tree(window.store, YEAR)[0].projects[0]
    view.open_requested.emit(project.id)  # what a double-click sends
    opened = monitoring_windows.open_windows()
    assert len(opened) == 1 and "城关镇村内道路硬化项目" in opened[0].windowTitle()


def test_selfeval_summary_from_the_menu_opens_the_sheet(window: MainWindow) -> None:
    window.extension_actions["selfeval_summary"].trigger()
    view = window.tool_windows[f"selfeval-summary@{YEAR}"]
    assert view.isVisible()
    project = catalog.load_tree(window.store, YEAR)[0].projects[0]
    view.open_requested.emit(project.id)
    opened = selfeval_windows.open_windows()
    assert len(opened) == 1 and "城关镇村内道路硬化项目" in opened[0].windowTitle()
