"""绩效目标表 as a township preparer fills it: a road project's sheet, on a real store, real widgets.

Type the goals (in Chinese, as an input method commits them), choose 一级/二级 from the lists,
type values, paste a block from WPS, pick from the library, undo and redo, mark complete, reopen —
and after each step look in the database, where every change must already be.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from sqlalchemy import select

from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.library import load_seed_library
from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from perfdesk.storage.models import AuditEntry
from ui import tasks as ui_tasks
from ui.targets import asks
from ui.targets.delegates import IndicatorDelegate
from ui.targets.editor import TargetsEditor
from ui.targets.form_window import TargetsWindow, open_targets, open_windows
from ui.targets.indicator_model import COL_LV1, COL_LV2, COL_LV3, COL_VALUE, COL_WEIGHT
from ui.tasks import TaskRunner

ROAD = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "documents" / "targets-road.json").read_text(
        encoding="utf-8"
    )
)
GOAL_1 = "完成东关村产业路硬化3公里，路面宽4.5米"
GOAL_2 = "带动500名脱贫人口出行和农产品运输"


@pytest.fixture
def road(store: Store) -> catalog.ProjectRow:
    unit = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    return catalog.create_project(
        store,
        year=2026,
        unit_id=unit.id,
        values={"code": "610921-26-0001", "name": "城关镇村内道路硬化项目", "department": "示例县农业农村局",
                "manager": "陈志强", "phone": "0915-5210101", "category": "衔接资金",
                "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip


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
def window(
    qtbot: Any, store: Store, tasks: TaskRunner, road: catalog.ProjectRow, shown_errors: Any
) -> Iterator[TargetsWindow]:
    opened = open_targets(store, tasks, road.id)
    qtbot.waitExposed(opened)
    yield opened
    for still_open in open_windows():  # they delete themselves on close
        still_open.close()


def stored(store: Store, editor: TargetsEditor) -> dict[str, Any]:
    body: dict[str, Any] = forms.get_document(store, editor.record.id).body
    return body


def stored_values(store: Store, editor: TargetsEditor, name: str = "lv3") -> list[str]:
    return [row.get(name, "") for row in stored(store, editor)["indicators"]]


def type_chinese(widget: QWidget, text: str) -> None:
    """Type like an input method does, one committed character at a time (keyClicks is ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def open_cell(editor: TargetsEditor, row: int, column: int) -> QWidget:
    index = editor.model.index(row, column)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    delegate = editor.table.itemDelegate()
    assert isinstance(delegate, IndicatorDelegate) and delegate.open_editor is not None
    return delegate.open_editor


def type_in_cell(qtbot: Any, editor: TargetsEditor, row: int, column: int, text: str) -> None:
    cell = open_cell(editor, row, column)
    assert isinstance(cell, QLineEdit)
    cell.selectAll()
    if text.isascii():
        qtbot.keyClicks(cell, text)
    else:
        type_chinese(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)


def choose_in_cell(qtbot: Any, editor: TargetsEditor, row: int, column: int, choice: str) -> None:
    combo = open_cell(editor, row, column)
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert choice in items, items
    while combo.currentText() != choice:  # down the list with the keyboard, then Enter
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.model.text(row, column) == choice)


def road_block() -> str:
    """The road sample's indicator table as WPS copies it (merged 一级/二级 cells empty)."""
    lines, above = [], ("", "")
    for row in ROAD["indicators"]:
        lv1 = "" if row["lv1"] == above[0] else row["lv1"]
        lv2 = "" if (row["lv1"], row["lv2"]) == above else row["lv2"]
        above = (row["lv1"], row["lv2"])
        lines.append("\t".join([lv1, lv2, row["lv3"], row["value"], row["weight"], ""]))
    return "一级指标\t二级指标\t三级指标\t指标值\t分值\t指标解释\r\n" + "\r\n".join(lines) + "\r\n"


def fill_road(qtbot: Any, editor: TargetsEditor) -> None:
    """Goals typed and the road table pasted: a sheet that passes every rule."""
    editor.goals.focus_line("annual", 0)
    for line, goal in enumerate((*ROAD["goals"]["annual"],)):
        edit = editor.goals.sections["annual"].edits[line]
        type_chinese(edit, goal)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    editor.table.setFocus()
    editor.sheet_actions.paste_text(road_block())
    assert editor.model.rowCount() == len(ROAD["indicators"])


# ---------------------------------------------------------------------------------------------


