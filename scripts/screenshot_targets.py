"""Screenshot of the target sheet editor on the demo county, for the docs and for looking at the UI.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_targets.py [-o docs/images/targets-editor.png]
        [--check] [--completed] [--size 1280x860]

Builds the demo data in a throw-away folder, fills the 绩效目标表 of a road project with real
indicators (one library placeholder ``≥**人`` left in), opens it with ``open_targets`` as the main
window will, and saves ``window.grab()``. ``--check`` runs 全审 first so the findings panel shows;
``--completed`` marks the sheet complete so the read-only banner shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from perfdesk.services import catalog, demo, forms
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.targets.form_window import open_targets
from ui.tasks import TaskRunner

DEFAULT_OUTPUT = Path("docs/images/targets-editor.png")
PROJECT = "城关镇村内道路硬化项目"
GOALS = [
    "完成东关村、西沟村村内道路硬化3.2公里，路面宽4.5米，解决2个村民小组群众出行难问题",
    "改善农产品运输条件，带动500名脱贫（监测）人口增收，年增收15万元以上",
]
INDICATORS = [
    ("产出指标", "数量指标", "新建(改建)村内道路里程", "≥3.2公里", "20", "以竣工验收报告为准"),
    ("产出指标", "数量指标", "受益村民小组数", "=2个", "5", ""),
    ("产出指标", "质量指标", "项目(工程)验收合格率", "=100%", "15", "验收合格的工程量占完成工程量的比例"),
    ("产出指标", "时效指标", "项目(工程)完成及时率", "≥95%", "5", ""),
    ("产出指标", "成本指标", "道路硬化单位造价", "≤58万元/公里", "10", "含路基、路面及排水设施"),
    ("效益指标", "经济效益指标", "带动增加脱贫人口收入", "≥15万元", "10", ""),
    ("效益指标", "社会效益指标", "受益脱贫(监测)人口数", "≥**人", "10", "以防返贫监测信息系统数据为准"),
    ("效益指标", "可持续影响指标", "工程设计使用年限", "≥15年", "5", ""),
    ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%", "10", "入户问卷调查"),
]


def fill_road_sheet(store: Store, project_id: int) -> int:
    """The demo road project's target sheet, filled as a preparer would; returns its id."""
    record = forms.find_document(store, project_id, "targets") or forms.create_document(
        store, project_id, "targets"
    )
    rows = [
        {"lv1": a, "lv2": b, "lv3": c, "value": v, "weight": w, "explanation": e}
        for a, b, c, v, w, e in INDICATORS
    ]
    for row in rows:
        if row["lv3"].startswith("受益脱贫"):
            row["core"] = 3
    body = {**record.body, "goals": {"annual": GOALS, "midterm": []}, "indicators": rows}
    body["required_core"] = [row["lv3"] for row in rows if row.get("core") == 3]
    forms.save_document(store, record.id, body, what="示例")
    return record.id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="绩效目标表截图（示例数据）")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="先“全审”，显示检查结果")
    parser.add_argument("--completed", action="store_true", help="标记完成后截图（只读）")
    parser.add_argument("--size", default="1280x860")
    args = parser.parse_args(argv)

    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    with tempfile.TemporaryDirectory(prefix="perfdesk-shot-") as tmp, Store.open(Path(tmp) / "data") as store:
        demo.install_demo(store)
        year = max(catalog.list_years(store))
        project = next(
            p for node in catalog.load_tree(store, year) for p in node.projects if p.name == PROJECT
        )
        document_id = fill_road_sheet(store, project.id)
        if args.completed:
            body = forms.get_document(store, document_id).body
            body["indicators"][6]["value"] = "≥520人"
            forms.save_document(store, document_id, body)
            forms.complete(store, document_id)
        tasks = TaskRunner()
        window = open_targets(store, tasks, project.id)
        width, height = (int(v) for v in args.size.split("x"))
        window.resize(width, height)
        editor = window.editor
        editor.table.go_to(6, 3)
        if args.check:
            editor.run_check()
            tasks.wait_idle()
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
