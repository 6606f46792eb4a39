"""What the monitoring sheet tests share (no tests here): the road project's completed targets, and
the ways a person types into the sheet. ``test_monitoring_editor`` and ``test_monitoring_reasons``
import these helpers. Each cell is typed into the real editor and committed with Enter; Chinese is
sent one committed character at a time, as an input method does (``qtbot.keyClicks`` aborts on
non-ASCII text).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from ui.monitoring import indicator_model as grid
from ui.monitoring import money_model as money
from ui.monitoring.delegates import DeviationPicker, MonitoringDelegate
from ui.monitoring.editor import MonitoringEditor
from ui.monitoring.tables import MonitoringTable

ROAD = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "documents" / "targets-road.json").read_text("utf-8")
)
ROADS, GROUPS, QUALITY, TIMELY, FINISHED, UNIT_COST, INCOME, PEOPLE, LIVING, LIFETIME = (
    0,
    1,
    2,
    3,
    4,
    5,
    7,
    8,
    9,
    10,
)


def make_project(store: Store, code: str, name: str, unit_id: int | None = None) -> catalog.ProjectRow:
    if unit_id is None:
        unit_id = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township").id
    return catalog.create_project(
        store, year=2026, unit_id=unit_id,
        values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                "phone": "0915-5210101", "category": "衔接资金", "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip


def targets(store: Store, project_id: int, *, complete: bool = True) -> None:
    """The road sample's goals and indicators, with one target of 0 (安全生产事故 =0起) as row 2."""
    rows = [dict(row) for row in ROAD["indicators"]]
    rows[GROUPS] = {**rows[GROUPS], "lv3": "安全生产事故", "value": "=0起"}
    record = forms.create_document(store, project_id, "targets")
    forms.save_document(store, record.id, {**record.body, "goals": ROAD["goals"], "indicators": rows})
    if complete:
        forms.complete(store, record.id)


def stored(store: Store, editor: MonitoringEditor) -> dict[str, Any]:
    body: dict[str, Any] = forms.get_document(store, editor.record.id).body
    return body


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """ASCII with keyClicks; Chinese one committed character at a time, as an input method does."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def open_cell(table: MonitoringTable, index: QModelIndex) -> QWidget:
    table.setCurrentIndex(index)
    table.edit(index)
    delegate = table.itemDelegate()
    assert isinstance(delegate, MonitoringDelegate) and delegate.open_editor is not None
    return delegate.open_editor


def type_in(qtbot: Any, table: MonitoringTable, row: int, column: int, text: str) -> None:
    """Type a cell and press Enter; wait for the commit (it comes on a later turn of the loop)."""
    model = table.model()
    index = model.index(row, column)
    cell = open_cell(table, index)
    assert isinstance(cell, QLineEdit)
    cell.selectAll()
    type_text(qtbot, cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.itemDelegate().open_editor is None)


def light(editor: MonitoringEditor, row: int) -> tuple[str, str]:
    index = editor.model.index(row, grid.COL_LIGHT)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def tick_deviation(qtbot: Any, table: MonitoringTable, index: QModelIndex, names: list[str]) -> None:
    """Open 偏差原因, click the causes in its list, close it with Enter."""
    picker = open_cell(table, index)
    assert isinstance(picker, DeviationPicker)
    view = picker.view()
    qtbot.waitUntil(view.isVisible)
    for row in range(picker.model().rowCount()):
        if picker.model().index(row, 0).data() in names:
            qtbot.mouseClick(
                view.viewport(),
                Qt.MouseButton.LeftButton,
                pos=view.visualRect(picker.model().index(row, 0)).center(),
            )
    assert view.isVisible() and picker.checked() == names  # still open while ticking
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.itemDelegate().open_editor is None)


def choose(qtbot: Any, table: MonitoringTable, row: int, column: int, choice: str) -> None:
    combo = open_cell(table, table.model().index(row, column))
    assert isinstance(combo, QComboBox) and combo.findText(choice) >= 0
    qtbot.waitUntil(combo.view().isVisible)
    combo.view().setCurrentIndex(combo.model().index(combo.findText(choice), 0))
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.model().index(row, column).data(Qt.ItemDataRole.EditRole) == choice)


def fill_everything(qtbot: Any, editor: MonitoringEditor) -> None:
    """Every row green and 确定能, the money on plan, the progress written: a sheet that passes."""
    greens = {ROADS: "1.75", GROUPS: "0", QUALITY: "100%", TIMELY: "100%", FINISHED: "达成", UNIT_COST: "38",
              6: "60", INCOME: "7", PEOPLE: "300", LIVING: "达成", LIFETIME: "9", 11: "96%"}  # fmt: skip
    for row, value in greens.items():
        for column in (grid.COL_PROGRESS, grid.COL_FORECAST):
            assert editor.model.setData(editor.model.index(row, column), value)
        assert editor.model.setData(editor.model.index(row, grid.COL_LIKELIHOOD), "确定能")
    for column, value in ((money.COL_EXECUTED, "72"), (money.COL_FORECAST, "120")):
        assert editor.money_model.setData(editor.money_model.index(0, column), value)
    editor.goals.progress.setFocus()
    type_text(qtbot, editor.goals.progress, "已完成路基1.5公里")
    editor.table.setFocus()  # leaving the box commits it
    qtbot.waitUntil(lambda: editor.goals.progress_text() == "已完成路基1.5公里")
