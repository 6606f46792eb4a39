"""Screenshots of 绩效目标审核: the review panel of a road project and the year's target overview.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_review.py [--out-dir /tmp] [--poor]

Builds a small county in a throw-away folder (two units, five projects; three completed target
sheets, two of them reviewed — one 优, one 差), opens the review of the third as the reviewer
left it half-way (``--poor``: scored down to 差), and saves ``review-panel.png`` and
``target-overview.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from perfdesk.domain.review import ReviewSheet
from perfdesk.services import catalog, forms, reviews
from perfdesk.services.settings import AppSettings, save_settings
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.review.target_overview import TargetOverviewView
from ui.review.windows import open_review

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
SAMPLE = ROOT / "tests" / "data" / "documents" / "targets-road.json"
PROJECTS = [
    ("610921101", "610921-26-0001", "城关镇村内道路硬化项目", True, "95"),
    ("610921101", "610921-26-0002", "东关村产业路硬化项目", True, None),
    ("610921101", "610921-26-0003", "中心小学食堂改造", False, None),
    ("610921002", "610921-26-0101", "西沟村通组道路硬化", True, "52"),
    ("610921002", "610921-26-0102", "客运站候车室维修", False, None),
]


def build(store: Store) -> int:
    """The sample county; returns the id of the target sheet left for review."""
    save_settings(store, AppSettings(mode="county", county_name="示例县", preparer="县财政局 李审核"))
    units = {
        "610921101": catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township"),
        "610921002": catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department"),
    }
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    waiting = 0
    for unit_code, code, name, completed, total in PROJECTS:
        project = catalog.create_project(
            store, year=YEAR, unit_id=units[unit_code].id,
            values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                    "phone": "0915-5210101", "category": "衔接资金", "annual": "120", "fiscal": "100",
                    "other": "20"},
        )  # fmt: skip
        if not completed and code.endswith("2"):
            continue
        record = forms.create_document(store, project.id, "targets")
        body = {**record.body, "goals": sample["goals"], "indicators": sample["indicators"]}
        forms.save_document(store, record.id, body)
        if not completed:
            continue
        forms.complete(store, record.id)
        if total is None:
            waiting = record.id
            continue
        review = reviews.start_review(store, record.id, "县财政局 李审核")
        missing = Decimal(100) - Decimal(total)
        sheet = ReviewSheet({i.key: i.weight for i in review.checklist.items}, {}, "见各项审核意见")
        for item in review.checklist.items:
            off = min(missing, item.weight)
            if off > 0:
                sheet = sheet.with_score(item.key, item.weight - off).with_comment(item.key, "未达要求")
            missing -= off
        reviews.finalise_review(store, review.id, sheet)
    return waiting


def save(widget: QWidget, path: Path) -> None:
    for _ in range(5):
        QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"无法保存截图 {path}")
    print(f"已保存 {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="绩效目标审核截图（示例数据）")
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp"))
    parser.add_argument("--poor", action="store_true", help="把待审核的表打到“差”")
    args = parser.parse_args(argv)
    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    with tempfile.TemporaryDirectory(prefix="perfdesk-shot-") as tmp, Store.open(Path(tmp) / "data") as store:
        document_id = build(store)
        window = open_review(store, document_id)
        panel = window.panel
        scores = {"C1": "10", "C2": "6", "C3": "7", "R1": "10", "R2": "8", "R3": "5", "A1": "8"}
        if args.poor:
            scores.update(
                {"C1": "2", "R1": "0", "A1": "0", "A2": "3", "F1": "2", "F2": "4", "F3": "3", "A3": "4"}
            )
        for key, value in scores.items():
            panel.scores[key].set_score(Decimal(value))
        panel.comments["C2"].setText("目标2未写明增收的测算口径")
        panel.comments["R3"].setText("缺“受益脱贫(监测)人口数”核心指标")
        panel.comments["A1"].setText("单位造价高于全县同类道路平均水平")
        window.resize(1180, 900)
        save(window, args.out_dir / "review-panel.png")
        window.close()
        overview = TargetOverviewView(store, YEAR, county_mode=True)
        overview.resize(1180, 420)
        overview.show()
        save(overview, args.out_dir / "target-overview.png")
        overview.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
