"""绩效运行监控表: what a light asks for, and the sheet's life — on a real store with real widgets.

A red light (or 完成目标可能性 有可能) requires 偏差原因 and 原因说明: 全审 lists the errors and
ticking the causes and typing the reason clears them as they are stored; a blue light asks for a
note (a warning). Then undo and redo, paste and Delete, 标记完成 and 重新打开, and the sheet read
back from the database.
"""

from __future__ import annotations

from typing import Any

import pytest
from monitoring_support import (
    GROUPS,
    INCOME,
    PEOPLE,
    ROADS,
    choose,
    fill_everything,
    light,
    stored,
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
from ui.targets import asks
from ui.tasks import TaskRunner

# ---------------------------------------------------------------------------------------------


def test_a_red_light_needs_reasons_and_choosing_them_clears_the_findings(
    qtbot: Any, store: Store, tasks: TaskRunner, window: MonitoringWindow
) -> None:
    editor, table = window.editor, window.editor.table
    type_in(qtbot, table, INCOME, grid.COL_PROGRESS, "3")  # 3 × 12 < 0.6 × 15 × 7
    assert light(editor, INCOME)[0] == "红灯"
    assert editor.model.index(INCOME, grid.COL_DEVIATION).data() == "请选择（必填）"
    editor.check_action.trigger()
    tasks.wait_idle()

    def codes_at(row: int) -> set[str]:
        return {
            r.finding.code
            for r in editor.findings_panel.rows()
            if r.finding.field.startswith(f"indicators[{row}]")
        }

    assert {"monitor.deviation.missing", "monitor.reason.missing"} <= codes_at(INCOME)
    deviation = next(
        r for r in editor.findings_panel.rows() if r.finding.field == f"indicators[{INCOME}].deviation"
    )
    assert "为红灯，比率 0.34" in deviation.finding.message
    editor.findings_panel.jump_requested.emit(deviation.finding.field)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (INCOME, grid.COL_DEVIATION)

    tick_deviation(qtbot, table, editor.model.index(INCOME, grid.COL_DEVIATION), ["经费保障", "其他"])
    assert stored(store, editor)["indicators"][INCOME]["deviation"] == ["经费保障", "其他"]
    assert "monitor.deviation.missing" not in codes_at(INCOME)  # the panel follows every change
    type_in(qtbot, table, INCOME, grid.COL_REASON, "道路尚未贯通，增收在秋季体现")
    assert stored(store, editor)["indicators"][INCOME]["reason"] == "道路尚未贯通，增收在秋季体现"
    assert "monitor.reason.missing" not in codes_at(INCOME)

    type_in(qtbot, table, ROADS, grid.COL_PROGRESS, "1.75")  # exactly on plan: green …
    assert light(editor, ROADS)[0] == "绿灯" and "monitor.deviation.missing" not in codes_at(ROADS)
    choose(qtbot, table, ROADS, grid.COL_LIKELIHOOD, "有可能")  # … but 有可能 asks for the reasons
    assert stored(store, editor)["indicators"][ROADS]["likelihood"] == 2
    assert {"monitor.deviation.missing", "monitor.reason.missing"} <= codes_at(ROADS)

    type_in(qtbot, table, PEOPLE, grid.COL_PROGRESS, "400")  # blue: a note is asked, as a warning
    ahead = [r for r in editor.findings_panel.rows() if r.finding.code == "monitor.ahead"]
    assert ahead and ahead[0].finding.severity.value == "warning" and ahead[0].editor is not None
    assert editor.model.index(PEOPLE, grid.COL_REASON).data() == "请简要说明"
    type_in(qtbot, table, PEOPLE, grid.COL_REASON, "外出务工人员返乡，受益人数超预期")
    assert "monitor.ahead" not in codes_at(PEOPLE)


def test_undo_redo_complete_reopen_and_everything_is_read_back_from_the_database(
    qtbot: Any, store: Store, tasks: TaskRunner, road: catalog.ProjectRow, window: MonitoringWindow,
    shown_errors: list[BaseException], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    editor = window.editor
    editor.complete_action.trigger()
    tasks.wait_idle()
    assert isinstance(shown_errors[-1], ValidationFailed) and "不能标记完成" in editor.last_message

    fill_everything(qtbot, editor)
    body = stored(store, editor)
    assert (
        body["goals"]["progress"] == "已完成路基1.5公里" and body["indicators"][PEOPLE]["progress"] == "300人"
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.goals.progress.setFocus()  # Ctrl+Z in the box, once committed, is the sheet's undo
    qtbot.keyClick(editor.goals.progress, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(store, editor)["goals"]["progress"] == "" and editor.goals.progress.toPlainText() == ""
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # 全年预计执行数
    assert stored(store, editor)["funds"]["forecast"] == ""
    editor.redo_action.trigger()
    editor.redo_action.trigger()
    assert stored(store, editor) == body

    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(ROADS, grid.COL_PROGRESS))
    table.paste_requested.emit("1.2\t3\n1\t0\n")  # a block from Excel/WPS: one step
    assert [stored(store, editor)["indicators"][r]["progress"] for r in (ROADS, GROUPS)] == ["1.2公里", "1起"]
    assert stored(store, editor)["indicators"][GROUPS]["forecast"] == "0起"
    editor.undo_action.trigger()
    assert [stored(store, editor)["indicators"][r]["progress"] for r in (ROADS, GROUPS)] == [
        "1.75公里",
        "0起",
    ]
    table.selectionModel().clearSelection()
    table.setCurrentIndex(editor.model.index(INCOME, grid.COL_REASON))
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # clears an empty cell: nothing to do
    table.setCurrentIndex(editor.model.index(INCOME, grid.COL_LIKELIHOOD))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "likelihood" not in stored(store, editor)["indicators"][INCOME]
    editor.undo_action.trigger()

    editor.complete_action.trigger()
    tasks.wait_idle()
    assert forms.get_document(store, editor.record.id).status == "completed"
    assert "已完成（只读）" in editor.banner.text() and editor.goals.progress.isReadOnly()
    assert not editor.model.setData(editor.model.index(PEOPLE, grid.COL_PROGRESS), "100")
    monkeypatch.setattr(asks, "reopen_reason", lambda _parent: "县里要求补充说明")
    editor.reopen_action.trigger()
    assert forms.get_document(store, editor.record.id).status == "draft"

    window.close()
    again = open_monitoring(store, tasks, road.id)
    assert again is not window and again.editor.record.id == editor.record.id
    shown = again.editor
    assert shown.model.text(PEOPLE, grid.COL_PROGRESS) == "300人" and light(shown, PEOPLE)[0] == "绿灯"
    assert shown.model.text(ROADS, grid.COL_LIKELIHOOD) == "确定能"
    assert shown.goals.progress.toPlainText() == "已完成路基1.5公里"
    assert shown.money_model.index(0, money.COL_EXECUTED).data() == "72.00"
    assert shown.money_model.index(0, money.COL_LIGHT).data() == "绿灯"  # 60% ≥ 7/12
    again.close()
