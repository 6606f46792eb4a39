"""Starting PerfDesk: Chinese Qt, the bundled font, a folder in use, a damaged file, the demo offer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QMainWindow, QMessageBox

from perfdesk.paths import DATABASE_FILE
from perfdesk.services import catalog
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from perfdesk.storage import backup
from perfdesk.storage.lock import InstanceLock
from ui import app as app_module
from ui import crash, fonts, logging_setup, prompts
from ui.tasks import TaskRunner


class StandInWindow(QMainWindow):
    """What ``start`` shows, without the real main window's own behaviour."""

    def __init__(self, store: Store, tasks: TaskRunner) -> None:
        super().__init__()
        self.store = store
        self.tasks = tasks


@dataclass
class Asked:
    title: str
    text: str
    buttons: list[str]
    details: str


@dataclass
class Person:
    """Answers the start-up questions: clicks the first listed button a box offers."""

    answers: list[str] = field(default_factory=list)
    asked: list[Asked] = field(default_factory=list)

    def __call__(self, box: QMessageBox) -> QAbstractButton | None:
        buttons = {b.text(): b for b in box.buttons()}
        self.asked.append(
            Asked(
                box.windowTitle(), f"{box.text()}\n{box.informativeText()}", list(buttons), box.detailedText()
            )
        )
        chosen = next((buttons[a] for a in self.answers if a in buttons), None)
        if chosen is not None:
            chosen.click()  # the real button: the box records it as its clickedButton()
        return box.clickedButton() if chosen is not None else None


@pytest.fixture
def person(qapp: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Person]:
    answering = Person()
    monkeypatch.setattr(app_module, "ask", answering)
    monkeypatch.setattr(app_module, "create_main_window", StandInWindow)
    yield answering
    app_module.shutdown()
    crash.uninstall()
    logging_setup.remove_handlers()


def _store_with_unit(data_dir: Path, name: str) -> None:
    with Store.open(data_dir) as store:
        catalog.save_unit(store, code="101001", name=name, kind="unit")


def _unit_names(store: Store) -> list[str]:
    return [node.unit.name for node in catalog.load_tree(store, store.clock().year)]


def test_standard_buttons_read_chinese(qapp: object) -> None:
    app_module.create_application()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])


def test_the_bundled_chinese_font_is_registered_as_the_fallback(qapp: object) -> None:
    application = app_module.create_application()
    family = fonts.register_cjk_font(application)
    assert family == "WenQuanYi Micro Hei"
    assert family in fonts.registered_families()
    assert family in QFontDatabase.families()
    assert family in application.font().families()


def test_first_start_offers_the_demo_once(person: Person, data_dir: Path) -> None:
    person.answers = ["从空白开始"]
    window = app_module.start(data_dir)

    assert isinstance(window, StandInWindow) and window.isVisible()
    assert [a.text.split("\n")[0] for a in person.asked] == ["是否载入示例数据？"]
    assert set(person.asked[0].buttons) == {"载入示例数据", "从空白开始"}
    assert load_settings(window.store).demo_offered
    assert _unit_names(window.store) == []
    assert "启动" in (data_dir / "logs" / "perfdesk.log").read_text(encoding="utf-8")

    app_module.shutdown()
    person.asked.clear()
    assert app_module.start(data_dir) is not None
    assert person.asked == []


def test_choosing_the_demo_fills_the_store_off_the_ui_thread(
    person: Person, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads: list[int] = []

    def install(store: Store) -> str:
        threads.append(threading.get_ident())
        catalog.save_unit(store, code="101001", name="示例县财政局", kind="unit")
        return "示例县：1 个单位"

    monkeypatch.setattr(app_module, "install_demo_data", install)
    person.answers = ["载入示例数据"]
    window = app_module.start(data_dir)

    assert window is not None
    assert _unit_names(window.store) == ["示例县财政局"]
    assert threads and threads[0] != threading.get_ident()


def test_a_folder_in_use_is_refused_without_touching_the_database(person: Person, data_dir: Path) -> None:
    _store_with_unit(data_dir, "县财政局")
    database = data_dir / DATABASE_FILE
    before = (database.read_bytes(), database.stat().st_mtime_ns)

    with InstanceLock(data_dir):
        assert app_module.run(data_dir) == app_module.EXIT_NOT_STARTED

    assert [a.title for a in person.asked] == ["PerfDesk 已在运行"]
    assert person.asked[0].text.startswith("另一个 PerfDesk 正在使用此数据文件夹")
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert not (data_dir / "logs" / crash.FAULT_LOG).exists()


def _damage_after_backup(data_dir: Path) -> Path:
    _store_with_unit(data_dir, "县财政局")
    database = data_dir / DATABASE_FILE
    backup.make_automatic_backup(database, data_dir, "daily", datetime.now())
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(os.urandom(4096))
    return database


def test_a_damaged_database_offers_the_latest_backup_and_opens_it(person: Person, data_dir: Path) -> None:
    _damage_after_backup(data_dir)
    person.answers = ["从最近的自动备份恢复", "确定"]

    window = app_module.start(data_dir)

    damaged, restored = person.asked[:2]
    assert damaged.title == "数据文件无法打开"
    assert "不是 PerfDesk 数据库" in damaged.text
    assert set(damaged.buttons) >= {"从最近的自动备份恢复", "选择备份文件…", "退出"}
    assert "Traceback" not in damaged.text + damaged.details
    assert restored.title == "已从备份恢复"
    assert window is not None
    assert _unit_names(window.store) == ["县财政局"]
    assert list(data_dir.glob(f"{DATABASE_FILE}.damaged-*")), "the damaged file must be kept"


def test_a_damaged_database_can_be_restored_from_a_chosen_file(
    person: Person, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with_unit(data_dir, "县教育局")
    usb_copy = backup.backup_database(data_dir / DATABASE_FILE, tmp_path / "U盘" / "备份.sqlite3")
    (data_dir / DATABASE_FILE).write_bytes(b"not a database" * 100)
    monkeypatch.setattr(prompts, "choose_open_path", lambda *_args: usb_copy)
    person.answers = ["选择备份文件…", "确定"]

    window = app_module.start(data_dir)

    assert "没有自动备份" in person.asked[0].text
    assert "从最近的自动备份恢复" not in person.asked[0].buttons
    assert window is not None
    assert _unit_names(window.store) == ["县教育局"]


def test_quitting_at_the_damaged_dialog_leaves_the_file_alone(person: Person, data_dir: Path) -> None:
    database = _damage_after_backup(data_dir)
    garbage = database.read_bytes()
    person.answers = ["退出"]

    assert app_module.run(data_dir) == app_module.EXIT_NOT_STARTED
    assert database.read_bytes() == garbage


def test_a_hard_crash_of_the_last_run_is_shown_at_start(person: Person, data_dir: Path) -> None:
    fault_log = data_dir / "logs" / crash.FAULT_LOG
    fault_log.parent.mkdir(parents=True)
    fault_log.write_text("Fatal Python error: Segmentation fault\n\nCurrent thread 0x1:\n", encoding="utf-8")
    _store_with_unit(data_dir, "县财政局")
    person.answers = ["继续"]

    assert app_module.start(data_dir) is not None

    assert [a.text.split("\n")[0] for a in person.asked] == ["上次运行时 PerfDesk 意外退出。"]
    assert "Segmentation fault" in person.asked[0].details
    assert fault_log.read_text(encoding="utf-8") == ""
