"""A window per open self-evaluation: ``open_selfeval`` finds (or starts) the project's sheet and shows it.

Starting one takes the indicators, goals and 年初预算数 from the completed target sheet
(``selfeval.start_selfeval``); without one it refuses with ``ValidationFailed``, which the caller
presents. Opening a sheet that is already open brings its window to the front (two windows saving
the same document would overwrite each other). Closing the window stores what is being edited.
The window itself is :class:`ui.forms_common.window.FormWindow`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from perfdesk.domain.labels import label
from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.selfeval import KIND, start_selfeval
from perfdesk.services.settings import AppSettings
from perfdesk.services.store import Store
from ui.forms_common.window import SAVED_HINT, FormWindow, open_form, sheet_name
from ui.selfeval.editor import SelfEvalEditor
from ui.tasks import TaskRunner

DEFAULT_SIZE = (1320, 900)


def window_title(record: DocumentRecord) -> str:
    """“项目支出绩效自评表 — <项目名称>（<年度>年度）”."""
    return f"{label('form.selfeval')} — {sheet_name(record)}（{record.fiscal_year}年度）"


class SelfEvalWindow(FormWindow):
    """One open self-evaluation: the editor, and the status bar it reports to."""

    object_name = "selfevalWindow"
    default_size = DEFAULT_SIZE
    status_hint = f"{SAVED_HINT}，得分随之重算"
    editor: SelfEvalEditor

    def make_editor(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, settings: AppSettings
    ) -> SelfEvalEditor:
        return SelfEvalEditor(
            store, tasks, record, decimals=settings.money_decimals, framework=settings.framework
        )

    title = staticmethod(window_title)

    def connect_editor(self) -> None:
        self.editor.message_shown.connect(self._on_editor_message_shown)

    def _on_editor_message_shown(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)


def open_selfeval(
    store: Store, tasks: TaskRunner, project_id: int, parent: QWidget | None = None
) -> SelfEvalWindow:
    """Show the self-evaluation of ``project_id``, starting one from its completed targets if none.

    Raises ``ValidationFailed`` (no completed target sheet …) or ``LookupError`` as the services do;
    the caller presents it.
    """
    record = forms.find_document(store, project_id, KIND) or start_selfeval(store, project_id)
    return open_form(SelfEvalWindow, store, tasks, record, parent)


def open_windows() -> list[SelfEvalWindow]:
    """The self-evaluations open now (the main window asks before quitting, tests look)."""
    return SelfEvalWindow.open_windows()
