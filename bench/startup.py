"""Start to an interactive main window with the demo database, against a bare PySide6 window.

Both are whole processes (interpreter, imports, window shown, event loop idle, quit), measured
alternately in the same run; the figure is PerfDesk's median ÷ the bare window's median.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Figure, print_table

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("hello"))
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

PERFDESK = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from ui import app as gui
qt_app = gui.create_application(sys.argv)
window = gui.start(Path(sys.argv[1]))
assert window is not None
QTimer.singleShot(0, qt_app.quit)
qt_app.exec()
gui.shutdown()
"""

ROOT = Path(__file__).resolve().parent.parent


def _time(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def measure(repeat: int = 7) -> list[Figure]:
    from perfdesk.services import demo
    from perfdesk.services.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "demo"
        with Store.open(data_dir) as store:
            demo.install_demo(store)
        _time(BARE)
        _time(PERFDESK, str(data_dir))  # warm the OS file cache for both
        bare, ours = [], []
        for _ in range(repeat):
            bare.append(_time(BARE))
            ours.append(_time(PERFDESK, str(data_dir)))
    b, o = statistics.median(bare), statistics.median(ours)
    return [Figure("启动到主窗口（示例数据）对比空白 PySide6 窗口", o, "s", b, "比值 ≤ 2", o / b <= 2)]


if __name__ == "__main__":
    print_table(measure())
