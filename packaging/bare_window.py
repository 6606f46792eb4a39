"""The size baseline: a bare PySide6 window, frozen exactly as PerfDesk is (bare_window.spec)."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

if __name__ == "__main__":
    app = QApplication(sys.argv)
    label = QLabel("PerfDesk")
    label.show()
    if "--quit" in sys.argv:
        QTimer.singleShot(0, app.quit)
    sys.exit(app.exec())
