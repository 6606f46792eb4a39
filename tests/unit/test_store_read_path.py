"""The store's fast read path: an up-to-date database opens and is read without SQLAlchemy or
Alembic; the engine is built on first use (or by ``warm_up``) and then serves the same reads."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import perfdesk
from perfdesk.services import catalog
from perfdesk.services.settings import AppSettings, load_settings, save_settings
from perfdesk.services.store import StorageError, Store
from perfdesk.storage import engine as engine_module
from perfdesk.storage.sqlite_file import EXPECTED_PRAGMAS

YEAR = 2026


def _fill(store: Store) -> None:
    town = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    catalog.create_project(
        store,
        year=YEAR,
        unit_id=town.id,
        values={"code": "CG-001", "name": "村内道路硬化", "annual": "120", "fiscal": "100", "other": "20"},
    )
    catalog.add_year(store, YEAR + 1)
    save_settings(store, AppSettings(county_code="610921", county_name="示例县", demo_offered=True))


@pytest.fixture
def filled(data_dir: Path) -> Path:
    with Store.open(data_dir) as store:
        _fill(store)
    return data_dir


def test_opening_an_up_to_date_database_loads_neither_sqlalchemy_nor_alembic(filled: Path) -> None:
    script = (
        "import json, sys; from pathlib import Path\n"
        "from perfdesk.services import catalog, settings\n"
        "from perfdesk.services.store import Store\n"
        f"store = Store.open(Path(r'{filled}'))\n"
        f"tree = catalog.load_tree(store, {YEAR})\n"
        "print(json.dumps({'units': [n.unit.name for n in tree], 'years': catalog.list_years(store),\n"
        "    'county': settings.load_settings(store).county_name, 'engine': store.engine_ready,\n"
        "    'loaded': sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic'))}))\n"
        "store.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {
        "units": ["县交通运输局", "城关镇人民政府"],
        "years": [YEAR, YEAR + 1],
        "county": "示例县",
        "engine": False,
        "loaded": [],
    }


def test_reads_are_the_same_before_and_after_the_engine_exists(filled: Path) -> None:
    with Store.open(filled) as store:
        assert not store.engine_ready
        before = (catalog.load_tree(store, YEAR), catalog.list_years(store), load_settings(store))
        project = before[0][1].projects[0]
        assert catalog.get_project(store, project.id) == project
        store.warm_up()
        assert store.engine_ready
        after = (catalog.load_tree(store, YEAR), catalog.list_years(store), load_settings(store))
        assert catalog.get_project(store, project.id) == project
    assert after == before
    assert project.name == "村内道路硬化" and project.annual.format_wan() == "120.00"


def test_a_write_builds_the_engine_and_the_next_read_sees_it(filled: Path) -> None:
    with Store.open(filled) as store:
        project = catalog.load_tree(store, YEAR)[1].projects[0]
        catalog.update_project(store, project.id, {"name": "村内道路硬化二期"})
        assert store.engine_ready
        assert catalog.get_project(store, project.id).name == "村内道路硬化二期"
        assert store.query("SELECT name FROM projects WHERE id = :id", id=project.id) == [
            ("村内道路硬化二期",)
        ]


def test_the_read_connection_has_the_pragmas_and_refuses_writes(filled: Path) -> None:
    with Store.open(filled) as store:
        read_back = {name: store.query(f"PRAGMA {name}")[0][0] for name in EXPECTED_PRAGMAS}
        assert read_back == EXPECTED_PRAGMAS
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.query("DELETE FROM units")
        assert not store.engine_ready
    assert [n.unit.name for n in _tree(filled)] == ["县交通运输局", "城关镇人民政府"]


def test_missing_rows_are_named(filled: Path) -> None:
    with Store.open(filled) as store:
        with pytest.raises(LookupError, match="项目 9999 不存在"):
            catalog.get_project(store, 9999)
        with pytest.raises(LookupError, match="单位 9999 不存在"):
            catalog.get_unit(store, 9999)


def test_a_closed_store_refuses_reads_and_warm_up(filled: Path) -> None:
    store = Store.open(filled)
    store.close()
    with pytest.raises(StorageError, match="已关闭"):
        store.query("SELECT 1")
    with pytest.raises(StorageError, match="已关闭"):
        store.warm_up()


def test_warm_up_on_another_thread_while_reading(filled: Path) -> None:
    with Store.open(filled) as store:
        expected = catalog.load_tree(store, YEAR)
        errors: list[BaseException] = []

        def warm() -> None:
            try:
                store.warm_up()
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=warm)
        thread.start()
        while thread.is_alive():
            assert catalog.load_tree(store, YEAR) == expected
        thread.join()
        assert errors == [] and store.engine_ready
        assert catalog.load_tree(store, YEAR) == expected


def test_closing_during_a_warm_up_leaves_no_engine_behind(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    building, release = threading.Event(), threading.Event()
    made = []
    real_make_engine = engine_module.make_engine

    def slow_make_engine(url: str):  # type: ignore[no-untyped-def]
        building.set()
        release.wait(10)
        made.append(real_make_engine(url))
        return made[-1]

    monkeypatch.setattr(engine_module, "make_engine", slow_make_engine)
    store = Store.open(filled)
    outcome: list[BaseException] = []
    thread = threading.Thread(target=lambda: _capture(store.warm_up, outcome))
    thread.start()
    assert building.wait(10)
    store.close()  # does not wait for the build
    release.set()
    thread.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], StorageError)
    assert not store.engine_ready
    Store.open(filled).close()  # the folder was released


def test_version_is_read_on_first_use_from_the_package_metadata() -> None:
    script = (
        "import sys, perfdesk\n"
        "before = 'importlib.metadata' in sys.modules\n"
        "print(before, perfdesk.__version__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    from importlib.metadata import version

    assert result.stdout.split() == ["False", version("perfdesk")]
    assert perfdesk.version() == perfdesk.__version__ == version("perfdesk")


def test_the_source_tree_version_is_the_one_in_pyproject() -> None:
    import tomllib

    pyproject = Path(perfdesk.__file__).resolve().parent.parent / "pyproject.toml"
    assert (
        perfdesk._source_tree_version() == tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
    )


def _tree(data_dir: Path) -> list[catalog.UnitNode]:
    with Store.open(data_dir) as store:
        return catalog.load_tree(store, YEAR)


def _capture(fn, outcome: list[BaseException]) -> None:  # type: ignore[no-untyped-def]
    try:
        fn()
    except BaseException as exc:
        outcome.append(exc)
