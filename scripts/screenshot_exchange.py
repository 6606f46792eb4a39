"""Screenshots of the exchange screens on the demo county: the township's 密钥 dialog and the
county's 导入申报包 report.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_exchange.py [--output-dir docs/images]

Builds a township and a county demo folder in a throw-away place, makes the township key and
enrols it at the county, exports the township's completed forms, adds a damaged copy of the
package and a package signed by a key the county does not know, imports the folder at the county
and saves ``exchange-key.png`` and ``exchange-import.png``.
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

from PySide6.QtWidgets import QApplication

from perfdesk.exchange.enrolment import read_enrolment
from perfdesk.services import demo, keys
from perfdesk.services.exchange_county import import_submissions
from perfdesk.services.exchange_export import export_submission
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.exchange.import_window import ImportWindow, summary
from ui.exchange.key_dialog import KeyDialog
from ui.tasks import TaskRunner

PASSWORD = "Chengguan-2026"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output-dir", default="docs/images")
    args = parser.parse_args()
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    year = date.today().year
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        usb = root / "usb"
        usb.mkdir()
        with (
            Store.open(root / "township") as township,
            Store.open(root / "county") as county,
            Store.open(root / "other") as other,
        ):
            demo.install_demo(township)
            demo.install_demo(county, county=True)
            demo.install_demo(other)
            keys.init_key(township, PASSWORD)
            pdkey = keys.export_enrolment(township, PASSWORD, usb / "610921101.pdkey", "610921101")
            keys.init_key(county, PASSWORD)
            keys.enrol(county, read_enrolment(pdkey.read_bytes()))
            keys.init_key(other, PASSWORD)
            keys.export_enrolment(other, PASSWORD, root / "other.pdkey", "610921101")
            good = export_submission(township, PASSWORD, year, usb / f"610921101-{year}-all-1.pdsub")
            assert good.built.path is not None
            data = good.built.path.read_bytes()
            (usb / f"610921101-{year}-all-1-副本.pdsub").write_bytes(data[:-300])
            export_submission(other, PASSWORD, year, usb / f"610921101-{year}-all-7.pdsub")

            tasks = TaskRunner()
            dialog = KeyDialog(township, tasks)
            dialog.resize(620, 380)
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(out / "exchange-key.png"))

            window = ImportWindow(county, tasks)
            paths = sorted(usb.glob("*.pdsub"))
            reports = import_submissions(county, paths)
            window._on_imported(reports)
            window.summary_label.setText(summary(reports))
            window.resize(1440, 460)
            window.show()
            app.processEvents()
            window.view.resizeRowsToContents()
            app.processEvents()
            window.grab().save(str(out / "exchange-import.png"))
            tasks.shutdown()
            dialog.close()
            window.close()
    QApplication.processEvents()
    print(f"saved {out / 'exchange-key.png'} and {out / 'exchange-import.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
