"""Opening an installation's data folder: lock, check, back up, migrate, and hand out sessions.

``Store.open(data_dir)`` is the one way in for the GUI, the CLI and the tests. Every service takes
the store and owns its transaction with ``store.session_factory.begin()``.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from perfdesk.paths import DATABASE_FILE
from perfdesk.storage import backup, migrate
from perfdesk.storage.engine import StorageError, check_pragmas, make_engine, make_session_factory, sqlite_url
from perfdesk.storage.lock import AlreadyRunning, InstanceLock

__all__ = ["AlreadyRunning", "DatabaseDamaged", "Store", "current_actor"]


class DatabaseDamaged(StorageError):
    """The database file at start cannot be used; ``latest_backup`` is the one to offer."""

    def __init__(self, check: backup.DatabaseCheck, latest_backup: Path | None) -> None:
        super().__init__(check.problem)
        self.check = check
        self.latest_backup = latest_backup


@dataclass
class Store:
    """An open data folder: its engine, session factory and the lock that guards it."""

    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    lock: InstanceLock | None
    clock: Callable[[], datetime] = field(default=datetime.now)

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        lock: bool = True,
        clock: Callable[[], datetime] = datetime.now,
    ) -> Store:
        """Open (creating if new) the data folder's database, ready to use.

        Raises ``AlreadyRunning`` when another PerfDesk holds the folder, ``DatabaseDamaged`` when
        the file is damaged, foreign or too new (with the newest automatic backup to offer).
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        instance_lock = InstanceLock(data_dir) if lock else None
        try:
            return cls._open_locked(data_dir, instance_lock, clock)
        except BaseException:
            if instance_lock:
                instance_lock.release()
            raise

    @classmethod
    def _open_locked(
        cls, data_dir: Path, instance_lock: InstanceLock | None, clock: Callable[[], datetime]
    ) -> Store:
        db_path = data_dir / DATABASE_FILE
        existed = db_path.exists() and db_path.stat().st_size > 0
        if existed:
            check = backup.inspect_database(db_path, migrate.known_revisions())
            if not check.ok:
                latest = next(iter(backup.automatic_backups(data_dir)), None)
                raise DatabaseDamaged(check, latest)
        engine = make_engine(sqlite_url(db_path))
        try:
            check_pragmas(engine)
            if existed and not backup.has_backup_of_day(data_dir, clock()):
                backup.make_automatic_backup(db_path, data_dir, "daily", clock())
            if migrate.needs_upgrade(engine):
                if existed:
                    backup.make_automatic_backup(db_path, data_dir, "pre-migration", clock())
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(data_dir, engine, make_session_factory(engine), instance_lock, clock)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def current_actor() -> str:
    """Who is at the keyboard, for the audit log: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
