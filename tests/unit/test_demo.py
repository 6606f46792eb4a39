"""The demo county: a person starting PerfDesk for the first time asks for 示例数据 and looks around."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from perfdesk.cli import main
from perfdesk.domain.findings import ValidationFailed
from perfdesk.domain.labels import FUND_CATEGORIES, UNIT_KINDS
from perfdesk.services import catalog, demo
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store

TODAY = date(2026, 3, 16)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _projects(store: Store, year: int) -> list[catalog.ProjectRow]:
    return [p for node in catalog.load_tree(store, year) for p in node.projects]


def test_demo_fills_a_county_with_units_and_two_years_of_projects(store: Store) -> None:
    assert not demo.demo_present(store)

    summary = demo.install_demo(store, today=TODAY)

    assert demo.demo_present(store)
    assert catalog.list_years(store) == [2025, 2026]
    tree = catalog.load_tree(store, 2026)
    assert 8 <= len(tree) <= 15
    assert summary.units == len(tree)
    assert {node.unit.kind for node in tree} == set(UNIT_KINDS)
    assert all(node.unit.region_code == "610921" for node in tree)
    for year in (2025, 2026):
        assert 20 <= len(_projects(store, year)) <= 40
        assert summary.projects(year) == len(_projects(store, year))
    both = {p.code for p in _projects(store, 2025)} & {p.code for p in _projects(store, 2026)}
    assert len(both) >= 15, "most projects continue into the current year"
    assert "已建立示例数据：示例县（610921）" in summary.describe()
    assert "2025 年" in summary.describe() and "2026 年" in summary.describe()


def test_every_project_balances_to_the_cent_and_reads_like_a_real_one(store: Store) -> None:
    demo.install_demo(store, today=TODAY)

    for year in (2025, 2026):
        for p in _projects(store, year):
            assert catalog.project_findings(p) == [], p.name
            assert p.annual == p.fiscal + p.other and p.fiscal.cents > 0
            assert p.annual.cents % 10_000 == 0, "whole 分 of 万元 with 2 decimals"
            assert re.fullmatch(r"610921-\d\d-\d{4}", p.code)
            assert CHINESE.search(p.name) and CHINESE.search(p.manager) and CHINESE.search(p.department)
            assert p.category in FUND_CATEGORIES
            assert p.attribute == ("new" if p.start_year == year else "continuing")
            assert re.fullmatch(r"0915-\d{7}", p.phone)
    projects = _projects(store, 2026)
    assert any(not p.other for p in projects) and any(p.other for p in projects)
    assert {"new", "continuing"} <= {p.attribute for p in projects}
    names = {node.unit.name for node in catalog.load_tree(store, 2026)}
    assert {"城关镇人民政府", "示例县农业农村局"} <= names


def test_demo_sets_the_township_settings(store: Store) -> None:
    demo.install_demo(store, today=TODAY)

    settings = load_settings(store)
    assert settings.mode == "township"
    assert (settings.county_code, settings.county_name) == ("610921", "示例县")
    assert settings.preparer and settings.demo_offered


def test_installing_twice_changes_nothing_and_says_so(store: Store) -> None:
    first = demo.install_demo(store, today=TODAY)
    before = {year: _projects(store, year) for year in (2025, 2026)}

    second = demo.install_demo(store, today=TODAY)

    assert second.already_present and not first.already_present
    assert (second.units, second.projects_per_year) == (first.units, first.projects_per_year)
    assert {year: _projects(store, year) for year in (2025, 2026)} == before
    assert second.describe().startswith("示例数据已存在")


def test_a_half_installed_demo_is_completed(store: Store) -> None:
    demo.install_demo(store, today=TODAY)
    victim = _projects(store, 2026)[0]
    catalog.delete_project(store, victim.id)

    summary = demo.install_demo(store, today=TODAY)

    assert not summary.already_present
    assert victim.code in {p.code for p in _projects(store, 2026)}


def test_a_folder_with_real_units_is_refused(store: Store) -> None:
    catalog.save_unit(store, code="610922101", name="某镇人民政府", kind="township")

    with pytest.raises(ValidationFailed) as caught:
        demo.install_demo(store, today=TODAY)

    assert caught.value.findings[0].code == "demo.folder_in_use"
    assert "某镇人民政府" in caught.value.findings[0].message
    assert _projects(store, 2026) == []


def test_county_variant_is_the_same_county_in_county_mode(store: Store, tmp_path: Path) -> None:
    demo.install_demo(store, today=TODAY)
    with Store.open(tmp_path / "county") as county_store:
        summary = demo.install_demo(county_store, county=True, today=TODAY)

        assert load_settings(county_store).mode == "county"
        assert load_settings(county_store).county_code == "610921"
        assert "县级（审核）模式" in summary.describe()
        for year in (2025, 2026):
            township = [(p.code, p.name, p.annual, p.fiscal, p.other) for p in _projects(store, year)]
            county = [(p.code, p.name, p.annual, p.fiscal, p.other) for p in _projects(county_store, year)]
            assert county == township
        assert [n.unit.code for n in catalog.load_tree(county_store, 2026)] == [
            n.unit.code for n in catalog.load_tree(store, 2026)
        ]


def test_perfdesk_demo_command_prints_the_chinese_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "cli"

    assert main(["--data-dir", str(data), "demo"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已建立示例数据：示例县（610921）")
    assert f"{date.today().year} 年" in out and "个项目" in out

    assert main(["--data-dir", str(data), "demo"]) == 0
    assert capsys.readouterr().out.startswith("示例数据已存在")
