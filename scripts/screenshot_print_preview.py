"""Screenshot of 打印预览 on the demo township's batch print (docs/images/print-preview.png).

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_print_preview.py [--output-dir docs/images]
        [--page 2] [--size 1180x860]

Installs the demo in a throw-away folder, renders 城关镇人民政府's forms into one PDF (批量打印本单位)
and shows it in the preview on the given page (2: the landscape 绩效运行监控表), fitted to width.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings

from perfdesk.services import demo, printing
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.printing.preview import PrintPreview

DEMO_UNIT = "610921101"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output-dir", type=Path, default=Path("docs/images"))
    parser.add_argument("--page", type=int, default=2)
    parser.add_argument("--size", default="1180x860")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        demo.install_demo(store)
        printed = printing.render_unit_forms(store, date.today().year, DEMO_UNIT)
        settings = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        view = PrintPreview(printed.data, printed.title, settings=settings)
        view.resize(width, height)
        view.show()
        app.processEvents()
        view.go_to(args.page - 1)
        view.fit_to_width()
        app.processEvents()
        args.output_dir.mkdir(parents=True, exist_ok=True)
        path = args.output_dir / "print-preview.png"
        ok = view.grab().save(str(path))
        print(f"{'已保存' if ok else '无法保存'} {path}")
        view.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
