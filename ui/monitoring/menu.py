"""The main window's 运行监控 menu: the monitoring overview of the year shown (the unit's projects,
or in county mode the whole county's), whose double-click opens the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from ui.form_actions import show_tool_window

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("运行监控(&M)")
    overview = QAction("监控总览…", window)
    overview.triggered.connect(lambda _checked=False: open_overview(window))
    menu.addAction(overview)
    window.extension_actions["monitoring_overview"] = overview


def open_overview(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.monitoring.overview import MonitoringOverviewView

        view = MonitoringOverviewView(
            window.store, window.navigator.year, county_mode=window.settings.mode == "county"
        )
        view.open_requested.connect(lambda project_id: window.form_actions.open("monitoring", project_id))
        view.resize(1100, 620)
        return view

    return show_tool_window(window, "monitoring-overview", build)
