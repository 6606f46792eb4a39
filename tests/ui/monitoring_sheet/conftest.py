"""Fixtures of the monitoring sheet tests: a road project with completed targets, a task runner
whose progress dialog never shows, the errors the one presenter was handed, the open window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from monitoring_support import make_project, targets

from perfdesk.services import catalog
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.monitoring.form_window import MonitoringWindow, open_monitoring, open_windows
from ui.tasks import TaskRunner


@pytest.fixture
def road(store: Store) -> catalog.ProjectRow:
    project = make_project(store, "610921-26-0001", "城关镇村内道路硬化项目")
    targets(store, project.id)
    return project


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner(show_delay_ms=60_000)
    yield runner
    runner.shutdown()


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    errors: list[BaseException] = []
    monkeypatch.setattr(ui_tasks, "present_error", lambda _parent, exc: errors.append(exc))
    return errors


@pytest.fixture
def window(
    qtbot: Any, store: Store, tasks: TaskRunner, road: catalog.ProjectRow, shown_errors: Any
) -> Iterator[MonitoringWindow]:
    opened = open_monitoring(store, tasks, road.id)
    qtbot.waitExposed(opened)
    yield opened
    for still_open in open_windows():
        still_open.close()
