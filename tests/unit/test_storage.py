"""The store: schema and migrations agree, pragmas hold, the audit log is append-only, one
instance per folder, old databases upgrade, damaged ones are refused with a backup to offer."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from perfdesk.paths import DATABASE_FILE
from perfdesk.services import catalog
from perfdesk.services.store import DatabaseDamaged, Store
from perfdesk.storage import migrate
from perfdesk.storage.engine import read_pragmas
from perfdesk.storage.lock import AlreadyRunning, InstanceLock
from perfdesk.storage.models import AuditEntry, Base
from perfdesk.storage.schema_version import KNOWN_REVISIONS, SCHEMA_HEAD
from perfdesk.storage.sqlite_file import APPLICATION_ID, EXPECTED_PRAGMAS

DATA = Path(__file__).resolve().parent.parent / "data"


def test_models_and_migrations_agree(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_revision_chain_is_linear() -> None:
    script = migrate.script_directory()
    assert len(script.get_heads()) == 1
    for rev in script.walk_revisions():
        assert not isinstance(rev.down_revision, tuple), f"branch point at {rev.revision}"


def test_the_schema_constants_match_the_shipped_migrations() -> None:
    script = migrate.script_directory()
    assert script.get_current_head() == SCHEMA_HEAD
    assert {rev.revision for rev in script.walk_revisions()} == KNOWN_REVISIONS


def test_pragmas_are_set_and_read_back(store: Store) -> None:
    assert read_pragmas(store.engine) == EXPECTED_PRAGMAS
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA application_id")).scalar() == APPLICATION_ID


def test_audit_log_records_changes_and_refuses_edits(store: Store) -> None:
    unit = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    catalog.save_unit(store, code="610921101", name="城关镇", kind="township", unit_id=unit.id)
    with store.session_factory() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.action, e.entity, e.entity_key) for e in entries] == [
        ("create", "unit", "610921101"),
        ("update", "unit", "610921101"),
    ]
    assert "城关镇人民政府" in entries[1].detail and entries[1].actor
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(sql))


def test_a_second_instance_on_the_same_folder_is_refused(store: Store, data_dir: Path) -> None:
    with pytest.raises(AlreadyRunning) as err:
        Store.open(data_dir)
    assert "另一个 PerfDesk 正在使用" in str(err.value)
    code = "from pathlib import Path; from perfdesk.services.store import Store; Store.open(Path(r'%s'))"
    other = subprocess.run(
        [sys.executable, "-c", code % data_dir], capture_output=True, text=True, check=False
    )
    assert other.returncode != 0 and "AlreadyRunning" in other.stderr


def test_the_lock_is_released_on_close(data_dir: Path) -> None:
    Store.open(data_dir).close()
    Store.open(data_dir).close()


def test_daily_backup_once_per_day_and_rotation_keeps_ten(data_dir: Path) -> None:
    Store.open(data_dir, clock=lambda: datetime(2026, 1, 1, 8)).close()  # new: nothing to back up
    assert not (data_dir / "backups").exists()
    for day in range(1, 14):
        for hour in (8, 9):
            Store.open(data_dir, clock=lambda d=day, h=hour: datetime(2026, 2, d, h)).close()
    backups = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert len(backups) == 10
    assert backups[0].startswith("auto-20260204-08") and backups[-1].startswith("auto-20260213-08")


def test_saved_database_of_the_first_schema_upgrades_with_its_data(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    shutil.copy(DATA / "schema-0001.sqlite3", data_dir / DATABASE_FILE)
    with Store.open(data_dir) as store:
        tree = catalog.load_tree(store, 2025)
        assert store.engine.connect().execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert store.query("SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
        assert store.query("SELECT COUNT(*) FROM target_reviews") == [(0,)]  # added by 0002
    assert [n.unit.name for n in tree] == ["城关镇人民政府"]
    assert tree[0].projects[0].annual.format_wan() == "120.00"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"this is not a database at all" * 100, "db.not_sqlite"),
        (None, "db.corrupt"),
        ("foreign", "db.foreign"),
        ("too_new", "db.too_new"),
    ],
)
def test_damaged_or_foreign_database_at_start_is_refused_with_the_latest_backup(
    data_dir: Path, content: bytes | str | None, code: str
) -> None:
    Store.open(data_dir).close()
    Store.open(data_dir, clock=lambda: datetime(2099, 1, 1)).close()  # makes a daily backup
    db = data_dir / DATABASE_FILE
    if content is None:
        raw = bytearray(db.read_bytes())
        raw[4096 : 4096 * 2] = b"\xa5" * 4096  # smash the first table page
        db.write_bytes(bytes(raw))
    elif content == "foreign":
        db.unlink()
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE invoices (id INTEGER)")
        conn.close()
    elif content == "too_new":
        conn = sqlite3.connect(db)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
    else:
        assert isinstance(content, bytes)
        db.write_bytes(content)
    with pytest.raises(DatabaseDamaged) as err:
        Store.open(data_dir)
    assert err.value.check.code == code
    assert err.value.latest_backup is not None and err.value.latest_backup.exists()
    InstanceLock(data_dir).release()  # the refused open released the folder again
