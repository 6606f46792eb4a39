"""The offline loop through the screens, on a township and a county data folder.

The township makes its key in the 密钥 dialog (password typed twice), prints the 密钥登记表 and
exports the .pdkey; the county enrols it after comparing the key id; the county issues a task and
the township imports it, pinning the county key it was shown; the township exports its completed
forms; the county imports the USB stick's folder (with a damaged copy) and reads the report table;
the county's receipt, imported at the township, changes the forms' states.
"""

from __future__ import annotations

import shutil
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
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from perfdesk.domain.labels import label
from perfdesk.exchange.keys import spaced
from perfdesk.services import forms, keys
from perfdesk.services.exchange_receipts import decide
from perfdesk.services.store import Store
from ui.exchange.county import IssueTaskDialog, write_receipt
from ui.exchange.enrolment_window import EnrolmentWindow
from ui.exchange.export_dialog import ExportDialog
from ui.exchange.import_window import ImportWindow
from ui.exchange.key_dialog import KeyDialog
from ui.exchange.report_model import CODE_ROLE, COL_REASON, OUTCOME_ROLE, VERDICT_ROLE
from ui.exchange.township import ResultDialog, import_receipt_file, import_task_file
from ui.tasks import TaskRunner


def make_township_key(qtbot, store: Store, tasks: TaskRunner, person: Person, usb: Path) -> KeyDialog:
    dialog = KeyDialog(store, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.create_box.isVisible() and not dialog.hand_box.isVisible()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.again_edit, "Chengguan")
    assert dialog.strength_label.text() == "两次输入的口令不一致"
    dialog.again_edit.clear()
    qtbot.keyClicks(dialog.again_edit, PASSWORD)
    assert dialog.strength_label.text() == "强度合适"
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    tasks.wait_idle()
    own = keys.own_key(store)
    assert own is not None and dialog.key_label.text() == spaced(own.key_id)
    assert dialog.hand_box.isVisible() and dialog.unit_code() == "610921101"
    person.save_to += [usb / "610921101-密钥登记表.pdf", usb / "610921101.pdkey"]
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    tasks.wait_idle()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    tasks.wait_idle()
    assert person.passwords_asked == 1 and (usb / "610921101.pdkey").is_file()
    return dialog


def test_key_dialog_creates_the_key_and_hands_it_over(qtbot, township: Store, runner, person, usb) -> None:
    make_township_key(qtbot, township, runner, person, usb)
    own = keys.own_key(township)
    assert own is not None and own.unit_code == "610921101"
    page = PdfReader(usb / "610921101-密钥登记表.pdf").pages[0]
    text = page.extract_text()
    assert all(group.upper() in text for group in own.key_id.split("-"))
    assert "城关镇人民政府" in text and "签名" in text and "盖章" in text
    fonts = page["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert not (usb / "610921101.pdkey.part").exists()


def test_a_wrong_password_is_refused_before_any_work(qtbot, township: Store, runner, person, usb) -> None:
    dialog = make_township_key(qtbot, township, runner, person, usb)
    person.password = "not-the-password"
    person.save_to.append(usb / "again.pdkey")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert person.refusals == [("key.password", "密钥口令不对，请重新输入")]
    assert not (usb / "again.pdkey").exists()


def test_kept_unlocked_asks_the_password_once_per_run(qtbot, township: Store, runner, person, usb) -> None:
    dialog = make_township_key(qtbot, township, runner, person, usb)
    person.keep = True
    person.save_to += [usb / "a.pdkey", usb / "b.pdkey"]
    for _ in range(2):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        runner.wait_idle()
    assert person.passwords_asked == 2 and (usb / "b.pdkey").is_file()  # 1 before, 1 kept since
    dialog.refresh()
    assert dialog.lock_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.lock_button, Qt.MouseButton.LeftButton)
    assert not dialog.lock_button.isVisibleTo(dialog)


