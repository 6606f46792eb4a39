"""运行监控总览 on a real store: two units, four road projects — money red, all green, one yellow
indicator, not started — counts per colour, the red-and-yellow filter, the unit filter, sorting by
light, double-click to open."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from perfdesk.domain.monitoring_lights import Light
from perfdesk.services import catalog, forms
from perfdesk.services.monitoring import monitoring_overview, start_monitoring
from perfdesk.services.store import Store
from ui.monitoring.overview import (
    COL_MONEY,
    COL_PROJECT,
    COL_RATE,
    COL_RED,
    COL_WORST,
    COL_YELLOW,
    PROJECT_ROLE,
    MonitoringOverviewModel,
    MonitoringOverviewView,
)

YEAR = 2026
ROAD = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "documents" / "targets-road.json").read_text("utf-8")
)
ON_PLAN = ["1.75", "1.2", "100%", "100%", "达成", "38", "60", "9", "300", "达成", "9", "96%"]


def project(store: Store, unit_id: int, code: str, name: str) -> catalog.ProjectRow:
    return catalog.create_project(
        store, year=YEAR, unit_id=unit_id,
        values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                "phone": "0915-5210101", "category": "衔接资金", "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip


def monitored(store: Store, row: catalog.ProjectRow, executed: str, changed: dict[int, str]) -> None:
    """Completed targets and a 1—7月 sheet: ``executed`` of 120 万元 spent, progress on plan but ``changed``."""
    targets = forms.create_document(store, row.id, "targets")
    forms.save_document(
        store, targets.id, {**targets.body, "goals": ROAD["goals"], "indicators": ROAD["indicators"]}
    )
    forms.complete(store, targets.id)
    sheet = start_monitoring(store, row.id, 7)
    body = sheet.body
    body["funds"].update({"executed": executed, "forecast": "120.00"})
    for i, indicator in enumerate(body["indicators"]):
        indicator.update({"progress": changed.get(i, ON_PLAN[i]), "forecast": ON_PLAN[i], "likelihood": 1})
    forms.save_document(store, sheet.id, body)


@pytest.fixture
def county(store: Store) -> dict[str, int]:
    town = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    bureau = catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    late = project(store, town.id, "610921-26-0001", "城关镇村内道路硬化项目")
    fine = project(store, town.id, "610921-26-0002", "东关村产业路硬化项目")
    slow = project(store, bureau.id, "610921-26-0101", "西沟村通组道路硬化")
    project(store, bureau.id, "610921-26-0102", "客运站候车室维修")
    monitored(store, late, "40.00", {7: "3"})  # 33.33% < 48.33%: red money; income red
    monitored(store, fine, "72.00", {})  # 60%: all green
    monitored(store, slow, "70.00", {8: "200"})  # 200 × 12 < 0.8 × 500 × 7: one yellow
    return {"town": town.id, "bureau": bureau.id, "late": late.id, "fine": fine.id, "slow": slow.id}


def names(view: MonitoringOverviewView) -> list[str]:
    return [view.proxy.index(r, COL_PROJECT).data() for r in range(view.proxy.rowCount())]


def test_the_model_passes_qt_model_tester(qtmodeltester: Any, store: Store, county: dict[str, int]) -> None:
    model = MonitoringOverviewModel()
    model.set_rows(monitoring_overview(store, YEAR))
    qtmodeltester.check(model, force_py=True)
    late = next(r for r in range(model.rowCount()) if model.row_at(r).project_id == county["late"])
    assert model.index(late, COL_MONEY).data() == "红灯" and model.index(late, COL_RATE).data() == "33.33%"
    assert "执行率 = 执行数 40.00" in model.index(late, COL_MONEY).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(late, COL_WORST).data() == "红灯" and model.index(late, COL_RED).data() == "1"


def test_counts_the_red_and_yellow_filter_and_the_unit_filter(
    qtbot: Any, store: Store, county: dict[str, int]
) -> None:
    view = MonitoringOverviewView(store, YEAR, county_mode=True)
    qtbot.addWidget(view)
    assert "全县" in view.windowTitle() and view.unit_box.currentText() == "全部单位"
    assert len(names(view)) == 4
    summary = view.summary.text()
    assert "共 4 个项目，已开始运行监控 3 个" in summary
    assert "资金执行（项目数）" in summary and "指标最差灯（项目数）" in summary

    view.red_yellow_box.click()  # only what needs attention: red money or a red/yellow indicator
    assert sorted(names(view)) == ["城关镇村内道路硬化项目", "西沟村通组道路硬化"]
    assert "只看红灯和黄灯：显示 2 个" in view.summary.text()
    view.unit_box.setCurrentIndex(view.unit_box.findData(county["town"]))
    assert names(view) == ["城关镇村内道路硬化项目"]
    view.red_yellow_box.click()
    assert names(view) == ["城关镇村内道路硬化项目", "东关村产业路硬化项目"]
    assert "共 2 个项目" in view.summary.text()


def test_columns_sort_by_how_bad_the_light_is(qtbot: Any, store: Store, county: dict[str, int]) -> None:
    view = MonitoringOverviewView(store, YEAR, unit_id=county["bureau"])
    qtbot.addWidget(view)
    assert view.unit_box.currentData() == county["bureau"] and "本单位" in view.windowTitle()
    view.set_unit(None)
    view.table.sortByColumn(COL_WORST, Qt.SortOrder.DescendingOrder)
    worst = [view.proxy.index(r, COL_WORST).data() for r in range(view.proxy.rowCount())]
    assert worst == ["红灯", "黄灯", "绿灯", "—"]
    view.table.sortByColumn(COL_YELLOW, Qt.SortOrder.DescendingOrder)
    assert names(view)[0] == "西沟村通组道路硬化"
    view.table.sortByColumn(COL_RATE, Qt.SortOrder.AscendingOrder)
    assert [view.proxy.index(r, COL_RATE).data() for r in range(4)] == ["—", "33.33%", "58.33%", "60.00%"]


def test_double_click_asks_for_the_sheet_of_the_project(
    qtbot: Any, store: Store, county: dict[str, int]
) -> None:
    view = MonitoringOverviewView(store, YEAR)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    row = next(
        r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data(PROJECT_ROLE) == county["slow"]
    )
    rect = view.table.visualRect(view.proxy.index(row, COL_PROJECT))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the view
    with qtbot.waitSignal(view.open_requested) as opened:  # wants a press it saw before the double one
        QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [county["slow"]]
    view.table.selectRow(row)
    with qtbot.waitSignal(view.open_requested) as again:
        view.open_button.click()
    assert again.args == [county["slow"]]
    assert Light.YELLOW in monitoring_overview(store, YEAR, county["bureau"])[0].counts
