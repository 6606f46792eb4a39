"""A window per open target sheet: ``open_targets`` finds (or starts) the project's sheet and shows it.

Opening a sheet that is already open brings its window to the front instead of opening a second
one (two windows saving the same document would overwrite each other). Closing the window stores
the cell and the goal line still being edited. The window itself is :class:`ui.forms_common.window.FormWindow`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from perfdesk.domain.labels import label
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.settings import AppSettings
from perfdesk.services.store import Store
from ui.forms_common.window import FormWindow, open_form, sheet_name
from ui.targets.editor import TargetsEditor
from ui.tasks import TaskRunner

KIND = "targets"
DEFAULT_SIZE = (1280, 860)


def window_title(record: DocumentRecord) -> str:
    """“绩效目标表 — <项目名称>（<年度>年度）”."""
    return f"{label('form.targets')} — {sheet_name(record)}（{record.fiscal_year}年度）"


class TargetsWindow(FormWindow):
    """One open target sheet: the editor, and the status bar it reports to."""

    object_name = "targetsWindow"
    default_size = DEFAULT_SIZE
    editor: TargetsEditor

    def make_editor(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, settings: AppSettings
    ) -> TargetsEditor:
        return TargetsEditor(
            store, tasks, record, framework=settings.framework, decimals=settings.money_decimals
        )

    title = staticmethod(window_title)


def open_targets(
    store: Store, tasks: TaskRunner, project_id: int, parent: QWidget | None = None
) -> TargetsWindow:
    """Show the target sheet of ``project_id`` for its fiscal year, starting one if there is none.

    Raises ``ValidationFailed`` or ``LookupError`` as the forms service does (the caller presents it).
    """
    record = forms.find_document(store, project_id, KIND) or forms.create_document(store, project_id, KIND)
    return open_form(TargetsWindow, store, tasks, record, parent)


def open_windows() -> list[TargetsWindow]:
    """The target sheets open now (the main window asks before quitting, tests look)."""
    return TargetsWindow.open_windows()
