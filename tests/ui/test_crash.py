"""Crashes end up in the data folder's logs/ and in one dialog, never on a missing console."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtWidgets import QMessageBox

from ui import crash, logging_setup, prompts
from ui.app import create_application

REPO = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def handler(qapp: object, data_dir: Path) -> Iterator[crash.CrashHandler]:
    create_application()  # Qt's Chinese translation, as in the program
    logging_setup.setup_logging(data_dir)
    installed = crash.install(data_dir)
    yield installed
    crash.uninstall()
    logging_setup.remove_handlers()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, Path]]:
    seen: list[tuple[str, str, Path]] = []
    monkeypatch.setattr(
        crash,
        "show_crash_dialog",
        lambda _parent, text, details, folder: seen.append((text, details, folder)),
    )
    return seen


def _log_text(data_dir: Path) -> str:
    logging_setup.flush()
    return (data_dir / "logs" / "perfdesk.log").read_text(encoding="utf-8")


def _raise_in_save() -> None:
    raise ZeroDivisionError("项目得分除以零")


def _exc_info() -> tuple[type[BaseException], BaseException, object]:
    try:
        _raise_in_save()
    except ZeroDivisionError:
        return sys.exc_info()  # type: ignore[return-value]
    raise AssertionError("unreachable")


def test_an_uncaught_exception_is_logged_and_shown_once(
    handler: crash.CrashHandler, shown: list[tuple[str, str, Path]], data_dir: Path
) -> None:
    assert sys.excepthook == handler.excepthook
    info = _exc_info()
    sys.excepthook(*info)  # type: ignore[arg-type]
    sys.excepthook(*info)  # type: ignore[arg-type]  # a paint handler failing on every repaint

    assert len(shown) == 1
    text, details, folder = shown[0]
    assert "意外错误" in text and str(data_dir / "logs" / "perfdesk.log") in text
    assert "ZeroDivisionError: 项目得分除以零" in details
    assert folder == data_dir / "logs"
    log = _log_text(data_dir)
    assert "Traceback" in log and "_raise_in_save" in log
    assert "第 2 次" in log


def test_a_crash_in_a_worker_thread_reaches_the_dialog_on_the_ui_thread(
    qtbot, handler: crash.CrashHandler, shown: list[tuple[str, str, Path]], data_dir: Path
) -> None:
    def work() -> None:
        raise RuntimeError("后台线程出错")

    thread = threading.Thread(target=work, name="导出线程")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "RuntimeError: 后台线程出错" in shown[0][1]
    assert "后台线程出错" in _log_text(data_dir)


def test_the_crash_dialog_offers_the_log_folder(
    qtbot, handler: crash.CrashHandler, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(prompts, "open_folder", opened.append)
    handler.excepthook(*_exc_info())  # type: ignore[arg-type]
    box = handler.dialogs[-1]
    qtbot.addWidget(box)
    assert box.isVisible()  # shown with open(): the handler returned without a modal loop
    buttons = {b.text(): b for b in box.buttons()}
    assert {"打开日志文件夹", "关闭"} <= set(buttons)
    assert all(CHINESE.search(text) for text in buttons), buttons  # 显示细节 too, from Qt's translation
    buttons["打开日志文件夹"].click()
    assert opened == [data_dir / "logs"]


def test_qt_warnings_are_written_to_the_log(handler: crash.CrashHandler, data_dir: Path) -> None:
    qWarning("QPainter::begin: 画布无效")
    assert "QPainter::begin: 画布无效" in _log_text(data_dir)


def test_logging_and_crashes_work_without_a_console(
    qapp: object, data_dir: Path, monkeypatch: pytest.MonkeyPatch, shown: list[tuple[str, str, Path]]
) -> None:
    monkeypatch.setattr(sys, "stderr", None)  # what a windowed frozen build has
    logging_setup.setup_logging(data_dir)
    try:
        handler = crash.install(data_dir)
        handler.excepthook(*_exc_info())  # type: ignore[arg-type]
    finally:
        crash.uninstall()
        logging_setup.remove_handlers()
    assert len(shown) == 1
    assert "ZeroDivisionError" in (data_dir / "logs" / "perfdesk.log").read_text(encoding="utf-8")


def test_a_hard_crash_is_written_to_the_fault_log_and_shown_at_the_next_start(
    handler: crash.CrashHandler, data_dir: Path
) -> None:
    crashing = (
        "import faulthandler, sys; from pathlib import Path; from ui import crash; "
        "crash.CrashHandler(Path(sys.argv[1])).enable_fault_log(); faulthandler._sigsegv()"
    )
    result = subprocess.run(
        [sys.executable, "-c", crashing, str(data_dir)], cwd=REPO, capture_output=True, timeout=60
    )
    assert result.returncode != 0
    fault_log = data_dir / "logs" / crash.FAULT_LOG
    assert "Segmentation fault" in fault_log.read_text(encoding="utf-8")

    report = handler.enable_fault_log()  # the next start

    assert "Segmentation fault" in report
    assert fault_log.read_text(encoding="utf-8") == ""  # a fresh file for this run
    assert "Segmentation fault" in (data_dir / "logs" / crash.PREVIOUS_FAULT_LOG).read_text(encoding="utf-8")
    assert handler.enable_fault_log() == ""  # a clean run leaves nothing to show


def test_a_real_crash_box_is_a_message_box(qtbot, data_dir: Path) -> None:
    box = crash.show_crash_dialog(None, "PerfDesk 遇到了意外错误", "Traceback ...", data_dir)
    qtbot.addWidget(box)
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "PerfDesk 发生意外错误"
