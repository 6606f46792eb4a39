"""The main window as a person uses it: pick a year, search, select a project, edit its fields,
add and delete units and projects, back up and restore — on a real SQLite store."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from perfdesk.domain.money import Money
from perfdesk.services import catalog
from perfdesk.services.catalog import ProjectRow
from perfdesk.services.progress import Progress
from perfdesk.services.store import Store
from perfdesk.storage.models import FormDocument
from ui import prompts
from ui.dialogs import ProjectDialog, UnitDialog
from ui.main_window import MainWindow
from ui.project_tree import COL_FUNDS, COL_NAME

YEAR = 2025


class SyncTasks:
    """Runs the work at once on the calling thread, like TaskRunner would, minus the thread."""

    def __init__(self) -> None:
        self.labels: list[str] = []

    def run(
        self,
        parent: object,
        label: str,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        cancellable: bool = True,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.labels.append(label)
        try:
            result = fn(Progress())
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(result)


@pytest.fixture
def county(store: Store) -> Store:
    transport = catalog.save_unit(store, code="610921002", name="县交通运输局", kind="department")
    education = catalog.save_unit(store, code="610921003", name="县教育局", kind="department")
    catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    catalog.create_project(
        store,
        year=YEAR,
        unit_id=transport.id,
        values={
            "code": "JT-001", "name": "农村公路养护", "department": "县交通运输局", "manager": "王建国",
            "phone": "0915-1234567", "category": "衔接资金", "annual": "120.5", "fiscal": "100",
            "other": "20.5",
        },
    )  # fmt: skip
    catalog.create_project(
        store, year=YEAR, unit_id=transport.id, values={"code": "JT-002", "name": "危桥改造"}
    )
    catalog.create_project(
        store, year=YEAR, unit_id=education.id, values={"code": "JY-001", "name": "学校食堂改造"}
    )
    catalog.create_project(
        store, year=YEAR + 1, unit_id=education.id, values={"code": "JY-101", "name": "校舍维修"}
    )
    return store


@pytest.fixture
def tasks() -> SyncTasks:
    return SyncTasks()


@pytest.fixture
def ui_state(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, county: Store, tasks: SyncTasks, ui_state: QSettings) -> Iterator[MainWindow]:
    main = MainWindow(county, tasks, ui_state=ui_state)
    qtbot.addWidget(main)
    main.show()
    main.set_year(YEAR)
    yield main


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every question and warning the window puts to the person; questions are answered 是."""
    asked: list[tuple[str, str]] = []

    def confirm(_parent: QWidget, title: str, text: str) -> bool:
        asked.append((title, text))
        return True

    monkeypatch.setattr(prompts, "confirm", confirm)
    monkeypatch.setattr(prompts, "warn", lambda _p, title, text: asked.append((title, text)))
    return asked


def type_chinese(widget: QWidget, text: str) -> None:
    """Type like an input method does, one committed character at a time (keyClicks is ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def tree_rows(window: MainWindow) -> dict[str, list[str]]:
    proxy = window.navigator.proxy
    out = {}
    for r in range(proxy.rowCount()):
        unit = proxy.index(r, COL_NAME)
        out[unit.data()] = [proxy.index(c, COL_NAME, unit).data() for c in range(proxy.rowCount(unit))]
    return out


def select(window: MainWindow, name: str) -> None:
    """Click the tree row called ``name`` (unit or project)."""
    proxy = window.navigator.proxy
    found = proxy.match(
        proxy.index(0, COL_NAME), Qt.ItemDataRole.DisplayRole, name, 1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )  # fmt: skip
    assert found, f"{name} not in the tree"
    tree = window.navigator.tree
    tree.scrollTo(found[0])
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(found[0]).center())
    assert window.navigator.tree.currentIndex() == found[0]


def project_named(store: Store, name: str, year: int = YEAR) -> ProjectRow:
    return next(p for node in catalog.load_tree(store, year) for p in node.projects if p.name == name)


def commit(qtbot, editor: QWidget, text: str) -> None:
    """Replace an ASCII field's text and press Enter, as a person does."""
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


# ---------------------------------------------------------------- browsing


