"""项目支出绩效自评表 as a township preparer fills it: the road project, real widgets, a real store.

Type the actuals and the money and watch 得分, 总分 and 等级 follow with their arithmetic; a reverse
indicator over its limit; a qualitative tier with a score outside its band caught by 全审; a row
set 不适用 and the total rescaled; a score overridden with its reason (and refused without one);
undo and redo — and after each step the database, where every change must already be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from selfeval_support import (
    ENVIRONMENT,
    FINISHED,
    INCOME,
    LENGTH,
    PEOPLE,
    SATISFIED,
    TIMELY,
    UNIT_COST,
    add_road,
    choose_tier,
    complete_targets,
    fill_like_road,
    stored,
    type_chinese,
    type_in_cell,
)

from perfdesk.services.selfeval import start_selfeval
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.selfeval import asks
from ui.selfeval.columns import COL_ACTUAL, COL_REASON, COL_SCORE, COL_TIER, COL_WEIGHT, OVERRIDE_BACKGROUND
from ui.selfeval.form_window import SelfEvalWindow, open_selfeval, open_windows
from ui.selfeval.funds_model import COL_EXECUTED, COL_RATE, ROW_TOTAL
from ui.selfeval.funds_model import COL_SCORE as FUNDS_SCORE
from ui.tasks import TaskRunner

TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    errors: list[BaseException] = []
    monkeypatch.setattr(ui_tasks, "present_error", lambda _parent, exc: errors.append(exc))
    return errors


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner(show_delay_ms=60_000)
    yield runner
    runner.shutdown()


@pytest.fixture
def road(store: Store) -> int:
    project_id = add_road(store)
    complete_targets(store, project_id)
    return project_id


def opened(qtbot: Any, store: Store, tasks: TaskRunner, project_id: int) -> Iterator[SelfEvalWindow]:
    window = open_selfeval(store, tasks, project_id)
    qtbot.waitExposed(window)
    yield window
    for still_open in open_windows():  # they delete themselves on close
        still_open.close()


@pytest.fixture
def window(
    qtbot: Any, store: Store, tasks: TaskRunner, road: int, shown_errors: Any
) -> Iterator[SelfEvalWindow]:
    """A self-evaluation just started from the completed targets: nothing typed yet."""
    yield from opened(qtbot, store, tasks, road)


@pytest.fixture
def filled(
    qtbot: Any, store: Store, tasks: TaskRunner, road: int, shown_errors: Any
) -> Iterator[SelfEvalWindow]:
    """The road example filled in before opening: 96.22, 优, one override."""
    fill_like_road(store, start_selfeval(store, road))
    yield from opened(qtbot, store, tasks, road)


def score(window: SelfEvalWindow, row: int) -> str:
    return window.editor.model.score_text(row)


def total(window: SelfEvalWindow) -> str:
    return window.editor.score_bar.total.text()


# ---------------------------------------------------------------------------------------------


def test_typing_actuals_scores_each_row_and_the_total_as_worked_by_hand(
    qtbot: Any, store: Store, window: SelfEvalWindow
) -> None:
    editor, model = window.editor, window.editor.model
    assert total(window) == "总分 0.00" and editor.score_bar.grade.text() == "等级 差"
    assert "12 项尚未计分" in editor.score_bar.breakdown.text()
    assert score(window, PEOPLE) == "" and "实际完成值为空" in model.data(
        model.index(PEOPLE, COL_SCORE), TOOLTIP
    )

    type_in_cell(qtbot, editor.table, LENGTH, COL_WEIGHT, "5")  # the preparer moves 10 points
    type_in_cell(qtbot, editor.table, PEOPLE, COL_WEIGHT, "20")
    type_in_cell(qtbot, editor.table, PEOPLE, COL_ACTUAL, "480人")
    assert score(window, PEOPLE) == "19.20"
    assert "20 × 480 ÷ 500 = 19.20" in model.data(model.index(PEOPLE, COL_SCORE), TOOLTIP)
    assert total(window) == "总分 19.20"
    row = stored(store, editor)["indicators"][PEOPLE]
    assert (row["weight"], row["actual"]) == ("20", "480人")

    funds = editor.funds_model
    type_in_cell(qtbot, editor.funds_table, ROW_TOTAL, COL_EXECUTED, "118.5")
    assert stored(store, editor)["funds"]["executed"] == "118.50"
    assert funds.data(funds.index(ROW_TOTAL, FUNDS_SCORE)) == "9.88"
    assert funds.data(funds.index(ROW_TOTAL, COL_RATE)) == "98.75%"
    assert "10 × 118.50 ÷ 120.00 = 9.88" in funds.data(funds.index(ROW_TOTAL, FUNDS_SCORE), TOOLTIP)
    assert total(window) == "总分 29.08" and "预算执行 9.88" in editor.score_bar.breakdown.text()

    actuals = {
        0: "3.2",
        1: "2个",
        2: "100%",
        3: "92%",
        5: "37.03",
        6: "118.5",
        7: "12",
        10: "15",
        11: "96.5%",
    }
    for row_number, text in actuals.items():
        assert model.setData(model.index(row_number, COL_ACTUAL), text)  # what the cell editor commits
    choose_tier(qtbot, editor, FINISHED, "部分达成年度指标并具有一定效果")
    type_in_cell(qtbot, editor.table, FINISHED, COL_SCORE, "3.5")
    choose_tier(qtbot, editor, ENVIRONMENT, "达成年度指标")
    type_in_cell(qtbot, editor.table, ENVIRONMENT, COL_SCORE, "5")
    # 9.88 + 5 + 5 + 10 + 4.84 + 3.5 + 5 + 5 + 8 + 19.20 + 5 + 5 + 10
    assert total(window) == "总分 95.42" and editor.score_bar.grade.text() == "等级 优"
    assert "尚未计分" not in editor.score_bar.breakdown.text()
    assert "5 × 92 ÷ 95 = 4.84" in model.data(model.index(TIMELY, COL_SCORE), TOOLTIP)
    assert "95.42" in editor.score_bar.total.toolTip()
    assert [r.get("actual") for r in stored(store, editor)["indicators"]][:4] == ["3.2", "2个", "100%", "92%"]


def test_a_reverse_indicator_over_its_limit_and_an_actual_that_cannot_be_read(
    qtbot: Any, store: Store, window: SelfEvalWindow
) -> None:
    editor, model = window.editor, window.editor.model
    type_in_cell(qtbot, editor.table, UNIT_COST, COL_ACTUAL, "50")  # ≤40万元/公里, weight 5
    assert score(window, UNIT_COST) == "4.00"
    tip = model.data(model.index(UNIT_COST, COL_SCORE), TOOLTIP)
    assert "反向指标" in tip and "5 × 40 ÷ 50 = 4.00" in tip
    type_in_cell(qtbot, editor.table, UNIT_COST, COL_ACTUAL, "38")
    assert score(window, UNIT_COST) == "5.00"

    type_in_cell(qtbot, editor.table, UNIT_COST, COL_ACTUAL, "abc")
    assert "第6行 实际完成值" in editor.last_message and "保留原值" in editor.last_message
    assert stored(store, editor)["indicators"][UNIT_COST]["actual"] == "38"


def test_a_qualitative_score_outside_its_tier_band_is_an_error_of_the_full_check(
    qtbot: Any, store: Store, tasks: TaskRunner, window: SelfEvalWindow
) -> None:
    editor, model = window.editor, window.editor.model
    assert not model.flags(model.index(LENGTH, COL_TIER)) & Qt.ItemFlag.ItemIsEditable  # quantitative
    assert not model.flags(model.index(LENGTH, COL_SCORE)) & Qt.ItemFlag.ItemIsEditable
    choose_tier(qtbot, editor, FINISHED, "部分达成年度指标并具有一定效果")
    assert model.data(model.index(FINISHED, COL_TIER)) == "部分达成"
    assert "3.00–4.00 分" in model.data(model.index(FINISHED, COL_TIER), TOOLTIP)
    type_in_cell(qtbot, editor.table, FINISHED, COL_SCORE, "4.5")
    assert stored(store, editor)["indicators"][FINISHED]["score"] == "4.5"

    editor.run_check()
    tasks.wait_idle()
    [band] = [row for row in editor.findings_panel.rows() if row.finding.code == "score.tier_band"]
    assert band.finding.field == f"indicators[{FINISHED}].score" and band.finding.severity.value == "error"
    assert "不低于 3.00 分且低于 4.00 分" in band.finding.message
    assert model.data(model.index(FINISHED, COL_SCORE), Qt.ItemDataRole.BackgroundRole) is not None
    editor.findings_panel.jump_requested.emit(band.finding.field)
    assert (editor.table.currentIndex().row(), editor.table.currentIndex().column()) == (FINISHED, COL_SCORE)
    editor.findings_panel.jump_requested.emit("funds.executed")
    assert editor.funds_table.currentIndex().column() == COL_EXECUTED

    type_in_cell(qtbot, editor.table, FINISHED, COL_SCORE, "3.5")
    editor.run_check()
    tasks.wait_idle()
    assert not [row for row in editor.findings_panel.rows() if row.finding.code == "score.tier_band"]


def test_not_applicable_asks_the_reason_and_rescales_the_total(
    store: Store, filled: SelfEvalWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, model = filled.editor, filled.editor.model
    assert total(filled) == "总分 96.22" and score(filled, INCOME) == "8.00"
    box = model.index(INCOME, model.columnCount() - 2)
    monkeypatch.setattr(asks, "na_reason", lambda *_a: None)  # cancelled
    model.setData(box, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert "na" not in stored(store, editor)["indicators"][INCOME]
    monkeypatch.setattr(asks, "na_reason", lambda *_a: "  ")
    model.setData(box, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert "请写明不适用的原因" in editor.last_message

    monkeypatch.setattr(asks, "na_reason", lambda *_a: "本年度未安排产业带动项目")
    model.setData(box, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    row = stored(store, editor)["indicators"][INCOME]
    assert row["na"] is True and row["reason"] == "本年度未安排产业带动项目"
    assert model.data(box, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert score(filled, INCOME) == "不适用"
    assert total(filled) == "总分 98.02"  # (96.22 − 8.00) × 100 ÷ (100 − 10)
    assert "不适用 10" in editor.score_bar.total.toolTip()
    editor.undo_action.trigger()
    assert total(filled) == "总分 96.22" and "na" not in stored(store, editor)["indicators"][INCOME]
    editor.redo_action.trigger()
    model.setData(box, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert total(filled) == "总分 96.22" and score(filled, INCOME) == "8.00"


def test_an_override_keeps_the_computed_score_beside_it_and_is_listed(
    qtbot: Any, store: Store, filled: SelfEvalWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, model = filled.editor, filled.editor.model
    assert score(filled, PEOPLE) == "10.00（计算 9.60）"  # the example's own override
    asked: list[asks.OverrideRequest] = []

    def answer(_parent: Any, request: asks.OverrideRequest) -> asks.OverrideAnswer:
        asked.append(request)
        return asks.OverrideAnswer("12", "路面宽度未达设计要求，按验收意见扣3分")

    monkeypatch.setattr(asks, "override_score", answer)
    cell = model.index(LENGTH, COL_SCORE)
    editor.table.scrollTo(cell)
    center = editor.table.visualRect(cell).center()
    qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=center)  # a double click
    qtbot.mouseDClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert asked and asked[0].computed == "15.00" and asked[0].weight == 15
    assert score(filled, LENGTH) == "12.00（计算 15.00）"
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) == OVERRIDE_BACKGROUND
    tip = model.data(cell, TOOLTIP)
    assert "计算得分 15.00" in tip and "按验收意见扣3分" in tip
    assert total(filled) == "总分 93.22"
    line = editor.score_bar.overrides.text()
    assert "人工认定 2 处" in line and "第1行 新建(改建)村内道路里程" in line and "第9行" in line
    assert "按验收意见扣3分" in editor.score_bar.overrides.toolTip()
    assert stored(store, editor)["indicators"][LENGTH]["override"] == {
        "score": "12", "reason": "路面宽度未达设计要求，按验收意见扣3分"
    }  # fmt: skip

    monkeypatch.setattr(asks, "override_score", lambda *_a: asks.OverrideAnswer(clear=True))
    editor.table.setCurrentIndex(cell)
    editor.row_actions.override_action.trigger()
    assert score(filled, LENGTH) == "15.00" and "override" not in stored(store, editor)["indicators"][LENGTH]
    editor.undo_action.trigger()
    assert score(filled, LENGTH) == "12.00（计算 15.00）"


def test_an_override_without_a_reason_is_refused(
    qtbot: Any, store: Store, filled: SelfEvalWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = filled.editor
    before = stored(store, editor)["indicators"][LENGTH]
    monkeypatch.setattr(asks, "override_score", lambda *_a: asks.OverrideAnswer("12", "  "))
    editor.row_actions.override(LENGTH)
    assert "认定理由" in editor.last_message and score(filled, LENGTH) == "15.00"
    monkeypatch.setattr(asks, "override_score", lambda *_a: asks.OverrideAnswer("16", "超过分值"))
    editor.row_actions.override(LENGTH)
    assert "0 到 15" in editor.last_message
    assert stored(store, editor)["indicators"][LENGTH] == before
    monkeypatch.setattr(
        asks, "override_score", lambda *_a: asks.OverrideAnswer("0", "未按设计施工，不予计分")
    )
    editor.row_actions.override(LENGTH)  # a zero is a score like any other
    assert score(filled, LENGTH) == "0.00（计算 15.00）"
    editor.undo_action.trigger()

    from ui.selfeval.override_dialog import OverrideDialog

    request = asks.OverrideRequest(
        LENGTH, "新建(改建)村内道路里程", editor.model.score_of(LENGTH).weight, "15.00", ""
    )
    dialog = OverrideDialog(request)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.score_edit, "12")
    dialog.accept()  # 确定 with no reason: the dialog stays
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible()
    assert "认定理由" in dialog.problem.text()
    type_chinese(dialog.reason_edit, "按验收意见扣分")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.answer() == asks.OverrideAnswer("12", "按验收意见扣分")


def test_undo_and_redo_every_kind_of_change_and_the_database_follows(
    qtbot: Any, store: Store, filled: SelfEvalWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = filled.editor

    def undo_redo(after: Any, before: Any, read: Any) -> None:
        assert read() == after
        editor.undo_action.trigger()
        assert read() == before
        editor.redo_action.trigger()
        assert read() == after

    indicators = lambda: stored(store, editor)["indicators"]  # noqa: E731
    type_in_cell(qtbot, editor.table, SATISFIED, COL_ACTUAL, "93%")
    undo_redo("93%", "96.5%", lambda: indicators()[SATISFIED]["actual"])
    undo_redo("9.79", "10.00", lambda: score(filled, SATISFIED))
    type_in_cell(qtbot, editor.table, SATISFIED, COL_REASON, "部分农户未参与问卷")
    undo_redo("部分农户未参与问卷", "", lambda: indicators()[SATISFIED]["reason"])
    type_in_cell(qtbot, editor.funds_table, ROW_TOTAL, COL_EXECUTED, "60")
    undo_redo("60.00", "118.50", lambda: stored(store, editor)["funds"]["executed"])

    box = editor.texts.boxes["closing.problems"]
    box.setFocus()
    type_chinese(box, "雨季施工延误")
    editor.commit_pending()  # what leaving the box, 全审 or closing the window does
    undo_redo("雨季施工延误", "", lambda: stored(store, editor)["closing"]["problems"])
    assert box.toPlainText() == "雨季施工延误"

    editor.score_bar.profile_box.setCurrentIndex(editor.score_bar.profile_box.findData("weights-70-20-10"))
    editor.score_bar.profile_box.activated.emit(editor.score_bar.profile_box.currentIndex())
    undo_redo("weights-70-20-10", "mof-2020", lambda: stored(store, editor)["profile"])
    assert "预算执行 0.00" in editor.score_bar.breakdown.text()  # 70/20/10 does not score the money
    editor.undo_action.trigger()
    assert editor.score_bar.profile_box.currentData() == "mof-2020"
