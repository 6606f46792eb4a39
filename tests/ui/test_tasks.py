"""Long work off the UI thread: an export-like service reports progress, is cancelled, or fails."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.services.progress import Cancelled, Progress
from ui import errors, logging_setup, tasks
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    created = TaskRunner(show_delay_ms=50)
    yield created
    created.shutdown()


@pytest.fixture
def presented(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Errors that reached the one presenter (instead of a message box)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(tasks, "present_error", lambda _parent, exc: seen.append(exc))
    return seen


def _export_projects(progress: Progress, count: int = 5, pause: float = 0.0) -> str:
    """Stands in for a service: one step per project, like exporting a package."""
    for done in range(count):
        progress.step(done, count, f"第 {done + 1} 个项目")
        time.sleep(pause)
    return f"已导出 {count} 个项目"


def test_work_runs_on_the_worker_and_the_result_comes_back_on_the_ui_thread(
    runner: TaskRunner, presented: list[BaseException]
) -> None:
    threads: dict[str, int] = {}
    results: list[str] = []

    def work(progress: Progress) -> str:
        threads["work"] = threading.get_ident()
        return _export_projects(progress)

    def done(result: str) -> None:
        threads["done"] = threading.get_ident()
        results.append(result)

    runner.run(None, "正在导出报送包…", work, done)
    assert runner.busy
    runner.wait_idle()

    assert results == ["已导出 5 个项目"]
    assert threads["work"] != threading.get_ident()
    assert threads["done"] == threading.get_ident()
    assert not runner.busy
    assert presented == []


def test_fast_work_shows_no_progress_dialog(qtbot, runner: TaskRunner) -> None:
    runner.show_delay_ms = 300
    with qtbot.assertNotEmitted(runner.progress_shown, wait=400):
        runner.run(None, "正在保存…", _export_projects)
        runner.wait_idle()
    assert runner.progress_dialog is None


def test_progress_reports_arrive_on_the_ui_thread_as_signals(qtbot, runner: TaskRunner) -> None:
    reports: list[tuple[str, int, int, str, int]] = []
    runner.task_progressed.connect(
        lambda label, done, total, text: reports.append((label, done, total, text, threading.get_ident()))
    )
    runner.run(None, "正在打印…", lambda p: _export_projects(p, pause=0.01))
    runner.wait_idle()

    assert reports, "no progress report reached the UI thread"
    assert {r[4] for r in reports} == {threading.get_ident()}
    assert reports[-1][:4] == ("正在打印…", 4, 5, "第 5 个项目")


def test_slow_work_shows_a_dialog_whose_cancel_stops_the_service(
    qtbot, runner: TaskRunner, presented: list[BaseException]
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    service_saw: list[BaseException] = []
    finished = threading.Event()

    def slow_export(progress: Progress) -> str:
        try:
            deadline = time.monotonic() + 10
            done = 0
            while time.monotonic() < deadline:
                progress.step(done, 1000, f"第 {done + 1} 个项目")
                done += 1
                time.sleep(0.01)
            return "没有被取消"
        except Cancelled as exc:
            service_saw.append(exc)
            raise
        finally:
            finished.set()

    results: list[str] = []
    with qtbot.waitSignal(runner.progress_shown, timeout=3000):
        runner.run(window, "正在导出报送包…", slow_export, results.append)
    dialog = runner.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText().startswith("正在导出报送包…")
    qtbot.waitUntil(lambda: "个项目" in dialog.labelText())
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "取消"

    with qtbot.waitSignal(runner.task_cancelled, timeout=3000):
        cancel.click()
    assert finished.is_set()
    assert len(service_saw) == 1
    assert results == []
    assert runner.progress_dialog is None
    assert len(presented) == 1 and isinstance(presented[0], Cancelled)


def test_a_dialog_without_cancel_cannot_be_closed_while_the_work_runs(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    with qtbot.waitSignal(runner.progress_shown, timeout=3000):
        runner.run(None, "正在载入示例数据…", lambda _p: release.wait(5), cancellable=False)
    dialog = runner.progress_dialog
    assert dialog is not None
    assert dialog.findChild(QPushButton) is None
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    release.set()
    runner.wait_idle()
    assert runner.progress_dialog is None


def test_errors_go_to_the_presenter_and_the_failed_signal(
    qtbot, runner: TaskRunner, presented: list[BaseException]
) -> None:
    def broken(_progress: Progress) -> None:
        raise ValueError("坏数据")

    with qtbot.waitSignal(runner.task_failed) as failed:
        runner.run(None, "正在导入…", broken, lambda _r: pytest.fail("on_done after an error"))
    assert failed.args[0] == "正在导入…"
    assert isinstance(failed.args[1], ValueError)
    assert [type(e) for e in presented] == [ValueError]


def test_on_error_replaces_the_presenter(runner: TaskRunner, presented: list[BaseException]) -> None:
    handled: list[BaseException] = []
    refused = ValidationFailed([Finding("unit.code", Severity.ERROR, "code", "单位编码不能为空")])

    def refuse(_progress: Progress) -> None:
        raise refused

    runner.run(None, "正在保存…", refuse, on_error=handled.append)
    runner.wait_idle()
    assert handled == [refused]
    assert presented == []


def test_tasks_run_one_at_a_time_in_order(runner: TaskRunner) -> None:
    order: list[str] = []
    running = threading.Lock()

    def work(name: str) -> object:
        def fn(_progress: Progress) -> str:
            assert running.acquire(blocking=False), "two tasks ran at once"
            try:
                time.sleep(0.02)
                order.append(name)
                return name
            finally:
                running.release()

        return fn

    for name in ("甲", "乙", "丙"):
        runner.run(None, f"任务{name}", work(name))
    runner.wait_idle()
    assert order == ["甲", "乙", "丙"]


# ---------------------------------------------------------------- the presenter itself


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logging_setup.setup_logging(tmp_path)
    yield path
    logging_setup.remove_handlers()


def test_presenter_lists_the_findings_of_a_refused_input(qtbot) -> None:
    refused = ValidationFailed(
        [
            Finding("funds.sum", Severity.ERROR, "funds.annual", "年度资金应等于财政资金与其他资金之和"),
            Finding("phone", Severity.WARNING, "phone", "联系电话看起来不完整"),
        ]
    )
    box = errors.present_error(None, refused)
    assert box is not None
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "年度资金应等于财政资金与其他资金之和" in box.text()
    assert "提醒：联系电话看起来不完整" in box.text()
    assert [b.text() for b in box.buttons()] == ["确定"]


def test_presenter_logs_an_unexpected_error_and_names_the_log(qtbot, log_file: Path) -> None:
    try:
        raise KeyError("form_id")
    except KeyError as exc:
        box = errors.present_error(None, exc)
    assert box is not None
    qtbot.addWidget(box)
    assert box.windowTitle() == "发生意外错误"
    assert str(log_file) in box.text()
    assert "KeyError" in box.detailedText()
    logging_setup.flush()
    assert "Traceback" in log_file.read_text(encoding="utf-8")


def test_presenter_explains_a_file_error_in_chinese(qtbot, tmp_path: Path) -> None:
    exc = PermissionError(13, "Permission denied", str(tmp_path / "报送包.zip"))
    box = errors.present_error(None, exc)
    assert box is not None
    qtbot.addWidget(box)
    assert "报送包.zip" in box.text()
    assert "没有访问权限" in box.text()


def test_presenter_notes_a_cancel_in_the_status_bar(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    assert errors.present_error(window, Cancelled("已取消")) is None
    assert window.statusBar().currentMessage().startswith("已取消")


def test_a_coded_core_error_is_shown_with_its_code_not_as_a_crash(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from perfdesk.exchange.errors import PackageError
    from ui import errors

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))
    exc = PackageError("pkg.not_zip", "文件 a.pdsub 不是 ZIP 文件", "a.pdsub")
    assert errors.is_expected(exc)
    errors.present_error(None, exc)
    assert shown and "不是 ZIP" in shown[0] and "pkg.not_zip" in shown[0] and "意外" not in shown[0]


def test_no_cyclic_gc_runs_on_the_worker_and_it_is_back_on_afterwards(qtbot, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    """A collection on the worker thread freed Qt wrappers of the UI thread and crashed PySide6."""
    import gc

    seen: list[bool] = []
    runner.run(None, "统计", lambda _progress: seen.append(gc.isenabled()))
    runner.run(None, "再统计", lambda _progress: seen.append(gc.isenabled()))
    runner.wait_idle()
    assert seen == [False, False]
    assert gc.isenabled()