def test_window_shows_the_year_tree_title_and_status(window: MainWindow) -> None:
    assert window.windowTitle() == "PerfDesk 预算绩效管理"
    assert tree_rows(window) == {
        "县交通运输局": ["农村公路养护", "危桥改造"],
        "县教育局": ["学校食堂改造"],
        "城关镇人民政府": [],
    }
    assert window.counts_label.text() == "3 个单位，3 个项目"
    assert window.mode_label.text() == "乡镇（填报）模式"
    assert str(window.store.data_dir) in window.folder_label.text()
    years = [window.navigator.year_box.itemText(i) for i in range(window.navigator.year_box.count())]
    assert [y for y in years if y] == ["2025 年", "2026 年", "新建年度…"]
    assert window.pages.currentWidget() is window.placeholder


def test_typing_in_the_search_box_filters_and_expands_matches(qtbot, window: MainWindow) -> None:
    search = window.navigator.search_box
    assert search.placeholderText() == "按名称或编码搜索"
    qtbot.keyClicks(search, "jy")
    assert tree_rows(window) == {"县教育局": ["学校食堂改造"]}
    assert window.navigator.tree.isExpanded(window.navigator.proxy.index(0, 0))
    search.clear()
    type_chinese(search, "改造")
    assert search.text() == "改造"
    assert tree_rows(window) == {"县交通运输局": ["危桥改造"], "县教育局": ["学校食堂改造"]}
    type_chinese(search, "工程")
    assert tree_rows(window) == {}
    search.clear()
    assert len(tree_rows(window)) == 3


