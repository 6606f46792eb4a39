"""The offline loop through the services, on two real data folders: a township and its county.

Each refusal leaves the county's documents exactly as they were."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from exchange_kit import flip_inside
from pypdf import PdfReader

from perfdesk.domain.findings import ValidationFailed
from perfdesk.exchange.build import build_package
from perfdesk.exchange.enrolment import read_enrolment
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.keys import KeyPair, unlock
from perfdesk.exchange.manifest import DocumentEntry, Producer, Scope, SignerKey
from perfdesk.exchange.verify import verify_package
from perfdesk.services import demo, forms, keys
from perfdesk.services.exchange_county import import_submission, resolve_conflict
from perfdesk.services.exchange_export import export_submission, print_path, printed_form
from perfdesk.services.exchange_log import ExchangeRefused
from perfdesk.services.exchange_receipts import decide, import_receipt, produce_receipt, receipt_lines
from perfdesk.services.exchange_tasks import import_task, issue_task, task_in_force
from perfdesk.services.store import Store

PASSWORD = "城关镇-2026"
YEAR = date.today().year


@dataclass
class Loop:
    township: Store
    county: Store
    usb: Path

    def export(self, name: str, **options: Any) -> Path:
        export_submission(self.township, PASSWORD, YEAR, self.usb / name, **options)
        return self.usb / name

    def township_key(self) -> KeyPair:
        with self.township.session_factory() as session:
            from perfdesk.storage.models import OwnKey

            row = session.query(OwnKey).filter_by(status="current").one()
            return unlock(row.private_key.encode(), PASSWORD)

    def county_documents(self) -> dict[str, tuple[str, str]]:
        rows = self.county.query("SELECT doc_id, version_id, status FROM form_documents")
        return {doc_id: (version, status) for doc_id, version, status in rows}


@pytest.fixture
def loop(tmp_path: Path) -> Iterator[Loop]:
    with Store.open(tmp_path / "township") as township, Store.open(tmp_path / "county") as county:
        demo.install_demo(township)
        keys.init_key(township, PASSWORD)
        pdkey = keys.export_enrolment(township, PASSWORD, tmp_path / "usb" / "610921101.pdkey", "610921101")
        demo.install_demo(county, county=True)
        keys.init_key(county, PASSWORD)
        keys.enrol(county, read_enrolment(pdkey.read_bytes()))
        yield Loop(township, county, tmp_path / "usb")


def test_an_export_imports_at_the_county_and_a_second_import_is_a_duplicate(loop: Loop) -> None:
    package = loop.export("a.pdsub")
    report = import_submission(loop.county, package)
    assert report.verdict == "accepted" and report.signer == "城关镇人民政府"
    assert {d.kind: d.outcome for d in report.documents} == {
        "targets": "accepted",
        "monitoring": "accepted",
        "selfeval": "accepted",
    }
    assert {status for _v, status in loop.county_documents().values()} == {"received"}
    before = loop.county_documents()
    again = import_submission(loop.county, package)
    assert again.verdict == "duplicate" and all(d.outcome == "duplicate" for d in again.documents)
    assert loop.county_documents() == before
    assert {r.status for r in forms.list_documents(loop.township, YEAR)} == {"exported"}


def test_an_export_carries_each_documents_printed_form(loop: Loop) -> None:
    package = loop.export("a.pdsub")
    with loop.county.session_factory() as session:
        trust = keys.county_trust(session)
    now = datetime.now(UTC)
    with verify_package(package, "submission", trust, now) as verified:
        prints = {f.path: f for f in verified.manifest.files if f.path.startswith("print/")}
        assert set(prints) == {print_path(d.doc_id) for d in verified.manifest.documents}
        assert len(prints) == 3 and {f.media_type for f in prints.values()} == {"application/pdf"}
        for document in verified.documents:
            pdf = verified.read(print_path(document.entry.doc_id))
            assert len(pdf) == prints[print_path(document.entry.doc_id)].size
            assert pdf == printed_form(json.loads(document.data))  # reproducible
            text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
            assert document.form.text("project", "code") in text
    name = sorted(prints)[0]
    with pytest.raises(PackageError) as caught:
        verify_package(flip_inside(package.read_bytes(), name), "submission", trust, now)
    assert (caught.value.code, caught.value.file) == ("pkg.corrupt", name)


def test_a_replayed_package_is_refused_and_a_gap_is_a_warning(loop: Loop) -> None:
    first, second, third = loop.export("1.pdsub"), loop.export("2.pdsub"), loop.export("3.pdsub")
    assert import_submission(loop.county, second).verdict == "accepted"
    before = loop.county_documents()
    replay = import_submission(loop.county, first)
    assert (replay.verdict, replay.code) == ("refused", "import.replay")
    assert loop.county_documents() == before
    skipped = loop.export("4.pdsub")
    assert any("缺少 1 个包" in w for w in import_submission(loop.county, skipped).warnings)
    assert import_submission(loop.county, third).code == "import.replay"


def _forged(loop: Loop, name: str, change: dict[str, Any], sequence: int) -> Path:
    """A package signed by the township's own key carrying the county's received targets sheet changed."""
    [(body_text,)] = loop.county.query("SELECT body FROM form_documents WHERE kind = 'targets'")
    body = {**json.loads(body_text), **change}
    key = loop.township_key()
    data = json.dumps(body, ensure_ascii=False).encode()
    entry = DocumentEntry(
        body["doc_id"],
        body["version_id"],
        body["supersedes"],
        "targets",
        "610921101",
        body["project"]["code"],
        YEAR,
        "",
    )
    build_package(
        "submission",
        {f"documents/{body['doc_id']}.json": data},
        signers=[key],
        producer=Producer("PerfDesk", _producer(loop)),
        sequence=sequence,
        scope=Scope("610921", YEAR, ("610921101",)),
        now=datetime.now(UTC),
        documents=[entry],
        signer_key=SignerKey(key.key_id, key.public_key),
        output=loop.usb / name,
    )
    return loop.usb / name


def _producer(loop: Loop) -> str:
    [(installation,)] = loop.township.query("SELECT installation_id FROM installation")
    return str(installation)


def test_a_version_based_on_an_older_one_is_a_conflict_held_for_a_person(loop: Loop) -> None:
    import_submission(loop.county, loop.export("a.pdsub"))
    [(doc_id, current)] = loop.county.query(
        "SELECT doc_id, version_id FROM form_documents WHERE kind = 'targets'"
    )
    before = loop.county_documents()
    package = _forged(
        loop,
        "b.pdsub",
        {
            "version_id": "11111111-1111-4111-8111-111111111111",
            "supersedes": "22222222-2222-4222-8222-222222222222",
        },
        2,
    )
    report = import_submission(loop.county, package)
    [doc] = report.documents
    assert (report.verdict, doc.outcome, doc.code) == ("partial", "conflict", "doc.conflict")
    assert loop.county_documents() == before
    [(held_id, status)] = loop.county.query("SELECT id, status FROM held_versions")
    assert status == "held"
    assert resolve_conflict(loop.county, held_id, take=True) == "updated"
    assert loop.county_documents()[doc_id] == ("11111111-1111-4111-8111-111111111111", "received")
    assert current != "11111111-1111-4111-8111-111111111111"


def test_an_update_supersedes_and_the_old_version_is_kept(loop: Loop) -> None:
    import_submission(loop.county, loop.export("a.pdsub"))
    [(doc_id, v1)] = loop.county.query("SELECT doc_id, version_id FROM form_documents WHERE kind = 'targets'")
    report = import_submission(
        loop.county,
        _forged(loop, "b.pdsub", {"version_id": "33333333-3333-4333-8333-333333333333", "supersedes": v1}, 2),
    )
    assert report.documents[0].outcome == "updated"
    assert loop.county_documents()[doc_id][0] == "33333333-3333-4333-8333-333333333333"
    assert {
        v
        for (v,) in loop.county.query("SELECT version_id FROM document_versions WHERE doc_id = :d", d=doc_id)
    } >= {v1}


def test_same_version_with_other_content_is_rejected_as_tampered(loop: Loop) -> None:
    import_submission(loop.county, loop.export("a.pdsub"))
    before = loop.county_documents()
    report = import_submission(
        loop.county, _forged(loop, "b.pdsub", {"explanations": {"note@nowhere": "改过的说明"}}, 2)
    )
    assert (report.documents[0].outcome, report.documents[0].code) == ("rejected", "doc.tampered")
    assert loop.county_documents() == before


def test_a_document_failing_its_rules_at_the_county_is_rejected_alone(loop: Loop) -> None:
    import_submission(loop.county, loop.export("a.pdsub"))
    before = loop.county_documents()
    report = import_submission(
        loop.county,
        _forged(loop, "b.pdsub", {"version_id": "44444444-4444-4444-8444-444444444444", "indicators": []}, 2),
    )
    [doc] = report.documents
    assert (doc.outcome, doc.code) == ("rejected", "doc.rules") and len(doc.reasons) > 1
    assert loop.county_documents() == before


def test_an_unknown_key_is_quarantined_and_imported_once_enrolled(loop: Loop, tmp_path: Path) -> None:
    with Store.open(tmp_path / "other-county") as county:
        demo.install_demo(county, county=True)
        package = loop.export("a.pdsub")
        report = import_submission(county, package)
        assert (report.verdict, report.code) == ("quarantined", "key.unknown")
        assert county.query("SELECT COUNT(*) FROM form_documents") == [(0,)]
        [(path, status)] = county.query("SELECT path, status FROM quarantine")
        assert status == "held" and (county.data_dir / path).read_bytes() == package.read_bytes()
        from perfdesk.services.exchange_county import retry_quarantined

        keys.enrol(county, read_enrolment((loop.usb / "610921101.pdkey").read_bytes()))
        [released] = retry_quarantined(county)
        assert released.verdict == "accepted"
        assert county.query("SELECT status FROM quarantine") == [("released",)]


def test_a_revoked_key_is_refused(loop: Loop) -> None:
    keys.revoke(loop.county, loop.township_key().key_id, "电脑丢失")
    report = import_submission(loop.county, loop.export("a.pdsub"))
    assert (report.verdict, report.code) == ("refused", "key.revoked")
    assert loop.county_documents() == {}


def test_the_first_task_pins_the_county_key_only_when_confirmed(loop: Loop) -> None:
    task = issue_task(loop.county, PASSWORD, YEAR, loop.usb / "t.pdtask")
    with pytest.raises(ExchangeRefused) as refused:
        import_task(loop.township, loop.usb / "t.pdtask", lambda key_id, county: False)
    assert refused.value.code == "task.not_confirmed"
    assert keys.known_keys(loop.township) == []
    seen: list[str] = []
    result = import_task(
        loop.township, loop.usb / "t.pdtask", lambda key_id, county: seen.append(key_id) or True
    )
    assert result.pinned and seen == [task.manifest.signer.key_id if task.manifest.signer else ""]
    assert [k.status for k in keys.known_keys(loop.township)] == ["pinned"]
    in_force = task_in_force(loop.township, YEAR)
    assert in_force is not None and not in_force.expired(datetime.now(UTC))


def test_an_expired_task_is_refused(loop: Loop) -> None:
    issue_task(
        loop.county, PASSWORD, YEAR, loop.usb / "t.pdtask", expires_at=datetime.now(UTC) - timedelta(days=1)
    )
    with pytest.raises(Exception) as caught:
        import_task(loop.township, loop.usb / "t.pdtask", lambda key_id, county: True)
    assert getattr(caught.value, "code", "") == "task.expired"


def test_a_rotated_county_key_is_pinned_only_through_the_old_one(loop: Loop, tmp_path: Path) -> None:
    issue_task(loop.county, PASSWORD, YEAR, loop.usb / "t1.pdtask")
    import_task(loop.township, loop.usb / "t1.pdtask", lambda key_id, county: True)
    old = keys.own_key(loop.county)
    new = keys.init_key(loop.county, PASSWORD, rotate=True)
    issue_task(loop.county, PASSWORD, YEAR, loop.usb / "t2.pdtask")  # signed by the new and the old key
    result = import_task(loop.township, loop.usb / "t2.pdtask", lambda key_id, county: True)
    assert old is not None and result.rotated_from == old.key_id and result.county_key == new.key_id
    assert {k.key_id: k.status for k in keys.known_keys(loop.township)} == {
        old.key_id: "rotated",
        new.key_id: "pinned",
    }
    with Store.open(tmp_path / "impostor") as impostor:
        demo.install_demo(impostor, county=True)
        keys.init_key(impostor, PASSWORD)
        issue_task(impostor, PASSWORD, YEAR, loop.usb / "fake.pdtask")
    with pytest.raises(Exception) as caught:
        import_task(loop.township, loop.usb / "fake.pdtask", lambda key_id, county: True)
    assert getattr(caught.value, "code", "") == "key.unknown"


def test_a_receipt_locks_approved_and_reopens_returned_forms(loop: Loop) -> None:
    issue_task(loop.county, PASSWORD, YEAR, loop.usb / "t.pdtask")
    import_task(loop.township, loop.usb / "t.pdtask", lambda key_id, county: True)
    import_submission(loop.county, loop.export("a.pdsub"))
    docs = {r.kind: r for r in forms.list_documents(loop.township, YEAR)}
    decide(loop.county, docs["targets"].doc_id, approve=True)
    decide(loop.county, docs["selfeval"].doc_id, approve=False, reason="自评得分依据不足，请补充佐证材料")
    built = produce_receipt(loop.county, PASSWORD, YEAR, loop.usb / "r.pdreceipt")
    applied = import_receipt(loop.township, loop.usb / "r.pdreceipt")
    assert applied.report.verdict == "accepted"
    after = {r.kind: r.status for r in forms.list_documents(loop.township, YEAR)}
    assert after == {"targets": "approved", "monitoring": "received", "selfeval": "returned"}
    with pytest.raises(ValidationFailed):
        forms.save_document(loop.township, docs["targets"].id, docs["targets"].body)
    forms.save_document(loop.township, docs["selfeval"].id, docs["selfeval"].body)  # reopened for editing
    [line] = receipt_lines(loop.township, docs["selfeval"].doc_id)
    assert "自评得分依据不足，请补充佐证材料" in line["reasons"]
    assert (
        built.sha256 and import_receipt(loop.township, loop.usb / "r.pdreceipt").report.verdict == "duplicate"
    )


def test_a_changed_form_leaves_as_a_new_version_that_supersedes_the_old(loop: Loop) -> None:
    issue_task(loop.county, PASSWORD, YEAR, loop.usb / "t.pdtask")
    import_task(loop.township, loop.usb / "t.pdtask", lambda key_id, county: True)
    import_submission(loop.county, loop.export("a.pdsub"))
    docs = {r.kind: r for r in forms.list_documents(loop.township, YEAR)}
    decide(loop.county, docs["selfeval"].doc_id, approve=False, reason="请补充")
    produce_receipt(loop.county, PASSWORD, YEAR, loop.usb / "r.pdreceipt")
    import_receipt(loop.township, loop.usb / "r.pdreceipt")
    body = dict(docs["selfeval"].body)
    body["goals"] = {**body["goals"], "achieved": body["goals"]["achieved"] + "已补充佐证。"}
    forms.save_document(loop.township, docs["selfeval"].id, body)
    forms.complete(loop.township, docs["selfeval"].id)
    result = export_submission(loop.township, PASSWORD, YEAR, loop.usb / "b.pdsub", kinds=["selfeval"])
    [doc] = result.documents
    assert doc.new_version and doc.supersedes == docs["selfeval"].version_id
    report = import_submission(loop.county, loop.usb / "b.pdsub")
    assert report.documents[0].outcome == "updated"
    assert loop.county_documents()[doc.doc_id] == (doc.version_id, "received")


def test_export_refuses_when_nothing_is_completed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "t") as township:
        demo.install_demo(township)
        keys.init_key(township, PASSWORD)
        with pytest.raises(ExchangeRefused) as refused:
            export_submission(township, PASSWORD, YEAR - 1, tmp_path / "x.pdsub")
        assert refused.value.code == "exchange.nothing" and not (tmp_path / "x.pdsub").exists()


def test_a_cancelled_export_writes_no_file_and_changes_no_state(loop: Loop) -> None:
    from perfdesk.services.progress import Cancelled, Progress

    progress = Progress(lambda done, total, text: progress.cancel() if done >= 2 else None)
    with pytest.raises(Cancelled):
        export_submission(loop.township, PASSWORD, YEAR, loop.usb / "x.pdsub", progress=progress)
    assert not (loop.usb / "x.pdsub").exists() and list(loop.usb.glob(".*part")) == []
    assert {r.status for r in forms.list_documents(loop.township, YEAR)} == {"completed"}


def test_a_damaged_file_is_refused_at_import_and_nothing_changes(loop: Loop) -> None:
    from perfdesk.services.exchange_county import pending

    package = loop.export("a.pdsub")
    package.write_bytes(package.read_bytes()[:-200])
    report = import_submission(loop.county, package)
    assert (report.verdict, report.code) == ("refused", "pkg.truncated")
    assert loop.county_documents() == {} and pending(loop.county) == []
