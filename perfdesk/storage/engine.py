"""The one place that makes SQLAlchemy engines and sessions.

SQLite connections get the pragmas of ``sqlite_file.set_pragmas`` in the engine's connect event;
``check_pragmas`` reads them back on the engine's own connections. The store builds its engine
lazily (``perfdesk.services.store``), so importing this module — and SQLAlchemy with it — is never
on the way to the first window.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from perfdesk.storage.errors import StorageError as StorageError  # re-exported: callers catch it here
from perfdesk.storage.sqlite_file import CONNECT_TIMEOUT_S, EXPECTED_PRAGMAS, require_pragmas, set_pragmas


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    set_pragmas(dbapi_connection)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite URLs get the pragmas and cross-thread connections."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": CONNECT_TIMEOUT_S})
        event.listen(engine, "connect", _on_sqlite_connect)
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
    require_pragmas(read_pragmas(engine))
