"""Reviewing target sheets in a real store: the county's checklist, a review from start to 定稿,
what the grade decides for the sheet and the budget, and the overview of a year."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.review import Checklist, ChecklistItem, ReviewSheet
from perfdesk.domain.review_format import default_checklist
from perfdesk.paths import DATABASE_FILE
from perfdesk.services import catalog, forms, reviews
from perfdesk.services.store import Store
from perfdesk.storage.models import AuditEntry

DATA = Path(__file__).resolve().parent.parent / "data"
YEAR = 2026


def filled_body() -> dict[str, object]:
    sample = json.loads((DATA / "documents" / "targets-road.json").read_text(encoding="utf-8"))
    return {"goals": sample["goals"], "indicators": sample["indicators"]}


def new_project(store: Store, unit_id: int, code: str, name: str) -> catalog.ProjectRow:
    return catalog.create_project(
        store, year=YEAR, unit_id=unit_id,
        values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                "phone": "0915-5210101", "category": "衔接资金", "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip


def completed_targets(store: Store, project: catalog.ProjectRow) -> forms.DocumentRecord:
    record = forms.create_document(store, project.id, "targets")
    forms.save_document(store, record.id, {**record.body, **filled_body()}, what="填写指标")
    forms.complete(store, record.id)
    return forms.get_document(store, record.id)


@pytest.fixture
def township(store: Store) -> catalog.UnitRow:
    return catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")


@pytest.fixture
def road(store: Store, township: catalog.UnitRow) -> catalog.ProjectRow:
    return new_project(store, township.id, "610921-26-0001", "城关镇村内道路硬化项目")


def scored(checklist: Checklist, total: str, comment: str = "") -> ReviewSheet:
    """Full marks with the points short of ``total`` taken off the first items, explained."""
    missing = Decimal(100) - Decimal(total)
    sheet = ReviewSheet({item.key: item.weight for item in checklist.items}, {}, comment)
    for item in checklist.items:
        off = min(missing, item.weight)
        if off > 0:
            sheet = sheet.with_score(item.key, item.weight - off).with_comment(item.key, "目标值偏低")
        missing -= off
    return sheet


def audit_actions(store: Store, entity: str) -> list[str]:
    with store.session_factory() as session:
        stmt = select(AuditEntry.action).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        return list(session.scalars(stmt))


# ---------------------------------------------------------------- the checklist in force


def test_the_default_checklist_is_in_force_until_the_county_saves_its_own(store: Store) -> None:
    assert reviews.load_checklist(store) == default_checklist()
    assert reviews.uses_default_checklist(store)
    base = default_checklist()
    own = Checklist(
        "某县绩效目标审核表",
        (ChecklistItem("K1", "completeness", "要素齐全", Decimal(40)), *base.items[3:4],
         ChecklistItem("K2", "appropriateness", "资金匹配", Decimal(20)), *base.items[9:10],
         ChecklistItem("K3", "feasibility", "可衡量", Decimal("20"))),
    )  # fmt: skip
    assert reviews.save_checklist(store, own) == own
    assert reviews.load_checklist(store) == own and not reviews.uses_default_checklist(store)
    assert reviews.restore_default_checklist(store) == base
    assert reviews.load_checklist(store) == base
    assert audit_actions(store, "settings") == ["update", "delete"]


def test_a_checklist_not_making_100_is_refused_and_nothing_is_stored(store: Store) -> None:
    base = default_checklist()
    wrong = Checklist("某县清单", (*base.items[:-1], replace(base.items[-1], weight=Decimal(6))))
    with pytest.raises(ValidationFailed, match="合计 99 分，应为 100 分"):
        reviews.save_checklist(store, wrong)
    assert reviews.uses_default_checklist(store)


# ---------------------------------------------------------------- a review from start to 定稿


def test_only_a_completed_target_sheet_can_be_reviewed(store: Store, road: catalog.ProjectRow) -> None:
    draft = forms.create_document(store, road.id, "targets")
    with pytest.raises(ValidationFailed, match="填报人标记完成后才能审核"):
        reviews.start_review(store, draft.id)
    forms.save_document(store, draft.id, {**draft.body, **filled_body()})
    forms.complete(store, draft.id)
    review = reviews.start_review(store, draft.id, reviewer="县财政局 李审核")
    assert (review.status, review.reviewer, review.grade, review.total) == ("draft", "县财政局 李审核", "", 0)
    assert review.checklist == default_checklist() and review.doc_id == draft.doc_id
    assert reviews.start_review(store, draft.id).id == review.id  # going on with the same draft
    assert reviews.review_of(store, draft.id) == review


def test_only_target_sheets_are_reviewed(store: Store, road: catalog.ProjectRow) -> None:
    selfeval = forms.create_document(store, road.id, "selfeval")
    with pytest.raises(ValidationFailed, match="只能审核绩效目标表"):
        reviews.start_review(store, selfeval.id)


def test_a_draft_is_saved_as_it_is_and_finalised_once_complete(
    store: Store, road: catalog.ProjectRow
) -> None:
    sheet = completed_targets(store, road)
    review = reviews.start_review(store, sheet.id)
    partial = ReviewSheet({"C1": Decimal(10), "C2": Decimal("6.5")}, {"C2": "目标2表述空泛"}, "")
    saved = reviews.save_review(store, review.id, partial)
    assert saved.total == Decimal("16.5") and saved.sheet.score("C2") == Decimal("6.5")
    with pytest.raises(ValidationFailed) as refused:
        reviews.finalise_review(store, review.id)
    assert {f.code for f in refused.value.findings} == {"review.unscored"}
    assert reviews.review_of(store, sheet.id).status == "draft"

    final = reviews.finalise_review(store, review.id, scored(review.checklist, "92.5"))
    assert (final.status, final.total, final.grade, final.grade_label) == (
        "final",
        Decimal("92.5"),
        "excellent",
        "优",
    )
    assert final.budget_allowed and final.reviewed_at is not None
    assert forms.get_document(store, sheet.id).status == "approved"
    with pytest.raises(ValidationFailed, match="已定稿"):
        reviews.save_review(store, review.id, partial)
    with pytest.raises(ValidationFailed, match="已有审核结论"):
        reviews.start_review(store, sheet.id)
    assert audit_actions(store, "review.targets") == ["create", "update", "update", "finalise"]
    assert audit_actions(store, "form.targets")[-1] == "review"


def test_finalising_is_refused_when_the_preparer_reopened_the_sheet(
    store: Store, road: catalog.ProjectRow
) -> None:
    sheet = completed_targets(store, road)
    review = reviews.start_review(store, sheet.id)
    forms.reopen(store, sheet.id, reason="补充满意度指标")
    with pytest.raises(ValidationFailed, match="填报人标记完成后才能审核"):
        reviews.finalise_review(store, review.id, scored(review.checklist, "95"))
    assert reviews.review_of(store, sheet.id).total == Decimal(95)  # what was typed is kept


def test_poor_is_never_approved_nor_allowed_into_the_budget_wherever_it_is_read(
    store: Store, road: catalog.ProjectRow
) -> None:
    sheet = completed_targets(store, road)
    review = reviews.start_review(store, sheet.id)
    final = reviews.finalise_review(store, review.id, scored(review.checklist, "59.5", "目标与资金不匹配"))
    assert (final.grade_label, final.consequence, final.budget_allowed) == ("差", "不得纳入预算", False)
    assert final.result().budget_allowed is False
    assert reviews.review_of(store, sheet.id).budget_allowed is False
    assert forms.get_document(store, sheet.id).status == "returned"
    [row] = reviews.target_overview(store, YEAR).rows
    assert (row.review_label, row.budget_allowed, row.budget_text, row.poor) == (
        "差",
        False,
        "不得纳入预算",
        True,
    )
    assert reviews.poor_target_projects(store, YEAR) == {road.id}
    with pytest.raises(ValidationFailed, match="审核为“差”，不得纳入预算"):
        reviews.ensure_budget_allowed(store, sheet.id)


def test_a_returned_sheet_is_revised_completed_and_reviewed_again(
    store: Store, road: catalog.ProjectRow
) -> None:
    sheet = completed_targets(store, road)
    first = reviews.start_review(store, sheet.id)
    reviews.finalise_review(store, first.id, scored(first.checklist, "70", "退回补充成本指标"))
    assert forms.get_document(store, sheet.id).status == "returned"
    with pytest.raises(ValidationFailed, match="审核为“中”，退回修改"):
        reviews.ensure_budget_allowed(store, sheet.id)
    forms.complete(store, sheet.id)
    second = reviews.start_review(store, sheet.id)
    assert second.id != first.id and reviews.poor_target_projects(store, YEAR) == set()
    reviews.finalise_review(store, second.id, scored(second.checklist, "85", "成本测算表随预算报送"))
    reviews.ensure_budget_allowed(store, sheet.id)  # 良: in, after the agreed edits
    assert reviews.review_of(store, sheet.id).grade_label == "良"


def test_a_review_keeps_the_checklist_it_started_with(store: Store, road: catalog.ProjectRow) -> None:
    sheet = completed_targets(store, road)
    review = reviews.start_review(store, sheet.id)
    base = default_checklist()
    reviews.save_checklist(
        store,
        replace(base, title="新清单", items=(*base.items[:-2], replace(base.items[-2], weight=Decimal(15)))),
    )
    assert reviews.review_of(store, sheet.id).checklist == base
    assert reviews.start_review(store, sheet.id).id == review.id
    assert reviews.load_checklist(store).title == "新清单"


# ---------------------------------------------------------------- the overview of a year


def test_the_overview_lists_every_project_with_status_grade_and_counts(
    store: Store, township: catalog.UnitRow, road: catalog.ProjectRow
) -> None:
    bureau = catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    bridge = new_project(store, bureau.id, "610921-26-0101", "危桥改造")
    new_project(store, bureau.id, "610921-26-0102", "客运站维修")
    school = new_project(store, township.id, "610921-26-0002", "中心小学食堂改造")
    forms.create_document(store, school.id, "targets")  # a draft
    for project, total in ((road, "95"), (bridge, "40")):
        sheet = completed_targets(store, project)
        review = reviews.start_review(store, sheet.id)
        reviews.finalise_review(store, review.id, scored(review.checklist, total, "见各项意见"))

    overview = reviews.target_overview(store, YEAR)
    shown = [
        (r.unit_name, r.project_name, r.status_label, r.review_label, r.budget_allowed) for r in overview.rows
    ]
    assert shown == [
        ("县交通运输局", "危桥改造", "退回", "差", False),
        ("县交通运输局", "客运站维修", "未填报", "未审核", False),
        ("城关镇人民政府", "城关镇村内道路硬化项目", "审核通过", "优", True),
        ("城关镇人民政府", "中心小学食堂改造", "草稿", "未审核", False),
    ]
    assert overview.status_counts == {
        "none": 1, "draft": 1, "completed": 0, "exported": 0, "received": 0, "approved": 1, "returned": 1,
    }  # fmt: skip
    assert overview.grade_counts == {
        "excellent": 1, "good": 0, "fair": 0, "poor": 1, "in_review": 0, "unreviewed": 1,
    }  # fmt: skip
    assert overview.rows[0].total == Decimal(40) and overview.rows[1].total is None
    assert "4 个项目：已填报 3" in overview.summary_text() and "差 1" in overview.summary_text()

    mine = reviews.target_overview(store, YEAR, unit_id=bureau.id)
    assert [r.project_code for r in mine.rows] == ["610921-26-0101", "610921-26-0102"]
    assert mine.grade_counts["poor"] == 1 and mine.status_counts["none"] == 1
    assert reviews.target_overview(store, YEAR + 1).rows == ()


def test_a_review_in_progress_counts_as_in_review(store: Store, road: catalog.ProjectRow) -> None:
    sheet = completed_targets(store, road)
    reviews.start_review(store, sheet.id)
    overview = reviews.target_overview(store, YEAR)
    assert overview.grade_counts["in_review"] == 1 and overview.rows[0].review_label == "审核中"
    assert overview.rows[0].budget_text == "" and not overview.rows[0].budget_allowed


def test_a_database_of_the_first_schema_upgrades_and_takes_reviews(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    shutil.copy(DATA / "schema-0001.sqlite3", data_dir / DATABASE_FILE)
    with Store.open(data_dir) as store:
        [node] = catalog.load_tree(store, 2025)
        project = node.projects[0]
        assert reviews.target_overview(store, 2025).rows[0].status_label == "未填报"
        record = forms.create_document(store, project.id, "targets")
        assert reviews.review_of(store, record.id) is None
