"""Starting the desktop program: the Qt application, the data folder and the first questions.

``run(data_dir)`` is what ``perfdesk`` (no subcommand) calls. It is split for tests into
``create_application`` (the QApplication with Chinese Qt translations) and ``start`` (logging,
crash handler, font, style sheet, opening the store with its recoveries, the demo offer and the
main window). Every question start-up asks goes through ``ask``, which tests replace to click a
button of the real message box instead of running its modal loop.

The way to the first window reads through the store's fast path and imports nothing it does not
show; once the window is up, ``ui.warm_up`` loads the rest (SQLAlchemy, the ORM, the version) on
a background thread. Import-time cost here is start-up time: keep heavy imports out of this
module and out of the modules the main window imports, or import them where they are used.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

import perfdesk
from perfdesk import APP_NAME, APP_TITLE
from perfdesk.paths import DATABASE_FILE, resource_path
from perfdesk.services import backups, catalog
from perfdesk.services.settings import load_settings, save_settings
from perfdesk.services.store import AlreadyRunning, DatabaseDamaged, StorageError, Store
from ui import crash, fonts, logging_setup, prompts
from ui.tasks import TaskRunner
from ui.warm_up import WarmUp, environment_line

if TYPE_CHECKING:
    from ui.main_window import MainWindow

logger = logging.getLogger(__name__)

EXIT_NOT_STARTED = 2
"""Exit code when the data folder cannot be used (in use, damaged and not restored) — as the CLI."""
EXIT_STARTUP_FAILED = 1
QT_TRANSLATION = "qtbase_zh_CN"
STYLE_SHEET_FILE = ("style", "perfdesk.qss")

_running: list[tuple[Store, TaskRunner]] = []


def ask(box: QMessageBox) -> QAbstractButton | None:
    """Show ``box`` modally; return the button clicked. Tests replace this to click without a loop."""
    box.exec()
    return box.clickedButton()


# ---------------------------------------------------------------------- the application


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (made once, reused after), named, in Chinese, quitting cleanly."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or [APP_NAME]))
    if app.property("perfdesk_ready"):
        return app
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("perfdesk")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_qt_translation(app)
    app.aboutToQuit.connect(shutdown)
    app.setProperty("perfdesk_ready", True)
    return app


def install_qt_translation(app: QApplication) -> bool:
    """Load Qt's ``qtbase_zh_CN`` so standard buttons and dialogs read 确定/取消/打开."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / f"{QT_TRANSLATION}.qm").is_file():
        logger.warning("找不到 Qt 中文翻译 %s.qm（在 %s），标准按钮将显示英文", QT_TRANSLATION, folder)
        return False
    translator = QTranslator(app)  # parented: lives as long as the application
    if not translator.load(QT_TRANSLATION, str(folder)) or not app.installTranslator(translator):
        logger.warning("无法载入 Qt 中文翻译 %s", folder / f"{QT_TRANSLATION}.qm")
        return False
    return True


def load_style_sheet(app: QApplication) -> bool:
    """Apply ``resources/style/perfdesk.qss`` when the build ships one."""
    try:
        path = resource_path(*STYLE_SHEET_FILE)
    except FileNotFoundError:
        return False
    app.setStyleSheet(path.read_text(encoding="utf-8"))
    return True


def create_main_window(store: Store, tasks: TaskRunner) -> MainWindow:
    """Build the main window (imported late: start-up questions come before its imports)."""
    from ui.main_window import MainWindow

    return MainWindow(store, tasks)


# ---------------------------------------------------------------------- start and stop


def start(data_dir: Path) -> MainWindow | None:
    """Prepare everything and show the main window; None when the data folder cannot be used."""
    app = create_application()
    logging_setup.setup_logging(data_dir)
    logger.info("%s 启动：数据文件夹 %s（运行环境在窗口打开后记录）", APP_NAME, data_dir)
    handler = crash.install(data_dir)
    fonts.register_cjk_font(app)
    load_style_sheet(app)
    store = open_store(data_dir)
    if store is None:
        return None
    tasks = TaskRunner()
    _running.append((store, tasks))
    try:
        previous_crash = handler.enable_fault_log()
        if previous_crash:
            show_previous_crash(previous_crash, handler.log_folder)
        offer_demo(store, tasks)
        window = create_main_window(store, tasks)
    except BaseException:
        shutdown()
        raise
    window.show()
    freeze_long_lived_objects()
    warm_up = WarmUp(store, window)
    warm_up.finished.connect(_on_warm_up_finished)
    warm_up.start_later()
    return window


