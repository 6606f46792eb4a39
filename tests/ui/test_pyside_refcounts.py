"""Guard against a Qt binding that leaks references to None/True (PySide6 6.12.0 on CPython 3.11).

That release drops a reference to ``None`` on every call of a C++ ``void`` method and to ``True``
on every ``Signal.emit``; after enough calls the interpreter aborts (``none_dealloc``). A working
day of form filling makes that many calls, so the dependency range excludes it and this test
fails loudly if a binding with the bug comes back.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()

class Emitter(QObject):
    fired = Signal(bool)

emitter = Emitter()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(50_000):
    widget.setEnabled(True)
    emitter.fired.emit(True)
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_void_calls_and_emits_keep_none_and_true_alive() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"the Qt binding crashed the interpreter: {result.stderr[-400:]}"
    none_delta, true_delta = (int(x) for x in result.stdout.split())
    assert abs(none_delta) < 100 and abs(true_delta) < 100, (none_delta, true_delta)
