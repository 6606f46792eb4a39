"""Opening a project's forms from the main window: 绩效目标表, 绩效运行监控表, 项目支出绩效自评表.

Each form has its own window module, imported when first opened (nothing of them is needed at
start-up). Errors from the services (targets not completed yet, …) go to the one presenter.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.services.catalog import ProjectRow
from ui import tasks as task_module

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# kind → (module, function); each function is ``open_x(store, tasks, project_id, parent) -> window``.
OPENERS: dict[str, tuple[str, str]] = {
    "targets": ("ui.targets.form_window", "open_targets"),
    "monitoring": ("ui.monitoring.form_window", "open_monitoring"),
    "selfeval": ("ui.selfeval.form_window", "open_selfeval"),
}


# Menus that other rooms of the UI add to the main window, in menu-bar order. Each module has
# ``install(window: MainWindow) -> None`` and must stay light to import (start-up waits for it):
# the windows it opens are imported when first opened.
MENU_EXTENSIONS: tuple[str, ...] = (
    "ui.monitoring.menu",
    "ui.selfeval.menu",
    "ui.exchange.menu",
    "ui.printing.menu",
    "ui.excel.menu",
)


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its package is not in this build at all
        return False


def available(kind: str) -> bool:
    """Whether this build has the window of ``kind`` (without importing it)."""
    return _has_module(OPENERS[kind][0])


def install_menu_extensions(window: MainWindow) -> None:
    """Let each room of the UI that is present add its menu to the main window."""
    for name in MENU_EXTENSIONS:
        if _has_module(name):
            importlib.import_module(name).install(window)


class FormActions(QObject):
    """Open the form of ``kind`` for the project selected in ``window`` (or a given project)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def open(self, kind: str, project_id: int | None = None) -> QWidget | None:
        window = self._window
        if project_id is None:
            row = window.navigator.current_row()
            if not isinstance(row, ProjectRow):
                message = f"请先在左侧选择一个项目，再打开{label('form.' + kind)}"
                task_module.present_error(
                    window, ValidationFailed([Finding("form.no_project", Severity.ERROR, "project", message)])
                )
                return None
            project_id = row.id
        module_name, function = OPENERS[kind]
        try:
            opener = getattr(importlib.import_module(module_name), function)
            opened: QWidget = opener(window.store, window.tasks, project_id, window)
        except Exception as exc:
            task_module.present_error(window, exc)
            return None
        opened.destroyed.connect(self._on_form_window_destroyed)
        return opened

    def _on_form_window_destroyed(self) -> None:
        """A closed sheet may have changed what the tree shows (form counts, 差 marks)."""
        if not self._window.store.closed:
            self._window.reload()

    def open_targets(self) -> QWidget | None:
        return self.open("targets")

    def open_monitoring(self) -> QWidget | None:
        return self.open("monitoring")

    def open_selfeval(self) -> QWidget | None:
        return self.open("selfeval")


def show_tool_window(window: MainWindow, name: str, build: Callable[[], QWidget]) -> QWidget:
    """One window per ``name`` and year (an overview, a summary): built once, then raised."""
    key = f"{name}@{window.navigator.year}"
    windows = window.tool_windows
    opened = windows.get(key)
    if opened is None:
        opened = build()
        opened.setParent(window, Qt.WindowType.Window)
        opened.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        opened.destroyed.connect(lambda _obj=None, k=key: windows.pop(k, None))
        windows[key] = opened
    opened.show()
    opened.raise_()
    return opened
