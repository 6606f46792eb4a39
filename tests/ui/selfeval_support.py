"""What the self-evaluation UI tests share (no tests here): a road project whose target sheet is
completed from ``tests/data/documents/targets-road.json``, and the ways a person types into the sheet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from perfdesk.services import catalog, forms
from perfdesk.services.monitoring import start_monitoring
from perfdesk.services.store import Store
from ui.selfeval.editor import SelfEvalEditor
from ui.selfeval.tables import CellDelegate, SheetTable

DOCS = Path(__file__).resolve().parents[1] / "data" / "documents"
# Rows of targets-road.json the tests work on (0-based, as in the document).
LENGTH, GROUPS, ACCEPTED, TIMELY, FINISHED, UNIT_COST, TOTAL_COST, INCOME, PEOPLE, ENVIRONMENT, YEARS, SATISFIED = (
    range(12)
)  # fmt: skip


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return data


def add_road(store: Store, *, code: str = "610921-26-0001", unit_code: str = "610921101") -> int:
    """A township road project of 2026 (120 万元: 100 财政拨款 + 20 其他资金), without forms."""
    unit = next(
        (node.unit for node in catalog.load_tree(store, 2026) if node.unit.code == unit_code), None
    ) or catalog.save_unit(store, code=unit_code, name="城关镇人民政府", kind="township")
    project = catalog.create_project(
        store,
        year=2026,
        unit_id=unit.id,
        values={"code": code, "name": "城关镇东关村产业路硬化项目", "department": "示例县农业农村局",
                "manager": "陈志强", "phone": "0915-5210101", "category": "衔接资金",
                "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip
    return project.id


def complete_targets(store: Store, project_id: int) -> forms.DocumentRecord:
    """The road example's goals and indicators on the project's target sheet, 已完成."""
    record = forms.create_document(store, project_id, "targets")
    road = sample("targets-road.json")
    body = {**record.body, "goals": road["goals"], "indicators": road["indicators"]}
    forms.save_document(store, record.id, body)
    forms.complete(store, record.id)
    return forms.get_document(store, record.id)


def monitor(store: Store, project_id: int, month: int, forecasts: dict[int, str]) -> None:
    """A monitoring sheet of ``month`` with 全年预计完成值 on some rows."""
    record = start_monitoring(store, project_id, month)
    body = dict(record.body)
    body["indicators"] = [
        {**row, "forecast": forecasts.get(i, "")} for i, row in enumerate(body["indicators"])
    ]
    forms.save_document(store, record.id, body)


def stored(store: Store, editor: SelfEvalEditor) -> dict[str, Any]:
    body: dict[str, Any] = forms.get_document(store, editor.record.id).body
    return body


def type_chinese(widget: QWidget, text: str) -> None:
    """Type like an input method does, one committed character at a time (keyClicks is ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def open_cell(table: SheetTable, row: int, column: int) -> QWidget:
    model = table.model()
    index = model.index(row, column)
    table.setCurrentIndex(index)
    table.edit(index)
    delegate = table.itemDelegate()
    assert isinstance(delegate, CellDelegate) and delegate.open_editor is not None
    return delegate.open_editor


def type_in_cell(qtbot: Any, table: SheetTable, row: int, column: int, text: str) -> None:
    """Open the cell, type ``text`` over what it holds, press Enter, and wait for the commit."""
    cell = open_cell(table, row, column)
    assert isinstance(cell, QLineEdit)
    cell.selectAll()
    if text.isascii():
        qtbot.keyClicks(cell, text)
    else:
        type_chinese(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    delegate = table.itemDelegate()
    assert isinstance(delegate, CellDelegate)
    qtbot.waitUntil(lambda: delegate.open_editor is None)


def choose_tier(qtbot: Any, editor: SelfEvalEditor, row: int, tier: str) -> None:
    """Pick a 完成档次 from the cell's list with the keyboard."""
    from ui.selfeval.columns import COL_TIER

    combo = open_cell(editor.table, row, COL_TIER)
    assert isinstance(combo, QComboBox)
    assert tier in [combo.itemText(i) for i in range(combo.count())]
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != tier:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.model.text(row, COL_TIER) == tier)


TYPED = ("actual", "reason", "tier", "score", "override", "na")


def fill_like_road(store: Store, record: forms.DocumentRecord) -> forms.DocumentRecord:
    """What the road example (selfeval-road.json) reports, typed into a started self-evaluation:
    执行数 118.50 of 120, every row, one override (受益脱贫人口数 10 for a computed 9.60). 96.22, 优."""
    filled = sample("selfeval-road.json")
    body = dict(record.body)
    body["funds"] = {**body["funds"], "executed": filled["funds"]["executed"]}
    body["goals"] = {**body["goals"], "achieved": filled["goals"]["achieved"]}
    body["indicators"] = [
        {**mine, **{key: theirs[key] for key in TYPED if key in theirs}}
        for mine, theirs in zip(body["indicators"], filled["indicators"], strict=True)
    ]
    return forms.save_document(store, record.id, body, what="填写自评")
