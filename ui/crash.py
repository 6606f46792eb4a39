"""What happens when something goes wrong that no code expected.

* Uncaught exceptions (``sys.excepthook``, also used by Qt for exceptions in slots, and
  ``threading.excepthook``) are logged with their traceback and shown in a dialog that offers the
  log folder. The same crash repeating (a paint handler failing on every repaint) shows once.
* Hard crashes (a segfault in a C library) are written by ``faulthandler`` to
  ``logs/faulthandler.log``; a non-empty file is shown at the next start, then rotated.
* Qt's own warnings go into the log through ``qInstallMessageHandler``.

Nothing here writes to ``sys.stderr`` when it is None (windowed frozen builds).
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from PySide6.QtCore import QObject, QThread, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui import logging_setup, prompts

logger = logging.getLogger("perfdesk.crash")

FAULT_LOG = "faulthandler.log"
PREVIOUS_FAULT_LOG = "faulthandler.previous.log"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_QT_NOISE = ("This plugin does not support propagateSizeHints()",)
"""Qt messages that say nothing about PerfDesk; logged at DEBUG only."""

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def show_crash_dialog(parent: QWidget | None, text: str, details: str, log_folder: Path) -> QMessageBox:
    """Show a crash non-modally, with 打开日志文件夹; tests replace this function."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, "PerfDesk 发生意外错误", text, QMessageBox.StandardButton.NoButton, parent
    )
    open_logs = box.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDetailedText(details)

    def _on_clicked(button: Any) -> None:
        if button is open_logs:
            prompts.open_folder(log_folder)

    box.buttonClicked.connect(_on_clicked)
    box.open()
    return box


class _Relay(QObject):
    """Lives on the UI thread; a crash in a worker thread reaches the dialog through it."""

    crashed = Signal(object)


class CrashHandler:
    """Installed once at start; ``uninstall`` puts back the previous hooks (tests)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.log_folder = logging_setup.log_dir(data_dir)
        self.seen: dict[tuple[object, ...], int] = {}
        self.dialogs: list[QMessageBox] = []
        self._relay = _Relay()
        self._relay.crashed.connect(self._show)
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        self._previous_qt_handler: Any = None
        self._fault_file: IO[str] | None = None

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        self._previous_qt_handler = qInstallMessageHandler(qt_message_handler)

    def uninstall(self) -> None:
        sys.excepthook = self._previous_excepthook
        threading.excepthook = self._previous_threading_hook
        qInstallMessageHandler(self._previous_qt_handler)
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    # ------------------------------------------------------------------ exceptions

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """``sys.excepthook``: log, then show (once per distinct crash)."""
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_excepthook(exc_type, exc, tb)
            return
        self.report((exc_type, exc, tb))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.report((args.exc_type, args.exc_value, args.exc_traceback))

    def report(self, exc_info: ExcInfo) -> None:
        """Log a crash; show it unless the same crash was already shown. Any thread."""
        key = crash_key(exc_info)
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        if count > 1:
            logger.error("同一意外错误再次发生（第 %d 次）：%s: %s", count, exc_info[0].__name__, exc_info[1])
            return
        logger.critical("未处理的异常", exc_info=exc_info)
        logging_setup.flush()
        app = QApplication.instance()
        if app is None:
            return
        if QThread.currentThread() is app.thread():
            self._show(exc_info)
        else:
            self._relay.crashed.emit(exc_info)

    def _show(self, exc_info: ExcInfo) -> None:
        log_file = logging_setup.current_log_file() or self.log_folder
        text = (
            "PerfDesk 遇到了意外错误，刚才的操作可能没有完成。\n\n"
            "已保存的数据不受影响；正在编辑的内容请检查后重新保存。\n\n"
            f"错误详情已记录在日志文件中：\n{log_file}\n\n"
            "如果问题反复出现，请把日志文件夹中的文件发给技术支持人员。"
        )
        details = "".join(traceback.format_exception(*exc_info))
        try:
            dialog = show_crash_dialog(QApplication.activeWindow(), text, details, self.log_folder)
        except Exception:  # the dialog must never crash the crash handler
            logger.exception("无法显示错误对话框")
            return
        self.dialogs.append(dialog)

    # ------------------------------------------------------------------ hard crashes

    def enable_fault_log(self) -> str:
        """Start writing hard crashes to ``logs/faulthandler.log``; return the previous run's report.

        Call only while holding the data folder's lock: the file belongs to the running instance.
        """
        path = self.log_folder / FAULT_LOG
        previous = ""
        if path.exists() and path.stat().st_size > 0:
            previous = path.read_text(encoding="utf-8", errors="replace")
            logger.error("上次运行时程序意外退出：\n%s", previous)
            try:
                os.replace(path, self.log_folder / PREVIOUS_FAULT_LOG)
            except OSError as exc:
                logger.warning("无法轮换 %s：%s", path, exc)
        self._fault_file = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run
        faulthandler.enable(self._fault_file, all_threads=True)
        return previous


def crash_key(exc_info: ExcInfo) -> tuple[object, ...]:
    """What makes two crashes "the same": type, message and where it was raised."""
    exc_type, exc, tb = exc_info
    frames = tuple((f.filename, f.lineno) for f in traceback.extract_tb(tb)) if tb else ()
    return (exc_type.__qualname__, str(exc), frames)


def qt_message_handler(msg_type: QtMsgType, context: Any, message: str) -> None:
    """Qt's messages into the log, under ``qt`` (or ``qt.<category>``)."""
    category = getattr(context, "category", None) or ""
    name = f"qt.{category}" if category and category != "default" else "qt"
    level = _QT_LEVELS.get(msg_type, logging.WARNING)
    if any(noise in message for noise in _QT_NOISE):
        level = logging.DEBUG
    logging.getLogger(name).log(level, "%s", message)


_handler: CrashHandler | None = None


def install(data_dir: Path) -> CrashHandler:
    """Install the crash handler for this run (replacing an earlier one)."""
    global _handler
    uninstall()
    _handler = CrashHandler(data_dir)
    _handler.install()
    return _handler


def uninstall() -> None:
    global _handler
    if _handler is not None:
        _handler.uninstall()
        _handler = None


def current() -> CrashHandler | None:
    return _handler
