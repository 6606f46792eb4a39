"""A window per open self-evaluation: ``open_selfeval`` finds (or starts) the project's sheet and shows it.

Starting one takes the indicators, goals and 年初预算数 from the completed target sheet
(``selfeval.start_selfeval``); without one it refuses with ``ValidationFailed``, which the caller
presents. Opening a sheet that is already open brings its window to the front (two windows saving
the same document would overwrite each other). Closing the window stores what is being edited.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from perfdesk.domain.labels import label
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.selfeval import KIND, start_selfeval
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.selfeval.editor import SelfEvalEditor
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

DEFAULT_SIZE = (1320, 900)

_open: dict[tuple[str, int], SelfEvalWindow] = {}


def window_title(record: DocumentRecord) -> str:
    """“项目支出绩效自评表 — <项目名称>（<年度>年度）”."""
    project = record.body.get("project")
    name = str(project.get("name") or "") if isinstance(project, dict) else ""
    return f"{label('form.selfeval')} — {name}（{record.fiscal_year}年度）"


class SelfEvalWindow(QMainWindow):
    """One open self-evaluation: the editor, and the status bar it reports to."""

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("selfevalWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settings = load_settings(store)
        self.store = store
        self.editor = SelfEvalEditor(
            store, tasks, record, decimals=settings.money_decimals, framework=settings.framework
        )
        self.setCentralWidget(self.editor)
        self.setWindowTitle(window_title(record))
        self.resize(*DEFAULT_SIZE)
        self.editor.document_saved.connect(self._on_editor_document_saved)
        self.editor.message_shown.connect(self._on_editor_message_shown)
        self.statusBar().showMessage("每次修改都会立即保存，得分随之重算")

    @property
    def record(self) -> DocumentRecord:
        return self.editor.record

    def _on_editor_document_saved(self, record: DocumentRecord) -> None:
        self.statusBar().showMessage(f"已保存（{datetime.now():%H:%M:%S}）")

    def _on_editor_message_shown(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.commit_pending()
        key = _key(self.store, self.editor.record.id)
        if _open.get(key) is self:
            del _open[key]
        super().closeEvent(event)


def _key(store: Store, document_id: int) -> tuple[str, int]:
    return str(store.database_path), document_id


def open_selfeval(
    store: Store, tasks: TaskRunner, project_id: int, parent: QWidget | None = None
) -> SelfEvalWindow:
    """Show the self-evaluation of ``project_id``, starting one from its completed targets if none.

    Raises ``ValidationFailed`` (no completed target sheet …) or ``LookupError`` as the services do;
    the caller presents it.
    """
    record = forms.find_document(store, project_id, KIND) or start_selfeval(store, project_id)
    key = _key(store, record.id)
    if key not in _open:
        record = forms.refresh_header(store, record.id)
    window = _open.get(key)
    if window is None:
        window = SelfEvalWindow(store, tasks, record, parent)
        _open[key] = window
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()
    return window


def open_windows() -> list[SelfEvalWindow]:
    """The self-evaluations open now (the main window asks before quitting, tests look)."""
    return list(_open.values())
