"""A window per open form sheet, and ``open_form`` that finds (or starts) it and shows it.

Opening a sheet that is already open brings its window to the front instead of opening a second
one (two windows saving the same document would overwrite each other). Closing the window stores
what is still being edited. Each kind subclasses :class:`FormWindow` (its editor, title and size)
and has its own registry of open windows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from perfdesk.services import forms
from perfdesk.services.forms import DocumentRecord
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from perfdesk.services.settings import AppSettings

W = TypeVar("W", bound="FormWindow")

SAVED_HINT = "每次修改都会立即保存"


def sheet_name(record: DocumentRecord) -> str:
    """The project's name as the sheet's header stores it ("" when there is none)."""
    project = record.body.get("project")
    return str(project.get("name") or "") if isinstance(project, dict) else ""


class FormWindow(QMainWindow):
    """One open sheet: the editor, and the status bar it reports to.

    A kind sets ``object_name``, ``default_size`` and ``status_hint`` and implements
    :meth:`make_editor` and :meth:`title`. Each subclass gets its own registry of open windows.
    """

    object_name: ClassVar[str] = "formWindow"
    default_size: ClassVar[tuple[int, int]] = (1280, 860)
    status_hint: ClassVar[str] = SAVED_HINT
    _open: ClassVar[dict[tuple[str, int], FormWindow]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._open = {}

    def __init__(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settings = load_settings(store)
        self.store = store
        self.editor = self.make_editor(store, tasks, record, settings)
        self.setCentralWidget(self.editor)
        self.setWindowTitle(self.title(record))
        self.resize(*self.default_size)
        self.editor.document_saved.connect(self._on_editor_document_saved)
        self.connect_editor()
        self.statusBar().showMessage(self.status_hint)

    # ------------------------------------------------------------ what a kind says

    def make_editor(
        self, store: Store, tasks: TaskRunner, record: DocumentRecord, settings: AppSettings
    ) -> Any:
        raise NotImplementedError

    @staticmethod
    def title(record: DocumentRecord) -> str:
        raise NotImplementedError

    def connect_editor(self) -> None:
        """More of the editor's signals to the window (none by default)."""

    # ------------------------------------------------------------ shared

    @property
    def record(self) -> DocumentRecord:
        return self.editor.record  # type: ignore[no-any-return]

    def _on_editor_document_saved(self, record: DocumentRecord) -> None:
        self.statusBar().showMessage(f"已保存（{datetime.now():%H:%M:%S}）")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.commit_pending()
        key = window_key(self.store, self.editor.record.id)
        if self._open.get(key) is self:
            del self._open[key]
        super().closeEvent(event)

    @classmethod
    def open_windows(cls: type[W]) -> list[W]:
        """The windows of this kind open now."""
        return list(cls._open.values())  # type: ignore[arg-type]


def window_key(store: Store, document_id: int) -> tuple[str, int]:
    return str(store.database_path), document_id


def bring_to_front(window: QMainWindow) -> None:
    """Show ``window``, not minimised, raised and active."""
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()


def open_form(
    window_class: type[W],
    store: Store,
    tasks: TaskRunner,
    record: DocumentRecord,
    parent: QWidget | None = None,
) -> W:
    """Show the window of ``record``: the one already open, or a new one of ``window_class``.

    A sheet not open yet gets its header refreshed from the project first.
    """
    key = window_key(store, record.id)
    if key not in window_class._open:
        record = forms.refresh_header(store, record.id)
    window = window_class._open.get(key)
    if window is None:
        window = window_class(store, tasks, record, parent)
        window_class._open[key] = window
    bring_to_front(window)
    return window  # type: ignore[return-value]
