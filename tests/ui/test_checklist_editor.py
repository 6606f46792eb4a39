"""审核清单设置 as the county uses it: change weights (they must make 100), add and remove items,
save, and go back to the shipped default — on a real store."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QWidget

from perfdesk.domain.review_format import default_checklist
from perfdesk.services import reviews
from perfdesk.services.store import Store
from ui import prompts
from ui.field_feedback import ERROR_COLOR
from ui.review.checklist_editor import (
    COL_DIMENSION,
    COL_GUIDANCE,
    COL_TEXT,
    COL_WEIGHT,
    OK_COLOR,
    ChecklistEditor,
)


@pytest.fixture
def editor(qtbot, store: Store) -> ChecklistEditor:
    dialog = ChecklistEditor(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def weight_box(editor: ChecklistEditor, row: int) -> QDoubleSpinBox:
    box = editor.table.cellWidget(row, COL_WEIGHT)
    assert isinstance(box, QDoubleSpinBox)
    return box


def test_the_default_checklist_is_shown_with_its_total(editor: ChecklistEditor) -> None:
    assert editor.table.rowCount() == 12
    assert editor.table.item(0, COL_TEXT).text().startswith("填报要素齐全")
    assert weight_box(editor, 0).value() == 10
    dimension = editor.table.cellWidget(11, COL_DIMENSION)
    assert isinstance(dimension, QComboBox) and dimension.currentText() == "可行性"
    assert editor.total_label.text() == "合计 100 分（完整性 25，相关性 25，适当性 25，可行性 25）"
    assert OK_COLOR in editor.total_label.styleSheet()
    assert editor.checklist() == default_checklist()


def test_weights_not_making_100_are_shown_in_red_and_cannot_be_saved(
    qtbot, editor: ChecklistEditor, store: Store
) -> None:
    weight_box(editor, 2).setValue(4)
    assert editor.total_label.text().startswith("合计 97 分，应为 100 分")
    assert ERROR_COLOR in editor.total_label.styleSheet()
    with qtbot.assertNotEmitted(editor.checklist_saved):
        assert not editor.save()
    assert "各项分值合计 97 分，应为 100 分，请调整分值" in editor.problems.text()
    assert editor.isVisible() and reviews.uses_default_checklist(store)


def test_an_added_item_is_saved_with_the_county_checklist(
    qtbot, editor: ChecklistEditor, store: Store
) -> None:
    editor.table.setCurrentCell(2, COL_TEXT)
    row = editor.add_item()
    assert row == 3 and editor.table.rowCount() == 13
    assert editor.table.cellWidget(row, COL_DIMENSION).currentText() == "完整性"
    assert "第4项没有填写审核要点内容" in editor.problems.text()
    editor.table.item(row, COL_TEXT).setText("佐证材料齐全：附实施方案和资金测算表")
    editor.table.item(row, COL_GUIDANCE).setText("缺一项扣 2 分")
    weight_box(editor, row).setValue(4)
    weight_box(editor, 0).setValue(6)
    assert editor.total_label.text().startswith("合计 100 分（完整性 25")
    assert editor.problems.isHidden()
    editor.title_edit.setText("某县项目支出绩效目标审核表")
    editor.thresholds["excellent"].setValue(92)
    with qtbot.waitSignal(editor.checklist_saved) as saved:
        assert editor.save()
    stored = reviews.load_checklist(store)
    assert saved.args[0] == stored and not editor.isVisible()
    assert stored.title == "某县项目支出绩效目标审核表" and len(stored.items) == 13
    assert stored.items[3].text == "佐证材料齐全：附实施方案和资金测算表" and stored.items[3].weight == 4
    assert stored.items[3].key not in {item.key for item in default_checklist().items}
    assert stored.thresholds.excellent == Decimal(92)


def test_items_are_removed_and_moved(editor: ChecklistEditor) -> None:
    editor.table.setCurrentCell(1, COL_TEXT)
    editor.move_current_item(-1)
    assert [item.key for item in editor.checklist().items[:3]] == ["C2", "C1", "C3"]
    assert editor.table.currentRow() == 0
    editor.table.setCurrentCell(11, COL_TEXT)
    editor.remove_current_item()
    assert editor.table.rowCount() == 11 and editor.total_label.text().startswith("合计 93 分，应为 100 分")


def test_a_dimension_left_without_items_is_named(editor: ChecklistEditor) -> None:
    for row in (9, 10, 11):
        dimension = editor.table.cellWidget(row, COL_DIMENSION)
        assert isinstance(dimension, QComboBox)
        dimension.setCurrentIndex(dimension.findData("appropriateness"))
    assert "“可行性”维度没有审核要点" in editor.problems.text()


def test_restore_default_replaces_the_county_checklist(
    qtbot, editor: ChecklistEditor, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = default_checklist()
    reviews.save_checklist(store, type(base)("县清单", base.items, base.thresholds))
    asked: list[str] = []

    def confirm(_parent: QWidget, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(prompts, "confirm", confirm)
    editor.title_edit.setText("改了一半")
    with qtbot.waitSignal(editor.checklist_saved):
        editor.restore_button.click()
    assert "默认审核清单" in asked[0]
    assert reviews.uses_default_checklist(store)
    assert editor.title_edit.text() == base.title and editor.table.rowCount() == 12
