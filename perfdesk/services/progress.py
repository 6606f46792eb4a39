"""Progress and cancellation for long work, without knowing who shows it (GUI dialog or CLI)."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The person cancelled; services roll back their transaction and change nothing."""


class Progress:
    """Passed to long-running services; ``step`` reports and raises ``Cancelled`` on request.

    ``on_report(done, total, text)`` is called from the worker thread; the GUI turns it into a
    signal. ``cancel()`` may be called from any thread.
    """

    def __init__(self, on_report: Callable[[int, int, str], None] | None = None) -> None:
        self._on_report = on_report
        self._cancel = threading.Event()

    def step(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled("已取消")
        if self._on_report is not None:
            self._on_report(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


NO_PROGRESS = Progress()