def freeze_long_lived_objects() -> None:
    """Keep what exists now (modules, classes, the window) out of every later garbage collection.

    None of it becomes garbage before the program ends, yet each full collection walks all of it:
    about 7 ms at this point and 30 ms once the warm-up has loaded SQLAlchemy — a stall while
    typing, and several passes again at exit. ``gc.freeze`` moves it to the permanent generation;
    what is made later is collected as usual. Start-up leaves no cyclic garbage to be kept.
    """
    gc.freeze()


def _on_warm_up_finished(_environment: str) -> None:
    freeze_long_lived_objects()  # now with SQLAlchemy and the models
    app = QApplication.instance()
    if app is not None:
        app.setApplicationVersion(perfdesk.version())


def shutdown() -> None:
    """Stop background work and close the store (at quit; tests call it after each start)."""
    while _running:
        store, tasks = _running.pop()
        tasks.shutdown()
        store.close()
    logging_setup.flush()


def run(data_dir: Path) -> int:
    """The GUI's entry point: returns the process exit code."""
    app = create_application(sys.argv)
    try:
        window = start(data_dir)
    except Exception as exc:
        logger.critical("启动失败（%s）", environment_line(), exc_info=exc)
        show_startup_failure(exc)
        return EXIT_STARTUP_FAILED
    if window is None:
        return EXIT_NOT_STARTED
    try:
        return int(app.exec())
    finally:
        shutdown()


# ---------------------------------------------------------------------- opening the data folder


def open_store(data_dir: Path) -> Store | None:
    """Open the data folder's store, helping the person through a folder in use or a damaged file.

    Returns None when the program should exit (the person chose 退出, or another PerfDesk holds
    the folder); the database is never touched in that case.
    """
    while True:
        try:
            return Store.open(data_dir)
        except AlreadyRunning as exc:
            logger.warning("数据文件夹已被占用：%s", exc)
            show_already_running(data_dir)
            return None
        except DatabaseDamaged as exc:
            logger.error("数据文件无法使用 [%s]：%s", exc.check.code, exc)
            source = choose_restore_source(data_dir, exc)
            if source is None:
                return None
            try:
                result = backups.restore(data_dir, source)
            except backups.RestoreRefused as refused:
                logger.warning("恢复被拒绝 [%s]：%s", refused.code, refused)
                _tell(QMessageBox.Icon.Warning, "无法从这个文件恢复", f"{refused}\n\n请选择另一个备份文件。")
                continue
            except AlreadyRunning:
                show_already_running(data_dir)
                return None
            logger.info("已从 %s 恢复数据库；原文件保留为 %s", result.restored_from, result.kept_previous)
            kept = f"\n\n原来的数据文件已改名保留：\n{result.kept_previous}" if result.kept_previous else ""
            _tell(
                QMessageBox.Icon.Information,
                "已从备份恢复",
                f"已从备份恢复数据：\n{result.restored_from}{kept}\n\n备份之后录入的内容需要重新录入。",
            )
        except (StorageError, OSError) as exc:
            logger.error("无法打开数据文件夹 %s：%s", data_dir, exc)
            _tell(QMessageBox.Icon.Critical, "无法打开数据文件夹", f"{exc}\n\n数据文件夹：{data_dir}")
            return None


def show_already_running(data_dir: Path) -> None:
    _tell(
        QMessageBox.Icon.Warning,
        "PerfDesk 已在运行",
        f"另一个 PerfDesk 正在使用此数据文件夹：\n{data_dir}\n\n"
        "请切换到已经打开的 PerfDesk 窗口继续工作（可在任务栏中找到它）。"
        "两个程序同时修改同一份数据可能造成数据损坏，所以这次不会打开。",
    )


