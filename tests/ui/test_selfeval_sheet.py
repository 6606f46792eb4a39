"""The self-evaluation as a whole sheet: started from the completed targets (the monitoring forecast
as a hint), the written parts typed in Chinese, closed and opened again from the database,
marked complete (read-only) and reopened.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from selfeval_support import (
    FINISHED,
    INCOME,
    LENGTH,
    PEOPLE,
    SATISFIED,
    add_road,
    complete_targets,
    fill_like_road,
    monitor,
    sample,
    stored,
    type_chinese,
    type_in_cell,
)

from perfdesk.domain.findings import ValidationFailed
from perfdesk.services import forms
from perfdesk.services.selfeval import start_selfeval
from perfdesk.services.store import Store
from ui import tasks as ui_tasks
from ui.selfeval import asks
from ui.selfeval.columns import COL_ACTUAL, COL_LV3, COL_REASON, COL_VALUE
from ui.selfeval.form_window import SelfEvalWindow, open_selfeval, open_windows
from ui.selfeval.funds_model import COL_ANNUAL, COL_EXECUTED, COL_INITIAL, ROW_FISCAL, ROW_TOTAL
from ui.targets import asks as target_asks
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
    for still_open in open_windows():  # they delete themselves on close
        still_open.close()


def show(qtbot: Any, store: Store, tasks: TaskRunner, project_id: int) -> SelfEvalWindow:
    window = open_selfeval(store, tasks, project_id)
    qtbot.waitExposed(window)
    return window


def test_a_self_evaluation_starts_only_from_completed_targets(store: Store, tasks: TaskRunner) -> None:
    project_id = add_road(store)
    with pytest.raises(ValidationFailed) as missing:
        open_selfeval(store, tasks, project_id)
    assert missing.value.findings[0].code == "selfeval.no_targets"
    forms.create_document(store, project_id, "targets")
    with pytest.raises(ValidationFailed) as draft:
        open_selfeval(store, tasks, project_id)
    assert "请先标记完成" in draft.value.findings[0].message
    assert not forms.list_documents(store, 2026, "selfeval") and not open_windows()


def test_started_from_the_targets_with_the_latest_monitoring_forecast_as_a_hint(
    qtbot: Any, store: Store, tasks: TaskRunner, shown_errors: Any
) -> None:
    project_id = add_road(store)
    targets = complete_targets(store, project_id)
    monitor(store, project_id, 7, {PEOPLE: "450人"})
    monitor(store, project_id, 9, {PEOPLE: "480人", LENGTH: "3.1"})
    window = show(qtbot, store, tasks, project_id)
    editor, model = window.editor, window.editor.model
    assert window.windowTitle() == "项目支出绩效自评表 — 城关镇东关村产业路硬化项目（2026年度）"
    assert editor.header.value("project.name") == "城关镇东关村产业路硬化项目"
    assert [model.text(r, COL_LV3) for r in range(model.rowCount())] == [
        row["lv3"] for row in targets.body["indicators"]
    ]
    assert not model.flags(model.index(0, COL_VALUE)) & Qt.ItemFlag.ItemIsEditable  # the approved target
    assert model.data(model.index(PEOPLE, COL_ACTUAL)) == "（监控预计 480人）"
    assert model.data(model.index(PEOPLE, COL_ACTUAL), Qt.ItemDataRole.EditRole) == ""  # never the actual
    assert "1—9月" in model.data(model.index(PEOPLE, COL_ACTUAL), TOOLTIP)
    assert model.data(model.index(LENGTH, COL_ACTUAL)) == "（监控预计 3.1公里）"
    assert model.data(model.index(INCOME, COL_ACTUAL)) == ""
    funds = editor.funds_model
    assert funds.data(funds.index(ROW_TOTAL, COL_INITIAL)) == funds.data(funds.index(ROW_TOTAL, COL_ANNUAL))
    assert funds.data(funds.index(ROW_TOTAL, COL_ANNUAL)) == "120.00"
    assert funds.data(funds.index(ROW_FISCAL, COL_ANNUAL)) == "100.00"
    assert not funds.flags(funds.index(ROW_TOTAL, COL_ANNUAL)) & Qt.ItemFlag.ItemIsEditable  # the project's
    assert editor.texts.value("goals.planned").splitlines() == sample("targets-road.json")["goals"]["annual"]
    assert editor.texts.value("signatures.manager") == "陈志强"
    assert editor.score_bar.profile_box.currentData() == "mof-2020"
    assert open_selfeval(store, tasks, project_id) is window
    assert len(forms.list_documents(store, 2026, "selfeval")) == 1


def test_what_is_typed_is_in_the_database_and_back_when_the_sheet_is_opened_again(
    qtbot: Any, store: Store, tasks: TaskRunner, shown_errors: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_id = add_road(store)
    complete_targets(store, project_id)
    fill_like_road(store, start_selfeval(store, project_id))
    window = show(qtbot, store, tasks, project_id)
    editor = window.editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    type_in_cell(qtbot, editor.table, SATISFIED, COL_ACTUAL, "93%")
    type_in_cell(qtbot, editor.table, SATISFIED, COL_REASON, "部分农户外出未参与问卷调查")
    editor.tabs.setCurrentIndex(1)
    achieved = editor.texts.boxes["goals.achieved"]
    achieved.setFocus()
    achieved.selectAll()
    type_chinese(achieved, "完成道路硬化3.2公里并通过验收")
    editor.tabs.setCurrentIndex(2)
    conclusion = editor.texts.boxes["closing.conclusion"]
    conclusion.setFocus()  # leaving the box commits it
    qtbot.waitUntil(lambda: stored(store, editor)["goals"]["achieved"] == "完成道路硬化3.2公里并通过验收")
    type_chinese(conclusion, "项目按期完成，资金使用规范")
    head = editor.texts.boxes["signatures.head"]
    head.setFocus()
    type_chinese(head, "王建国")
    qtbot.keyClick(head, Qt.Key.Key_Return)
    assert stored(store, editor)["signatures"]["head"] == "王建国"
    assert stored(store, editor)["closing"]["conclusion"] == "项目按期完成，资金使用规范"
    monkeypatch.setattr(asks, "na_reason", lambda *_a: "本年度未安排产业带动项目")
    editor.row_actions.set_not_applicable(INCOME, True)
    monkeypatch.setattr(asks, "override_score", lambda *_a: asks.OverrideAnswer("12.5", "按验收意见扣分"))
    editor.row_actions.override(LENGTH)
    profiles = editor.score_bar.profile_box
    profiles.setCurrentIndex(profiles.findData("free-90"))
    profiles.activated.emit(profiles.currentIndex())
    shown = (
        editor.score_bar.total.text(),
        editor.model.score_text(LENGTH),
        editor.model.score_text(SATISFIED),
    )
    assert shown[1] == "12.50（计算 15.00）"
    body = stored(store, editor)
    window.close()

    again = show(qtbot, store, tasks, project_id)
    assert again is not window and again.editor.record.id == editor.record.id
    assert stored(store, again.editor) == body
    model = again.editor.model
    assert (
        again.editor.score_bar.total.text(),
        model.score_text(LENGTH),
        model.score_text(SATISFIED),
    ) == shown
    assert (
        model.score_text(INCOME) == "不适用"
        and model.text(SATISFIED, COL_REASON) == "部分农户外出未参与问卷调查"
    )
    assert again.editor.texts.value("goals.achieved") == "完成道路硬化3.2公里并通过验收"
    assert again.editor.texts.boxes["signatures.head"].text() == "王建国"
    assert again.editor.score_bar.profile_box.currentData() == "free-90"
    assert "人工认定 2 处" in again.editor.score_bar.overrides.text()


def test_a_money_amount_that_is_not_one_is_refused(
    qtbot: Any, store: Store, tasks: TaskRunner, shown_errors: Any
) -> None:
    project_id = add_road(store)
    complete_targets(store, project_id)
    editor = show(qtbot, store, tasks, project_id).editor
    type_in_cell(qtbot, editor.funds_table, ROW_TOTAL, COL_EXECUTED, "abc")
    assert "年度资金总额 全年执行数（B）" in editor.last_message and "保留原值" in editor.last_message
    assert stored(store, editor)["funds"]["executed"] == ""
    type_in_cell(qtbot, editor.funds_table, ROW_TOTAL, COL_EXECUTED, "１１８.５")  # full-width, as typed
    assert stored(store, editor)["funds"]["executed"] == "118.50"


def test_mark_complete_makes_the_sheet_read_only_until_reopened(
    qtbot: Any,
    store: Store,
    tasks: TaskRunner,
    shown_errors: list[BaseException],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project_id = add_road(store)
    complete_targets(store, project_id)
    record = start_selfeval(store, project_id)
    editor = show(qtbot, store, tasks, project_id).editor
    editor.complete_action.trigger()  # nothing typed: refused, with what blocks
    tasks.wait_idle()
    assert isinstance(shown_errors[-1], ValidationFailed) and "不能标记完成" in editor.last_message
    assert forms.get_document(store, record.id).status == "draft"
    for window in open_windows():
        window.close()

    fill_like_road(store, forms.get_document(store, record.id))
    editor = show(qtbot, store, tasks, project_id).editor
    editor.mark_complete()
    tasks.wait_idle()
    assert forms.get_document(store, record.id).status == "completed"
    assert "已完成（只读）" in editor.banner.text()
    model = editor.model
    assert not model.flags(model.index(FINISHED, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(0, COL_ACTUAL), "4")
    assert not editor.score_bar.profile_box.isEnabled() and not editor.row_actions.override_action.isEnabled()
    assert editor.texts.boxes["closing.problems"].isReadOnly()
    editor.row_actions.set_not_applicable(INCOME, True)
    assert "只读" in editor.last_message and "na" not in stored(store, editor)["indicators"][INCOME]

    monkeypatch.setattr(target_asks, "reopen_reason", lambda _parent: "县里要求补充实际完成情况")
    editor.reopen_action.trigger()
    assert forms.get_document(store, record.id).status == "draft"
    assert model.flags(model.index(0, COL_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert editor.score_bar.total.text() == "总分 96.22"


def test_the_grids_pass_the_model_tester(
    qtbot: Any, store: Store, tasks: TaskRunner, shown_errors: Any, qtmodeltester: Any
) -> None:  # the tester after ``tasks``: it lets go of the models before the window is closed
    project_id = add_road(store)
    complete_targets(store, project_id)
    fill_like_road(store, start_selfeval(store, project_id))
    editor = show(qtbot, store, tasks, project_id).editor
    qtmodeltester.check(editor.model, force_py=True)
    qtmodeltester.check(editor.funds_model, force_py=True)
