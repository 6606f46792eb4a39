"""The main window's 导入导出 menu: 从 Excel 导入… (the dialog is imported when first opened)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from ui.excel.import_dialog import ExcelImportDialog
    from ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("导入导出(&I)")
    action = QAction("从 Excel 导入…", window)
    action.setStatusTip("从 .xlsx 或 .csv 导入单位、项目（含资金）和绩效目标表，先预览再写入")
    action.triggered.connect(lambda _checked=False: open_import(window))
    menu.addAction(action)
    window.extension_actions["excel_import"] = action


def open_import(window: MainWindow) -> ExcelImportDialog:
    from ui.excel.import_dialog import ExcelImportDialog

    dialog = ExcelImportDialog(window.store, window.tasks, window.navigator.year, window)
    dialog.imported.connect(lambda _result: window.reload())
    dialog.show()
    return dialog