def test_fill_the_sheet_as_a_person_would_and_find_everything_saved(
    qtbot: Any, store: Store, tasks: TaskRunner, road: catalog.ProjectRow, window: TargetsWindow
) -> None:
    editor = window.editor
    assert window.windowTitle() == "绩效目标表 — 城关镇村内道路硬化项目（2026年度）"
    assert editor.header.value("project.name") == "城关镇村内道路硬化项目"
    assert editor.header.value("funds.annual") == "120.00" and editor.header.value("funds.other") == "20.00"
    assert "草稿" in editor.banner.text()

    first = editor.goals.sections["annual"].edits[0]
    first.setFocus()
    type_chinese(first, GOAL_1)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    second = editor.goals.sections["annual"].edits[1]
    type_chinese(second, GOAL_2)
    qtbot.keyClick(second, Qt.Key.Key_Return)
    assert stored(store, editor)["goals"]["annual"] == [GOAL_1, GOAL_2]

    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 1 and len(stored(store, editor)["indicators"]) == 1
    choose_in_cell(qtbot, editor, 0, COL_LV1, "产出指标")
    choose_in_cell(qtbot, editor, 0, COL_LV2, "质量指标")
    type_in_cell(qtbot, editor, 0, COL_LV3, "道路验收合格率")
    qtbot.waitUntil(lambda: editor.model.text(0, COL_LV3) == "道路验收合格率")
    type_in_cell(qtbot, editor, 0, COL_VALUE, ">=95%")
    qtbot.waitUntil(lambda: editor.model.text(0, COL_VALUE) == "≥95%")
    assert editor.table.currentIndex().column() == COL_WEIGHT  # Enter moved on to the next cell
    type_in_cell(qtbot, editor, 0, COL_WEIGHT, "10")
    qtbot.waitUntil(lambda: editor.model.text(0, COL_WEIGHT) == "10")

    type_in_cell(qtbot, editor, 0, COL_VALUE, "90%-100%")  # a range cannot be scored: refused
    qtbot.waitUntil(lambda: "区间" in editor.last_message)
    assert editor.model.text(0, COL_VALUE) == "≥95%"
    assert "第1行 指标值" in editor.notice.text() and "保留原值" in editor.notice.text()

    window.close()
    row = forms.get_document(store, editor.record.id).body["indicators"][0]
    assert row == {"lv1": "产出指标", "lv2": "质量指标", "lv3": "道路验收合格率", "value": "≥95%",
                   "weight": "10", "explanation": ""}  # fmt: skip
    again = open_targets(store, tasks, road.id)
    assert again is not window and again.editor.record.id == editor.record.id
    assert again.editor.goals.lines("annual") == [GOAL_1, GOAL_2]
    assert again.editor.model.text(0, COL_VALUE) == "≥95%"


def test_opening_an_open_sheet_brings_its_window_back(
    store: Store, tasks: TaskRunner, road: catalog.ProjectRow, window: TargetsWindow
) -> None:
    assert open_targets(store, tasks, road.id) is window
    assert len(forms.list_documents(store, 2026, "targets")) == 1


def test_undo_and_redo_every_kind_of_change_and_the_database_follows(
    qtbot: Any, store: Store, window: TargetsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = window.editor
    fill_road(qtbot, editor)
    names = [row["lv3"] for row in ROAD["indicators"]]
    assert stored_values(store, editor) == names

    def undo_redo(after: Any, before: Any, read: Any) -> None:
        assert read() == after
        editor.undo_action.trigger()
        assert read() == before
        editor.redo_action.trigger()
        assert read() == after

    values = lambda: stored_values(store, editor, "value")  # noqa: E731
    old_values = values()
    editor.model.setData(editor.model.index(0, COL_VALUE), ">=3.5公里")  # a cell edit
    undo_redo([("≥3.5公里"), *old_values[1:]], old_values, values)

    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(1, COL_LV3))
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)  # row insert, in the row's group
    assert stored(store, editor)["indicators"][2] == {
        "lv1": "产出指标", "lv2": "数量指标", "lv3": "", "value": "", "weight": "", "explanation": ""
    }  # fmt: skip
    undo_redo([*names[:2], "", *names[2:]], names, lambda: stored_values(store, editor))
    editor.undo_action.trigger()

    editor.table.setCurrentIndex(editor.model.index(3, COL_LV3))
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)  # row delete
    undo_redo([*names[:3], *names[4:]], names, lambda: stored_values(store, editor))
    editor.undo_action.trigger()

    goals = lambda: stored(store, editor)["goals"]["annual"]  # noqa: E731
    before_goals = goals()
    line = editor.goals.sections["annual"].edits[2]
    type_chinese(line, "年内完成项目竣工验收并移交管护")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # a goal edit
    undo_redo([*before_goals, "年内完成项目竣工验收并移交管护"], before_goals, goals)
    assert editor.goals.lines("annual")[-1] == "年内完成项目竣工验收并移交管护"

    library = load_seed_library()
    picks = [e for e in library if e.lv3 == "受益脱贫(监测)人口数"] + [
        next(
            e for e in library if e.project_type == "农村道路" and e.lv2 == "质量指标" and e.lv3 not in names
        )
    ]
    monkeypatch.setattr(asks, "library_entries", lambda *_a, **_k: picks)
    before_rows = stored_values(store, editor)
    editor.sheet_actions.library_action.trigger()  # a library pick: one step for both rows
    after_rows = stored_values(store, editor)
    assert len(after_rows) == len(before_rows) + 1  # the ★★★ one is already on the sheet
    assert "已有的指标没有重复添加" in editor.last_message
    undo_redo(after_rows, before_rows, lambda: stored_values(store, editor))

    editor.run_check()
    window.editor.tasks.wait_idle()
    key = "target.goal.short@goals.annual[9]"
    editor.findings_panel.explanation_changed.emit(key, "县里要求简写")  # an 出错说明
    explanations = lambda: stored(store, editor).get("explanations", {})  # noqa: E731
    undo_redo({key: "县里要求简写"}, {}, explanations)


