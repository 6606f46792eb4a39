"""备份/恢复 through the CLI and the services, with real SQLite files in WAL mode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from perfdesk.cli import main
from perfdesk.paths import DATABASE_FILE
from perfdesk.services import backups, catalog
from perfdesk.services.store import Store


def _fill(store: Store, name: str = "城关镇人民政府") -> None:
    unit = catalog.save_unit(store, code="610921101", name=name, kind="township")
    catalog.create_project(
        store,
        year=2026,
        unit_id=unit.id,
        values={
            "code": "610921-26-0001",
            "name": "村内道路硬化",
            "annual": "120",
            "fiscal": "100",
            "other": "20",
        },
    )


def _unit_names(data_dir: Path) -> list[str]:
    with Store.open(data_dir) as store:
        return [n.unit.name for n in catalog.load_tree(store, 2026)]


def test_backup_of_a_live_wal_database_holds_the_latest_commit(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store)
        assert (data_dir / (DATABASE_FILE + "-wal")).stat().st_size > 0  # data still in the WAL
        target = backups.backup_to(store, tmp_path / "usb" / "备份.sqlite3")
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT name FROM units").fetchall() == [("城关镇人民政府",)]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cli_backup_then_restore_brings_back_the_old_state_and_keeps_the_replaced_one(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        _fill(store)
    usb = tmp_path / "usb.sqlite3"
    assert main(["--data-dir", str(data_dir), "backup", "-o", str(usb)]) == 0
    assert "已备份到" in capsys.readouterr().out
    with Store.open(data_dir) as store:
        unit = catalog.load_tree(store, 2026)[0].unit
        catalog.save_unit(store, code=unit.code, name="改过的名称", kind="township", unit_id=unit.id)
    assert _unit_names(data_dir) == ["改过的名称"]

    assert main(["--data-dir", str(data_dir), "restore", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "已从" in out and "原数据库已保留在" in out
    assert _unit_names(data_dir) == ["城关镇人民政府"]
    kept = sorted((data_dir / "backups").glob("auto-*-pre-restore.sqlite3"))
    assert len(kept) == 1
    assert sqlite3.connect(kept[0]).execute("SELECT name FROM units").fetchall() == [("改过的名称",)]


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 not a database"), "db.not_sqlite", "不是 PerfDesk 数据库"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
            "db.foreign",
            "不是 PerfDesk",
        ),
        (lambda p: None, "db.missing", "不存在"),
    ],
)
def test_restore_refuses_bad_files_and_changes_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make, code: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    with Store.open(data_dir) as store:
        _fill(store)
    bad = tmp_path / "bad.sqlite3"
    make(bad)
    before = (data_dir / DATABASE_FILE).read_bytes()
    assert main(["--data-dir", str(data_dir), "restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"[{code}]" in err and words in err
    assert (data_dir / DATABASE_FILE).read_bytes() == before
    assert _unit_names(data_dir) == ["城关镇人民政府"]


def test_restore_refuses_a_database_from_a_newer_program(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store)
        newer = backups.backup_to(store, tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    with pytest.raises(backups.RestoreRefused) as err:
        backups.restore(data_dir, newer)
    assert err.value.code == "db.too_new" and "更新版本" in str(err.value)


def test_restore_over_a_damaged_database_moves_the_damaged_file_aside(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store)
        good = backups.backup_to(store, tmp_path / "good.sqlite3")
    (data_dir / DATABASE_FILE).write_bytes(b"garbage" * 1000)
    for side in ("-wal", "-shm"):
        (data_dir / (DATABASE_FILE + side)).unlink(missing_ok=True)
    result = backups.restore(data_dir, good)
    assert result.kept_previous is not None and result.kept_previous.read_bytes().startswith(b"garbage")
    assert _unit_names(data_dir) == ["城关镇人民政府"]


def test_restore_while_another_instance_runs_is_refused(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store)
        good = backups.backup_to(store, tmp_path / "good.sqlite3")
        assert main(["--data-dir", str(data_dir), "restore", str(good)]) == 2


def test_version_and_help_work_headless(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as code:
        main(["--version"])
    assert code.value.code == 0 and "PerfDesk" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "用法" in out and "backup" in out and "restore" in out and "demo" in out


def test_data_dir_comes_from_perfdesk_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("PERFDESK_HOME", str(home))
    assert main(["backup", "-o", str(tmp_path / "b.sqlite3")]) == 0
    assert (home / DATABASE_FILE).exists()


def test_a_plain_gui_start_goes_straight_to_the_gui(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from perfdesk import cli

    started: list[object] = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: started.append(args.data_dir) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("a plain start must not build the parsers"))
    assert cli.main([]) == 0
    assert cli.main(["--data-dir", str(tmp_path)]) == 0
    assert cli.main([f"--data-dir={tmp_path}", "gui"]) == 0
    assert started == [None, str(tmp_path), str(tmp_path)]
