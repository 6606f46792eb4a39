"""绩效自评 in a real store: started from completed targets (monitoring as a hint), and the summary."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from perfdesk.domain.findings import ValidationFailed
from perfdesk.services import catalog, forms
from perfdesk.services.monitoring import start_monitoring
from perfdesk.services.selfeval import grade_distribution, planned_goals, selfeval_summary, start_selfeval
from perfdesk.services.store import Store

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"
TYPED = ("actual", "reason", "tier", "score", "override", "na")


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return data


def add_project(store: Store, unit_id: int, code: str, name: str) -> int:
    project = catalog.create_project(
        store,
        year=2026,
        unit_id=unit_id,
        values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                "phone": "0915-5210101", "category": "衔接资金", "annual": "120", "fiscal": "100",
                "other": "20"},
    )  # fmt: skip
    return project.id


def with_targets(store: Store, project_id: int, *, complete: bool = True) -> forms.DocumentRecord:
    record = forms.create_document(store, project_id, "targets")
    road = sample("targets-road.json")
    forms.save_document(
        store, record.id, {**record.body, "goals": road["goals"], "indicators": road["indicators"]}
    )
    if complete:
        forms.complete(store, record.id)
    return forms.get_document(store, record.id)


def fill_like_road(store: Store, record: forms.DocumentRecord, **changes: Any) -> forms.DocumentRecord:
    """Type in what the road example reports; ``changes`` replace some rows' fields by 三级 name."""
    filled = sample("selfeval-road.json")
    body = dict(record.body)
    body["funds"] = {**body["funds"], "executed": filled["funds"]["executed"]}
    body["goals"] = {**body["goals"], "achieved": filled["goals"]["achieved"]}
    rows = []
    for mine, theirs in zip(body["indicators"], filled["indicators"], strict=True):
        row = {**mine, **{key: theirs[key] for key in TYPED if key in theirs}}
        row.update(changes.get(row["lv3"], {}))
        rows.append({key: value for key, value in row.items() if value is not None})
    body["indicators"] = rows
    return forms.save_document(store, record.id, body, what="填写自评")


@pytest.fixture
def town(store: Store) -> dict[str, int]:
    unit = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    other = catalog.save_unit(store, code="610921105", name="石泉镇人民政府", kind="township")
    return {
        "town": unit.id,
        "other_town": other.id,
        "road": add_project(store, unit.id, "610921-26-0001", "东关村产业路硬化项目"),
        "bridge": add_project(store, unit.id, "610921-26-0002", "西关村便民桥项目"),
        "canal": add_project(store, unit.id, "610921-26-0003", "南沟村水渠项目"),
        "tea": add_project(store, other.id, "610921-26-0107", "茶园提质增效项目"),
    }


