"""A PerfDesk SQLite file on the standard library's driver: its mark, its pragmas, a connection.

ARCHITECTURE.md fixes the pragmas (WAL, foreign keys, synchronous=FULL, a busy timeout). Every
connection gets them from ``set_pragmas`` — the SQLAlchemy engine in its connect event
(``engine.py``), the store's read connection through ``connect`` here — with the driver switched
to autocommit for that moment, because inside the implicit transaction newer Pythons silently
ignore them; ``require_pragmas`` refuses a connection that did not take them.

Nothing here imports SQLAlchemy: the first window reads through these connections before the
ORM is loaded (see ``perfdesk.services.store``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

from perfdesk.storage.errors import StorageError

# 'PDK1' — marks a SQLite file as a PerfDesk database (PRAGMA application_id).
APPLICATION_ID = 0x50444B31
BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 30

EXPECTED_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def set_pragmas(connection: sqlite3.Connection) -> None:
    """Put the pragmas PerfDesk relies on into effect on a fresh DB-API connection."""
    previous = connection.isolation_level
    connection.isolation_level = None  # autocommit while the pragmas run
    try:
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
    finally:
        connection.isolation_level = previous


def read_pragmas(connection: sqlite3.Connection) -> dict[str, object]:
    return {name: connection.execute(f"PRAGMA {name}").fetchone()[0] for name in EXPECTED_PRAGMAS}


def require_pragmas(actual: Mapping[str, object]) -> None:
    """Refuse to run with a database that ignored the pragmas (``actual`` as read back)."""
    wrong = {k: v for k, v in actual.items() if str(v).lower() != str(EXPECTED_PRAGMAS[k]).lower()}
    if wrong:
        detail = "，".join(f"{k}={v}" for k, v in wrong.items())
        raise StorageError(f"数据库设置未生效（{detail}），为保护数据已停止。请检查数据文件夹是否可写。")


def connect_reader(path: Path) -> sqlite3.Connection:
    """A connection for reading ``path`` from any thread (callers serialise its use).

    It gets the same pragmas as the engine's connections (checked before it is handed out) and is
    then made read-only (``query_only``), so a statement that would write fails loudly instead of
    bypassing the services' transactions.
    """
    connection = sqlite3.connect(path, timeout=CONNECT_TIMEOUT_S, check_same_thread=False)
    try:
        set_pragmas(connection)
        require_pragmas(read_pragmas(connection))
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        connection.close()
        raise
    return connection
