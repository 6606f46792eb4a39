"""The questions the exchange screens ask: files, folders, the key password, the fingerprint check.

Module functions called through the module (``asks.open_files(...)``), so a test replaces one with
``monkeypatch.setattr(asks, "open_files", ...)`` and no native dialog blocks it. ``refused`` is how
a refusal with a code (a package that fails verification, a wrong password) reaches a person.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from perfdesk.exchange.keys import spaced

PDKEY_FILTER = "密钥登记文件 (*.pdkey)"
PDF_FILTER = "PDF 文件 (*.pdf)"
TASK_FILTER = "任务包 (*.pdtask)"
SUBMISSION_FILTER = "申报包 (*.pdsub)"
RECEIPT_FILTER = "回执包 (*.pdreceipt)"


def save_file(parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
    """Where to write a file (None when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(path) if path else None


def open_file(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
    """One file to read (None when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder), file_filter)
    return Path(path) if path else None


def open_files(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> list[Path]:
    """One or more files to read (empty when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(folder), file_filter)
    return [Path(p) for p in paths]


def open_folder(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    """A folder (a USB stick) whose packages to read (None when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getExistingDirectory(parent, title, str(folder))
    return Path(path) if path else None


def password(parent: QWidget | None, purpose: str) -> tuple[str, bool] | None:
    """The key password before a signing, and whether to keep the key unlocked for this run."""
    from ui.exchange.unlock import PasswordDialog

    dialog = PasswordDialog(purpose, parent)
    try:
        return dialog.answer() if dialog.exec() == PasswordDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def confirm_key(parent: QWidget | None, title: str, who: str, key_id: str, paper: str) -> bool:
    """Has the operator compared ``key_id`` group by group with the stamped ``paper``?"""
    box = QMessageBox(QMessageBox.Icon.Question, title, "", QMessageBox.StandardButton.NoButton, parent)
    box.setText(f"{who}的密钥标识：\n\n{spaced(key_id)}\n\n请与{paper}上印的密钥标识逐组核对。完全一致吗？")
    yes = box.addButton("一致，确认", QMessageBox.ButtonRole.YesRole)
    box.addButton("不一致，取消", QMessageBox.ButtonRole.NoRole)
    box.exec()
    confirmed = box.clickedButton() is yes
    box.deleteLater()
    return confirmed


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from ui import prompts

    return prompts.confirm(parent, title, text)


def text(parent: QWidget | None, title: str, label: str, current: str = "") -> str | None:
    """A line of text (a revocation reason, a return reason); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, text=current)
    return value if ok else None


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Say what was done (non-blocking: tests and the offscreen platform never wait on it)."""
    from ui.errors import show_message

    show_message(parent, QMessageBox.Icon.Information, title, text)


def refused(parent: QWidget | None, exc: BaseException) -> None:
    """A refusal with a stable code: the Chinese sentence first, the code after it for support."""
    from ui.errors import show_message

    code = getattr(exc, "code", "")
    where = getattr(exc, "file", "")
    text = f"{exc}{f'（{where}）' if where else ''}" + (f"\n\n错误代码：{code}" if code else "")
    show_message(parent, QMessageBox.Icon.Warning, "无法完成操作", text)


def failed(parent: QWidget | None, exc: BaseException) -> None:
    """The ``on_error`` of exchange work: refusals with a code as ``refused``, the rest as usual."""
    from perfdesk.exchange.errors import PackageError
    from perfdesk.exchange.keys import KeyProblem
    from perfdesk.services.exchange_log import ExchangeRefused
    from ui import tasks

    if isinstance(exc, (PackageError, ExchangeRefused, KeyProblem)):
        refused(parent, exc)
    else:
        tasks.present_error(parent, exc)
