"""The main window's 数据交换 menu; its items depend on the working mode (乡镇 / 县级).

Both modes' actions are created once and registered in ``window.extension_actions``; each time the
menu is about to show, only the current mode's are visible, so a mode changed in 设置 takes
effect without rebuilding anything. The windows and dialogs are imported by the handlers in
``ui.exchange.actions`` when first used: start-up imports only this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ui.main_window import MainWindow

# name → (text, mode, handler name in ui.exchange.actions)
ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("exchange_key", "密钥…", "township", "open_key"),
    ("exchange_import_task", "导入任务包…", "township", "import_task"),
    ("exchange_export", "导出申报包…", "township", "open_export"),
    ("exchange_import_receipt", "导入回执…", "township", "import_receipt"),
    ("exchange_enrolment", "密钥与登记…", "county", "open_enrolment"),
    ("exchange_issue_task", "下发任务包…", "county", "issue_task"),
    ("exchange_import", "导入申报包…", "county", "open_import"),
    ("exchange_pending", "待处理…", "county", "open_pending"),
    ("exchange_receipt", "生成回执…", "county", "produce_receipt"),
)


def _handler(window: MainWindow, name: str) -> Callable[[bool], None]:
    def run(_checked: bool = False) -> None:
        from ui.exchange import actions

        getattr(actions, name)(window)

    return run


def install(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("数据交换(&X)")
    menu.setObjectName("exchangeMenu")
    modes: dict[str, str] = {}
    for key, text, mode, handler in ITEMS:
        action = QAction(text, window)
        action.setObjectName(key)
        action.triggered.connect(_handler(window, handler))
        menu.addAction(action)
        window.extension_actions[key] = action
        modes[key] = mode
    menu.aboutToShow.connect(lambda: show_mode(window, menu, modes))
    show_mode(window, menu, modes)


def show_mode(window: MainWindow, menu: QMenu, modes: dict[str, str]) -> None:
    """Show the actions of the window's current mode, hide the others."""
    mode = window.settings.mode
    for key, action_mode in modes.items():
        window.extension_actions[key].setVisible(action_mode == mode)
