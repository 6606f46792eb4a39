"""绩效运行监控表 as a township preparer opens and fills it, on a real store with real widgets.

The road project's target sheet (tests/data/documents/targets-road.json, with one target of 0) is
completed and monitoring is started for 1—7月: everything the targets hold is there, typed values
at the light boundaries change the light and its arithmetic as they are committed, the money block
gets its light and adds up its split — and the database holds each change at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from monitoring_support import (
    GROUPS,
    LIVING,
    PEOPLE,
    QUALITY,
    ROAD,
    UNIT_COST,
    choose,
    light,
    make_project,
    stored,
    targets,
    tick_deviation,
    type_in,
)
from PySide6.QtCore import Qt

from perfdesk.domain.findings import ValidationFailed
from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from ui.monitoring import indicator_model as grid
from ui.monitoring import money_model as money
from ui.monitoring.form_window import MonitoringWindow, open_monitoring
from ui.tasks import TaskRunner

# ---------------------------------------------------------------------------------------------


def test_a_sheet_opens_with_what_the_targets_hold_and_its_month_in_the_title(
    store: Store, tasks: TaskRunner, road: catalog.ProjectRow, window: MonitoringWindow
) -> None:
    editor = window.editor
    assert window.windowTitle() == "绩效运行监控表 — 城关镇村内道路硬化项目（2026年1—7月）"
    assert [editor.model.text(r, grid.COL_LV3) for r in range(editor.model.rowCount())] == [
        "新建(改建)村内道路里程", "安全生产事故", *(row["lv3"] for row in ROAD["indicators"][2:])
    ]  # fmt: skip
    assert editor.model.text(PEOPLE, grid.COL_VALUE) == "≥500人"
    assert not editor.model.flags(editor.model.index(PEOPLE, grid.COL_VALUE)) & Qt.ItemFlag.ItemIsEditable
    assert editor.goals.goals() == ROAD["goals"]["annual"] and "草稿" in editor.banner.text()
    assert editor.money_model.index(0, money.COL_INITIAL).data() == "120.00"
    assert editor.money_model.index(0, money.COL_ADJUSTED).data() == "120.00"
    assert (
        not editor.money_model.flags(editor.money_model.index(0, money.COL_INITIAL))
        & Qt.ItemFlag.ItemIsEditable
    )
    assert (
        "7/12 = 58.33%" in editor.period_line.text() and "（1—7月）" in editor.goals.progress_heading.text()
    )
    assert light(editor, PEOPLE)[0] == "未亮灯" and "尚未填写截至执行值" in light(editor, PEOPLE)[1]
    assert open_monitoring(store, tasks, road.id) is window
    assert len(forms.list_documents(store, 2026, "monitoring")) == 1

    draft = make_project(store, "610921-26-0002", "东关村产业路硬化项目", road.unit_id)
    targets(store, draft.id, complete=False)
    with pytest.raises(ValidationFailed) as refused:
        open_monitoring(store, tasks, draft.id)
    assert refused.value.findings[0].code == "monitor.targets_not_completed"


def test_typed_values_at_the_boundaries_change_the_light_and_its_arithmetic(
    qtbot: Any, qtmodeltester: Any, store: Store, window: MonitoringWindow
) -> None:
    editor, table = window.editor, window.editor.table
    qtmodeltester.check(editor.model, force_py=True)  # and it keeps watching while we type
    for typed, color, ratio in [("175", "黄灯", "0.60"), ("174.9", "红灯", "0.59"), ("233.3", "黄灯", "0.79"),
                                ("233.34", "绿灯", "0.80"), ("349.9", "绿灯", "1.19"), ("350", "蓝灯", "1.20")]:  # fmt: skip
        type_in(qtbot, table, PEOPLE, grid.COL_PROGRESS, typed)
        shown, tip = light(editor, PEOPLE)
        assert shown == color, typed
        assert f"目标 ≥500人 × 7/12 = 291.7人；实际 {typed}人；比率 {ratio} → {color}" in tip
    assert stored(store, editor)["indicators"][PEOPLE]["progress"] == "350人"

    type_in(qtbot, table, PEOPLE, grid.COL_PROGRESS, "0")
    assert light(editor, PEOPLE)[0] == "红灯" and "尚无进展" in light(editor, PEOPLE)[1]
    type_in(qtbot, table, PEOPLE, grid.COL_PROGRESS, "350元")  # another unit: refused, kept
    assert "单位" in editor.last_message and "未保存" in editor.last_message
    assert editor.model.text(PEOPLE, grid.COL_PROGRESS) == "0人"

    type_in(qtbot, table, PEOPLE, grid.COL_PROGRESS, "350")  # 按时间进度 off: held against the year
    switch = editor.model.index(PEOPLE, grid.COL_TIME_SHARED)
    assert switch.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    editor.model.setData(switch, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert light(editor, PEOPLE)[0] == "红灯" and "不按时间进度分摊" in light(editor, PEOPLE)[1]
    assert stored(store, editor)["indicators"][PEOPLE]["time_shared"] is False

    type_in(qtbot, table, QUALITY, grid.COL_PROGRESS, "99%")  # 质量: not time-shared by default
    assert light(editor, QUALITY)[0] == "红灯"
    type_in(qtbot, table, UNIT_COST, grid.COL_PROGRESS, "40.5")  # reverse: inside the limit or not
    assert light(editor, UNIT_COST)[0] == "红灯" and "超出限值" in light(editor, UNIT_COST)[1]
    type_in(qtbot, table, UNIT_COST, grid.COL_PROGRESS, "40")
    assert light(editor, UNIT_COST)[0] == "绿灯"
    type_in(qtbot, table, GROUPS, grid.COL_PROGRESS, "0")  # target 0: met at 0, not shared out
    assert light(editor, GROUPS)[0] == "绿灯" and "目标为 0" in light(editor, GROUPS)[1]
    assert (
        not editor.model.flags(editor.model.index(GROUPS, grid.COL_TIME_SHARED))
        & Qt.ItemFlag.ItemIsUserCheckable
    )
    choose(qtbot, table, LIVING, grid.COL_PROGRESS, "部分达成")  # qualitative: a word from the list
    assert light(editor, LIVING)[0] == "黄灯"
    assert stored(store, editor)["indicators"][LIVING]["progress"] == "部分达成"


def test_the_money_block_its_light_and_a_split_that_adds_up(
    qtbot: Any, qtmodeltester: Any, store: Store, window: MonitoringWindow
) -> None:
    editor, table, model = window.editor, window.editor.money_table, window.editor.money_model
    qtmodeltester.check(model, force_py=True)
    money_light = model.index(0, money.COL_LIGHT)
    type_in(qtbot, table, 0, money.COL_ADJUSTED, "100")
    for typed, color in [("48.33", "红灯"), ("48.34", "黄灯"), ("58.33", "黄灯"), ("58.34", "绿灯")]:
        type_in(qtbot, table, 0, money.COL_EXECUTED, typed)
        assert money_light.data() == color, typed
        assert f"执行率 = 执行数 {typed} ÷ 调整后预算数 100.00 = {typed}%" in money_light.data(
            Qt.ItemDataRole.ToolTipRole
        )
        assert model.index(0, money.COL_RATE).data() == f"{typed}%"
    assert stored(store, editor)["funds"]["executed"] == "58.34"

    type_in(qtbot, table, 1, money.COL_EXECUTED, "40")
    type_in(qtbot, table, 2, money.COL_EXECUTED, "10")  # both parts typed: the total follows
    funds = stored(store, editor)["funds"]
    assert (funds["fiscal_executed"], funds["other_executed"], funds["executed"]) == (
        "40.00",
        "10.00",
        "50.00",
    )
    assert money_light.data() == "黄灯"
    editor.undo_action.trigger()  # one step: the part and its total
    funds = stored(store, editor)["funds"]
    assert "other_executed" not in funds or not funds["other_executed"]
    assert funds["executed"] == "58.34"
    type_in(qtbot, table, 0, money.COL_FORECAST, "-1")
    assert "不能为负数" in editor.last_message and stored(store, editor)["funds"]["forecast"] == ""
    type_in(qtbot, table, 0, money.COL_EXECUTED, "40")  # red: the money row asks for reasons too
    assert model.index(0, money.COL_DEVIATION).data() == "请选择（必填）"
    tick_deviation(qtbot, table, model.index(0, money.COL_DEVIATION), ["其他"])
    type_in(qtbot, table, 0, money.COL_REASON, "第二期工程款待验收后拨付")
    assert stored(store, editor)["funds"]["deviation"] == ["其他"]
    assert stored(store, editor)["funds"]["reason"] == "第二期工程款待验收后拨付"
