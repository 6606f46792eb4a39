"""What the exchange screen tests share: a township and a county data folder on real stores, a
real TaskRunner, and the questions answered as a person would (passwords typed into the real
password dialog's field; fingerprints compared and confirmed; files chosen on a "USB stick")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from perfdesk.services import demo
from perfdesk.services.store import Store
from ui.exchange import asks, unlock
from ui.exchange.unlock import PasswordDialog
from ui.tasks import TaskRunner

PASSWORD = "Chengguan-2026"
YEAR = date.today().year


@dataclass
class Person:
    """The answers the operator gives; every question asked is recorded."""

    qtbot: object
    password: str = PASSWORD
    keep: bool = False
    confirm_keys: bool = True
    save_to: list[Path] = field(default_factory=list)
    open_one: list[Path] = field(default_factory=list)
    folder: Path | None = None
    texts: list[str | None] = field(default_factory=list)
    texts_asked: list[str] = field(default_factory=list)
    keys_shown: list[str] = field(default_factory=list)
    refusals: list[tuple[str, str]] = field(default_factory=list)
    passwords_asked: int = 0

    def type_password(self, parent: QWidget | None, purpose: str) -> tuple[str, bool] | None:
        """The real password dialog, its field typed into (ASCII), 保持解锁 as chosen."""
        self.passwords_asked += 1
        dialog = PasswordDialog(purpose, parent)
        self.qtbot.keyClicks(dialog.password_edit, self.password)  # type: ignore[attr-defined]
        dialog.keep_check.setChecked(self.keep)
        answer = dialog.answer()
        dialog.deleteLater()
        return answer

    def confirm_key(self, _parent: QWidget | None, _title: str, _who: str, key_id: str, _paper: str) -> bool:
        self.keys_shown.append(key_id)
        return self.confirm_keys

    def type_text(self, _parent: QWidget | None, _title: str, label: str, _current: str = "") -> str | None:
        """A line typed into a text question (a return reason); None is 取消."""
        self.texts_asked.append(label)
        return self.texts.pop(0)

    def refused(self, _parent: QWidget | None, exc: BaseException) -> None:
        self.refusals.append((str(getattr(exc, "code", "")), str(exc)))


@pytest.fixture(name="person")
def person_fixture(qtbot: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Person]:
    answers = Person(qtbot)
    monkeypatch.setattr(asks, "password", answers.type_password)
    monkeypatch.setattr(asks, "confirm_key", answers.confirm_key)
    monkeypatch.setattr(asks, "refused", answers.refused)
    monkeypatch.setattr(asks, "text", answers.type_text)
    monkeypatch.setattr(asks, "inform", lambda *_a: None)
    monkeypatch.setattr(asks, "save_file", lambda *_a: answers.save_to.pop(0))
    monkeypatch.setattr(asks, "open_file", lambda *_a: answers.open_one.pop(0))
    monkeypatch.setattr(asks, "open_folder", lambda *_a: answers.folder)
    unlock.forget()
    yield answers
    unlock.forget()


@pytest.fixture(name="runner")
def runner_fixture() -> Iterator[TaskRunner]:
    # Progress is checked through the runner's signals; the dialog itself stays away: a modal
    # QProgressDialog runs events inside setValue, which made the offscreen runs flaky.
    tasks = TaskRunner(show_delay_ms=60_000)
    yield tasks
    tasks.shutdown()


@pytest.fixture(name="township")
def township_fixture(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "township") as store:
        demo.install_demo(store)
        yield store


@pytest.fixture(name="county")
def county_fixture(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "county") as store:
        demo.install_demo(store, county=True)
        yield store


@pytest.fixture(name="usb")
def usb_fixture(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path
