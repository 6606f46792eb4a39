"""Windows of the review: one per reviewed target sheet (``open_review``).

Opening the review of a sheet that is already open brings its window to the front: two windows
saving one review would overwrite each other. Closing the window stores what is still unsaved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from perfdesk.domain.labels import label
from perfdesk.services.store import Store
from ui.review.review_panel import ReviewPanel

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

DEFAULT_SIZE = (1100, 820)

_open: dict[tuple[str, int], ReviewWindow] = {}


class ReviewWindow(QMainWindow):
    """The review panel of one target sheet in a window of its own."""

    def __init__(self, store: Store, document_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.panel = ReviewPanel(store, document_id)
        self.setCentralWidget(self.panel)
        self.setWindowTitle(self.panel.title.text() or label("review.title"))
        self.resize(*DEFAULT_SIZE)
        self.panel.review_saved.connect(self._on_panel_review_saved)
        self.panel.review_finalised.connect(self._on_panel_review_saved)

    def _on_panel_review_saved(self, _review: object) -> None:
        self.statusBar().showMessage("已保存")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.panel.commit_pending()
        key = _key(self.store, self.panel.document.id)
        if _open.get(key) is self:
            del _open[key]
        super().closeEvent(event)


def _key(store: Store, document_id: int) -> tuple[str, int]:
    return str(store.database_path), document_id


def open_review(store: Store, document_id: int, parent: QWidget | None = None) -> ReviewWindow:
    """Show the review of target sheet ``document_id``, starting one when the sheet waits for it.

    Raises ``ValidationFailed`` or ``LookupError`` as the reviews service does (the caller presents it).
    """
    key = _key(store, document_id)
    window = _open.get(key)
    if window is None:
        window = ReviewWindow(store, document_id, parent)
        _open[key] = window
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()
    return window


def open_windows() -> list[ReviewWindow]:
    """The reviews open now (tests look; the main window may ask before quitting)."""
    return list(_open.values())
