"""运行监控 in a real store: started from completed targets, filled, and read in the overview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.monitoring_lights import Light
from perfdesk.services import catalog, forms
from perfdesk.services.monitoring import monitoring_overview, overview_counts, start_monitoring
from perfdesk.services.settings import AppSettings, load_settings, save_settings
from perfdesk.services.store import Store

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"
RED, YELLOW, GREEN, BLUE = Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return data


def add_project(store: Store, unit_id: int, code: str, name: str, money: tuple[str, str, str]) -> int:
    annual, fiscal, other = money
    project = catalog.create_project(
        store,
        year=2026,
        unit_id=unit_id,
        values={"code": code, "name": name, "department": "示例县农业农村局", "manager": "陈志强",
                "phone": "0915-5210101", "category": "衔接资金",
                "annual": annual, "fiscal": fiscal, "other": other},
    )  # fmt: skip
    return project.id


def with_targets(
    store: Store, project_id: int, source: str, *, complete: bool = True
) -> forms.DocumentRecord:
    record = forms.create_document(store, project_id, "targets")
    filled = sample(source)
    body = {**record.body, "goals": filled["goals"], "indicators": filled["indicators"]}
    forms.save_document(store, record.id, body)
    if complete:
        forms.complete(store, record.id)
    return forms.get_document(store, record.id)


CARRIED = {"annual", "fiscal", "other", "initial", "lv1", "lv2", "lv3", "value", "weight", "core"}


def typed(source: dict[str, Any]) -> dict[str, Any]:
    """What the preparer types into a block: everything but what came over from the targets."""
    return {key: value for key, value in source.items() if key not in CARRIED}


def fill_as(store: Store, record: forms.DocumentRecord, source: str) -> forms.DocumentRecord:
    """Type in what the example sheet reports: progress, forecasts, reasons, the money."""
    filled = sample(source)
    body = dict(record.body)
    body["goals"] = {**body["goals"], "progress": filled["goals"]["progress"]}
    body["funds"] = {**body["funds"], **typed(filled["funds"])}
    rows = zip(body["indicators"], filled["indicators"], strict=True)
    body["indicators"] = [{**mine, **typed(theirs)} for mine, theirs in rows]
    return forms.save_document(store, record.id, body, what="填写监控")


@pytest.fixture
def county(store: Store) -> dict[str, int]:
    town = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    tea = catalog.save_unit(store, code="610921105", name="石泉镇人民政府", kind="township")
    return {
        "town": town.id,
        "tea_town": tea.id,
        "road": add_project(store, town.id, "610921-26-0001", "东关村产业路硬化项目", ("120", "100", "20")),
        "bridge": add_project(store, town.id, "610921-26-0002", "西关村便民桥项目", ("120", "100", "20")),
        "tea": add_project(store, tea.id, "610921-26-0107", "茶园提质增效产业奖补项目", ("80", "80", "0")),
    }


def test_monitoring_carries_over_the_completed_targets(store: Store, county: dict[str, int]) -> None:
    targets = with_targets(store, county["road"], "targets-road.json")
    record = start_monitoring(store, county["road"])
    body = record.body
    assert (record.kind, record.period, record.status, body["month"]) == ("monitoring", 7, "draft", 7)
    assert body["goals"] == {"annual": targets.body["goals"]["annual"], "progress": ""}
    assert body["funds"] == {
        "annual": "120.00", "fiscal": "100.00", "other": "20.00",
        "initial": "120.00", "adjusted": "120.00", "executed": "", "forecast": "",
    }  # fmt: skip
    first, people = body["indicators"][0], body["indicators"][8]
    assert first == {
        "lv1": "产出指标", "lv2": "数量指标", "lv3": "新建(改建)村内道路里程", "value": "≥3公里", "weight": "15",
        "progress": "", "forecast": "", "deviation": [], "reason": "", "measures": "",
    }  # fmt: skip
    assert (people["lv3"], people["value"], people["core"]) == ("受益脱贫(监测)人口数", "≥500人", 3)
    assert len(body["indicators"]) == len(targets.body["indicators"])
    assert body["project"]["name"] == "东关村产业路硬化项目" and body["profile"] == "mof-2020"


def test_monitoring_waits_for_completed_targets(store: Store, county: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as none:
        start_monitoring(store, county["road"])
    assert [f.code for f in none.value.findings] == ["monitor.no_targets"]
    draft = with_targets(store, county["road"], "targets-road.json", complete=False)
    with pytest.raises(ValidationFailed, match="为“草稿”，请先标记完成") as waiting:
        start_monitoring(store, county["road"])
    assert [f.code for f in waiting.value.findings] == ["monitor.targets_not_completed"]
    forms.complete(store, draft.id)
    assert start_monitoring(store, county["road"]).period == 7
    with pytest.raises(ValidationFailed, match="已有绩效运行监控表"):
        start_monitoring(store, county["road"], 7)


def test_the_month_comes_from_the_county_setting_or_the_caller(store: Store, county: dict[str, int]) -> None:
    with_targets(store, county["road"], "targets-road.json")
    save_settings(store, AppSettings(monitoring_month=9))
    assert load_settings(store).monitoring_month == 9
    assert start_monitoring(store, county["road"]).body["month"] == 9
    assert start_monitoring(store, county["road"], 12).period == 12
    with pytest.raises(ValidationFailed) as bad:
        start_monitoring(store, county["road"], 13)
    assert [f.code for f in bad.value.findings] == ["monitor.month"]
    with pytest.raises(ValidationFailed, match="1 到 12"):
        save_settings(store, AppSettings(monitoring_month=0))


def test_a_filled_sheet_completes_and_an_empty_one_does_not(store: Store, county: dict[str, int]) -> None:
    with_targets(store, county["road"], "targets-road.json")
    record = start_monitoring(store, county["road"])
    with pytest.raises(ValidationFailed) as refused:
        forms.complete(store, record.id)
    codes = {f.code for f in refused.value.findings}
    assert {"monitor.progress.missing", "monitor.likelihood.missing", "monitor.funds.missing"} <= codes
    filled = fill_as(store, record, "monitoring-road.json")
    assert forms.complete(store, filled.id) == []
    assert forms.get_document(store, record.id).status == "completed"


def test_the_overview_shows_each_projects_lights_and_filters_red_and_yellow(
    store: Store, county: dict[str, int]
) -> None:
    with_targets(store, county["road"], "targets-road.json")
    with_targets(store, county["tea"], "targets-subsidy.json")
    road = fill_as(store, start_monitoring(store, county["road"]), "monitoring-road.json")
    tea = start_monitoring(store, county["tea"])
    tea = fill_as(store, tea, "monitoring-subsidy.json")

    rows = {row.project_code: row for row in monitoring_overview(store, 2026)}
    assert list(rows) == ["610921-26-0001", "610921-26-0002", "610921-26-0107"]
    first = rows["610921-26-0001"]
    assert (first.document_id, first.month, first.status_label) == (road.id, 7, "草稿")
    assert (first.money, first.worst, first.overall) == (YELLOW, RED, RED)
    assert (first.count(GREEN), first.count(YELLOW), first.count(RED), first.count(BLUE)) == (10, 1, 1, 0)
    assert "执行率 = 执行数 60.00 ÷ 调整后预算数 120.00 = 50.00%" in first.money_explanation
    bridge = rows["610921-26-0002"]
    assert not bridge.has_monitoring and bridge.status_label == "未填报"
    assert (bridge.money, bridge.worst, bridge.counts) == (None, None, {})
    third = rows["610921-26-0107"]
    assert (third.document_id, third.money, third.worst) == (tea.id, GREEN, RED)
    assert (third.count(GREEN), third.count(YELLOW), third.count(RED), third.count(BLUE)) == (7, 1, 1, 1)

    counts = overview_counts(rows.values())
    assert counts.money == {YELLOW: 1, GREEN: 1}
    assert counts.worst == {RED: 2}
    assert counts.indicators == {GREEN: 17, YELLOW: 2, RED: 2, BLUE: 1}

    # The tea project's red row is put right: only its blue and yellow remain, its money is green.
    body = dict(tea.body)
    body["indicators"] = [dict(r) for r in body["indicators"]]
    body["indicators"][3]["progress"] = "100%"
    body["indicators"][7]["progress"] = "达成"
    forms.save_document(store, tea.id, body)
    flagged = monitoring_overview(store, 2026, red_and_yellow_only=True)
    assert [row.project_code for row in flagged] == ["610921-26-0001"]
    (calm,) = monitoring_overview(store, 2026, county["tea_town"])
    assert calm.project_code == "610921-26-0107"
    assert (calm.money, calm.worst, calm.red_or_yellow) == (GREEN, BLUE, False)


def test_the_overview_reads_the_latest_month_unless_asked(store: Store, county: dict[str, int]) -> None:
    with_targets(store, county["road"], "targets-road.json")
    july = fill_as(store, start_monitoring(store, county["road"], 7), "monitoring-road.json")
    december = start_monitoring(store, county["road"], 12)
    latest = monitoring_overview(store, 2026, county["town"])[0]
    assert (latest.document_id, latest.month, latest.money, latest.worst) == (december.id, 12, None, None)
    asked = monitoring_overview(store, 2026, county["town"], month=7)[0]
    assert (asked.document_id, asked.money) == (july.id, YELLOW)
