"""A window per open monitoring sheet: ``open_monitoring`` finds (or starts) the sheet and shows it.

Which sheet: the one of ``month`` when given (started from the completed targets if there is
none yet); without a month, the project's latest monitoring sheet — the one the overview shows —
or, when it has none, a new one for the installation's cut-off month (default 7).

Opening a sheet that is already open brings its window to the front (two windows saving the same
document would overwrite each other). Closing the window stores the cell still being edited.
The window itself is :class:`ui.forms_common.window.FormWindow`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from perfdesk.domain.labels import label
from perfdesk.domain.monitoring import read_month
from perfdesk.services import catalog, forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.monitoring import start_monitoring
from perfdesk.services.settings import AppSettings
from perfdesk.services.store import Store
from ui.forms_common.window import FormWindow, open_form, sheet_name
from ui.monitoring.editor import MonitoringEditor
from ui.monitoring.period import period_text
from ui.tasks import TaskRunner

KIND = "monitoring"
DEFAULT_SIZE = (1440, 900)


def window_title(record: DocumentRecord) -> str:
    """“绩效运行监控表 — <项目名称>（<年度>年1—<月>月）”."""
    month = read_month(record.form()) or record.period
    return f"{label('form.monitoring')} — {sheet_name(record)}（{record.fiscal_year}年{period_text(month)}）"


class MonitoringWindow(FormWindow):
    """One open monitoring sheet: the editor, and the status bar it reports to."""

    object_name = "monitoringWindow"
    default_size = DEFAULT_SIZE
    editor: MonitoringEditor

    def make_editor(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, settings: AppSettings
    ) -> MonitoringEditor:
        return MonitoringEditor(
            store, tasks, record, framework=settings.framework, decimals=settings.money_decimals
        )

    title = staticmethod(window_title)


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
    return open_form(MonitoringWindow, store, tasks, record, parent)


def open_windows() -> list[MonitoringWindow]:
    """The monitoring sheets open now (the main window asks before quitting, tests look)."""
    return MonitoringWindow.open_windows()
