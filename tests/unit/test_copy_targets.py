"""复制目标: last year's road project targets become this year's draft, on a real store."""

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
ROAD_CODE = "610921-RD-0001"


def _sample() -> dict[str, object]:
    return json.loads((DOCS / "targets-road.json").read_text(encoding="utf-8"))


@pytest.fixture
def town(store: Store) -> catalog.UnitRow:
    return catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")


def _road(
    store: Store, unit: catalog.UnitRow, year: int, name: str, funds: dict[str, str]
) -> catalog.ProjectRow:
    values = {"code": ROAD_CODE, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
              "phone": "0915-5210101", "category": "衔接资金", "attribute": "continuing",
              "start_year": "2025", "end_year": "2026", **funds}  # fmt: skip
    return catalog.create_project(store, year=year, unit_id=unit.id, values=values)


@pytest.fixture
def last_year(store: Store, town: catalog.UnitRow) -> forms.DocumentRecord:
    """2025's road project with a completed target sheet, one warning explained."""
    project = _road(
        store, town, 2025, "东关村产业路硬化项目", {"annual": "120", "fiscal": "100", "other": "20"}
    )
    record = forms.create_document(store, project.id, "targets")
    sample = _sample()
    body = {**record.body, "goals": {**sample["goals"], "midterm": ["三年内实现全镇产业路全部硬化，群众出行更便利"]},
            "indicators": sample["indicators"], "required_core": sample["required_core"],
            "explanations": {"target.goal.short@goals.annual[0]": "去年县里同意的写法"}}  # fmt: skip
    forms.save_document(store, record.id, body, what="填写目标")
    forms.complete(store, record.id)
    return forms.get_document(store, record.id)


@pytest.fixture
def this_year(store: Store, town: catalog.UnitRow) -> catalog.ProjectRow:
    return _road(store, town, 2026, "东关村产业路硬化二期项目", {"annual": "150", "fiscal": "150"})


def test_previous_targets_finds_last_years_sheet_of_the_same_project_code(
    store: Store, last_year: forms.DocumentRecord, this_year: catalog.ProjectRow
) -> None:
    found = forms.previous_targets(store, this_year.id)
    assert found is not None and found.id == last_year.id
    assert forms.previous_targets(store, last_year.project_id) is None  # nothing in 2024


def test_copy_carries_goals_and_indicators_but_header_funds_from_the_new_project(
    store: Store, last_year: forms.DocumentRecord, this_year: catalog.ProjectRow
) -> None:
    copied = forms.copy_targets(store, last_year.id, this_year.id)
    body = copied.body
    assert copied.status == "draft" and copied.editable and copied.fiscal_year == 2026
    assert copied.doc_id != last_year.doc_id and body["doc_id"] == copied.doc_id
    assert body["version_id"] != last_year.body["version_id"] and body["supersedes"] is None
    assert body["goals"] == last_year.body["goals"] and len(body["goals"]["midterm"]) == 1
    assert body["indicators"] == last_year.body["indicators"]
    assert body["indicators"][8]["core"] == 3 and body["indicators"][0]["weight"] == "15"
    assert body["required_core"] == ["受益脱贫(监测)人口数", "受益脱贫(监测)户满意度"]
    assert body["project"]["name"] == "东关村产业路硬化二期项目" and body["project"]["attribute"] == "延续"
    assert body["funds"] == {"annual": "150.00", "fiscal": "150.00", "other": "0.00"}
    assert body["fiscal_year"] == 2026
    assert body["explanations"] == {}  # 出错说明 answered last year's findings
    stored = forms.find_document(store, this_year.id, "targets")
    assert stored is not None and (stored.id, stored.body) == (copied.id, body)
    assert forms.get_document(store, last_year.id) == last_year  # the source is untouched


def test_the_copy_is_audited_naming_its_source(
    store: Store, last_year: forms.DocumentRecord, this_year: catalog.ProjectRow
) -> None:
    copied = forms.copy_targets(store, last_year.id, this_year.id)
    with store.session_factory() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "copy"))
    assert entry is not None and entry.entity == "form.targets" and entry.entity_key == copied.doc_id
    detail = json.loads(entry.detail)
    assert detail["source"] == last_year.doc_id and detail["source_year"] == 2025
    assert detail["goals"] == 3 and detail["indicators"] == 12


def test_an_empty_draft_is_filled_in_place(
    store: Store, last_year: forms.DocumentRecord, this_year: catalog.ProjectRow
) -> None:
    empty = forms.create_document(store, this_year.id, "targets")
    copied = forms.copy_targets(store, last_year.id, this_year.id)
    assert copied.id == empty.id and copied.doc_id == empty.doc_id
    assert forms.count_targets(copied) == forms.TargetCounts(goals=3, indicators=12)


def test_a_sheet_with_content_is_never_overwritten(
    store: Store, last_year: forms.DocumentRecord, this_year: catalog.ProjectRow
) -> None:
    started = forms.create_document(store, this_year.id, "targets")
    typed = {**started.body, "goals": {"annual": ["目标1：完成二期道路硬化2公里，惠及3个村民小组"]}}
    forms.save_document(store, started.id, typed)
    with pytest.raises(ValidationFailed, match="已填写 1 条目标、0 个指标，不能用复制覆盖") as refused:
        forms.copy_targets(store, last_year.id, this_year.id)
    assert refused.value.findings[0].code == "copy.target_not_empty"
    assert forms.get_document(store, started.id).body["goals"] == typed["goals"]


def test_a_sheet_cannot_be_copied_onto_its_own_project(store: Store, last_year: forms.DocumentRecord) -> None:
    with pytest.raises(ValidationFailed, match="不能把目标表复制到它自己的项目"):
        forms.copy_targets(store, last_year.id, last_year.project_id)


def test_sources_list_sheets_with_content_newest_year_first(
    store: Store, town: catalog.UnitRow, last_year: forms.DocumentRecord, this_year: catalog.ProjectRow
) -> None:
    school = catalog.create_project(
        store, year=2026, unit_id=town.id, values={"code": "610921-JY-0001", "name": "学校食堂改造"}
    )
    forms.create_document(store, school.id, "targets")  # empty: nothing to copy
    copied = forms.copy_targets(store, last_year.id, this_year.id)

    sources = forms.list_target_sources(store)
    assert [(s.document.fiscal_year, s.project_name) for s in sources] == [
        (2026, "东关村产业路硬化二期项目"),
        (2025, "东关村产业路硬化项目"),
    ]
    assert sources[0].document.id == copied.id and sources[0].unit_name == "城关镇人民政府"
    assert sources[1].project_code == ROAD_CODE and sources[1].counts == (3, 12)
    assert [s.document.id for s in forms.list_target_sources(store, 2025)] == [last_year.id]
    assert [s.document.id for s in forms.list_target_sources(store, exclude_project_id=this_year.id)] == [
        last_year.id
    ]
