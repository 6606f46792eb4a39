"""Back up the database to a chosen file and restore from one (menu and CLI use these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from perfdesk.paths import DATABASE_FILE
from perfdesk.services import audit
from perfdesk.services.store import Store
from perfdesk.storage import backup
from perfdesk.storage.lock import InstanceLock
from perfdesk.storage.schema_version import KNOWN_REVISIONS


class RestoreRefused(Exception):
    """The offered file cannot be restored; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_previous: Path | None


def backup_to(store: Store, target: Path) -> Path:
    """Write a consistent copy of the live database to ``target`` (e.g. on a USB stick)."""
    if target.resolve() == store.database_path.resolve():
        raise RestoreRefused("backup.same_file", "备份文件不能是正在使用的数据库本身，请另选位置")
    path = backup.backup_database(store.database_path, target)
    with store.session_factory.begin() as session:
        audit.record(session, "backup", "database", str(target.name), path=str(target))
    return path


def check_backup_file(source: Path) -> backup.DatabaseCheck:
    return backup.inspect_database(source, KNOWN_REVISIONS)


def restore(
    data_dir: Path, source: Path, *, now: datetime | None = None, locked: bool = False
) -> RestoreResult:
    """Replace the data folder's database with ``source`` after checking it thoroughly.

    The file must be an intact PerfDesk database no newer than this program. What it replaces
    is kept: backed up to ``backups/`` when readable, moved aside as ``*.damaged-…`` when not.
    The caller must have closed its own store; ``locked`` says the caller already holds the lock.
    """
    now = now or datetime.now()
    source = source.resolve()
    check = check_backup_file(source)
    if not check.ok:
        raise RestoreRefused(check.code, f"不能从 {source.name} 恢复：{check.problem}")
    live = data_dir / DATABASE_FILE
    if source == live.resolve():
        raise RestoreRefused("restore.same_file", "不能用正在使用的数据库恢复它自己")
    lock = None if locked else InstanceLock(data_dir)
    try:
        kept: Path | None = None
        if live.exists() and live.stat().st_size > 0:
            if backup.inspect_database(live, KNOWN_REVISIONS).ok:
                kept = backup.make_automatic_backup(live, data_dir, "pre-restore", now)
            else:
                kept = live.with_name(f"{live.name}.damaged-{now:%Y%m%d-%H%M%S}")
                for suffix in ("", "-wal", "-shm"):
                    side = Path(str(live) + suffix)
                    if side.exists():
                        side.replace(Path(str(kept) + suffix))
        backup.copy_into(source, live)
    finally:
        if lock:
            lock.release()
    with Store.open(data_dir, lock=not locked) as store, store.session_factory.begin() as session:
        audit.record(session, "restore", "database", source.name, source=str(source), kept=str(kept or ""))
    return RestoreResult(source, kept)
