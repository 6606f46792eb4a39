"""Screenshots of the self-evaluation editor and the unit summary on a sample township.

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_selfeval.py [--output-dir docs/images]
        [--check] [--size 1320x900]

Builds a township in a throw-away folder, completes the target sheet of its road project (and of
two more projects; a fourth has no forms), runs a July monitoring with forecasts, starts each self-evaluation
from them and fills it as a preparer would — a reverse indicator over its limit, two qualitative
ones, an override with its reason — then saves ``selfeval-editor.png`` (the road sheet, the cursor
on the override) and ``selfeval-summary.png`` (the unit summary, 中 and 差 first).
``--check`` runs 全审 first so the findings panel shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from perfdesk.services import catalog, forms
from perfdesk.services.monitoring import start_monitoring
from perfdesk.services.selfeval import start_selfeval
from perfdesk.services.store import Store
from ui import app as ui_app
from ui import fonts
from ui.selfeval.columns import COL_ACTUAL
from ui.selfeval.form_window import open_selfeval
from ui.selfeval.summary import SelfEvalSummaryView
from ui.tasks import TaskRunner

DEFAULT_DIR = Path("docs/images")
UNIT = "城关镇人民政府"
ROAD = "城关镇村内道路硬化项目"
GOALS = [
    "完成东关村、西沟村村内道路硬化3.2公里，路面宽4.5米，解决2个村民小组群众出行难问题",
    "改善农产品运输条件，带动500名脱贫（监测）人口增收，年增收15万元以上",
]
# 一级, 二级, 三级, 年度指标值, 分值, then what the road project reports: 实际完成值 (or tier and score),
# 偏差原因, and a July forecast.
INDICATORS: list[tuple[str, ...]] = [
    ("产出指标", "数量指标", "新建(改建)村内道路里程", "≥3.2公里", "15", "3.3", "", "3.2"),
    ("产出指标", "数量指标", "受益村民小组数", "=2个", "5", "2", "", "2"),
    ("产出指标", "质量指标", "项目(工程)验收合格率", "=100%", "10", "100%", "", "100%"),
    ("产出指标", "时效指标", "项目(工程)完成及时率", "≥95%", "5", "92%", "雨季停工20天；今后避开雨季施工", "95%"),
    ("产出指标", "时效指标", "项目完工时间", "10月底前完工", "5", "部分达成年度指标并具有一定效果|3.5",
     "11月15日完工，晚半个月；今后提前开工", ""),
    ("产出指标", "成本指标", "道路硬化单位造价", "≤58万元/公里", "10", "61", "砂石涨价；已按程序报批", "58"),
    ("效益指标", "经济效益指标", "带动增加脱贫人口收入", "≥15万元", "10", "12", "通车晚于运输旺季；次年跟踪", "15"),
    ("效益指标", "社会效益指标", "受益脱贫(监测)人口数", "≥500人", "10", "480", "20人户籍迁出未计入", "500"),
    ("效益指标", "可持续影响指标", "工程设计使用年限", "≥15年", "5", "15", "", ""),
    ("效益指标", "生态效益指标", "农村人居环境", "明显改善", "5", "达成年度指标|5", "", ""),
    ("满意度指标", "服务对象满意度指标", "受益脱贫(监测)户满意度", "≥95%", "10", "96.5%", "", "96%"),
]  # fmt: skip
OVERRIDE = {"score": "10", "reason": "经镇村核实，迁出的20人仍在本村居住并使用该道路，实际受益500人"}
PROJECTS = [  # 项目名称, 年度资金总额, 财政拨款, 其他资金 (万元)
    (ROAD, "197.60", "185.60", "12.00"),
    ("城关镇农村人居环境整治项目", "48.00", "48.00", "0"),
    ("城关镇茶园提质增效项目", "116.80", "96.80", "20.00"),
    ("城关镇办公运转经费", "36.50", "36.50", "0"),
]
OTHERS = {  # projects that fell short: 实际 as a share of each target, 执行率 in percent
    "城关镇农村人居环境整治项目": ("0.55", "0.30"),
    "城关镇茶园提质增效项目": ("0.7", "0.85"),
}


def add_project(store: Store, unit_id: int, year: int, n: int, row: tuple[str, str, str, str]) -> int:
    name, annual, fiscal, other = row
    values = {"code": f"610921-{year % 100}-{n:04d}", "name": name, "department": "示例县农业农村局",
              "manager": "陈志强", "phone": "0915-5210101", "category": "衔接资金",
              "annual": annual, "fiscal": fiscal, "other": other}  # fmt: skip
    return catalog.create_project(store, year=year, unit_id=unit_id, values=values).id


def complete_targets(store: Store, project_id: int) -> None:
    record = forms.find_document(store, project_id, "targets") or forms.create_document(
        store, project_id, "targets"
    )
    rows = [{"lv1": r[0], "lv2": r[1], "lv3": r[2], "value": r[3], "weight": r[4]} for r in INDICATORS]
    body = {**record.body, "goals": {"annual": GOALS, "midterm": []}, "indicators": rows}
    forms.save_document(store, record.id, body, what="示例")
    forms.complete(store, record.id)


def monitor_in_july(store: Store, project_id: int) -> None:
    record = start_monitoring(store, project_id, 7)
    body = dict(record.body)
    body["indicators"] = [
        {**row, "forecast": r[7]} for row, r in zip(body["indicators"], INDICATORS, strict=True)
    ]
    forms.save_document(store, record.id, body, what="示例")


def filled_row(row: dict[str, Any], source: tuple[str, ...], share: str = "") -> dict[str, Any]:
    actual, reason = source[5], source[6]
    if "|" in actual:
        tier, score = actual.split("|")
        return {**row, "actual": "", "tier": tier, "score": score, "reason": reason}
    if share and actual[0].isdigit() and not source[3].startswith("≤"):
        number = float(actual.rstrip("%")) * float(share)
        actual, reason = f"{number:.1f}", reason or "资金到位晚，年内未完成；次年继续实施"
    return {**row, "actual": actual, "reason": reason}


def fill_selfeval(store: Store, project_id: int, share: str = "", rate: str = "0.96") -> int:
    record = start_selfeval(store, project_id)
    body = dict(record.body)
    rows = [filled_row(row, r, share) for row, r in zip(body["indicators"], INDICATORS, strict=True)]
    if not share:
        rows[7]["override"] = OVERRIDE
        rows[-1]["actual"] = ""  # still to be surveyed: the July forecast shows as a hint
    body["indicators"] = rows
    annual = body["funds"]["annual"]
    body["funds"] = {**body["funds"], "executed": f"{float(annual) * float(rate):.2f}"}
    body["goals"] = {
        **body["goals"],
        "achieved": "完成道路硬化3.3公里并通过验收，2个村民小组通车；受益脱贫（监测）人口500人，带动增收12万元。",
    }
    body["closing"] = {
        "conclusion": "项目按计划实施，资金使用规范，主要产出和效益目标基本实现。",
        "problems": "受雨季影响完工晚于计划；单位造价略超预算。",
        "measures": "今后避开雨季安排路面施工，加强造价控制。",
    }
    forms.save_document(store, record.id, body, what="示例")
    return record.id


def save(widget: Any, path: Path) -> bool:
    for _ in range(5):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        print(f"无法保存截图 {path}", file=sys.stderr)
        return False
    print(f"已保存 {path}（{widget.width()}×{widget.height()}）")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="绩效自评截图（示例数据）")
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--check", action="store_true", help="先“全审”，显示检查结果")
    parser.add_argument("--size", default="1320x900")
    args = parser.parse_args(argv)

    app = ui_app.create_application()
    fonts.register_cjk_font(app)
    ui_app.load_style_sheet(app)
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="perfdesk-shot-") as tmp, Store.open(Path(tmp) / "data") as store:
        year = date.today().year
        unit = catalog.save_unit(store, code="610921101", name=UNIT, kind="township")
        ids = {row[0]: add_project(store, unit.id, year, n, row) for n, row in enumerate(PROJECTS, start=1)}
        for name in (ROAD, *OTHERS):
            complete_targets(store, ids[name])
        monitor_in_july(store, ids[ROAD])
        fill_selfeval(store, ids[ROAD])
        for name, (share, rate) in OTHERS.items():
            fill_selfeval(store, ids[name], share, rate)

        tasks = TaskRunner()
        window = open_selfeval(store, tasks, ids[ROAD])
        window.resize(width, height)
        editor = window.editor
        editor.table.go_to(5, COL_ACTUAL)
        if args.check:
            editor.run_check()
            tasks.wait_idle()
        ok = save(window, args.output_dir / "selfeval-editor.png")
        window.close()

        summary = SelfEvalSummaryView(store, year)
        summary.resize(1100, 420)
        summary.show()
        ok = save(summary, args.output_dir / "selfeval-summary.png") and ok
        summary.close()
        tasks.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
