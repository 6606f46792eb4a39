"""After the main window is shown: load, off the UI thread, what start-up deliberately left out.

The first window opens on the store's read path (plain SQL on the standard library's ``sqlite3``)
without SQLAlchemy, the ORM models or the package metadata. Shortly after the window is shown,
``WarmUp`` starts one thread that builds the store's engine (importing SQLAlchemy and the models,
and checking the pragmas on the engine's own connections) and reads the version, so the first save
and the 关于 box find everything loaded.

It waits ``WARM_UP_DELAY_MS`` first: a busy Python thread hands the interpreter lock over only
every few milliseconds, so started at once it would make each Python call of the first paint (the
tree model's ``data``) wait, and delay the first frame by about the warm-up's own length. A person
needs far longer than the delay plus the warm-up to reach the first edit. The thread is a daemon:
quitting must never wait for an import that nobody needs any more, and a store closed meanwhile
refuses to build (``Store.warm_up``).
"""

from __future__ import annotations

import contextlib
import logging
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal, qVersion

import perfdesk
from perfdesk.services.store import Store

logger = logging.getLogger(__name__)

WARM_UP_DELAY_MS = 300
"""Time for the first frames and the first input before the warm-up competes with them."""


def environment_line() -> str:
    """What support needs first: the versions of PerfDesk, Python, Qt and the operating system."""
    import platform

    return (
        f"{perfdesk.APP_NAME} {perfdesk.version()}，Python {platform.python_version()}，"
        f"Qt {qVersion()}，{platform.platform()}"
    )


class WarmUp(QObject):
    """Warms ``store`` up on a daemon thread, started from the event loop after the window shows.

    Signals:
        finished(str): the warm-up ended (on the UI thread); carries the environment line logged.
    """

    finished = Signal(str)
    _done_in_thread = Signal(str)

    def __init__(
        self, store: Store, parent: QObject | None = None, *, delay_ms: int = WARM_UP_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.delay_ms = delay_ms
        self.worker: threading.Thread | None = None
        self._done_in_thread.connect(self.finished, Qt.ConnectionType.QueuedConnection)

    def start_later(self) -> None:
        """Start the thread ``delay_ms`` after the event loop runs (the window is shown by then)."""
        QTimer.singleShot(self.delay_ms, self, self._start)

    def _start(self) -> None:
        self.worker = threading.Thread(target=self._run, name="perfdesk-warm-up", daemon=True)
        self.worker.start()

    def _run(self) -> None:
        try:
            self._store.warm_up()
        except Exception as exc:  # the first save meets the same problem and shows it to the person
            if self._store.closed:
                logger.info("数据文件夹已关闭，不再预先载入数据库组件")
            else:
                logger.warning("预先载入数据库组件失败", exc_info=exc)
        line = environment_line()
        logger.info("运行环境：%s", line)
        with contextlib.suppress(RuntimeError):  # the window (our parent) is gone: nobody waits
            self._done_in_thread.emit(line)
