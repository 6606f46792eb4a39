"""The core never imports Qt: import every perfdesk module in a fresh interpreter with Qt blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import perfdesk

SCRIPT = r"""
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui"):
            raise ImportError(f"the core imported {name}")
        return None

sys.meta_path.insert(0, BlockQt())
import perfdesk
names = [m.name for m in pkgutil.walk_packages(perfdesk.__path__, "perfdesk.")
         if ".migrations" not in m.name and not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=Path(perfdesk.__file__).parent.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 15  # the walk really found the modules


def test_the_blocker_would_catch_a_qt_import() -> None:
    probe = SCRIPT.replace("import perfdesk\n", "import perfdesk\nimport PySide6.QtCore\n", 1)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "the core imported PySide6" in result.stderr
