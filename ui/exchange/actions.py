"""What each 数据交换 menu item does; imported on first use by ``ui.exchange.menu``.

Windows that show a list (the key, the export, the import report, enrolment, 待处理) are one per
year through ``show_tool_window``; one-shot operations ask for a file and run on the TaskRunner.
After anything that changes data, the main window reloads.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ui.exchange import asks
from ui.form_actions import show_tool_window

if TYPE_CHECKING:
    from ui.main_window import MainWindow

_folders: dict[str, Path] = {}
"""The last folder used for each kind of file in this run (the USB stick, usually)."""


def last_folder(kind: str) -> Path:
    return _folders.get(kind, Path.home())


def remember(kind: str, path: Path) -> Path:
    _folders[kind] = path.parent
    return path


def _reload(window: MainWindow) -> Any:
    def reload(*_args: object) -> None:
        if not window.store.closed:
            window.reload()

    return reload


# ---------------------------------------------------------------- township


def open_key(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.exchange.key_dialog import KeyDialog

        dialog = KeyDialog(window.store, window.tasks)
        dialog.resize(560, 420)
        return dialog

    return show_tool_window(window, "exchange-key", build)


def import_task(window: MainWindow) -> None:
    from ui.exchange.township import import_task_file

    path = asks.open_file(window, "导入任务包", last_folder("task"), asks.TASK_FILTER)
    if path is not None:
        import_task_file(window, window.store, window.tasks, remember("task", path), _reload(window))


def open_export(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.exchange.export_dialog import ExportDialog

        dialog = ExportDialog(window.store, window.tasks, window.navigator.year)
        dialog.last_folder = last_folder("submission")
        dialog.exported.connect(_reload(window))
        return dialog

    return show_tool_window(window, "exchange-export", build)


def import_receipt(window: MainWindow) -> None:
    from ui.exchange.township import import_receipt_file

    path = asks.open_file(window, "导入回执", last_folder("receipt"), asks.RECEIPT_FILTER)
    if path is not None:
        import_receipt_file(window, window.store, window.tasks, remember("receipt", path), _reload(window))


# ---------------------------------------------------------------- county


def open_enrolment(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.exchange.enrolment_window import EnrolmentWindow

        return EnrolmentWindow(window.store, window.tasks)

    return show_tool_window(window, "exchange-enrolment", build)


def issue_task(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.exchange.county import IssueTaskDialog

        dialog = IssueTaskDialog(window.store, window.tasks, window.navigator.year)
        dialog.last_folder = last_folder("task")
        return dialog

    return show_tool_window(window, "exchange-issue", build)


def open_import(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.exchange.import_window import ImportWindow

        view = ImportWindow(window.store, window.tasks)
        view.last_folder = last_folder("submission")
        view.imported.connect(_reload(window))
        view.imported.connect(_refresh_pending(window))
        return view

    return show_tool_window(window, "exchange-import", build)


def open_pending(window: MainWindow) -> QWidget:
    def build() -> QWidget:
        from ui.exchange.pending_window import PendingWindow

        view = PendingWindow(window.store, window.tasks, year=window.navigator.year)
        view.changed.connect(_reload(window))
        return view

    return show_tool_window(window, "exchange-pending", build)


def _refresh_pending(window: MainWindow) -> Any:
    """After an import, an open 待处理 window of the year shows the new conflicts and documents."""

    def refresh(*_args: object) -> None:
        from ui.exchange.pending_window import PendingWindow

        opened = window.tool_windows.get(f"exchange-pending@{window.navigator.year}")
        if isinstance(opened, PendingWindow):
            opened.refresh()

    return refresh


def produce_receipt(window: MainWindow) -> None:
    from ui.exchange.county import write_receipt

    year = window.navigator.year
    name = f"{window.settings.county_code or 'county'}-{year}-receipt-{datetime.now():%Y%m%d%H%M}.pdreceipt"
    path = asks.save_file(window, f"生成 {year} 年度回执", last_folder("receipt") / name, asks.RECEIPT_FILTER)
    if path is not None:
        write_receipt(window, window.store, window.tasks, year, remember("receipt", path))
