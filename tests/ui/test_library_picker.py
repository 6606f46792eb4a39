"""从指标库选择: a preparer of a road project finds indicators in the seed library and takes some."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from perfdesk.domain.library import LibraryEntry, load_seed_library
from ui.targets.library_model import (
    COL_CORE,
    COL_LV1,
    COL_LV2,
    COL_LV3,
    COL_PICK,
    COL_TEMPLATE,
    ENTRY_ROLE,
    MANDATORY_COLOR,
    LibraryTableModel,
)
from ui.targets.library_picker import LibraryPicker

LIBRARY = load_seed_library()


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method does, one committed character at a time (keyClicks is ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def choose(box: QComboBox, text: str) -> None:
    index = box.findText(text)
    assert index >= 0, f"{text} is not offered"
    box.setCurrentIndex(index)


def shown(picker: LibraryPicker) -> list[LibraryEntry]:
    return picker.model.entries()


def cell(picker: LibraryPicker, row: int, column: int) -> str:
    return picker.model.index(row, column).data()


def row_of(picker: LibraryPicker, name: str) -> int:
    return next(row for row, entry in enumerate(shown(picker)) if entry.lv3 == name)


@pytest.fixture
def picker(qtbot) -> LibraryPicker:
    dialog = LibraryPicker(LIBRARY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = LibraryTableModel()
    model.set_entries(LIBRARY[:40])
    model.set_picked(3, True)
    qtmodeltester.check(model)
    assert model.index(3, COL_PICK).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.index(3, COL_LV3).data(ENTRY_ROLE) is LIBRARY[3]


def test_the_whole_library_is_offered_with_core_entries_first(picker: LibraryPicker) -> None:
    assert picker.model.rowCount() == len(LIBRARY) == 553
    assert picker.count_label.text() == "找到 553 条指标（共 553 条）"
    levels = [entry.core_level for entry in shown(picker)]
    assert levels == sorted(levels, reverse=True) and levels[0] == 3
    headers = [picker.model.headerData(c, Qt.Orientation.Horizontal) for c in (COL_LV1, COL_LV2, COL_LV3)]
    assert headers == ["一级指标", "二级指标", "三级指标"]
    assert picker.model.headerData(COL_TEMPLATE, Qt.Orientation.Horizontal) == "指标值模板"


def test_mandatory_entries_read_must_fill_and_stand_out(picker: LibraryPicker) -> None:
    row = row_of(picker, "受益脱贫(监测)人口数")
    assert cell(picker, row, COL_CORE) == "★★★ 必填"
    color = picker.model.index(row, COL_CORE).data(Qt.ItemDataRole.ForegroundRole).color()
    assert color == QColor(MANDATORY_COLOR)
    assert picker.model.index(row, COL_LV3).data(Qt.ItemDataRole.FontRole).bold()
    plain = next(r for r, e in enumerate(shown(picker)) if e.core_level == 0)
    assert (
        cell(picker, plain, COL_CORE) == ""
        and picker.model.index(plain, COL_LV3).data(Qt.ItemDataRole.FontRole) is None
    )


def test_searching_road_narrows_the_list_as_one_types(picker: LibraryPicker) -> None:
    type_text(picker.search_box, "道")
    after_one = picker.model.rowCount()
    type_text(picker.search_box, "路")
    entries = shown(picker)
    assert 0 < len(entries) < after_one < len(LIBRARY)
    assert all("道路" in f"{e.lv3}{e.keywords}{e.explanation}" for e in entries)
    assert picker.count_label.text() == f"找到 {len(entries)} 条指标（共 553 条）"
    assert "新建(改建)村内道路里程" in [e.lv3 for e in entries]


def test_full_width_typing_finds_half_width_names(picker: LibraryPicker) -> None:
    type_text(picker.search_box, "ＣＯＤ")
    assert [e.lv3 for e in shown(picker)] == ["年削减化学需氧量(COD)排放量"]
    picker.search_box.clear()
    type_text(picker.search_box, "受益脱贫（监测）")
    assert {"受益脱贫(监测)人口数", "受益脱贫(监测)户满意度"} <= {e.lv3 for e in shown(picker)}


def test_filters_combine_with_each_other_and_the_search(picker: LibraryPicker) -> None:
    choose(picker.type_box, "农村道路")
    choose(picker.lv1_box, "产出指标")
    assert [picker.lv2_box.itemText(i) for i in range(picker.lv2_box.count())] == [
        "全部", "数量指标", "质量指标", "时效指标", "成本指标",
    ]  # fmt: skip
    choose(picker.lv2_box, "数量指标")
    entries = shown(picker)
    assert entries and all(
        (e.project_type, e.lv1, e.lv2) == ("农村道路", "产出指标", "数量指标") for e in entries
    )
    type_text(picker.search_box, "里程")
    assert [e.lv3 for e in shown(picker)] == ["新建(改建)村内道路里程", "新建产业路(资源路)里程"]

    choose(picker.lv1_box, "满意度指标")  # 数量指标 is not a 二级 of 满意度: back to 全部
    assert picker.lv2_box.currentText() == "全部" and picker.model.rowCount() == 0
    assert "没有符合条件的指标" in picker.detail.text()
    choose(picker.category_box, "衔接资金")
    picker.search_box.clear()
    assert all(e.category == "衔接资金" and e.lv1 == "满意度指标" for e in shown(picker))


def test_the_project_type_and_category_of_the_sheet_preselect_the_filters(qtbot) -> None:
    dialog = LibraryPicker(LIBRARY, project_type="农村道路", category="衔接资金")
    qtbot.addWidget(dialog)
    assert dialog.type_box.currentText() == "农村道路" and dialog.category_box.currentText() == "衔接资金"
    assert {(e.project_type, e.category) for e in shown(dialog)} == {("农村道路", "衔接资金")}


def test_the_explanation_of_the_current_row_is_shown_below_and_as_tooltip(picker: LibraryPicker) -> None:
    choose(picker.type_box, "农村道路")
    row = row_of(picker, "新建(改建)村内道路里程")
    picker.table.selectRow(row)
    entry = shown(picker)[row]
    assert entry.explanation and entry.explanation in picker.detail.text()
    assert "≥**公里" in picker.detail.text()
    assert picker.model.index(row, COL_LV3).data(Qt.ItemDataRole.ToolTipRole) == entry.explanation


def test_ticked_entries_come_back_in_the_order_shown_across_searches(qtbot, picker: LibraryPicker) -> None:
    choose(picker.type_box, "农村道路")
    first, third = shown(picker)[0], shown(picker)[2]
    for row in (2, 0):  # ticked out of order, with the keyboard
        picker.table.selectRow(row)
        qtbot.keyClick(picker.table, Qt.Key.Key_Space)
    type_text(picker.search_box, "满意度")
    satisfaction = shown(picker)[0]
    picker.model.setData(
        picker.model.index(0, COL_PICK), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert picker.picked_label.text() == "已勾选 3 条" and picker.add_button.text() == "添加 3 个指标"
    picker.search_box.clear()  # the road entries are shown again, in their order
    picker.add_button.click()
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.selected_entries() == [first, third, satisfaction]


def test_space_unticks_and_cancel_takes_nothing(qtbot, picker: LibraryPicker) -> None:
    picker.table.selectRow(1)
    qtbot.keyClick(picker.table, Qt.Key.Key_Space)
    qtbot.keyClick(picker.table, Qt.Key.Key_Space)
    assert picker.model.pick_count == 0
    picker.reject()
    assert picker.selected_entries() == []


def test_double_click_takes_the_row_at_once(qtbot, picker: LibraryPicker) -> None:
    type_text(picker.search_box, "道路")
    row = row_of(picker, "新建(改建)村内道路里程")
    rect = picker.table.visualRect(picker.model.index(row, COL_LV3))
    qtbot.mouseClick(picker.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a real
    qtbot.mouseDClick(picker.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # double click
    assert picker.result() == QDialog.DialogCode.Accepted
    assert [e.lv3 for e in picker.selected_entries()] == ["新建(改建)村内道路里程"]


def test_enter_goes_from_the_search_to_the_list_and_takes_the_current_row(
    qtbot, picker: LibraryPicker
) -> None:
    type_text(picker.search_box, "ＣＯＤ")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)
    assert picker.isVisible()  # Enter in the search box only moves to the list
    qtbot.keyClick(picker.table, Qt.Key.Key_Return)
    assert [e.lv3 for e in picker.selected_entries()] == ["年削减化学需氧量(COD)排放量"]


def test_selected_rows_are_taken_when_nothing_is_ticked(picker: LibraryPicker) -> None:
    choose(picker.type_box, "农村道路")
    picker.table.selectRow(1)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    picker.table.selectionModel().select(picker.model.index(4, 0), flags)  # Ctrl+click on row 5
    assert picker.add_button.text() == "添加所选指标" and picker.add_button.isEnabled()
    picker.add_button.click()
    assert picker.selected_entries() == [shown(picker)[1], shown(picker)[4]]
