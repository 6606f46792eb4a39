"""自评汇总 over a real store: four road projects of two townships, graded 优, 中 and 差 and one not
started; 差 and 中 first and marked, the grade distribution, the unit filter, double-click to open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from selfeval_support import GROUPS, INCOME, LENGTH, PEOPLE, add_road, complete_targets, fill_like_road

from perfdesk.services import forms
from perfdesk.services.selfeval import start_selfeval
from perfdesk.services.store import Store
from ui.selfeval.summary import (
    COL_CODE,
    COL_GRADE,
    COL_NAME,
    COL_OVERRIDES,
    COL_STATUS,
    COL_TOTAL,
    PROJECT_ROLE,
    SelfEvalSummaryModel,
    SelfEvalSummaryView,
)


def graded(
    store: Store, code: str, *, unit_code: str = "610921101", short: int = 0, executed: str = ""
) -> int:
    """A road project's self-evaluation; ``short`` rows reported at a third of their target."""
    project_id = add_road(store, code=code, unit_code=unit_code)
    complete_targets(store, project_id)
    record = fill_like_road(store, start_selfeval(store, project_id))
    body = dict(record.body)
    body["indicators"] = [dict(row) for row in body["indicators"]]
    for row in (LENGTH, INCOME, PEOPLE, GROUPS)[:short]:
        body["indicators"][row].pop("override", None)
        body["indicators"][row].update({"actual": "1", "reason": "资金晚到，工程仅完成一部分"})
    if executed:
        body["funds"] = {**body["funds"], "executed": executed}
    forms.save_document(store, record.id, body)
    return project_id


def county(store: Store) -> dict[str, int]:
    return {
        "good": graded(store, "610921-26-0001"),  # 96.22 优, one override
        "poor": graded(store, "610921-26-0002", short=4, executed="30"),  # 57.03 差
        "fair": graded(store, "610921-26-0003", short=2),  # 78.89 中
        "none": add_road(store, code="610921-26-0107", unit_code="610921105"),
    }


def test_poor_and_fair_come_first_marked_with_the_distribution(qtbot: Any, store: Store) -> None:
    ids = county(store)
    view = SelfEvalSummaryView(store, 2026)
    qtbot.addWidget(view)
    model = view.model
    codes = [model.data(model.index(r, COL_CODE)) for r in range(model.rowCount())]
    assert codes == ["610921-26-0002", "610921-26-0003", "610921-26-0001", "610921-26-0107"]
    assert [model.data(model.index(r, COL_GRADE)) for r in range(4)] == ["差", "中", "优", ""]
    assert (
        model.data(model.index(1, COL_TOTAL)) == "78.89" and model.data(model.index(2, COL_TOTAL)) == "96.22"
    )
    assert [model.data(model.index(r, COL_OVERRIDES)) for r in range(4)] == ["—", "1 处", "1 处", ""]
    assert [model.data(model.index(r, COL_STATUS)) for r in range(4)] == ["草稿", "草稿", "草稿", "未填报"]
    assert view.distribution.text() == "优 1 / 良 0 / 中 1 / 差 1　（未评分 1）"

    for row in (0, 1):  # 差 and 中 are marked: a dot, the grade's colour, why in the tooltip
        assert isinstance(model.data(model.index(row, COL_NAME), Qt.ItemDataRole.DecorationRole), QIcon)
        assert model.data(model.index(row, COL_NAME), Qt.ItemDataRole.ForegroundRole) is not None
        assert "压减下年度预算" in model.data(model.index(row, COL_NAME), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(2, COL_NAME), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(0, COL_NAME), PROJECT_ROLE) == ids["poor"]

    assert view.unit_box.itemText(2) == "城关镇人民政府（610921105）"  # units by code
    view.set_unit(view.unit_box.itemData(2))
    assert {model.data(model.index(r, COL_CODE)) for r in range(model.rowCount())} == {"610921-26-0107"}
    assert view.distribution.text() == "优 0 / 良 0 / 中 0 / 差 0　（未评分 1）"
    view.set_unit(None)
    assert model.rowCount() == 4


def test_double_click_asks_for_the_projects_sheet(qtbot: Any, store: Store) -> None:
    ids = county(store)
    view = SelfEvalSummaryView(store, 2026)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    cell = view.model.index(1, COL_NAME)
    center = view.table.visualRect(cell).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened.args == [ids["fair"]]


def test_the_model_passes_the_model_tester(qtmodeltester: Any, store: Store) -> None:
    county(store)
    view = SelfEvalSummaryView(store, 2026)
    qtmodeltester.check(view.model, force_py=True)
    qtmodeltester.check(SelfEvalSummaryModel(), force_py=True)
