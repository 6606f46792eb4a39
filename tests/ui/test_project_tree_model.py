"""The unit → project tree model and its search filter, on a real store and on a county-sized tree."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from perfdesk.domain.money import Money
from perfdesk.services import catalog
from perfdesk.services.catalog import ProjectRow, UnitNode, UnitRow
from perfdesk.services.store import Store
from ui.navigator import ProjectNavigator
from ui.project_tree import (
    COL_CODE,
    COL_FUNDS,
    COL_NAME,
    ID_ROLE,
    KIND_PROJECT,
    KIND_ROLE,
    KIND_UNIT,
    ROW_ROLE,
    ProjectFilterProxy,
    ProjectTreeModel,
)

YEAR = 2025


@pytest.fixture
def county(store: Store) -> Store:
    """Two departments and a township; roads and schools projects, one with unbalanced funds."""
    transport = catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    education = catalog.save_unit(store, code="610921003", name="县教育局", kind="department")
    catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    road = {"annual": "120.5", "fiscal": "100", "other": "20.5"}
    catalog.create_project(
        store, year=YEAR, unit_id=transport.id, values={"code": "JT-001", "name": "农村公路养护", **road}
    )
    catalog.create_project(
        store,
        year=YEAR,
        unit_id=transport.id,
        values={"code": "JT-002", "name": "危桥改造", "annual": "80", "fiscal": "80"},
    )
    school = catalog.create_project(
        store, year=YEAR, unit_id=education.id, values={"code": "JY-001", "name": "学校食堂改造"}
    )
    catalog.update_project(store, school.id, {"annual": "50"})  # now 50 ≠ 0 + 0
    return store


@pytest.fixture
def model(county: Store) -> ProjectTreeModel:
    tree = ProjectTreeModel()
    tree.set_tree(catalog.load_tree(county, YEAR))
    return tree


def names(model: ProjectTreeModel | ProjectFilterProxy, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    return [model.index(r, COL_NAME, parent).data() for r in range(model.rowCount(parent))]


def shown(proxy: ProjectFilterProxy) -> dict[str, list[str]]:
    """Every unit the filter shows with the projects shown under it."""
    return {
        proxy.index(r, COL_NAME).data(): names(proxy, proxy.index(r, COL_NAME))
        for r in range(proxy.rowCount())
    }


def test_tree_shows_units_and_their_projects_of_the_year(model: ProjectTreeModel) -> None:
    assert names(model) == ["县交通运输局", "县教育局", "城关镇人民政府"]
    transport = model.index(0, 0)
    assert names(model, transport) == ["农村公路养护", "危桥改造"]
    road = model.index(0, 0, transport)
    assert road.siblingAtColumn(COL_CODE).data() == "JT-001"
    assert road.siblingAtColumn(COL_FUNDS).data() == "120.50"
    assert transport.siblingAtColumn(COL_FUNDS).data() == "200.50"  # the unit's projects together
    assert road.data(KIND_ROLE) == KIND_PROJECT and transport.data(KIND_ROLE) == KIND_UNIT
    assert isinstance(road.data(ROW_ROLE), ProjectRow)
    assert road.data(ID_ROLE) == road.data(ROW_ROLE).id
    assert model.parent(road) == transport
    assert (model.unit_count, model.project_count) == (3, 3)


def test_money_follows_the_display_setting(model: ProjectTreeModel) -> None:
    model.set_money_decimals(4)
    road = model.index(0, COL_FUNDS, model.index(0, 0))
    assert road.data() == "120.5000"


def test_unbalanced_project_says_why_in_its_tooltip(model: ProjectTreeModel) -> None:
    school = model.index(0, COL_NAME, model.index(1, 0))
    assert "不等于" in school.data(Qt.ItemDataRole.ToolTipRole)
    assert school.data(Qt.ItemDataRole.ForegroundRole) is not None  # drawn in the warning colour


def test_model_passes_qt_model_tester(qtmodeltester, model: ProjectTreeModel) -> None:
    qtmodeltester.check(model)


def test_proxy_passes_qt_model_tester_while_filtering(qtmodeltester, model: ProjectTreeModel) -> None:
    proxy = ProjectFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("改造")
    qtmodeltester.check(proxy)
    proxy.set_filter_text("")
    qtmodeltester.check(proxy)


def test_filter_matches_names_and_codes_and_keeps_the_hierarchy(model: ProjectTreeModel) -> None:
    proxy = ProjectFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("改造")
    assert shown(proxy) == {"县交通运输局": ["危桥改造"], "县教育局": ["学校食堂改造"]}
    proxy.set_filter_text("jt-00")  # case does not matter
    assert shown(proxy) == {"县交通运输局": ["农村公路养护", "危桥改造"]}
    proxy.set_filter_text("ＪＹ")  # full-width letters from a Chinese input method
    assert shown(proxy) == {"县教育局": ["学校食堂改造"]}
    proxy.set_filter_text("教育局")  # a unit that matches brings all its projects
    assert shown(proxy) == {"县教育局": ["学校食堂改造"]}
    proxy.set_filter_text("610921101")
    assert shown(proxy) == {"城关镇人民政府": []}
    proxy.set_filter_text("没有这个项目")
    assert shown(proxy) == {}
    proxy.set_filter_text("  ")
    assert len(shown(proxy)) == 3


def test_filter_follows_a_reloaded_tree(county: Store, model: ProjectTreeModel) -> None:
    proxy = ProjectFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("改造")
    catalog.save_unit(county, code="610921004", name="县水利局", kind="department")
    unit = next(u for u in model.units() if u.name == "县交通运输局")
    catalog.create_project(county, year=YEAR, unit_id=unit.id, values={"code": "JT-003", "name": "渡口改造"})
    model.set_tree(catalog.load_tree(county, YEAR))
    assert shown(proxy) == {
        "县交通运输局": ["危桥改造", "渡口改造"],
        "县教育局": ["学校食堂改造"],
    }


def test_replace_project_shows_the_saved_row(county: Store, model: ProjectTreeModel) -> None:
    road = model.index(0, 0, model.index(0, 0)).data(ROW_ROLE)
    saved = catalog.update_project(county, road.id, {"name": "农村公路日常养护"})
    model.replace_project(saved.project)
    assert model.index(0, 0, model.index(0, 0)).data() == "农村公路日常养护"


# ---------------------------------------------------------------- a county-sized tree


def big_tree(units: int = 100, per_unit: int = 12) -> list[UnitNode]:
    """1,200 projects under 100 units, built in memory (no database needed to measure the view)."""
    nodes = []
    for u in range(units):
        unit = UnitRow(u + 1, f"610921{u:03d}", f"第{u}号单位", "unit", "", "610921")
        projects = tuple(
            ProjectRow(
                id=u * 100 + p + 1,
                fiscal_year=YEAR,
                unit_id=u + 1,
                code=f"P{u:03d}-{p:02d}",
                name=f"第{u}单位道路硬化项目{p}号",
                department="",
                attribute="new",
                start_year=YEAR,
                end_year=YEAR,
                manager="",
                phone="",
                category="",
                annual=Money(1_000_000 * p),
                fiscal=Money(1_000_000 * p),
                other=Money(0),
            )
            for p in range(per_unit)
        )
        nodes.append(UnitNode(unit, projects))
    return nodes


def test_search_on_a_county_sized_tree_keeps_exactly_the_matches(qtbot) -> None:
    """Each keystroke of a search over 1,200 projects leaves exactly the matching rows (the
    speed of the same path is measured in bench/tree_search.py, not asserted here)."""
    navigator = ProjectNavigator()
    qtbot.addWidget(navigator)
    navigator.resize(440, 800)
    navigator.show()
    tree = big_tree()
    navigator.show_tree(tree, 2)
    assert navigator.model.project_count == 1200
    proxy = navigator.proxy
    for text in ["第", "第4", "第42", "第42单", "第42单位道路硬化项目1", "P0", "P00", "P007-0"]:
        navigator.set_filter_text(text)
        expected = sum(
            1 for node in tree for p in node.projects
            if text.lower() in f"{p.name}{p.code}{node.unit.name}{node.unit.code}".lower()
        )  # fmt: skip
        shown_projects = sum(proxy.rowCount(proxy.index(r, 0)) for r in range(proxy.rowCount()))
        assert shown_projects == expected, text
    navigator.set_filter_text("")
    assert proxy.rowCount() == 100  # cleared again
