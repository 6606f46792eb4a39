"""目标总览 on a real store: which projects have targets, how far each sheet is, its review grade;
counts, the unit filter, 差 rows in red with 不得纳入预算, double-click to review or to open."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtTest import QTest

from perfdesk.domain.review import ReviewSheet
from perfdesk.services import catalog, forms, reviews
from perfdesk.services.settings import AppSettings, save_settings
from perfdesk.services.store import Store
from ui import prompts
from ui.main_window import MainWindow
from ui.review.banner import POOR_COLOR
from ui.review.checklist_editor import ChecklistEditor
from ui.review.target_overview import (
    COL_BUDGET,
    COL_GRADE,
    COL_NAME,
    COL_STATUS,
    COL_TOTAL,
    PROJECT_ROLE,
    TargetOverviewModel,
    TargetOverviewView,
)
from ui.review.windows import open_windows
from ui.targets.form_window import open_windows as open_sheets
from ui.tasks import TaskRunner

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"
YEAR = 2026


def project(store: Store, unit_id: int, code: str, name: str) -> catalog.ProjectRow:
    return catalog.create_project(
        store, year=YEAR, unit_id=unit_id,
        values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                "phone": "0915-5210101", "category": "衔接资金", "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip


def completed(store: Store, row: catalog.ProjectRow) -> int:
    sample = json.loads((DOCS / "targets-road.json").read_text(encoding="utf-8"))
    record = forms.create_document(store, row.id, "targets")
    forms.save_document(
        store, record.id, {**record.body, "goals": sample["goals"], "indicators": sample["indicators"]}
    )
    forms.complete(store, record.id)
    return record.id


def finalise(store: Store, document_id: int, total: str) -> None:
    review = reviews.start_review(store, document_id, "县财政局")
    missing = Decimal(100) - Decimal(total)
    sheet = ReviewSheet({i.key: i.weight for i in review.checklist.items}, {}, "见各项意见")
    for item in review.checklist.items:
        off = min(missing, item.weight)
        if off > 0:
            sheet = sheet.with_score(item.key, item.weight - off).with_comment(item.key, "未达要求")
        missing -= off
    reviews.finalise_review(store, review.id, sheet)


@pytest.fixture
def county(store: Store) -> dict[str, int]:
    """Two units, four projects: 优, 差, waiting for review, no targets."""
    town = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    bureau = catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    road = project(store, town.id, "610921-26-0001", "城关镇村内道路硬化项目")
    lane = project(store, town.id, "610921-26-0002", "东关村产业路硬化项目")
    bridge = project(store, bureau.id, "610921-26-0101", "西沟村通组道路硬化")
    project(store, bureau.id, "610921-26-0102", "客运站候车室维修")
    finalise(store, completed(store, road), "95")
    finalise(store, completed(store, bridge), "52")
    waiting = completed(store, lane)
    return {"town": town.id, "bureau": bureau.id, "bridge": bridge.id, "lane": lane.id, "waiting": waiting}


@pytest.fixture
def view(qtbot, store: Store, county: dict[str, int]) -> TargetOverviewView:
    widget = TargetOverviewView(store, YEAR, county_mode=True)
    qtbot.addWidget(widget)
    widget.resize(1180, 420)
    widget.show()
    return widget


def cells(view: TargetOverviewView, column: int) -> list[str]:
    model = view.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def double_click(view: TargetOverviewView, name: str) -> None:
    """Double-click the row's name, as a person does (a click first: the view wants a press it saw)."""
    rect = view.table.visualRect(view.model.index(row_of(view, name), COL_NAME))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(view: TargetOverviewView, name: str) -> int:
    return cells(view, COL_NAME).index(name)


def test_the_model_passes_the_model_tester(qtmodeltester, store: Store, county: dict[str, int]) -> None:
    model = TargetOverviewModel()
    model.set_rows(reviews.target_overview(store, YEAR).rows)
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_every_project_is_listed_with_status_grade_and_counts(view: TargetOverviewView) -> None:
    assert cells(view, COL_NAME) == [
        "西沟村通组道路硬化",
        "客运站候车室维修",
        "城关镇村内道路硬化项目",
        "东关村产业路硬化项目",
    ]
    assert cells(view, COL_STATUS) == ["退回", "未填报", "审核通过", "已完成"]
    assert cells(view, COL_GRADE) == ["差", "", "优", "未审核"]
    assert cells(view, COL_TOTAL) == ["52", "", "95", ""]
    assert cells(view, COL_BUDGET) == ["不得纳入预算", "", "可纳入预算", ""]
    counts = view.counts.text()
    assert "4 个项目：已填报 3" in counts and "优 1 良 0 中 0 差 1" in counts and "未审核 1" in counts
    assert "1 个项目绩效目标审核为差，不得纳入预算" in counts


