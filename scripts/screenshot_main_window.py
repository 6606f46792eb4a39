"""Screenshot of the main window on the demo county, for the docs and for looking at the UI.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_main_window.py [-o docs/images/main-window.png]
        [--search 道路] [--unbalanced]

Builds the demo data in a throw-away folder, opens the main window as the program does (Chinese
Qt translation, bundled font, style sheet), selects a project and saves ``widget.grab()``.
``--unbalanced`` first changes the project's 年度资金总额 so the funds message shows at the field.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from perfdesk.services import catalog, demo
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

DEFAULT_OUTPUT = Path("docs/images/main-window.png")
PROJECT = "城关镇村内道路硬化项目"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="主窗口截图（示例数据）")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--search", default="", help="在搜索框中输入的文字")
    parser.add_argument("--unbalanced", action="store_true", help="让年度资金总额对不上，显示提示")
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args(argv)

    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    with tempfile.TemporaryDirectory(prefix="perfdesk-shot-") as tmp, Store.open(Path(tmp) / "data") as store:
        demo.install_demo(store)
        tasks = TaskRunner()
        window = MainWindow(store, tasks, ui_state=QSettings(f"{tmp}/ui.ini", QSettings.Format.IniFormat))
        width, height = (int(v) for v in args.size.split("x"))
        window.resize(width, height)
        window.show()
        project = next(
            p
            for node in catalog.load_tree(store, window.navigator.year)
            for p in node.projects
            if p.name == PROJECT
        )
        window.navigator.select(project)
        if args.unbalanced:
            annual = window.detail.editor("funds.annual")
            annual.setText("200")  # type: ignore[union-attr]
            window.detail.commit_pending()
        if args.search:
            window.navigator.search_box.setFocus()
            for ch in args.search:
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, window.navigator.search_box, Qt.Key.Key_unknown, ch,
                    Qt.KeyboardModifier.NoModifier,
                )  # fmt: skip
        for _ in range(5):
            QApplication.processEvents()
        args.output.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(args.output)):
            print(f"无法保存截图 {args.output}", file=sys.stderr)
            return 1
        window.close()
        tasks.shutdown()
    print(f"已保存 {args.output}（{width}×{height}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
