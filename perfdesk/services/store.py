"""Opening an installation's data folder: lock, check, back up, migrate, and hand out sessions.

``Store.open(data_dir)`` is the one way in for the GUI, the CLI and the tests. Every service that
writes takes the store and owns its transaction with ``store.session_factory.begin()``.

Reading has a fast path. SQLAlchemy alone takes longer to import than a bare Qt window takes to
open, so the store builds its engine and session factory only when first asked for them (or when
``warm_up`` is called, which the GUI does on a background thread once its window is shown).
Until then ``query`` runs portable, read-only SQL text on one standard-library ``sqlite3``
connection that has the same pragmas as the engine's connections, checked the same way; once the
engine exists, ``query`` goes through it, as it always does for a database that is not SQLite.
Opening an up-to-date database therefore loads neither SQLAlchemy nor Alembic; creating or
upgrading one builds the engine at once, because the migrations need it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfdesk.paths import DATABASE_FILE
from perfdesk.storage import backup
from perfdesk.storage.errors import StorageError
from perfdesk.storage.lock import AlreadyRunning, InstanceLock
from perfdesk.storage.schema_version import KNOWN_REVISIONS, SCHEMA_HEAD
from perfdesk.storage.sqlite_file import connect_reader

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["AlreadyRunning", "DatabaseDamaged", "StorageError", "Store", "current_actor"]

CLOSED_MESSAGE = "数据文件夹已关闭，不能再读写。请重新打开 PerfDesk。"


class DatabaseDamaged(StorageError):
    """The database file at start cannot be used; ``latest_backup`` is the one to offer."""

    def __init__(self, check: backup.DatabaseCheck, latest_backup: Path | None) -> None:
        super().__init__(check.problem)
        self.check = check
        self.latest_backup = latest_backup


class Store:
    """An open data folder: its database (engine built on first use), and the lock that guards it.

    Thread-safe: the UI thread, the task worker and the warm-up thread may use one store together.
    """

    def __init__(
        self,
        data_dir: Path,
        lock: InstanceLock | None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.data_dir = data_dir
        self.lock = lock
        self.clock = clock
        self.url = f"sqlite:///{self.database_path}"
        self._orm: tuple[Engine, sessionmaker[Session]] | None = None
        self._reader: sqlite3.Connection | None = None
        self._closed = False
        self._state_lock = threading.Lock()  # guards _orm, _reader and _closed; held while reading
        self._build_lock = threading.Lock()  # one engine build at a time, outside _state_lock

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    # ------------------------------------------------------------------ opening

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
        the file is damaged, foreign or too new (with the newest automatic backup to offer), and
        ``StorageError`` when the database does not take the pragmas.
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        instance_lock = InstanceLock(data_dir) if lock else None
        try:
            store = cls(data_dir, instance_lock, clock)
            store._prepare()
        except BaseException:
            if instance_lock:
                instance_lock.release()
            raise
        return store

    def _prepare(self) -> None:
        db_path = self.database_path
        existed = db_path.exists() and db_path.stat().st_size > 0
        revision = None
        if existed:
            check = backup.inspect_database(db_path, KNOWN_REVISIONS)
            if not check.ok:
                latest = next(iter(backup.automatic_backups(self.data_dir)), None)
                raise DatabaseDamaged(check, latest)
            revision = check.revision
        try:
            self._reader = connect_reader(db_path)  # sets and checks the pragmas; creates a new file
            if existed and not backup.has_backup_of_day(self.data_dir, self.clock()):
                backup.make_automatic_backup(db_path, self.data_dir, "daily", self.clock())
            if revision != SCHEMA_HEAD:
                from perfdesk.storage import migrate  # Alembic: only for a new or older database

                if existed:
                    backup.make_automatic_backup(db_path, self.data_dir, "pre-migration", self.clock())
                migrate.upgrade(self.engine)
        except BaseException:
            self._dispose()
            raise

    # ------------------------------------------------------------------ the ORM, built on first use

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (built, with the pragmas checked, on first use)."""
        return self._ensure_orm()[0]

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """Sessions for the services: ``with store.session_factory.begin() as session: …``."""
        return self._ensure_orm()[1]

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def engine_ready(self) -> bool:
        """True once the engine has been built (reads then go through it)."""
        return self._orm is not None

    def warm_up(self) -> None:
        """Build the engine and load the ORM models now, so the first write does not wait for them.

        Meant for a background thread; raises ``StorageError`` if the store was closed meanwhile.
        """
        self._ensure_orm()
        from sqlalchemy.orm import configure_mappers

        import perfdesk.storage.models  # noqa: F401 - the mappers to configure

        configure_mappers()

    def _ensure_orm(self) -> tuple[Engine, sessionmaker[Session]]:
        orm = self._orm
        if orm is not None:
            return orm
        with self._build_lock:
            if self._orm is not None:
                return self._orm
            if self._closed:
                raise StorageError(CLOSED_MESSAGE)
            from perfdesk.storage.engine import check_pragmas, make_engine, make_session_factory

            engine = make_engine(self.url)
            try:
                check_pragmas(engine)  # the engine's own connections, not only the reader's
            except BaseException:
                engine.dispose()
                raise
            orm = (engine, make_session_factory(engine))
            with self._state_lock:
                if self._closed:  # closed while the engine was being built
                    engine.dispose()
                    raise StorageError(CLOSED_MESSAGE)
                self._orm = orm
                reader, self._reader = self._reader, None
            if reader is not None:
                reader.close()
            return orm

    # ------------------------------------------------------------------ reading

    def query(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """Run one read-only statement of portable SQL with ``:name`` parameters; all rows.

        Before the engine exists this runs on the store's ``sqlite3`` reader (read-only, with the
        same pragmas); afterwards through the engine. Write through ``session_factory`` instead.
        """
        if self._orm is None:
            with self._state_lock:
                if self._closed:
                    raise StorageError(CLOSED_MESSAGE)
                if self._reader is not None:
                    cursor = self._reader.execute(sql, params)
                    try:
                        return cursor.fetchall()
                    finally:
                        cursor.close()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Close the database and release the folder. Does not wait for a warm-up in progress."""
        self._dispose()
        if self.lock:
            self.lock.release()
            self.lock = None

    def _dispose(self) -> None:
        with self._state_lock:
            self._closed = True
            orm, self._orm = self._orm, None
            reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()
        if orm is not None:
            orm[0].dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def current_actor() -> str:
    """Who is at the keyboard, for the audit log: the operating-system user."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
