"""The county's 审核通过 / 退回 in the 待处理 window, on real stores and real widgets.

The township's completed forms reach the county through a real signed package; the county
approves one and returns another (a reason required) with the buttons; the receipt written from
the screen carries both back, and the township's forms lock or reopen. A package from a key the
county has not enrolled is explained in the screens' own words (the command line keeps its own).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from exchange_support import (  # noqa: F401 - the fixtures
    PASSWORD,
    YEAR,
    Person,
    county_fixture,
    person_fixture,
    runner_fixture,
    township_fixture,
    usb_fixture,
)
from PySide6.QtCore import QSettings, Qt

from perfdesk.domain.labels import label
from perfdesk.exchange.enrolment import read_enrolment
from perfdesk.services import forms, keys
from perfdesk.services.exchange_county import import_submission
from perfdesk.services.exchange_export import export_submission
from perfdesk.services.exchange_receipts import import_receipt, receipt_lines
from perfdesk.services.exchange_tasks import import_task, issue_task
from perfdesk.services.settings import load_settings, save_settings
from perfdesk.services.store import Store
from ui.exchange.county import write_receipt
from ui.exchange.decisions import COL_FORM, COL_REASON, COL_STATUS, STATUS_ROLE, DecisionBox
from ui.exchange.import_window import ImportWindow
from ui.exchange.pending_window import PendingWindow
from ui.exchange.report_model import COL_REASON as REPORT_REASON
from ui.exchange.report_model import VERDICT_ROLE
from ui.main_window import MainWindow

RETURN_REASON = "自评得分依据不足，请补充佐证材料"


def send_forms(township: Store, county: Store, usb: Path) -> dict[str, str]:
    """Keys made and enrolled, the task pinned, the completed forms exported and imported: kind → doc_id."""
    keys.init_key(township, PASSWORD)
    pdkey = keys.export_enrolment(township, PASSWORD, usb / "610921101.pdkey", "610921101")
    keys.init_key(county, PASSWORD)
    keys.enrol(county, read_enrolment(pdkey.read_bytes()))
    issue_task(county, PASSWORD, YEAR, usb / "t.pdtask")
    import_task(township, usb / "t.pdtask", lambda _key_id, _county: True)
    export_submission(township, PASSWORD, YEAR, usb / "a.pdsub")
    assert import_submission(county, usb / "a.pdsub").verdict == "accepted"
    return {d.kind: d.doc_id for d in forms.list_documents(county, YEAR)}


def row_of(box: DecisionBox, doc_id: str) -> int:
    return next(r for r, doc in enumerate(box.rows) if doc.doc_id == doc_id)


def states(box: DecisionBox) -> dict[str, str]:
    return {doc.kind: box.table.item(r, COL_STATUS).data(STATUS_ROLE) for r, doc in enumerate(box.rows)}


def test_the_county_approves_and_returns_and_the_receipt_carries_it(
    qtbot, township: Store, county: Store, runner, person: Person, usb: Path
) -> None:
    docs = send_forms(township, county, usb)
    window = PendingWindow(county, runner, year=YEAR)
    qtbot.addWidget(window)
    window.show()
    box = window.decisions
    assert box is not None and box.table.rowCount() == 3
    assert states(box) == {"targets": "received", "monitoring": "received", "selfeval": "received"}
    assert {box.table.item(r, COL_STATUS).text() for r in range(3)} == {"已接收"}
    assert {box.table.item(r, COL_FORM).text() for r in range(3)} >= {label("form.targets")}
    assert not box.approve_button.isEnabled() and not box.return_button.isEnabled()

    # 审核通过 the targets.
    box.table.selectRow(row_of(box, docs["targets"]))
    assert box.approve_button.isEnabled() and box.return_button.isEnabled()
    with qtbot.waitSignal(window.changed, timeout=1000):
        qtbot.mouseClick(box.approve_button, Qt.MouseButton.LeftButton)
    assert states(box)["targets"] == "approved"
    assert box.table.item(row_of(box, docs["targets"]), COL_STATUS).text() == "审核通过"
    assert not box.approve_button.isEnabled()  # still selected, already approved
    assert "审核通过" in box.status_label.text()

    # 退回… the self-evaluation: an empty reason and a cancel change nothing; then a reason.
    box.table.selectRow(row_of(box, docs["selfeval"]))
    person.texts += ["   ", None, RETURN_REASON]
    qtbot.mouseClick(box.return_button, Qt.MouseButton.LeftButton)
    assert "必须写明原因" in box.status_label.text() and states(box)["selfeval"] == "received"
    qtbot.mouseClick(box.return_button, Qt.MouseButton.LeftButton)
    assert states(box)["selfeval"] == "received"
    qtbot.mouseClick(box.return_button, Qt.MouseButton.LeftButton)
    assert len(person.texts_asked) == 3 and person.texts == []
    row = row_of(box, docs["selfeval"])
    assert states(box)["selfeval"] == "returned" and box.table.item(row, COL_STATUS).text() == "退回"
    assert box.table.item(row, COL_REASON).text() == RETURN_REASON
    assert states(box)["monitoring"] == "received"

    # 生成回执 from the screen; the township imports it: approved locks, returned reopens.
    write_receipt(window, county, runner, YEAR, usb / "r.pdreceipt")
    runner.wait_idle()
    assert import_receipt(township, usb / "r.pdreceipt").report.verdict == "accepted"
    after = {d.kind: d.status for d in forms.list_documents(township, YEAR)}
    assert after == {"targets": "approved", "monitoring": "received", "selfeval": "returned"}
    [line] = receipt_lines(township, docs["selfeval"])
    assert RETURN_REASON in line["reasons"]
    assert person.refusals == []


def test_a_returned_document_can_still_be_approved_later(
    qtbot, township: Store, county: Store, runner, person: Person, usb: Path
) -> None:
    docs = send_forms(township, county, usb)
    box = DecisionBox(county, YEAR)
    qtbot.addWidget(box)
    assert box.select(docs["monitoring"])
    person.texts.append("请补充截至 6 月的执行数")
    qtbot.mouseClick(box.return_button, Qt.MouseButton.LeftButton)
    assert states(box)["monitoring"] == "returned"
    assert box.approve_button.isEnabled()  # the selection is kept after the refresh
    qtbot.mouseClick(box.approve_button, Qt.MouseButton.LeftButton)
    assert states(box)["monitoring"] == "approved"
    assert box.table.item(row_of(box, docs["monitoring"]), COL_REASON).text() == ""


def test_a_year_without_received_documents_says_so(qtbot, county: Store, runner, person: Person) -> None:
    window = PendingWindow(county, runner, year=YEAR)
    qtbot.addWidget(window)
    box = window.decisions
    assert box is not None and box.table.rowCount() == 0
    assert "还没有收到的表" in box.status_label.text()
    assert not box.approve_button.isEnabled() and not box.return_button.isEnabled()
    assert PendingWindow(county, runner).decisions is None


def test_the_county_menu_opens_pending_with_the_years_decisions(
    qtbot, county: Store, runner, person: Person, tmp_path: Path
) -> None:
    save_settings(county, replace(load_settings(county), mode="county"))
    window = MainWindow(
        county, runner, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.extension_actions["exchange_pending"].setVisible(True)
    window.extension_actions["exchange_pending"].trigger()
    opened = window.tool_windows[f"exchange-pending@{window.navigator.year}"]
    assert isinstance(opened, PendingWindow) and opened.decisions is not None
    assert opened.decisions.year == window.navigator.year


def test_a_held_package_is_explained_in_the_screens_words(
    qtbot, township: Store, county: Store, runner, person: Person, usb: Path
) -> None:
    keys.init_key(township, PASSWORD)
    export_submission(township, PASSWORD, YEAR, usb / "a.pdsub")
    window = ImportWindow(county, runner)
    qtbot.addWidget(window)
    window.import_paths([usb / "a.pdsub"])
    runner.wait_idle()
    [report] = window.model.reports
    assert report.verdict == "quarantined"
    assert "perfdesk key enrol" in report.message  # the command line's wording is unchanged
    index = window.model.index(0, REPORT_REASON)
    assert index.data(VERDICT_ROLE) == "quarantined"
    shown = index.data()
    assert shown.startswith("[key.unknown] ") and "perfdesk" not in shown
    assert "在“密钥与登记”中登记该密钥" in shown and report.key_id.replace("-", " ").upper() in shown
