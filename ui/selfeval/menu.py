"""The main window's 绩效自评 menu: the self-evaluation summary of the year shown (every project's
total and grade, 中 and 差 first), whose double-click opens the sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from ui.form_actions import show_tool_window

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("绩效自评(&S)")
    summary = QAction("自评汇总…", window)
    summary.triggered.connect(lambda _checked=False: open_summary(window))
    menu.addAction(summary)
    window.extension_actions["selfeval_summary"] = summary


def open_summary(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.selfeval.summary import SelfEvalSummaryView

        view = SelfEvalSummaryView(window.store, window.navigator.year)
        view.open_requested.connect(lambda project_id: window.form_actions.open("selfeval", project_id))
        view.resize(1000, 600)
        return view

    return show_tool_window(window, "selfeval-summary", build)
