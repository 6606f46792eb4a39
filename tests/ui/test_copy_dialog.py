"""复制目标: the preparer of this year's road project starts from last year's sheet or another one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QWidget

from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from ui.targets.copy_dialog import COL_NAME, CopyTargetsDialog, TargetSourceModel

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method does, one committed character at a time (keyClicks is ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


class County:
    """城关镇 with last year's road and school sheets, and this year's road project (same code)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.town = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
        sample = json.loads((DOCS / "targets-road.json").read_text(encoding="utf-8"))
        self.road_2025 = self.sheet(
            2025, "RD-01", "东关村产业路硬化项目", sample["goals"], sample["indicators"]
        )
        school = json.loads((DOCS / "targets-training.json").read_text(encoding="utf-8"))
        self.training_2025 = self.sheet(
            2025, "PX-01", "农村实用技术培训项目", school["goals"], school["indicators"]
        )
        self.road_2026 = self.project(2026, "RD-01", "东关村产业路硬化二期项目")

    def project(self, year: int, code: str, name: str) -> catalog.ProjectRow:
        values = {"code": code, "name": name, "annual": "120", "fiscal": "120"}
        return catalog.create_project(self.store, year=year, unit_id=self.town.id, values=values)

    def sheet(self, year: int, code: str, name: str, goals: object, rows: object) -> forms.DocumentRecord:
        record = forms.create_document(self.store, self.project(year, code, name).id, "targets")
        return forms.save_document(self.store, record.id, {**record.body, "goals": goals, "indicators": rows})


@pytest.fixture
def county(store: Store) -> County:
    return County(store)


def open_dialog(qtbot, county: County, project_id: int) -> CopyTargetsDialog:
    dialog = CopyTargetsDialog(county.store, project_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_model_passes_qt_model_tester(qtmodeltester, county: County) -> None:
    model = TargetSourceModel()
    model.set_sources(forms.list_target_sources(county.store))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.index(0, COL_NAME).data() == "农村实用技术培训项目"


def test_last_years_sheet_of_the_same_project_is_offered_first(qtbot, county: County) -> None:
    dialog = open_dialog(qtbot, county, county.road_2026.id)
    assert dialog.windowTitle() == "复制目标"
    assert dialog.previous_button.isChecked()
    assert (
        dialog.previous_button.text()
        == "上年同一项目：2025 年度“东关村产业路硬化项目”（2 条目标、12 个指标）"
    )
    assert dialog.choice_label.text() == "将复制 2 条目标、12 个指标"
    assert dialog.source_document_id() == county.road_2025.id
    dialog.copy_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted

    copied = forms.copy_targets(county.store, dialog.source_document_id(), county.road_2026.id)
    assert copied.body["indicators"] == county.road_2025.body["indicators"]


def test_another_projects_sheet_is_found_by_name(qtbot, county: County) -> None:
    dialog = open_dialog(qtbot, county, county.road_2026.id)
    type_text(dialog.search_box, "培训")
    assert dialog.other_button.isChecked() and dialog.model.rowCount() == 1
    training = forms.count_targets(county.training_2025)
    assert dialog.source_document_id() == county.training_2025.id
    assert dialog.choice_label.text() == f"将复制 {training.goals} 条目标、{training.indicators} 个指标"
    dialog.previous_button.setChecked(True)
    assert dialog.source_document_id() == county.road_2025.id


def test_without_last_years_sheet_another_one_must_be_picked(qtbot, county: County) -> None:
    school = county.project(2026, "JY-01", "中心小学食堂改造项目")
    dialog = open_dialog(qtbot, county, school.id)
    assert not dialog.previous_button.isEnabled()
    assert dialog.previous_button.text() == "上年同一项目：2025 年度没有项目代码为 JY-01 的绩效目标表"
    assert dialog.other_button.isChecked() and dialog.model.rowCount() == 2
    assert dialog.source_document_id() is None and not dialog.copy_button.isEnabled()
    assert dialog.choice_label.text() == "请选择要复制的绩效目标表"

    rect = dialog.table.visualRect(dialog.model.index(1, COL_NAME))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.source_document_id() == county.road_2025.id and dialog.copy_button.isEnabled()
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_own_sheet_is_not_a_source_and_one_with_content_cannot_be_overwritten(
    qtbot, county: County
) -> None:
    dialog = open_dialog(qtbot, county, county.road_2025.project_id)
    assert dialog.model.rowCount() == 1  # the training sheet only
    assert dialog.blocked.isVisible() and "不能用复制覆盖" in dialog.blocked.text()
    dialog.table.selectRow(0)
    assert dialog.source_document_id() == county.training_2025.id and not dialog.copy_button.isEnabled()


def test_an_empty_draft_may_still_be_filled(qtbot, county: County) -> None:
    forms.create_document(county.store, county.road_2026.id, "targets")
    dialog = open_dialog(qtbot, county, county.road_2026.id)
    assert not dialog.blocked.isVisible() and dialog.copy_button.isEnabled()
