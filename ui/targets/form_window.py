"""A window per open target sheet: ``open_targets`` finds (or starts) the project's sheet and shows it.

Opening a sheet that is already open brings its window to the front instead of opening a second
one (two windows saving the same document would overwrite each other). Closing the window stores
the cell and the goal line still being edited.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from perfdesk.domain.labels import label
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.targets.editor import TargetsEditor
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

KIND = "targets"
DEFAULT_SIZE = (1280, 860)

_open: dict[tuple[str, int], TargetsWindow] = {}


def window_title(record: DocumentRecord) -> str:
    """“绩效目标表 — <项目名称>（<年度>年度）”."""
    project = record.body.get("project")
    name = str(project.get("name") or "") if isinstance(project, dict) else ""
    return f"{label('form.targets')} — {name}（{record.fiscal_year}年度）"


class TargetsWindow(QMainWindow):
    """One open target sheet: the editor, and the status bar it reports to."""

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("targetsWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settings = load_settings(store)
        self.store = store
        self.editor = TargetsEditor(
            store, tasks, record, framework=settings.framework, decimals=settings.money_decimals
        )
        self.setCentralWidget(self.editor)
        self.setWindowTitle(window_title(record))
        self.resize(*DEFAULT_SIZE)
        self.editor.document_saved.connect(self._on_editor_document_saved)
        self.statusBar().showMessage("每次修改都会立即保存")

    @property
    def record(self) -> DocumentRecord:
        return self.editor.record

    def _on_editor_document_saved(self, record: DocumentRecord) -> None:
        self.statusBar().showMessage(f"已保存（{datetime.now():%H:%M:%S}）")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.commit_pending()
        key = _key(self.store, self.editor.record.id)
        if _open.get(key) is self:
            del _open[key]
        super().closeEvent(event)


def _key(store: Store, document_id: int) -> tuple[str, int]:
    return str(store.database_path), document_id


def open_targets(
    store: Store, tasks: TaskRunner, project_id: int, parent: QWidget | None = None
) -> TargetsWindow:
    """Show the target sheet of ``project_id`` for its fiscal year, starting one if there is none.

    Raises ``ValidationFailed`` or ``LookupError`` as the forms service does (the caller presents it).
    """
    record = forms.find_document(store, project_id, KIND) or forms.create_document(store, project_id, KIND)
    key = _key(store, record.id)
    if key not in _open:
        record = forms.refresh_header(store, record.id)
    window = _open.get(key)
    if window is None:
        window = TargetsWindow(store, tasks, record, parent)
        _open[key] = window
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()
    return window


def open_windows() -> list[TargetsWindow]:
    """The target sheets open now (the main window asks before quitting, tests look)."""
    return list(_open.values())
