"""Portable mode: a frozen build with ``portable.txt`` or ``data/`` beside it keeps its data there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from perfdesk.paths import ENV_HOME, default_data_dir, portable_data_dir, resolve_data_dir


def _frozen(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "perfdesk.exe"
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv(ENV_HOME, raising=False)
    return exe


def test_marker_file_beside_the_executable_makes_the_data_folder_local(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘" / "PerfDesk"
    _frozen(monkeypatch, stick)
    (stick / "portable.txt").write_text("便携版", encoding="utf-8")
    assert default_data_dir() == (stick / "data").resolve()
    assert resolve_data_dir(None) == (stick / "data").resolve()


def test_a_data_folder_beside_the_executable_is_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    _frozen(monkeypatch, stick)
    (stick / "data").mkdir()
    assert default_data_dir() == (stick / "data").resolve()


def test_installed_build_without_marker_uses_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "Programs" / "PerfDesk"
    _frozen(monkeypatch, program)
    assert portable_data_dir() is None
    assert not default_data_dir().is_relative_to(program)


def test_environment_and_option_win_over_portable_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    _frozen(monkeypatch, stick)
    (stick / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    assert default_data_dir() == (tmp_path / "home").resolve()
    assert resolve_data_dir(tmp_path / "given") == (tmp_path / "given").resolve()


def test_a_development_python_is_never_portable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert portable_data_dir() is None
    (tmp_path / "data").mkdir()
    assert portable_data_dir(tmp_path / "perfdesk") == tmp_path / "data"