def test_self_evaluation_needs_a_completed_target_sheet(store: Store, town: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as missing:
        start_selfeval(store, town["road"])
    assert missing.value.findings[0].code == "selfeval.no_targets"
    with_targets(store, town["road"], complete=False)
    with pytest.raises(ValidationFailed) as draft:
        start_selfeval(store, town["road"])
    assert draft.value.findings[0].code == "selfeval.targets_not_completed"
    assert "草稿" in draft.value.findings[0].message


def test_indicators_goals_and_money_come_from_the_targets(store: Store, town: dict[str, int]) -> None:
    targets = with_targets(store, town["road"])
    record = start_selfeval(store, town["road"])
    body = record.body
    assert record.kind == "selfeval" and record.status == "draft" and body["profile"] == "mof-2020"
    carried = [
        {k: r[k] for k in ("lv1", "lv2", "lv3", "value", "weight") if k in r} for r in body["indicators"]
    ]
    assert carried == [
        {k: r[k] for k in ("lv1", "lv2", "lv3", "value", "weight")} for r in targets.body["indicators"]
    ]
    core = next(r for r in body["indicators"] if r["lv3"] == "受益脱贫(监测)人口数")
    assert core["core"] == 3 and core["actual"] == "" and core["reason"] == "" and "hint" not in core
    assert body["funds"]["initial"] == body["funds"]["annual"] == "120.00"
    assert body["funds"]["executed"] == "" and body["funds"]["fiscal"] == "100.00"
    assert body["goals"]["planned"].splitlines() == targets.body["goals"]["annual"]  # already numbered
    assert body["goals"]["achieved"] == ""
    assert body["signatures"]["manager"] == "陈志强"
    with pytest.raises(ValidationFailed) as twice:
        start_selfeval(store, town["road"])
    assert twice.value.findings[0].code == "form.exists"


def test_unnumbered_goals_are_numbered() -> None:
    assert planned_goals(["完成道路硬化3公里", "", "2、带动增收"]) == "目标1：完成道路硬化3公里\n2、带动增收"


def test_the_latest_monitoring_forecast_is_a_hint_never_the_actual(
    store: Store, town: dict[str, int]
) -> None:
    with_targets(store, town["road"])
    july = start_monitoring(store, town["road"], 7)
    september = start_monitoring(store, town["road"], 9)
    for record, forecast in ((july, "2.5"), (september, "3.1")):
        body = dict(record.body)
        body["indicators"] = [dict(row) for row in body["indicators"]]
        body["indicators"][0]["forecast"] = forecast
        body["indicators"][8]["forecast"] = "480人"
        forms.save_document(store, record.id, body)
    rows = start_selfeval(store, town["road"]).body
    assert rows["indicators"][0]["hint"] == "3.1公里" and rows["indicators"][0]["actual"] == ""
    assert rows["indicators"][8]["hint"] == "480人"
    assert "hint" not in rows["indicators"][1] and rows["hint_month"] == 9


def test_a_filled_sheet_scores_as_worked_by_hand(store: Store, town: dict[str, int]) -> None:
    with_targets(store, town["road"])
    record = fill_like_road(store, start_selfeval(store, town["road"]))
    findings = forms.check(store, record.id)
    assert not [f for f in findings if f.severity.value == "error"], findings
    [row] = [r for r in selfeval_summary(store, 2026) if r.project_id == town["road"]]
    assert row.total == Decimal("96.22") and row.grade == "优" and row.overrides == 1 and row.errors == 0
    forms.complete(store, record.id)
    assert forms.get_document(store, record.id).status == "completed"


def test_the_summary_puts_poor_and_fair_first_and_counts_grades(store: Store, town: dict[str, int]) -> None:
    low = {"actual": "1", "reason": "资金晚到，工程仅完成三分之一", "override": None}
    names = ("新建(改建)村内道路里程", "带动增加脱贫人口收入", "受益脱贫(监测)人口数", "受益村民小组数")
    lows = {name: low for name in names}
    for key, changes in (("road", {}), ("bridge", lows), ("canal", dict(list(lows.items())[:2]))):
        with_targets(store, town[key])
        record = fill_like_road(store, start_selfeval(store, town[key]), **changes)
        if key == "bridge":
            body = {**record.body, "funds": {**record.body["funds"], "executed": "30"}}
            forms.save_document(store, record.id, body)
    rows = selfeval_summary(store, 2026)
    assert [(r.project_code, r.grade) for r in rows] == [
        ("610921-26-0002", "差"), ("610921-26-0003", "中"), ("610921-26-0001", "优"), ("610921-26-0107", ""),
    ]  # fmt: skip
    assert [r.cuts_money for r in rows] == [True, True, False, False]
    assert rows[-1].status_label == "未填报" and not rows[-1].has_selfeval
    assert grade_distribution(rows) == {"excellent": 1, "good": 0, "fair": 1, "poor": 1}
    only = selfeval_summary(store, 2026, town["other_town"])
    assert [r.project_code for r in only] == ["610921-26-0107"]


def test_a_document_naming_an_unknown_profile_is_listed_without_a_score(
    store: Store, town: dict[str, int]
) -> None:
    with_targets(store, town["road"])
    record = start_selfeval(store, town["road"])
    forms.save_document(store, record.id, {**record.body, "profile": "no-such-profile"})
    [row] = [r for r in selfeval_summary(store, 2026) if r.project_id == town["road"]]
    assert row.total is None and row.grade == "" and "no-such-profile" in row.note


def test_opening_again_writes_nothing_unless_the_project_changed(store: Store, town: dict[str, int]) -> None:
    with_targets(store, town["road"])
    record = fill_like_road(store, start_selfeval(store, town["road"]))
    refreshes = "SELECT COUNT(*) FROM audit_log WHERE action = 'refresh_header'"
    assert forms.refresh_header(store, record.id).body == record.body
    assert store.query(refreshes) == [(0,)]  # nothing changed, nothing written
    catalog.update_project(store, town["road"], {"annual": "130", "fiscal": "110"})  # budget adjusted
    body = forms.refresh_header(store, record.id).body
    assert body["funds"]["annual"] == "130.00" and body["funds"]["fiscal"] == "110.00"
    assert body["funds"]["initial"] == "120.00" and body["funds"]["executed"] == "118.50"  # the preparer's
    assert store.query(refreshes) == [(1,)]
