"""Screenshots of the monitoring sheet editor and the monitoring overview on the demo county.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_monitoring.py [--output-dir docs/images]
        [--no-check] [--size 1440x900]

Builds the demo data in a throw-away folder, fills and completes the target sheets of a few
projects (the road project's as ``screenshot_targets.py`` fills it), starts their monitoring
sheets for 1—7月 and fills them as a preparer would — a mix of red, yellow, green and blue lights,
some reasons still missing — then opens the road project's sheet with ``open_monitoring`` (after
全审 unless ``--no-check``) and the overview, and saves ``monitoring-editor.png`` and
``monitoring-overview.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication, QWidget
from screenshot_targets import PROJECT, fill_road_sheet

from perfdesk.domain.money import Money
from perfdesk.services import catalog, demo, forms
from perfdesk.services.monitoring import start_monitoring
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.monitoring.form_window import open_monitoring
from ui.monitoring.overview import MonitoringOverviewView
from ui.tasks import TaskRunner

MONTH = 7
# per indicator of the road sheet: 截至执行值, 全年预计完成值, 偏差原因, 可能性, 原因说明, 纠偏措施
ROAD_PROGRESS: list[tuple[str, str, list[str], int | None, str, str]] = [
    (
        "1.2",
        "3.2",
        ["硬件条件保障"],
        2,
        "6—7月雨季停工20天，路面硬化滞后",
        "增加一个施工班组，9月底前完成硬化",
    ),
    ("1", "2", [], 1, "", ""),
    ("100%", "100%", [], 1, "", ""),
    ("90%", "95%", [], None, "", ""),
    ("55", "57", [], 1, "", ""),
    ("3", "15", [], 2, "", ""),
    ("380", "520", [], 1, "", ""),
    ("15", "15", [], 1, "", ""),
    ("96%", "96%", [], 1, "", ""),
]
GREEN = ("1.6", "1", "100%", "96%", "55", "7", "320", "15", "96%")
OTHERS: list[tuple[Decimal, dict[int, str]]] = [
    (Decimal("0.62"), {}),  # all green
    (Decimal("0.40"), {0: "0.9", 5: "3"}),  # money red, two red indicators
    (Decimal("0.55"), {6: "230"}),  # money yellow, one yellow indicator
    (Decimal("0.70"), {6: "400"}),  # one blue: ahead of plan
]


def complete_targets(store: Store, project_id: int, rows: list[dict[str, Any]], goals: list[str]) -> None:
    record = forms.find_document(store, project_id, "targets") or forms.create_document(
        store, project_id, "targets"
    )
    body = {**record.body, "goals": {"annual": goals, "midterm": []}, "indicators": rows}
    forms.save_document(store, record.id, body, what="示例")
    forms.complete(store, record.id)


def fill_monitoring(store: Store, project_id: int, rate: Decimal, progress: list[tuple[Any, ...]]) -> None:
    """Start the project's 1—7月 sheet and fill it: money at ``rate`` of the adjusted budget."""
    record = start_monitoring(store, project_id, MONTH)
    body = record.body
    adjusted = Money.from_wan(body["funds"]["adjusted"])
    executed = Money(int(adjusted.cents * rate))
    body["funds"].update({"executed": executed.to_document(), "forecast": adjusted.to_document()})
    if rate * 12 < MONTH:
        body["funds"].update({"deviation": ["其他"], "reason": "第二期工程款待路基验收后拨付"})
    body["goals"]["progress"] = (
        "已完成路基1.5公里、硬化1.2公里；剩余工程计划9月底前完成硬化，10月底前竣工验收。"
    )
    for row, values in zip(body["indicators"], progress, strict=False):
        actual, forecast, deviation, likelihood, reason, measures = values
        row.update({"progress": actual, "forecast": forecast, "deviation": deviation, "reason": reason})
        row.update({"measures": measures} if measures else {})
        if likelihood is not None:
            row["likelihood"] = likelihood
        if row["lv3"] == "工程设计使用年限":
            row["time_shared"] = False
    forms.save_document(store, record.id, body, what="示例")


def build(store: Store) -> tuple[int, int]:
    """The demo with monitoring sheets; returns (year, the road project's id)."""
    demo.install_demo(store, county=True)  # no demo forms: this script fills its own
    year = max(catalog.list_years(store))
    projects = [p for node in catalog.load_tree(store, year) for p in node.projects]
    road = next(p for p in projects if p.name == PROJECT)
    document_id = fill_road_sheet(store, road.id)
    body = forms.get_document(store, document_id).body
    body["indicators"][6]["value"] = "≥520人"
    forms.save_document(store, document_id, body)
    forms.complete(store, document_id)
    fill_monitoring(store, road.id, Decimal("0.52"), ROAD_PROGRESS)
    rows, goals = body["indicators"], body["goals"]["annual"]
    others = [p for p in projects if p.id != road.id][: len(OTHERS)]
    for project, (rate, changed) in zip(others, OTHERS, strict=True):
        complete_targets(store, project.id, rows, goals)
        progress = [changed.get(i, green) for i, green in enumerate(GREEN)]
        fill_monitoring(
            store,
            project.id,
            rate,
            [(v, road[1], [], 1, "", "") for v, road in zip(progress, ROAD_PROGRESS, strict=True)],
        )
    return year, road.id


def save(widget: QWidget, path: Path) -> bool:
    for _ in range(5):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    return widget.grab().save(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="运行监控截图（示例数据）")
    parser.add_argument("--output-dir", type=Path, default=Path("docs/images"))
    parser.add_argument("--no-check", action="store_true", help="不先“全审”")
    parser.add_argument("--size", default="1440x900")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))

    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    with tempfile.TemporaryDirectory(prefix="perfdesk-shot-") as tmp, Store.open(Path(tmp) / "data") as store:
        year, road = build(store)
        tasks = TaskRunner()
        window = open_monitoring(store, tasks, road)
        window.resize(width, height)
        editor = window.editor
        editor.table.go_to(5, 4)
        if not args.no_check:
            editor.run_check()
            tasks.wait_idle()
        ok = save(window, args.output_dir / "monitoring-editor.png")
        window.close()
        overview = MonitoringOverviewView(store, year, county_mode=True)
        overview.resize(width, 560)
        overview.show()
        ok = save(overview, args.output_dir / "monitoring-overview.png") and ok
        overview.close()
        tasks.shutdown()
    if not ok:
        print(f"无法保存截图到 {args.output_dir}", file=sys.stderr)
        return 1
    print(f"已保存 {args.output_dir}/monitoring-editor.png 和 monitoring-overview.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