def test_the_whole_loop_through_the_screens(
    qtbot, qtmodeltester, township: Store, county: Store, runner, person, usb
) -> None:
    make_township_key(qtbot, township, runner, person, usb)
    township_key = keys.own_key(township)
    assert township_key is not None

    # County: its own key, then the township's enrolment after the fingerprint check.
    keys.init_key(county, PASSWORD)
    enrolment = EnrolmentWindow(county, runner)
    qtbot.addWidget(enrolment)
    enrolment.enrol_file(usb / "610921101.pdkey")
    runner.wait_idle()
    assert person.keys_shown == [township_key.key_id]
    assert enrolment.table.rowCount() == 1 and enrolment.table.item(0, 3).text() == "已登记"

    # County issues the task; the township imports it and pins the county key it was shown.
    issue = IssueTaskDialog(county, runner, YEAR)
    qtbot.addWidget(issue)
    issue.deadline_checks["targets"].setChecked(True)
    person.save_to.append(usb / "610921-task.pdtask")
    qtbot.mouseClick(issue.issue_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    county_key = keys.own_key(county)
    assert county_key is not None and spaced(county_key.key_id) in issue.result_label.text()
    import_task_file(issue, township, runner, usb / "610921-task.pdtask")
    runner.wait_idle()
    assert person.keys_shown[-1] == county_key.key_id
    pinned = keys.known_keys(township, "county")
    assert [(k.key_id, k.status) for k in pinned] == [(county_key.key_id, "pinned")]
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ResultDialog)]
    assert any("已钉住县级密钥" in w.text_label.text() for w in shown)

    # Township exports everything completed, through the TaskRunner with its progress dialog.
    export = ExportDialog(township, runner, YEAR)
    qtbot.addWidget(export)
    assert export.summary_label.text() == "将导出 3 张表"
    progressed: list[int] = []
    runner.task_progressed.connect(lambda _label, done, _total, _text: progressed.append(done))
    person.save_to.append(usb / "610921101-submission.pdsub")
    qtbot.mouseClick(export.export_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert export.export_result is not None and len(export.export_result.documents) == 3
    assert (usb / "610921101-submission.pdsub").is_file() and progressed
    assert {d.status for d in forms.list_documents(township, YEAR)} == {"exported"}

    # A damaged copy on the same stick: the county's report shows its code and reason.
    damaged = usb / "zz-damaged.pdsub"
    data = (usb / "610921101-submission.pdsub").read_bytes()
    damaged.write_bytes(data[:-200])
    window = ImportWindow(county, runner)
    qtbot.addWidget(window)
    person.folder = usb
    qtbot.mouseClick(window.folder_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    model = window.model
    qtmodeltester.check(model)
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    verdicts = {(i.data(), i.data(VERDICT_ROLE)) for i in rows}
    assert verdicts == {("610921101-submission.pdsub", "accepted"), ("zz-damaged.pdsub", "refused")}
    outcomes = [i.data(OUTCOME_ROLE) for i in rows if i.data() == "610921101-submission.pdsub"]
    assert outcomes == ["accepted"] * 3
    refused = next(i for i in rows if i.data() == "zz-damaged.pdsub")
    reason = model.index(refused.row(), COL_REASON).data()
    assert refused.data(CODE_ROLE) == "pkg.truncated" and reason.startswith("[pkg.truncated] ")
    assert "不完整" in reason or "损坏" in reason
    assert window.summary_label.text() == "共 2 个申报包：已导入 1 个，拒收 1 个"

    # County approves the targets, returns the self-evaluation, and writes the receipt.
    docs = {d.kind: d for d in forms.list_documents(county, YEAR)}
    decide(county, docs["targets"].doc_id, approve=True)
    decide(county, docs["selfeval"].doc_id, approve=False, reason="自评得分依据不足，请补充佐证材料")
    write_receipt(window, county, runner, YEAR, usb / "receipt.pdreceipt")
    runner.wait_idle()

    # Township imports it: states change, reasons shown.
    import_receipt_file(window, township, runner, usb / "receipt.pdreceipt")
    runner.wait_idle()
    after = {d.kind: d.status for d in forms.list_documents(township, YEAR)}
    assert after == {"targets": "approved", "monitoring": "received", "selfeval": "returned"}
    [result] = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ResultDialog) and w.windowTitle() == "导入回执"
    ]
    table = {
        result.cell(r, 1): (result.cell(r, 3), result.cell(r, 4)) for r in range(result.table.rowCount())
    }
    assert table[label("form.selfeval")][0] == "退回（可修改后重新导出）"
    assert "自评得分依据不足" in table[label("form.selfeval")][1]
    assert table[label("form.targets")][0] == "审核通过（已锁定）"
    assert person.refusals == []


def test_a_folder_without_packages_says_so(qtbot, county: Store, runner, person, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    window = ImportWindow(county, runner)
    qtbot.addWidget(window)
    person.folder = empty
    qtbot.mouseClick(window.folder_button, Qt.MouseButton.LeftButton)
    assert "没有申报包" in window.summary_label.text() and not runner.busy
    shutil.rmtree(empty)