def test_poor_rows_are_red_and_say_so(view: TargetOverviewView) -> None:
    model, row = view.model, row_of(view, "西沟村通组道路硬化")
    for column in (COL_NAME, COL_GRADE, COL_BUDGET):
        brush = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
        assert isinstance(brush, QBrush) and brush.color().name() == POOR_COLOR
    assert "绩效目标审核为差，不得纳入预算" in model.index(row, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    good = row_of(view, "城关镇村内道路硬化项目")
    assert model.index(good, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is None


def test_the_unit_filter_shows_one_units_projects(view: TargetOverviewView, county: dict[str, int]) -> None:
    box = view.unit_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "全部单位", "县交通运输局（610921002）", "城关镇人民政府（610921101）",
    ]  # fmt: skip
    box.setCurrentIndex(box.findData(county["town"]))
    assert cells(view, COL_NAME) == ["城关镇村内道路硬化项目", "东关村产业路硬化项目"]
    assert "2 个项目" in view.counts.text() and "不得纳入预算" not in view.counts.text()
    view.set_unit(None)
    assert len(cells(view, COL_NAME)) == 4


def test_double_click_in_county_mode_opens_the_review_and_the_overview_follows_it(
    qtbot, view: TargetOverviewView, county: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    row = row_of(view, "东关村产业路硬化项目")
    double_click(view, "东关村产业路硬化项目")
    [window] = [w for w in open_windows() if w.panel.document.id == county["waiting"]]
    qtbot.addWidget(window)
    assert view.model.index(row, COL_GRADE).data() == "审核中"
    panel = window.panel
    panel.fill_unscored_with_full_marks()
    for key in ("A1", "A2"):  # 18 points off: 82, 良
        panel.scores[key].set_score(Decimal(0))
        panel.comments[key].setText("资金与目标不匹配")
    with qtbot.waitSignal(view.reviews_changed):
        assert panel.finalise()
    row = row_of(view, "东关村产业路硬化项目")
    assert (view.model.index(row, COL_GRADE).data(), view.model.index(row, COL_BUDGET).data()) == (
        "良", "按审核意见修改后纳入预算",
    )  # fmt: skip


def test_in_township_mode_double_click_asks_for_the_target_sheet(
    qtbot, store: Store, county: dict[str, int]
) -> None:
    view = TargetOverviewView(store, YEAR, county_mode=False)
    qtbot.addWidget(view)
    view.show()
    row = row_of(view, "西沟村通组道路硬化")
    with qtbot.waitSignal(view.open_requested) as asked:
        double_click(view, "西沟村通组道路硬化")
    assert asked.args == [county["bridge"]]
    assert view.model.index(row, COL_NAME).data(PROJECT_ROLE) == county["bridge"]
    view.table.selectRow(row_of(view, "客运站候车室维修"))
    assert view.open_button.isEnabled() and not view.review_button.isEnabled()


# ---------------------------------------------------------------- in the main window


@pytest.fixture
def main_window(qtbot, store: Store, county: dict[str, int], tmp_path: Path) -> Iterator[MainWindow]:
    save_settings(store, AppSettings(mode="county", demo_offered=True))
    tasks = TaskRunner()
    window = MainWindow(
        store, tasks, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.show()
    window.set_year(YEAR)
    yield window
    tasks.shutdown()


def tree_index(window: MainWindow, project_id: int) -> QModelIndex:
    return window.navigator.model.project_index(project_id)


def test_the_tree_marks_projects_whose_targets_are_graded_poor(
    main_window: MainWindow, county: dict[str, int]
) -> None:
    poor, other = tree_index(main_window, county["bridge"]), tree_index(main_window, county["lane"])
    assert poor.data() == "西沟村通组道路硬化"  # the name itself is unchanged
    assert "绩效目标审核为差，不得纳入预算" in poor.data(Qt.ItemDataRole.ToolTipRole)
    assert poor.data(Qt.ItemDataRole.ForegroundRole).color().name() == POOR_COLOR
    assert isinstance(poor.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert other.data(Qt.ItemDataRole.DecorationRole) is None
    assert "不得纳入预算" not in other.data(Qt.ItemDataRole.ToolTipRole)


def test_the_targets_menu_opens_the_overview_and_a_reviewed_poor_project_is_marked(
    qtbot, main_window: MainWindow, county: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    menus = [action.text() for action in main_window.menuBar().actions()]
    assert "绩效目标(&G)" in menus
    main_window.target_overview_action.trigger()
    overview = main_window.review_actions.overview
    assert overview is not None and overview.isVisible() and overview.county_mode
    main_window.target_overview_action.trigger()
    assert main_window.review_actions.overview is overview  # one overview window
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    window = overview.open_review(county["waiting"])
    panel = window.panel
    for key, score in {"C1": 0, "R1": 0, "A1": 0, "F1": 0, "A2": 0}.items():
        panel.scores[key].set_score(Decimal(score))
        panel.comments[key].setText("未达要求")
    panel.fill_unscored_with_full_marks()
    assert panel.finalise()
    assert main_window.navigator.model.has_poor_targets(county["lane"])  # the tree followed
    with qtbot.waitSignal(overview.open_requested):
        overview.open_requested.emit(county["lane"])
    assert main_window.navigator.current_row().id == county["lane"]
    sheets = open_sheets()  # the target sheet opened, with its review outcome on top
    assert len(sheets) == 1 and sheets[0].editor.review_banner.isVisibleTo(sheets[0])
    assert "不得纳入预算" in sheets[0].editor.review_banner.text.text()
    sheets[0].close()
    window.close()


def test_the_checklist_menu_opens_the_editor(main_window: MainWindow) -> None:
    main_window.checklist_action.trigger()
    editor = main_window.findChild(ChecklistEditor)
    assert editor is not None and editor.isVisible() and editor.table.rowCount() == 12
    editor.reject()
