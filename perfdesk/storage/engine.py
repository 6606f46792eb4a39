"""The one place that makes database engines and sessions.

SQLite gets the pragmas ARCHITECTURE.md fixes (WAL, foreign keys, synchronous=FULL, a busy
timeout). They are set in the connect event with the driver switched to autocommit for that
moment, because inside the implicit transaction newer Pythons silently ignore them; the startup
check reads them back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

# 'PDK1' — marks a SQLite file as a PerfDesk database (PRAGMA application_id).
APPLICATION_ID = 0x50444B31
BUSY_TIMEOUT_MS = 5000

EXPECTED_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "busy_timeout": BUSY_TIMEOUT_MS,
}


class StorageError(RuntimeError):
    """The database cannot be used as it is; the message is for people."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    previous = dbapi_connection.isolation_level
    dbapi_connection.isolation_level = None  # autocommit while the pragmas run
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
    finally:
        dbapi_connection.isolation_level = previous


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite URLs get the pragmas and cross-thread connections."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_pragmas(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {name: conn.execute(text(f"PRAGMA {name}")).scalar() for name in EXPECTED_PRAGMAS}


def check_pragmas(engine: Engine) -> None:
    """Read the pragmas back and refuse to run with a database that ignored them."""
    if engine.dialect.name != "sqlite":
        return
    actual = read_pragmas(engine)
    wrong = {k: v for k, v in actual.items() if str(v).lower() != str(EXPECTED_PRAGMAS[k]).lower()}
    if wrong:
        detail = "，".join(f"{k}={v}" for k, v in wrong.items())
        raise StorageError(f"数据库设置未生效（{detail}），为保护数据已停止。请检查数据文件夹是否可写。")
