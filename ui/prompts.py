"""Small blocking questions to the person: confirm, warn, pick a file, type a year, open a folder.

They live here, as module functions called through the module (``prompts.confirm(...)``), so a
test replaces one of them with ``monkeypatch.setattr(prompts, "confirm", ...)`` and every window
that asks goes through the replacement. The file and input dialogs and the desktop services are
imported where they are used: start-up imports this module but asks none of these questions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

DATABASE_FILTER = "PerfDesk 数据库备份 (*.sqlite3 *.db);;所有文件 (*)"


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; the safe answer (否) is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the person why something was refused and what to do instead."""
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def choose_save_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), DATABASE_FILTER)
    return Path(path) if path else None


def choose_open_path(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder), DATABASE_FILTER)
    return Path(path) if path else None


def ask_year(parent: QWidget | None, suggested: int) -> int | None:
    """The fiscal year to add, or None when the person cancelled."""
    from PySide6.QtWidgets import QInputDialog

    year, ok = QInputDialog.getInt(parent, "新建年度", "预算年度（四位数字）：", suggested, 2000, 2100, 1)
    return year if ok else None


def open_folder(path: Path) -> bool:
    """Show ``path`` in the system's file manager."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