def test_ctrl_f_goes_to_the_search_box(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.navigator.tree.setFocus()
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.navigator.search_box


def test_year_switcher_shows_another_year_and_adds_a_new_one(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = window.navigator.year_box
    box.setCurrentIndex(box.findData(YEAR + 1))
    box.activated.emit(box.currentIndex())
    assert tree_rows(window)["县教育局"] == ["校舍维修"]
    assert window.counts_label.text() == "3 个单位，1 个项目"

    monkeypatch.setattr(prompts, "ask_year", lambda _parent, suggested: suggested)
    new_year = box.count() - 1
    box.setCurrentIndex(new_year)
    box.activated.emit(new_year)
    assert catalog.list_years(window.store) == [2025, 2026, 2027]
    assert window.navigator.year == 2027 and box.currentData() == 2027
    assert window.counts_label.text() == "3 个单位，0 个项目"


# ---------------------------------------------------------------- the detail area


def test_selecting_a_project_shows_its_fields(window: MainWindow) -> None:
    select(window, "农村公路养护")
    detail = window.detail
    assert window.pages.currentWidget() is detail
    shown = {f: detail.editor(f) for f in ("code", "name", "department", "manager", "phone")}
    assert {f: e.text() for f, e in shown.items()} == {
        "code": "JT-001",
        "name": "农村公路养护",
        "department": "县交通运输局",
        "manager": "王建国",
        "phone": "0915-1234567",
    }
    assert detail.editor("attribute").currentText() == "新增"
    assert detail.editor("category").currentText() == "衔接资金"
    assert detail.editor("start_year").value() == YEAR
    assert [detail.editor(f).text() for f in ("funds.annual", "funds.fiscal", "funds.other")] == [
        "120.50",
        "100.00",
        "20.50",
    ]
    assert "县交通运输局" in detail.subtitle.text()
    assert detail.message("funds.annual") == ""
    select(window, "县教育局")
    assert window.pages.currentWidget() is window.unit_summary


def test_unbalanced_funds_are_saved_and_shown_at_the_field_until_fixed(qtbot, window: MainWindow) -> None:
    select(window, "农村公路养护")
    detail = window.detail
    commit(qtbot, detail.editor("funds.annual"), "130")
    message = detail.message("funds.annual")
    assert "年度资金总额 130 万元不等于财政拨款与其他资金之和 120.5 万元" in message
    assert detail.is_marked("funds.annual")
    assert detail.editor("funds.annual").text() == "130.00"
    road = project_named(window.store, "农村公路养护")
    assert road.annual == Money.from_wan("130")  # saved although it does not add up
    tree_road = window.navigator.proxy.index(0, COL_FUNDS, window.navigator.proxy.index(0, 0))
    assert tree_road.data() == "130.00"

    commit(qtbot, detail.editor("funds.fiscal"), "109.5")
    assert detail.message("funds.annual") == ""
    assert not detail.is_marked("funds.annual")
    assert project_named(window.store, "农村公路养护").fiscal == Money.from_wan("109.5")


def test_unreadable_amount_stays_in_the_field_with_the_reason_and_is_not_saved(
    qtbot, window: MainWindow
) -> None:
    select(window, "农村公路养护")
    detail = window.detail
    commit(qtbot, detail.editor("funds.other"), "20.5x")
    assert "不是金额" in detail.message("funds.other")
    assert detail.is_marked("funds.other")
    assert detail.editor("funds.other").text() == "20.5x"
    assert project_named(window.store, "农村公路养护").other == Money.from_wan("20.5")
    commit(qtbot, detail.editor("funds.other"), "20.5")
    assert detail.message("funds.other") == ""


def test_every_field_is_saved_on_commit_and_the_tree_follows(qtbot, window: MainWindow) -> None:
    select(window, "危桥改造")
    detail = window.detail
    name = detail.editor("name")
    name.selectAll()
    type_chinese(name, "危桥加固改造")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    commit(qtbot, detail.editor("phone"), "0915-7654321")
    attribute = detail.editor("attribute")
    attribute.setCurrentIndex(attribute.findData("continuing"))
    attribute.activated.emit(attribute.currentIndex())
    end = detail.editor("end_year")
    commit(qtbot, end.lineEdit(), "2027")
    saved = project_named(window.store, "危桥加固改造")
    assert (saved.phone, saved.attribute, saved.end_year) == ("0915-7654321", "continuing", 2027)
    assert "危桥加固改造" in tree_rows(window)["县交通运输局"]
    assert detail.title.text() == "危桥加固改造"


def test_text_typed_without_enter_is_saved_when_moving_to_another_project(qtbot, window: MainWindow) -> None:
    select(window, "危桥改造")
    manager = window.detail.editor("manager")
    manager.setFocus()
    type_chinese(manager, "李明")
    window.navigator.select(project_named(window.store, "学校食堂改造"))
    assert project_named(window.store, "危桥改造").manager == "李明"


# ---------------------------------------------------------------- units and projects


def test_new_unit_dialog_shows_problems_at_the_field_then_adds_the_unit(qtbot, window: MainWindow) -> None:
    window.new_unit_action.trigger()
    dialog = window.findChild(UnitDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.editors["code"], "61x")
    dialog.editors["name"].setText("县水利局")
    dialog.button_box.button(dialog.button_box.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "单位编码应为 3 到 21 位数字" in dialog.message("code")

    dialog.editors["code"].setText("610921004")
    dialog.button_box.button(dialog.button_box.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert "县水利局" in tree_rows(window)
    assert window.navigator.current_row().name == "县水利局"
    assert window.counts_label.text() == "4 个单位，3 个项目"


def test_edit_unit_dialog_saves_the_new_name(qtbot, window: MainWindow) -> None:
    select(window, "城关镇人民政府")
    window.edit_unit_action.trigger()
    dialog = window.findChild(UnitDialog)
    assert dialog.editors["code"].text() == "610921101"
    dialog.editors["name"].setText("城关街道办事处")
    dialog.button_box.button(dialog.button_box.StandardButton.Ok).click()
    assert "城关街道办事处" in tree_rows(window)
    assert window.unit_summary.title.text() == "城关街道办事处"


def test_new_project_dialog_refuses_unbalanced_funds_then_creates_the_project(
    qtbot, window: MainWindow
) -> None:
    select(window, "城关镇人民政府")
    window.new_project_action.trigger()
    dialog = window.findChild(ProjectDialog)
    assert dialog.editors["unit"].currentText() == "城关镇人民政府（610921101）"
    qtbot.keyClicks(dialog.editors["code"], "CG-001")
    dialog.editors["name"].setText("村内道路硬化")
    qtbot.keyClicks(dialog.editors["funds.annual"], "50")
    qtbot.keyClicks(dialog.editors["funds.fiscal"], "45")
    ok = dialog.button_box.button(dialog.button_box.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible()
    assert "不等于" in dialog.message("funds.annual")
    qtbot.keyClicks(dialog.editors["funds.other"], "5")
    ok.click()
    assert not dialog.isVisible()
    assert tree_rows(window)["城关镇人民政府"] == ["村内道路硬化"]
    assert window.detail.project.code == "CG-001"
    assert window.detail.editor("funds.other").text() == "5.00"


def test_delete_project_asks_first(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    select(window, "危桥改造")
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    window.delete_project_action.trigger()
    assert "危桥改造" in tree_rows(window)["县交通运输局"]
    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    window.delete_project_action.trigger()
    assert tree_rows(window)["县交通运输局"] == ["农村公路养护"]
    assert window.navigator.current_row().name == "县交通运输局"


def test_delete_key_in_the_tree_deletes_the_selected_unit(
    qtbot, window: MainWindow, answers: list[tuple[str, str]]
) -> None:
    select(window, "城关镇人民政府")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.navigator.tree.setFocus()
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_Delete)
    assert answers and answers[0][0] == "删除单位" and "城关镇人民政府" in answers[0][1]
    assert "城关镇人民政府" not in tree_rows(window)


def add_form(store: Store, project: ProjectRow) -> None:
    with store.session_factory.begin() as session:
        session.add(
            FormDocument(
                doc_id=str(uuid.uuid4()), version_id=str(uuid.uuid4()), kind="targets",
                project_id=project.id, fiscal_year=project.fiscal_year, body="{}", sha256="0" * 64,
            )
        )  # fmt: skip


def test_deletion_is_refused_while_forms_exist(window: MainWindow, answers: list[tuple[str, str]]) -> None:
    add_form(window.store, project_named(window.store, "学校食堂改造"))
    window.reload()
    select(window, "学校食堂改造")
    window.delete_project_action.trigger()
    assert answers[-1][0] == "不能删除" and "已有 1 张绩效表" in answers[-1][1]
    window.delete_unit_action.trigger()  # the project's unit
    assert answers[-1][0] == "不能删除" and "县教育局" in answers[-1][1]
    assert tree_rows(window)["县教育局"] == ["学校食堂改造"]
    assert "已有 1 张绩效表" in window.detail.subtitle.text()


# ---------------------------------------------------------------- data folder


def test_backup_then_restore_replaces_the_store_and_reloads(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, str]]
) -> None:
    backup = tmp_path / "usb" / "perfdesk-backup.sqlite3"
    monkeypatch.setattr(prompts, "choose_save_path", lambda *_args: backup)
    window.backup_action.trigger()
    assert backup.is_file()

    unit = catalog.save_unit(window.store, code="610921009", name="县水利局", kind="department")
    window.reload(select=unit)
    assert "县水利局" in tree_rows(window)

    old_store = window.store
    replaced: list[Store] = []
    window.store_replaced.connect(replaced.append)
    monkeypatch.setattr(prompts, "choose_open_path", lambda *_args: backup)
    window.restore_action.trigger()
    assert answers and answers[-1][0] == "从备份恢复"
    assert replaced == [window.store] and window.store is not old_store
    assert window.isEnabled()
    assert "县水利局" not in tree_rows(window)
    assert window.counts_label.text() == "3 个单位，3 个项目"
    assert list((window.store.data_dir / "backups").glob("*pre-restore*"))

    select(window, "危桥改造")  # the restored store takes edits
    window.detail.editor("manager").setText("赵六")
    window.detail.commit_pending()
    assert project_named(window.store, "危桥改造").manager == "赵六"


def test_restore_refuses_a_file_that_is_not_a_database(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, str]]
) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("不是数据库", encoding="utf-8")
    monkeypatch.setattr(prompts, "choose_open_path", lambda *_args: bogus)
    store = window.store
    window.restore_action.trigger()
    assert answers == [("不能恢复", answers[0][1])] and "不是 PerfDesk 数据库" in answers[0][1]
    assert window.store is store and len(tree_rows(window)) == 3


def test_open_data_folder_shows_the_store_folder(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(prompts, "open_folder", opened.append)
    window.open_folder_action.trigger()
    assert opened == [window.store.data_dir]


def test_window_geometry_is_remembered(qtbot, county: Store, tasks: SyncTasks, ui_state: QSettings) -> None:
    first = MainWindow(county, tasks, ui_state=ui_state)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 520)
    first.close()
    second = MainWindow(county, tasks, ui_state=ui_state)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)
