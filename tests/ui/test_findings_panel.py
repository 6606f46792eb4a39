"""检查结果 of a flawed road project's target sheet: what the preparer reads, clicks and explains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from perfdesk.domain.checks import check_document
from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding, Severity
from ui.targets.findings_panel import NOT_CHECKED_TEXT, FindingRow, FindingsPanel, summary_text

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"
SHORT_GOAL = "target.goal.short@goals.annual[2]"
COST = "target.cost.above_funds@indicators[6].value"


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method does, one committed character at a time (keyClicks is ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    """The road sheet with a short goal, a placeholder left in, a value without unit, a cost above funds."""
    body = json.loads((DOCS / "targets-road.json").read_text(encoding="utf-8"))
    body["goals"]["annual"].append("修好路")
    body["indicators"][2]["value"] = "=**%"
    body["indicators"][5]["value"] = "≤40"
    body["indicators"][6]["value"] = "≤130万元"
    return check_document(FormDoc(body))


@pytest.fixture
def panel(qtbot) -> FindingsPanel:
    shown = FindingsPanel()
    qtbot.addWidget(shown)
    shown.resize(560, 480)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    return shown


def show_check(panel: FindingsPanel, findings: list[Finding], explanations: dict[str, str]) -> None:
    """Hand the panel a check's findings and let the event loop lay the rows out, as on screen."""
    panel.set_findings(findings, explanations)
    QApplication.processEvents()  # the layout request: rows get their places


def row_for(panel: FindingsPanel, key: str) -> FindingRow:
    return next(row for row in panel.rows() if row.finding.key == key)


def test_before_any_check_the_panel_says_so(panel: FindingsPanel) -> None:
    assert panel.summary.text() == NOT_CHECKED_TEXT and panel.rows() == []


def test_each_finding_shows_its_marker_place_and_message(
    panel: FindingsPanel, findings: list[Finding]
) -> None:
    panel.set_findings(findings, {SHORT_GOAL: "按县里统一格式填写"})
    seen = [(row.marker.text(), row.place.text()) for row in panel.rows()]
    assert seen == [
        ("已说明", "年度总体目标第3条"),
        ("错误", "第3行 指标值"),
        ("错误", "第6行 指标值"),
        ("提示", "第7行 指标值"),
    ]
    assert "还留有占位符 *" in panel.rows()[1].message.text()
    assert panel.summary.text() == "2 个错误，2 个提示（1 个已说明）— 错误未改正前不能标记完成"
    assert row_for(panel, SHORT_GOAL).editor.text() == "按县里统一格式填写"


def test_errors_have_no_explanation_box(panel: FindingsPanel, findings: list[Finding]) -> None:
    panel.set_findings(findings, {"value.placeholder@indicators[2].value": "想这样写"})
    for row in panel.rows():
        boxes = row.findChildren(QLineEdit)
        if row.finding.severity is Severity.ERROR:
            assert row.editor is None and boxes == [] and row.marker.text() == "错误"
        else:
            assert boxes == [row.editor]
    assert panel.summary.text().startswith("2 个错误，2 个提示 —")  # an error is never explained


def test_clicking_a_finding_asks_to_go_to_its_cell(
    qtbot, panel: FindingsPanel, findings: list[Finding]
) -> None:
    show_check(panel, findings, {})
    row = panel.rows()[2]
    with qtbot.waitSignal(panel.jump_requested) as jumped:
        qtbot.mouseClick(row.message, Qt.MouseButton.LeftButton)
    assert jumped.args == ["indicators[5].value"]


def test_enter_on_a_finding_asks_to_go_to_its_cell(
    qtbot, panel: FindingsPanel, findings: list[Finding]
) -> None:
    panel.set_findings(findings, {})
    row = panel.rows()[0]
    row.setFocus()
    with qtbot.waitSignal(panel.jump_requested) as jumped:
        qtbot.keyClick(row, Qt.Key.Key_Return)
    assert jumped.args == ["goals.annual[2]"]


def test_writing_an_explanation_and_leaving_the_box_reports_it(
    qtbot, panel: FindingsPanel, findings: list[Finding]
) -> None:
    panel.set_findings(findings, {SHORT_GOAL: "按县里统一格式填写"})
    row = row_for(panel, COST)
    row.editor.setFocus()
    type_text(row.editor, "含上年结转资金10万元")
    with qtbot.waitSignal(panel.explanation_changed) as changed:
        qtbot.keyClick(row.editor, Qt.Key.Key_Tab)  # leave the box
    assert changed.args == [COST, "含上年结转资金10万元"]
    assert row.marker.text() == "已说明"
    assert panel.summary.text() == "2 个错误，2 个提示（2 个已说明）— 错误未改正前不能标记完成"


def test_leaving_an_unchanged_box_reports_nothing_and_clearing_one_does(
    qtbot, panel: FindingsPanel, findings: list[Finding]
) -> None:
    panel.set_findings(findings, {SHORT_GOAL: "按县里统一格式填写"})
    editor = row_for(panel, SHORT_GOAL).editor
    editor.setFocus()
    with qtbot.assertNotEmitted(panel.explanation_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    with qtbot.waitSignal(panel.explanation_changed) as changed:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert changed.args == [SHORT_GOAL, ""]
    assert row_for(panel, SHORT_GOAL).marker.text() == "提示"


def test_a_recheck_keeps_the_row_being_typed_in(panel: FindingsPanel, findings: list[Finding]) -> None:
    panel.set_findings(findings, {})
    row = row_for(panel, COST)
    row.editor.setFocus()
    type_text(row.editor, "含结转")
    panel.set_findings(findings[1:], {})  # the short goal was fixed meanwhile
    assert row_for(panel, COST) is row and row.editor.hasFocus() and row.editor.text() == "含结转"
    assert len(panel.rows()) == 3 and panel.summary.text() == "2 个错误，1 个提示 — 错误未改正前不能标记完成"


def test_summary_when_nothing_blocks(panel: FindingsPanel, findings: list[Finding]) -> None:
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    panel.set_findings(warnings, {SHORT_GOAL: "按县里统一格式填写"})
    assert panel.summary.text() == "2 个提示（1 个已说明）— 请改正，或为每个提示填写出错说明后再标记完成"
    panel.set_findings(warnings, {SHORT_GOAL: "按县里统一格式填写", COST: "含上年结转资金"})
    assert panel.summary.text() == "2 个提示（2 个已说明）— 提示均已说明，可以标记完成"
    panel.set_findings([], {})
    assert panel.summary.text() == "全部通过，可以标记完成" and panel.rows() == []
    panel.show_not_checked()
    assert panel.summary.text() == NOT_CHECKED_TEXT


def test_summary_text_counts_errors_and_explained_warnings(findings: list[Finding]) -> None:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert summary_text(errors, {}) == "2 个错误 — 错误未改正前不能标记完成"
    assert summary_text(findings, {}) == "2 个错误，2 个提示 — 错误未改正前不能标记完成"
    assert summary_text(findings, {COST: "  "}) == "2 个错误，2 个提示 — 错误未改正前不能标记完成"
