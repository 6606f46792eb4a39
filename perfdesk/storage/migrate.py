"""Schema migrations with Alembic, shipped inside the package.

Foreign keys are switched off while a migration runs (batch mode rebuilds tables, and rebuilding a
parent with ``ON DELETE CASCADE`` would delete its children) and ``PRAGMA foreign_key_check``
must come back empty afterwards.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from perfdesk.storage.engine import APPLICATION_ID, StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migration chain has no head"
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    with engine.connect() as conn:
        return current_revision(conn) != head_revision()


def check_revision_known(revision: str | None) -> None:
    """Refuse a database written by a newer PerfDesk (a revision this program does not know)."""
    if revision is not None and revision not in known_revisions():
        raise StorageError(
            f"此数据库由更新版本的 PerfDesk 创建（结构版本 {revision}），当前程序无法打开。请升级程序后再试。"
        )


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
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
