"""Schema migrations with Alembic, shipped inside the package.

Alembic (with Mako, its dialect modules and more) is imported only inside ``upgrade`` and
``script_directory``: a normal start reads the database's revision with plain SQL and compares it
with ``schema_version.SCHEMA_HEAD``, so it never pays for the import.

Foreign keys are switched off while a migration runs (batch mode rebuilds tables, and rebuilding a
parent with ``ON DELETE CASCADE`` would delete its children) and ``PRAGMA foreign_key_check``
must come back empty afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from perfdesk.storage.errors import StorageError
from perfdesk.storage.schema_version import KNOWN_REVISIONS, SCHEMA_HEAD, VERSION_TABLE
from perfdesk.storage.sqlite_file import APPLICATION_ID

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    """Alembic's view of the shipped migrations (tests compare it with ``schema_version``)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return SCHEMA_HEAD


def known_revisions() -> set[str]:
    return set(KNOWN_REVISIONS)


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision, None for a database without one (new or foreign)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    value = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if value is None else str(value)


def needs_upgrade(engine: Engine) -> bool:
    with engine.connect() as conn:
        return current_revision(conn) != SCHEMA_HEAD


def check_revision_known(revision: str | None) -> None:
    """Refuse a database written by a newer PerfDesk (a revision this program does not know)."""
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StorageError(
            f"此数据库由更新版本的 PerfDesk 创建（结构版本 {revision}），当前程序无法打开。请升级程序后再试。"
        )


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        check_revision_known(current_revision(conn))
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.commit()
        try:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
            if sqlite:
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise StorageError(f"数据库升级后发现 {len(broken)} 处关联错误，已停止。请从备份恢复。")
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.commit()
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()
