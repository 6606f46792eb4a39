"""How an error reaches a person: one presenter that turns any exception into a Chinese message.

Things a person can act on (a rule finding, a file that cannot be used, a folder in use) are
shown as they are; anything unexpected is logged with its traceback and shown as 发生意外错误
with the path of the log file to send to support. A cancelled task is only a status-bar note.
Boxes open non-modally (``open()``), so the caller goes on and offscreen tests never block.
"""

from __future__ import annotations

import errno
import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from perfdesk.domain.findings import Severity, ValidationFailed
from perfdesk.services.backups import RestoreRefused
from perfdesk.services.progress import Cancelled
from perfdesk.services.store import AlreadyRunning, StorageError
from ui import logging_setup

logger = logging.getLogger(__name__)

EXPECTED = (ValidationFailed, RestoreRefused, StorageError, AlreadyRunning, OSError)
"""Exceptions whose message is written for people: shown as they are, not as a crash."""

_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限（文件可能是只读的，或被其他程序占用）",
    errno.EPERM: "没有访问权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.EEXIST: "文件已存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
}

_open_boxes: set[QMessageBox] = set()  # parentless boxes stay alive until closed


def is_expected(exc: BaseException) -> bool:
    """True for errors with a message meant for people (no traceback needed in the log).

    Besides the classes above, every core error that carries a stable ``code`` (PackageError,
    ReportError, ImportRefused, KeyProblem …) is one: by the core's convention its message is a
    Chinese sentence that says what is wrong and where.
    """
    return isinstance(exc, EXPECTED) or _coded_core_error(exc) is not None


def _coded_core_error(exc: BaseException) -> str | None:
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code and type(exc).__module__.startswith("perfdesk."):
        return code
    return None


def describe_os_error(exc: OSError) -> str:
    """A Chinese sentence for a file-system error: which file, what went wrong, what to do."""
    reason = _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = f"“{exc.filename}”" if exc.filename else "文件"
    return f"无法读写{where}：{reason}。请检查路径、权限和剩余空间后重试。"


def present_error(parent: QWidget | None, exc: BaseException) -> QMessageBox | None:
    """Show ``exc`` to the person and return the message box (None for a cancelled task)."""
    if isinstance(exc, Cancelled):
        _show_status(parent, "已取消，没有做任何更改")
        return None
    if isinstance(exc, ValidationFailed):
        lines = [
            f"• {'提醒：' if f.severity == Severity.WARNING else ''}{f.message}" for f in exc.findings
        ] or [str(exc)]
        return show_message(
            parent, QMessageBox.Icon.Warning, "请先改正", "以下内容需要先改正：\n\n" + "\n".join(lines)
        )
    if isinstance(exc, OSError):
        logger.warning("文件操作失败：%s", exc)
        return show_message(parent, QMessageBox.Icon.Warning, "无法读写文件", describe_os_error(exc))
    if is_expected(exc):
        logger.warning("操作未完成：%s", exc)
        code = _coded_core_error(exc)
        text = f"{exc}\n\n（错误代码：{code}）" if code else str(exc)
        return show_message(parent, QMessageBox.Icon.Warning, "无法完成操作", text)
    logger.error("意外错误", exc_info=exc)
    log_file = logging_setup.current_log_file()
    where = f"错误详情已记录在日志文件中：\n{log_file}\n\n" if log_file else ""
    text = (
        "发生意外错误，刚才的操作没有完成。已保存的数据不受影响。\n\n"
        f"{where}如果问题反复出现，请把日志文件发给技术支持人员。"
    )
    details = "".join(traceback.format_exception(exc))
    return show_message(parent, QMessageBox.Icon.Critical, "发生意外错误", text, details)


def show_message(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
) -> QMessageBox:
    """Open a message box with a 确定 button without blocking; it deletes itself when closed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _open_boxes.add(box)
        box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()
    return box


def _show_status(parent: QWidget | None, text: str) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 5000)
    else:
        logger.info(text)
