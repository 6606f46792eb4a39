"""The first window opens on the store's read path; the engine is warmed up after it is shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import perfdesk
from perfdesk.services import catalog
from perfdesk.services.settings import AppSettings, save_settings
from perfdesk.services.store import Store
from ui.warm_up import WarmUp

START_SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui import app as gui

qt_app = gui.create_application([])
window = gui.start(Path(sys.argv[1]))
at_show = {
    "sqlalchemy": "sqlalchemy" in sys.modules,
    "alembic": "alembic" in sys.modules,
    "metadata": "importlib.metadata" in sys.modules,
    "engine": window.store.engine_ready,
    "units": window.navigator.model.unit_count,
}
after = {}

def on_finished(_environment):
    after.update(engine=window.store.engine_ready, version=qt_app.applicationVersion())
    qt_app.quit()

window.findChild(gui.WarmUp).finished.connect(on_finished)
qt_app.exec()
print(json.dumps({"at_show": at_show, "after": after}))
"""


def test_the_main_window_opens_before_sqlalchemy_is_loaded(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
        save_settings(store, AppSettings(demo_offered=True))
    result = subprocess.run(
        [sys.executable, "-c", START_SCRIPT, str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["at_show"] == {
        "sqlalchemy": False,
        "alembic": False,
        "metadata": False,
        "engine": False,
        "units": 1,
    }
    assert seen["after"] == {"engine": True, "version": perfdesk.version()}
    assert "运行环境：PerfDesk" in (data_dir / "logs" / "perfdesk.log").read_text(encoding="utf-8")


def test_warm_up_builds_the_engine_off_the_ui_thread(qtbot, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    with Store.open(data_dir) as store:
        assert not store.engine_ready
        warm_up = WarmUp(store, delay_ms=0)
        with qtbot.waitSignal(warm_up.finished, timeout=30_000) as finished:
            warm_up.start_later()
        assert store.engine_ready
        assert warm_up.worker is not None and warm_up.worker.daemon
        assert finished.args[0].startswith(f"PerfDesk {perfdesk.version()}，Python ")


def test_warm_up_of_a_store_closed_meanwhile_only_logs(qtbot, data_dir: Path) -> None:
    store = Store.open(data_dir)
    store.close()
    warm_up = WarmUp(store, delay_ms=0)
    with qtbot.waitSignal(warm_up.finished, timeout=30_000):
        warm_up.start_later()
    assert not store.engine_ready
