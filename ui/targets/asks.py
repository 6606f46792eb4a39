"""The modal questions the target sheet asks: a reason to reopen, library picks, a sheet to copy.

Module functions called through the module (``asks.reopen_reason(...)``), so a test replaces one
with ``monkeypatch.setattr(asks, "reopen_reason", ...)`` and no dialog's ``exec()`` ever blocks it.
The dialogs are imported when first asked for: opening a sheet loads none of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QWidget

from perfdesk.domain.library import LibraryEntry
from perfdesk.services.store import Store


def reopen_reason(parent: QWidget | None) -> str | None:
    """Why a completed sheet is reopened (kept in the audit log); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(
        parent, "重新打开", "重新打开后可以修改，审计日志会记录此操作。\n请填写重新打开的原因："
    )
    return text if ok else None


def library_entries(
    parent: QWidget | None, entries: Sequence[LibraryEntry], *, category: str | None = None
) -> list[LibraryEntry]:
    """The entries picked in the library dialog (empty when cancelled)."""
    from ui.targets.library_picker import LibraryPicker

    dialog = LibraryPicker(entries, parent, category=category or None)
    try:
        return dialog.selected_entries() if dialog.exec() == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def copy_source(parent: QWidget | None, store: Store, project_id: int) -> int | None:
    """The id of the target sheet to copy goals and indicators from; None when cancelled."""
    from ui.targets.copy_dialog import CopyTargetsDialog

    dialog = CopyTargetsDialog(store, project_id, parent)
    try:
        return dialog.source_document_id() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