def test_ctrl_z_and_ctrl_y_are_the_keys_of_undo_and_redo(
    qtbot: Any, store: Store, window: TargetsWindow
) -> None:
    editor = window.editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert len(stored(store, editor)["indicators"]) == 2
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(stored(store, editor)["indicators"]) == 1
    qtbot.keyClick(editor.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(stored(store, editor)["indicators"]) == 2

    line = editor.goals.sections["annual"].edits[0]  # in a goal line, once it is committed
    line.setFocus()
    type_chinese(line, GOAL_1)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert stored(store, editor)["goals"]["annual"] == [GOAL_1]
    first = editor.goals.sections["annual"].edits[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(store, editor)["goals"]["annual"] == []
    assert first.text() == ""


def test_paste_a_wps_block_with_a_garbled_row_and_a_bad_lv2(
    qtbot: Any, store: Store, window: TargetsWindow
) -> None:
    editor = window.editor
    block = (
        "一级指标\t二级指标\t三级指标\t指标值\t分值\t指标解释\r\n"
        "产出指标\t数量指标\t新建村内道路里程\t>=3公里\t15\t以竣工验收报告为准\r\n"
        "\t\t受益村民小组数\t=2个\t5\t\r\n"
        "\t\tÃ¤Â¸Â­æ–‡\t≥95%\t5\t\r\n"
        "\t质量指标\t项目验收合格率\t１００％\t10\t\r\n"
        "效益指标\t环境效益指标\t农村人居环境\t明显改善\t5\t\r\n"
        "满意度指标\t服务对象满意度指标\t受益户满意度\t≥95%\t10\t\r\n"
    )
    editor.table.setFocus()
    QGuiApplication.clipboard().setText(block)
    qtbot.keyClick(editor.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert stored_values(store, editor) == [
        "新建村内道路里程",
        "受益村民小组数",
        "项目验收合格率",
        "受益户满意度",
    ]
    assert stored_values(store, editor, "value") == ["≥3公里", "=2个", "=100%", "≥95%"]
    report = editor.sheet_actions.paste_report.text()
    assert "第4行：含有乱码" in report
    assert "第6行：二级指标“环境效益指标”不在一级指标“效益指标”下" in report
    assert "2 行没有粘贴" in editor.last_message
    editor.undo_action.trigger()  # the whole paste is one step
    assert stored_values(store, editor) == []


def test_insert_and_delete_keys_and_a_core_row_deleted_is_named(
    qtbot: Any, store: Store, window: TargetsWindow
) -> None:
    editor = window.editor
    fill_road(qtbot, editor)
    core_row = next(i for i, r in enumerate(ROAD["indicators"]) if r["lv3"] == "受益脱贫(监测)人口数")
    editor.model.apply_fields(core_row, {"core": 3})
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(core_row, COL_LV3))
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert "受益脱贫(监测)人口数" not in stored_values(store, editor)
    assert "★★★核心指标“受益脱贫(监测)人口数”必须保留" in editor.last_message
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == len(ROAD["indicators"])
    inserted = editor.table.currentIndex()
    assert inserted.column() == COL_LV3 and editor.model.text(inserted.row(), COL_LV3) == ""


def test_mark_complete_is_refused_with_errors_then_allowed_and_the_sheet_is_read_only(
    qtbot: Any, store: Store, tasks: TaskRunner, window: TargetsWindow, shown_errors: list[BaseException]
) -> None:
    editor = window.editor
    editor.complete_action.trigger()
    tasks.wait_idle()
    assert isinstance(shown_errors[-1], ValidationFailed)
    assert editor.findings_panel.isVisible() and editor.findings_panel.rows()
    assert any(row.finding.field == "goals.annual" for row in editor.findings_panel.rows())
    assert "不能标记完成" in editor.last_message
    assert forms.get_document(store, editor.record.id).status == "draft"

    fill_road(qtbot, editor)
    editor.complete_action.trigger()
    tasks.wait_idle()
    assert forms.get_document(store, editor.record.id).status == "completed"
    assert "已完成（只读）" in editor.banner.text()
    assert not editor.model.flags(editor.model.index(0, COL_VALUE)) & Qt.ItemFlag.ItemIsEditable
    assert all(edit.isReadOnly() for edit in editor.goals.sections["annual"].edits)
    assert not editor.sheet_actions.insert_action.isEnabled() and editor.reopen_action.isEnabled()
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.model.rowCount() == len(ROAD["indicators"])
    assert not editor.model.setData(editor.model.index(0, COL_VALUE), "≥4公里")


def test_reopen_asks_a_reason_and_the_audit_log_keeps_it(
    qtbot: Any, store: Store, tasks: TaskRunner, window: TargetsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = window.editor
    fill_road(qtbot, editor)
    editor.mark_complete()
    tasks.wait_idle()
    monkeypatch.setattr(asks, "reopen_reason", lambda _parent: None)  # cancelled
    editor.reopen_action.trigger()
    assert forms.get_document(store, editor.record.id).status == "completed"
    monkeypatch.setattr(asks, "reopen_reason", lambda _parent: "县里要求补充满意度指标")
    editor.reopen_action.trigger()
    assert forms.get_document(store, editor.record.id).status == "draft"
    assert "草稿" in editor.banner.text() and editor.model.flags(editor.model.index(0, COL_VALUE))
    with store.session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "reopen").order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None and json.loads(entry.detail)["reason"] == "县里要求补充满意度指标"
    editor.model.setData(editor.model.index(0, COL_VALUE), "≥4公里")  # editable again, and saved
    assert stored_values(store, editor, "value")[0] == "≥4公里"


def test_a_finding_jumps_to_its_cell_and_a_placeholder_from_the_library_blocks(
    qtbot: Any, store: Store, tasks: TaskRunner, window: TargetsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = window.editor
    fill_road(qtbot, editor)
    names = {row["lv3"] for row in ROAD["indicators"]}
    entry = next(
        e
        for e in load_seed_library()
        if e.project_type == "农村道路" and "**" in e.template and e.lv3 not in names
    )
    monkeypatch.setattr(asks, "library_entries", lambda *_a, **_k: [entry])
    editor.sheet_actions.pick_from_library()
    row = next(i for i in range(editor.model.rowCount()) if editor.model.text(i, COL_LV3) == entry.lv3)
    assert editor.model.text(row, COL_VALUE) == entry.template
    assert (editor.model.text(row, COL_LV1), editor.model.text(row, COL_LV2)) == (entry.lv1, entry.lv2)
    editor.run_check()
    tasks.wait_idle()
    placeholder = next(r for r in editor.findings_panel.rows() if r.finding.code == "value.placeholder")
    assert placeholder.finding.field == f"indicators[{row}].value"
    editor.findings_panel.jump_requested.emit(placeholder.finding.field)
    assert (editor.table.currentIndex().row(), editor.table.currentIndex().column()) == (row, COL_VALUE)
    editor.findings_panel.jump_requested.emit("funds.annual")
    assert "取自项目信息" in editor.last_message
    QApplication.processEvents()


def test_copy_last_years_targets_into_an_empty_sheet_is_one_undoable_step(
    qtbot: Any, store: Store, window: TargetsWindow, road: catalog.ProjectRow, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = window.editor
    last_year = catalog.create_project(
        store, year=2025, unit_id=road.unit_id, values={"code": road.code, "name": road.name}
    )
    source = forms.create_document(store, last_year.id, "targets")
    forms.save_document(
        store, source.id, {**source.body, "goals": ROAD["goals"], "indicators": ROAD["indicators"],
                           "required_core": ROAD["required_core"]},
    )  # fmt: skip
    monkeypatch.setattr(asks, "copy_source", lambda _parent, _store, _project: source.id)
    editor.sheet_actions.copy_action.trigger()
    names = [row["lv3"] for row in ROAD["indicators"]]
    assert stored_values(store, editor) == names and editor.model.rowCount() == len(names)
    assert stored(store, editor)["goals"]["annual"] == ROAD["goals"]["annual"]
    assert stored(store, editor)["required_core"] == ROAD["required_core"]
    editor.undo_action.trigger()
    assert stored_values(store, editor) == [] and stored(store, editor)["goals"]["annual"] == []
    assert "required_core" not in stored(store, editor)
    editor.redo_action.trigger()
    assert editor.goals.lines("annual") == ROAD["goals"]["annual"]
    editor.sheet_actions.copy_action.trigger()  # not into a sheet that has content
    assert "只能用于空白的目标表" in editor.last_message
