"""Form documents in the store: a road project's 绩效目标表 from start to 已完成 and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from perfdesk.domain.findings import ValidationFailed
from perfdesk.services import catalog, forms
from perfdesk.services.store import Store
from perfdesk.storage.models import AuditEntry

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"


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


def _filled_body() -> dict[str, object]:
    sample = json.loads((DOCS / "targets-road.json").read_text(encoding="utf-8"))
    return {"goals": sample["goals"], "indicators": sample["indicators"]}


def test_a_new_form_takes_header_and_funds_from_the_project(store: Store, road: catalog.ProjectRow) -> None:
    record = forms.create_document(store, road.id, "targets")
    body = record.body
    assert record.status == "draft" and record.editable and record.status_label == "草稿"
    assert body["project"]["name"] == "城关镇村内道路硬化项目"
    assert body["project"]["attribute"] == "新增"
    assert body["unit"] == {"code": "610921101", "name": "城关镇人民政府"}
    assert body["funds"] == {"annual": "120.00", "fiscal": "100.00", "other": "20.00"}
    assert body["doc_id"] == record.doc_id and body["fiscal_year"] == 2026
    assert catalog.get_project(store, road.id).form_count == 1
    with pytest.raises(ValidationFailed, match="已有绩效目标表"):
        forms.create_document(store, road.id, "targets")


def test_complete_is_refused_while_errors_stand_and_allowed_when_clean(
    store: Store, road: catalog.ProjectRow
) -> None:
    record = forms.create_document(store, road.id, "targets")
    with pytest.raises(ValidationFailed) as refused:
        forms.complete(store, record.id)
    assert any(f.field == "goals.annual" for f in refused.value.findings)
    assert forms.get_document(store, record.id).status == "draft"

    body = {**record.body, **_filled_body()}
    forms.save_document(store, record.id, body, what="填写指标")
    forms.complete(store, record.id)
    done = forms.get_document(store, record.id)
    assert done.status == "completed" and not done.editable


def test_completed_form_is_read_only_until_reopened_and_the_reopen_is_audited(
    store: Store, road: catalog.ProjectRow
) -> None:
    record = forms.create_document(store, road.id, "targets")
    forms.save_document(store, record.id, {**record.body, **_filled_body()})
    forms.complete(store, record.id)
    with pytest.raises(ValidationFailed, match="只读"):
        forms.save_document(store, record.id, record.body)
    forms.reopen(store, record.id, reason="县里要求补充满意度指标")
    assert forms.get_document(store, record.id).editable
    with store.session_factory() as session:
        actions = [
            e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "form.targets"))
        ]
        reopen = session.scalar(select(AuditEntry).where(AuditEntry.action == "reopen"))
    assert actions == ["create", "update", "complete", "reopen"]
    assert reopen is not None and "县里要求补充满意度指标" in reopen.detail


def test_identity_fields_cannot_be_changed_by_a_save(store: Store, road: catalog.ProjectRow) -> None:
    record = forms.create_document(store, road.id, "targets")
    tampered = {**record.body, "doc_id": "something-else", "kind": "selfeval", "note": "kept"}
    saved = forms.save_document(store, record.id, tampered)
    assert saved.body["doc_id"] == record.doc_id and saved.body["kind"] == "targets"
    assert saved.body["note"] == "kept"  # unknown fields are kept


def test_a_project_with_a_form_cannot_be_deleted(store: Store, road: catalog.ProjectRow) -> None:
    forms.create_document(store, road.id, "targets")
    with pytest.raises(ValidationFailed, match="不能删除"):
        catalog.delete_project(store, road.id)


def test_a_draft_follows_the_project_header_and_a_completed_form_keeps_its_own(
    store: Store, road: catalog.ProjectRow
) -> None:
    record = forms.create_document(store, road.id, "targets")
    catalog.update_project(store, road.id, {"phone": "0915-7777777", "annual": "130", "fiscal": "110"})
    fresh = forms.refresh_header(store, record.id)
    assert fresh.body["project"]["phone"] == "0915-7777777"
    assert fresh.body["funds"] == {"annual": "130.00", "fiscal": "110.00", "other": "20.00"}
    forms.refresh_header(store, record.id)  # nothing left to change: nothing written
    with store.session_factory() as session:
        refreshes = session.scalars(select(AuditEntry).where(AuditEntry.action == "refresh_header")).all()
    assert len(refreshes) == 1 and "funds" in refreshes[0].detail

    forms.save_document(store, record.id, {**fresh.body, **_filled_body()})
    forms.complete(store, record.id)
    catalog.update_project(store, road.id, {"phone": "0915-8888888"})
    kept = forms.refresh_header(store, record.id)
    assert kept.body["project"]["phone"] == "0915-7777777"
