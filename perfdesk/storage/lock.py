"""One running PerfDesk per data folder: an OS file lock that dies with the process.

The lock is advisory and held on ``perfdesk.lock`` for the life of the program; the operating
system releases it when the process ends, even after ``kill -9``, so there is no stale lock.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

LOCK_FILE = "perfdesk.lock"


class AlreadyRunning(RuntimeError):
    """Another PerfDesk holds this data folder."""

    def __init__(self, data_dir: Path, holder: str) -> None:
        who = f"（进程 {holder}）" if holder else ""
        super().__init__(
            f"另一个 PerfDesk 正在使用数据文件夹 {data_dir}{who}。"
            "为避免数据损坏，请先关闭那个窗口，或在那个程序中继续工作。"
        )
        self.data_dir = data_dir


class InstanceLock:
    """Held while this process works on a data folder. Use as a context manager or call release()."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._handle: IO[str] | None = None
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while locked
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise AlreadyRunning(data_dir, holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