def choose_restore_source(data_dir: Path, exc: DatabaseDamaged) -> Path | None:
    """Explain the damaged file and ask where to restore from; None means 退出."""
    latest = exc.latest_backup
    if latest is not None:
        when = datetime.fromtimestamp(latest.stat().st_mtime)
        offer = (
            f"最近的自动备份是 {when:%Y-%m-%d %H:%M} 的 {latest.name}。"
            "恢复后，这个时间之后录入的内容需要重新录入。"
        )
    else:
        offer = "数据文件夹中没有自动备份。如果有手动备份（例如 U 盘上的备份文件），请选择它来恢复。"
    box = QMessageBox(QMessageBox.Icon.Critical, "数据文件无法打开", "PerfDesk 的数据文件无法使用。")
    box.setInformativeText(
        f"{exc.check.problem}\n\n数据文件：{data_dir / DATABASE_FILE}\n\n{offer}\n\n"
        "恢复时，当前的数据文件会改名保留在同一文件夹中，不会删除。"
    )
    restore_latest = (
        box.addButton("从最近的自动备份恢复", QMessageBox.ButtonRole.AcceptRole) if latest else None
    )
    choose = box.addButton("选择备份文件…", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore_latest or choose)
    box.setEscapeButton(quit_button)
    while True:
        answer = ask(box)
        if answer is not None and answer is restore_latest:
            return latest
        if answer is not choose:
            return None
        picked = prompts.choose_open_path(None, "选择备份文件", data_dir / "backups")
        if picked is not None:
            return picked


def _tell(icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(icon, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    ask(box)


# ---------------------------------------------------------------------- first-start questions


def offer_demo(store: Store, tasks: TaskRunner) -> None:
    """On the first start with an empty database, offer the demo county (asked once, ever)."""
    settings = load_settings(store)
    if settings.demo_offered:
        return
    empty = not catalog.load_tree(store, store.clock().year)
    answer = None
    load = None
    if empty:
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, "是否载入示例数据？")
        box.setInformativeText(
            "这是第一次使用 PerfDesk，数据库中还没有单位和项目。\n\n"
            "示例数据是一个虚构的县，包含几个单位、项目和已填写的表格，"
            "便于熟悉填报、打印和报送的流程。也可以从空白开始，直接录入本单位的数据。"
        )
        load = box.addButton("载入示例数据", QMessageBox.ButtonRole.YesRole)
        blank = box.addButton("从空白开始", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(blank)
        answer = ask(box)
    save_settings(store, replace(settings, demo_offered=True))
    if answer is None or answer is not load:
        return
    tasks.run(None, "正在载入示例数据…", lambda _progress: install_demo_data(store), cancellable=False)
    tasks.wait_idle(timeout=600)


def install_demo_data(store: Store) -> str:
    """Fill the store with the demo county; returns the summary a person reads."""
    from perfdesk.services import demo  # written beside the GUI; only needed when asked for

    summary = demo.install_demo(store)
    text = summary.describe() if hasattr(summary, "describe") else str(summary)
    logger.info("已载入示例数据：%s", text)
    return text


def show_previous_crash(report: str, log_folder: Path) -> None:
    """Tell the person the last run ended in a crash, with the report for support."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, "上次运行时 PerfDesk 意外退出。")
    box.setInformativeText(
        "已保存的数据不受影响；退出前正在编辑、尚未保存的内容可能需要重新录入。\n\n"
        f"崩溃报告已保存在 {log_folder / crash.PREVIOUS_FAULT_LOG}。"
        "如果问题反复出现，请把日志文件夹中的文件发给技术支持人员。"
    )
    box.setDetailedText(report)
    open_logs = box.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("继续", QMessageBox.ButtonRole.AcceptRole)
    if ask(box) is open_logs:
        prompts.open_folder(log_folder)


def show_startup_failure(exc: BaseException) -> None:
    log_file = logging_setup.current_log_file()
    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, "PerfDesk 无法启动，发生意外错误。")
    where = f"错误详情已记录在日志文件中：\n{log_file}\n\n" if log_file else ""
    box.setInformativeText(f"{where}请把日志文件发给技术支持人员。")
    box.setDetailedText(f"{type(exc).__name__}: {exc}")
    box.addButton("退出", QMessageBox.ButtonRole.AcceptRole)
    ask(box)
