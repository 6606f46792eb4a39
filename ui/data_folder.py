"""The data folder from the main window: back the database up, restore it, open the folder.

Restoring replaces the database under the running window: the window's store is closed, the
window is disabled (nothing may touch the closed store), the restore runs on the task worker,
and a fresh store is opened and handed to the window, whether the restore succeeded or not.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from perfdesk.services import backups
from perfdesk.services.progress import Progress
from perfdesk.services.store import Store
from ui import prompts
from ui import tasks as task_module
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _restore(data_dir: Path, source: Path, _progress: Progress) -> backups.RestoreResult:
    return backups.restore(data_dir, source, locked=False)


class DataFolderActions(QObject):
    """What the 文件 menu does with the data folder of ``window``'s store."""

    def __init__(self, window: MainWindow, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._reopen_with_lock = True

    def backup(self) -> None:
        store = self._window.store
        suggested = Path.home() / f"PerfDesk备份-{store.clock():%Y%m%d-%H%M}.sqlite3"
        target = prompts.choose_save_path(self._window, "备份数据库", suggested)
        if target is None:
            return
        self._tasks.run(
            self._window,
            "正在备份数据库…",
            lambda _progress: backups.backup_to(store, target),
            self._on_backup_done,
            cancellable=False,
        )

    def _on_backup_done(self, path: Path) -> None:
        self._window.statusBar().showMessage(f"已备份到 {path}", 10000)

    def restore(self) -> None:
        window = self._window
        source = prompts.choose_open_path(window, "从备份恢复", window.store.data_dir / "backups")
        if source is None:
            return
        check = backups.check_backup_file(source)
        if not check.ok:
            prompts.warn(window, "不能恢复", check.problem)
            return
        question = (
            f"用备份文件“{source.name}”替换当前的全部数据吗？\n\n"
            "当前数据会先自动备份到数据文件夹的 backups 文件夹中，需要时仍可找回。"
        )
        if not prompts.confirm(window, "从备份恢复", question):
            return
        window.commit_pending()
        store = window.store
        self._reopen_with_lock = store.lock is not None
        store.close()
        window.setEnabled(False)
        self._tasks.run(
            window,
            "正在从备份恢复数据…",
            partial(_restore, store.data_dir, source),
            self._on_restore_done,
            cancellable=False,
            on_error=self._on_restore_failed,
        )

    def _on_restore_done(self, result: backups.RestoreResult) -> None:
        if self._reopen():
            kept = f"，原数据已保存为 {result.kept_previous.name}" if result.kept_previous else ""
            self._window.statusBar().showMessage(f"已从 {result.restored_from.name} 恢复数据{kept}", 15000)

    def _on_restore_failed(self, exc: BaseException) -> None:
        if self._reopen():
            task_module.present_error(self._window, exc)

    def _reopen(self) -> bool:
        """Open the data folder again and give the window the new store."""
        window = self._window
        old = window.store
        try:
            store = Store.open(old.data_dir, lock=self._reopen_with_lock, clock=old.clock)
        except Exception as exc:
            # Without a store the window can do nothing; say why and close it.
            task_module.present_error(None, exc)
            window.close()
            return False
        window.replace_store(store)
        window.setEnabled(True)
        return True

    def open_folder(self) -> None:
        prompts.open_folder(self._window.store.data_dir)
