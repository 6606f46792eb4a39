"""A window per open monitoring sheet: ``open_monitoring`` finds (or starts) the sheet and shows it.

Which sheet: the one of ``month`` when given (started from the completed targets if there is
none yet); without a month, the project's latest monitoring sheet — the one the overview shows —
or, when it has none, a new one for the installation's cut-off month (default 7).

Opening a sheet that is already open brings its window to the front (two windows saving the same
document would overwrite each other). Closing the window stores the cell still being edited.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from perfdesk.domain.labels import label
from perfdesk.domain.monitoring import read_month
from perfdesk.services import catalog, forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.monitoring import start_monitoring
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.monitoring.editor import MonitoringEditor
from ui.monitoring.period import period_text
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

KIND = "monitoring"
DEFAULT_SIZE = (1440, 900)

_open: dict[tuple[str, int], MonitoringWindow] = {}


def window_title(record: DocumentRecord) -> str:
    """“绩效运行监控表 — <项目名称>（<年度>年1—<月>月）”."""
    project = record.body.get("project")
    name = str(project.get("name") or "") if isinstance(project, dict) else ""
    month = read_month(record.form()) or record.period
    return f"{label('form.monitoring')} — {name}（{record.fiscal_year}年{period_text(month)}）"


class MonitoringWindow(QMainWindow):
    """One open monitoring sheet: the editor, and the status bar it reports to."""

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("monitoringWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settings = load_settings(store)
        self.store = store
        self.editor = MonitoringEditor(
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


def find_monitoring(store: Store, project_id: int, month: int | None = None) -> DocumentRecord | None:
    """The project's sheet of ``month``; without one, its latest sheet (None when it has none)."""
    if month is not None:
        return forms.find_document(store, project_id, KIND, month)
    year = catalog.get_project(store, project_id).fiscal_year
    sheets = [r for r in forms.list_documents(store, year, KIND) if r.project_id == project_id]
    return max(sheets, key=lambda record: record.period, default=None)


def open_monitoring(
    store: Store,
    tasks: TaskRunner,
    project_id: int,
    parent: QWidget | None = None,
    *,
    month: int | None = None,
) -> MonitoringWindow:
    """Show a monitoring sheet of ``project_id`` (see the module for which), starting one if needed.

    Raises ``ValidationFailed`` (targets not completed, a month not 1–12 …) or ``LookupError`` as
    the services do; the caller presents it.
    """
    record = find_monitoring(store, project_id, month) or start_monitoring(store, project_id, month)
    key = _key(store, record.id)
    if key not in _open:
        record = forms.refresh_header(store, record.id)
    window = _open.get(key)
    if window is None:
        window = MonitoringWindow(store, tasks, record, parent)
        _open[key] = window
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()
    return window


def open_windows() -> list[MonitoringWindow]:
    """The monitoring sheets open now (the main window asks before quitting, tests look)."""
    return list(_open.values())
