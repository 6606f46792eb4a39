"""Backups through SQLite's backup API (never a file copy: a WAL database copied as a file can
come out empty), validation of a file offered for restore, and rotation of automatic backups."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from perfdesk.storage.errors import StorageError
from perfdesk.storage.sqlite_file import APPLICATION_ID

BACKUP_DIR = "backups"
KEEP_AUTOMATIC = 10
SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = frozenset({"units", "projects", "form_documents", "audit_log", "alembic_version"})


@dataclass(frozen=True)
class DatabaseCheck:
    """What a look at a database file found. ``problem`` is a Chinese sentence, or empty if fine."""

    path: Path
    revision: str | None
    problem: str = ""
    code: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def inspect_database(path: Path, known_revisions: AbstractSet[str]) -> DatabaseCheck:
    """Check that ``path`` is an intact PerfDesk database this program can open.

    Codes: ``db.missing``, ``db.not_sqlite``, ``db.corrupt``, ``db.foreign``, ``db.too_new``.
    """
    if not path.is_file():
        return DatabaseCheck(path, None, f"文件 {path} 不存在", "db.missing")
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            return DatabaseCheck(
                path, None, f"文件 {path.name} 不是 PerfDesk 数据库（不是 SQLite 文件）", "db.not_sqlite"
            )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return DatabaseCheck(path, None, f"无法打开 {path.name}：{exc}", "db.corrupt")
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return DatabaseCheck(
                path, None, f"数据库 {path.name} 已损坏（完整性检查：{'；'.join(rows[:3])}）", "db.corrupt"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if not tables >= REQUIRED_TABLES or app_id not in (0, APPLICATION_ID):
            return DatabaseCheck(path, None, f"文件 {path.name} 不是 PerfDesk 数据库", "db.foreign")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        rev = revision[0] if revision else None
        if rev is not None and rev not in known_revisions:
            return DatabaseCheck(
                path,
                rev,
                f"数据库 {path.name} 由更新版本的 PerfDesk 创建（结构版本 {rev}），请先升级程序",
                "db.too_new",
            )
        return DatabaseCheck(path, rev)
    except sqlite3.DatabaseError as exc:
        return DatabaseCheck(path, None, f"数据库 {path.name} 已损坏：{exc}", "db.corrupt")
    finally:
        conn.close()


def backup_database(source: Path, target: Path) -> Path:
    """Copy the live database ``source`` to ``target`` with the backup API, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return target


def copy_into(source: Path, live: Path) -> None:
    """Replace the content of the live database with ``source``, inside SQLite (WAL-safe)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(live)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def automatic_backups(data_dir: Path) -> list[Path]:
    """Automatic backups, newest first."""
    folder = data_dir / BACKUP_DIR
    if not folder.is_dir():
        return []
    return sorted(folder.glob("auto-*.sqlite3"), reverse=True)


def make_automatic_backup(database: Path, data_dir: Path, reason: str, now: datetime) -> Path:
    """Write ``backups/auto-<time>-<reason>.sqlite3`` and keep only the newest ``KEEP_AUTOMATIC``."""
    name = f"auto-{now:%Y%m%d-%H%M%S-%f}-{reason}.sqlite3"
    path = backup_database(database, data_dir / BACKUP_DIR / name)
    for old in automatic_backups(data_dir)[KEEP_AUTOMATIC:]:
        old.unlink(missing_ok=True)
    return path


def has_backup_of_day(data_dir: Path, now: datetime) -> bool:
    prefix = f"auto-{now:%Y%m%d}-"
    return any(p.name.startswith(prefix) for p in automatic_backups(data_dir))


def require_ok(check: DatabaseCheck) -> None:
    if not check.ok:
        raise StorageError(check.problem)
