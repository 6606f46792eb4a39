"""Background work for the desktop: the one helper every long service call goes through.

A ``TaskRunner`` runs a service function on a single worker thread (SQLite writes stay serial),
hands it a ``Progress`` whose reports and result come back to the UI thread through a queued
signal, shows a progress dialog only when the work takes longer than ~0.5 s, and sends every
error to ``present_error`` — the one place that turns an exception into what a person reads.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from perfdesk.services.progress import Cancelled, Progress
from ui import errors

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

T = TypeVar("T")
logger = logging.getLogger(__name__)

POLL_MS = 20
"""How often the UI thread looks for results and progress from the worker while work runs."""
PROGRESS_DELAY_MS = 500
"""Work that finishes sooner never shows a dialog: a flash of one is worse than none."""


def present_error(parent: QWidget | None, exc: BaseException) -> QMessageBox | None:
    """Show ``exc`` to the person; see ``ui.errors.present_error``. Tests replace this name."""
    return errors.present_error(parent, exc)


_gc_holds = 0


def _hold_cyclic_gc() -> None:
    """No cyclic garbage collection while background work runs.

    A collection triggered by the worker thread may free Qt wrappers made on the UI thread;
    shiboken then deletes their C++ objects from a pending call, and for a widget Qt had already
    deleted that crashed the program (seen with PySide6 6.11). Reference counting still frees
    almost everything; the cycles are collected on the UI thread when the work is done.
    """
    global _gc_holds
    if _gc_holds == 0:
        gc.disable()
    _gc_holds += 1


def _release_cyclic_gc() -> None:
    global _gc_holds
    if _gc_holds == 0:
        return
    _gc_holds -= 1
    if _gc_holds == 0:
        gc.enable()
        gc.collect()


class _ProgressDialog(QProgressDialog):
    """Stays up until the work has really stopped: closing or Esc asks to cancel, like 取消."""

    def __init__(self, parent: QWidget | None, label: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.cancellable = cancellable
        self.setWindowTitle("请稍候")
        self.setLabelText(label)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setRange(0, 0)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.canceled.disconnect(self.cancel)  # Qt would hide the dialog while the work goes on
        if cancellable:
            self.setCancelButtonText("取消")
        else:
            self.setCancelButton(None)  # type: ignore[arg-type]

    def reject(self) -> None:
        if self.cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()


@dataclass(eq=False)
class _Task:
    label: str
    parent: QWidget | None
    cancellable: bool
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    progress: Progress = field(init=False)
    timer: QTimer | None = None
    dialog: _ProgressDialog | None = None
    last_report: tuple[int, int, str] | None = None
    unsent_report: tuple[int, int, str] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def live_parent(self) -> QWidget | None:
        """The parent widget, unless it was closed and deleted while the work ran."""
        if self.parent is not None and shiboken6.isValid(self.parent):
            return self.parent
        return None


class TaskRunner(QObject):
    """Runs long service calls off the UI thread, one at a time, with delayed progress and cancel.

    Signals:
        task_started(label): a task was queued.
        task_progressed(label, done, total, text): the running task reported (on the UI thread).
        progress_shown(label): the task outlived the delay and its progress dialog appeared.
        task_finished(label, result): the task returned; ``on_done`` has already run.
        task_cancelled(label): the person cancelled and the service stopped (raised ``Cancelled``).
        task_failed(label, exc): the task raised; the error already went to ``on_error`` or was shown.

    Call ``shutdown()`` before the runner goes away (``ui.app`` does it at quit).
    """

    task_started = Signal(str)
    task_progressed = Signal(str, int, int, str)
    progress_shown = Signal(str)
    task_finished = Signal(str, object)
    task_cancelled = Signal(str)
    task_failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None, *, show_delay_ms: int = PROGRESS_DELAY_MS) -> None:
        super().__init__(parent)
        self.show_delay_ms = show_delay_ms
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="perfdesk-task")
        self._tasks: list[_Task] = []
        self._closed = False
        # The worker thread never calls into Qt: it queues closures here, and a timer on the UI
        # thread runs them while work is going on. (Emitting a Qt signal from the worker while the
        # UI thread was inside a Qt call crashed PySide6 now and then.)
        self._inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._draining = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_closures_waiting)

    # ------------------------------------------------------------------ public

    def run(
        self,
        parent: QWidget | None,
        label: str,
        fn: Callable[[Progress], T],
        on_done: Callable[[T], None] | None = None,
        *,
        cancellable: bool = True,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``fn(progress)`` on the worker; call ``on_done(result)`` on the UI thread.

        ``label`` is the Chinese sentence the progress dialog shows, e.g. “正在导出报送包…”.
        Errors go to ``on_error`` when given, otherwise to ``present_error(parent, exc)``;
        a cancelled task (the service raised ``Cancelled``) is reported quietly. With
        ``cancellable=False`` the dialog has no 取消 and cannot be closed (work that must finish).
        """
        if self._closed:
            raise RuntimeError("TaskRunner.run after shutdown()")
        task = _Task(label, parent, cancellable, on_done, on_error)
        task.progress = Progress(partial(self._report_from_worker, task))
        task.timer = QTimer(self)
        task.timer.setSingleShot(True)
        task.timer.timeout.connect(partial(self._show_dialog, task))
        task.timer.start(self.show_delay_ms)
        self._tasks.append(task)
        self.task_started.emit(label)
        self._poll.start()
        _hold_cyclic_gc()
        self._executor.submit(self._work, task, fn)

    @property
    def busy(self) -> bool:
        """True while any task is queued or running."""
        return bool(self._tasks)

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog on screen, if any (tests click its 取消)."""
        return next((t.dialog for t in self._tasks if t.dialog is not None), None)

    def cancel_all(self) -> None:
        """Ask every queued and running task to stop at its next progress step."""
        for task in self._tasks:
            task.progress.cancel()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Run the event loop until every task has finished and delivered its result.

        For tests, for quitting, and for start-up work that must end before the window opens.
        Raises ``TimeoutError`` when work is still going after ``timeout`` seconds.
        """
        if not self._tasks:
            return
        loop = QEventLoop()

        def _quit_when_idle(*_args: object) -> None:
            if not self._tasks:
                loop.quit()

        signals = (self.task_finished, self.task_failed, self.task_cancelled)
        for signal in signals:
            signal.connect(_quit_when_idle)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        try:
            loop.exec()
        finally:
            for signal in signals:
                signal.disconnect(_quit_when_idle)
        if self._tasks:
            raise TimeoutError(f"后台任务在 {timeout} 秒内没有结束：{[t.label for t in self._tasks]}")

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel what is left, wait for the worker and stop delivering results (at quit)."""
        if self._closed:
            return
        self.cancel_all()
        try:
            self.wait_idle(timeout)
        except TimeoutError:
            logger.warning("退出时仍有后台任务未结束：%s", [t.label for t in self._tasks])
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        for task in self._tasks:
            self._close_dialog(task)
            _release_cyclic_gc()
        self._tasks.clear()

    # ------------------------------------------------------------------ worker side

    def _post(self, closure: Callable[[], None]) -> None:
        """Hand ``closure`` to the UI thread (its poll timer runs it); pure Python, no Qt call."""
        self._inbox.put(closure)

    def _work(self, task: _Task, fn: Callable[[Progress], Any]) -> None:
        try:
            result = fn(task.progress)
        except BaseException as exc:
            self._post(partial(self._complete, task, None, exc))
        else:
            self._post(partial(self._complete, task, result, None))

    def _report_from_worker(self, task: _Task, done: int, total: int, text: str) -> None:
        # Coalesce: a service may report every row; the UI only needs the latest state.
        with task.lock:
            must_post = task.unsent_report is None
            task.unsent_report = (done, total, text)
        if must_post:
            self._post(partial(self._apply_report, task))

    # ------------------------------------------------------------------ UI side

    def _on_closures_waiting(self) -> None:
        # Never nested: a modal progress dialog's setValue runs events, and running the task's
        # completion from inside it would delete the dialog under its own setValue. The outer
        # call drains whatever arrived meanwhile.
        if self._draining:
            return
        self._draining = True
        try:
            while True:
                try:
                    closure = self._inbox.get_nowait()
                except queue.Empty:
                    if not self._tasks:
                        self._poll.stop()
                    return
                if not self._closed:
                    closure()
        finally:
            self._draining = False

    def _apply_report(self, task: _Task) -> None:
        with task.lock:
            report, task.unsent_report = task.unsent_report, None
        if report is None or task not in self._tasks:
            return
        task.last_report = report
        self._update_dialog(task)
        self.task_progressed.emit(task.label, *report)

    def _show_dialog(self, task: _Task) -> None:
        if task not in self._tasks or task.dialog is not None:
            return
        task.dialog = _ProgressDialog(task.live_parent(), task.label, task.cancellable)
        task.dialog.canceled.connect(partial(self._on_dialog_canceled, task))
        self._update_dialog(task)
        task.dialog.show()
        self.progress_shown.emit(task.label)

    def _update_dialog(self, task: _Task) -> None:
        if task.dialog is None or task.last_report is None or task.progress.cancelled:
            return
        done, total, text = task.last_report
        dialog = task.dialog  # setValue of a modal dialog runs events: the task may end meanwhile
        if total > 0:
            dialog.setRange(0, total)
            dialog.setValue(min(max(done, 0), total))
        if shiboken6.isValid(dialog):
            dialog.setLabelText(f"{task.label}\n{text}" if text else task.label)

    def _on_dialog_canceled(self, task: _Task) -> None:
        task.progress.cancel()
        if task.dialog is not None:
            task.dialog.setLabelText("正在取消，请稍候…")
            for button in task.dialog.findChildren(QPushButton):
                button.setEnabled(False)

    def _close_dialog(self, task: _Task) -> None:
        if task.timer is not None:
            task.timer.stop()
            task.timer.deleteLater()
            task.timer = None
        if task.dialog is not None:
            task.dialog.hide()
            task.dialog.deleteLater()
            task.dialog = None

    def _complete(self, task: _Task, result: Any, exc: BaseException | None) -> None:
        self._close_dialog(task)
        self._tasks.remove(task)
        _release_cyclic_gc()
        parent = task.live_parent()
        if exc is None:
            try:
                if task.on_done is not None:
                    task.on_done(result)
            except Exception as done_exc:
                present_error(parent, done_exc)
            self.task_finished.emit(task.label, result)
            return
        if task.on_error is None:
            present_error(parent, exc)
        else:
            if not isinstance(exc, Cancelled) and not errors.is_expected(exc):
                logger.error("后台任务“%s”出错", task.label, exc_info=exc)
            task.on_error(exc)
        if isinstance(exc, Cancelled):
            self.task_cancelled.emit(task.label)
        else:
            self.task_failed.emit(task.label, exc)
