"""The log file: appended to across runs, rotated at the start of a run that finds it full."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ui import logging_setup


@pytest.fixture(autouse=True)
def _restore_logging() -> None:
    yield
    logging_setup.remove_handlers()


def test_a_full_log_is_rotated_when_a_run_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 100)
    folder = logging_setup.log_dir(tmp_path)
    for n in range(1, logging_setup.BACKUP_COUNT + 1):
        (folder / f"perfdesk.log.{n}").write_text(f"run -{n}\n", encoding="utf-8")
    (folder / "perfdesk.log").write_text("x" * 150, encoding="utf-8")

    path = logging_setup.setup_logging(tmp_path)
    logging.getLogger("test").info("新的一次运行")
    logging_setup.flush()

    assert "新的一次运行" in path.read_text(encoding="utf-8")
    assert (folder / "perfdesk.log.1").read_text(encoding="utf-8") == "x" * 150
    assert (folder / "perfdesk.log.2").read_text(encoding="utf-8") == "run -1\n"
    last = folder / f"perfdesk.log.{logging_setup.BACKUP_COUNT}"
    assert last.read_text(encoding="utf-8") == f"run -{logging_setup.BACKUP_COUNT - 1}\n"
    assert not (folder / f"perfdesk.log.{logging_setup.BACKUP_COUNT + 1}").exists()


def test_a_log_with_room_left_is_appended_to(tmp_path: Path) -> None:
    folder = logging_setup.log_dir(tmp_path)
    (folder / "perfdesk.log").write_text("上一次运行\n", encoding="utf-8")

    path = logging_setup.setup_logging(tmp_path)
    logging.getLogger("test").info("这一次运行")
    logging_setup.flush()

    text = path.read_text(encoding="utf-8")
    assert text.startswith("上一次运行\n") and "这一次运行" in text
    assert not (folder / "perfdesk.log.1").exists()
