"""`kill -9` during editing loses at most the field being edited.

A real PerfDesk process (offscreen) on a real data folder: a person commits two fields of a
project and is half-way through typing a third when the process is killed. Afterwards the data
folder opens cleanly, both committed fields are there, and only the unfinished field is lost.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from perfdesk.services import catalog, demo
from perfdesk.services.store import Store

EDITOR_SCRIPT = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from perfdesk.services import catalog
from ui import app as gui

data_dir, project_id = Path(sys.argv[1]), int(sys.argv[2])
qt_app = gui.create_application([])
window = gui.start(data_dir)
project = catalog.get_project(window.store, project_id)
window.set_year(project.fiscal_year)
window.navigator.select(project)
QApplication.processEvents()
detail = window.detail

def type_into(field, text, commit):
    editor = detail.editor(field)
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, text)
    if commit:
        QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()

type_into("phone", "0915-7654321", commit=True)
type_into("funds.annual", "999.99", commit=True)
type_into("manager", "Wang Wu (not committed)", commit=False)
print("READY", flush=True)
while True:
    QApplication.processEvents()
    time.sleep(0.01)
"""


@pytest.mark.slow
def test_kill_9_while_typing_keeps_every_committed_field(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store:
        demo.install_demo(store)
        year = max(catalog.list_years(store))
        before = catalog.load_tree(store, year)[0].projects[0]
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(data_dir), str(before.id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Store.open(data_dir) as store:  # the lock died with the process; the database is intact
        after = catalog.get_project(store, before.id)
    assert after.phone == "0915-7654321"
    assert after.annual.format_wan() == "999.99"
    assert after.manager == before.manager  # the field being typed is the only thing lost
    assert after.name == before.name
