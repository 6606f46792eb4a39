"""从 Excel 导入: the menu opens the dialog; the preview lists what will come and every problem,
and 导入 is enabled only when nothing is wrong; importing fills the main window's tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt

from perfdesk.services import catalog
from perfdesk.services.store import Store
from ui.excel.import_dialog import ExcelImportDialog
from ui.excel.models import PlanModel, ProblemsModel
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

YEAR = 2025
HEADER = ["单位编码", "单位名称", "项目代码", "项目名称", "年度资金总额", "财政拨款", "其他资金"]
ROAD = ["610921101", "城关镇人民政府", "610921-RD-0001", "东关村产业路硬化项目", "120.35", "100.35", "20"]
WATER = ["610921101", "城关镇人民政府", "610921-WS-0002", "西关村安全饮水项目", "80.5", "80.5", "0"]


def workbook(path: Path, *rows: list[str]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "项目清单"
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    catalog.add_year(store, YEAR)
    tasks = TaskRunner()
    main = MainWindow(store, tasks, ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    main.set_year(YEAR)
    yield main
    tasks.shutdown()


def _open(window: MainWindow) -> ExcelImportDialog:
    assert "导入导出(&I)" in [a.text() for a in window.menuBar().actions()]
    window.extension_actions["excel_import"].trigger()
    dialog = window.findChild(ExcelImportDialog)
    assert isinstance(dialog, ExcelImportDialog)
    return dialog


def test_a_clean_list_previews_then_imports_into_the_tree(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(window)
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.plan_shown, timeout=10_000):
        dialog.choose_file(workbook(tmp_path / "清单.xlsx", ROAD, WATER))
    assert dialog.import_button.isEnabled()
    assert dialog.tabs.tabText(0) == "将导入（3）" and dialog.tabs.tabText(1) == "问题（0）"
    assert [dialog.plan_model.text(r, 0) for r in range(3)] == ["新单位", "新项目", "新项目"]
    assert dialog.plan_model.text(1, 3) == "610921101；年度资金总额 120.35 万元"
    assert "新单位 1 个，新项目 2 个" in dialog.summary_label.text()
    assert window.navigator.model.project_count == 0

    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.summary_label.text() == "已导入：新单位 1 个，新项目 2 个，更新项目 0 个，目标表 0 张"
    assert not dialog.import_button.isEnabled()
    assert window.navigator.model.project_count == 2
    dialog.close()


def test_problems_are_listed_and_import_stays_disabled(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(window)
    wrong = [*ROAD[:4], "一百二十万", "100", "20"]
    with qtbot.waitSignal(dialog.plan_shown, timeout=10_000):
        dialog.choose_file(workbook(tmp_path / "错.xlsx", wrong, WATER))
    assert not dialog.import_button.isEnabled()
    assert dialog.tabs.currentWidget() is dialog.problems_view
    model = dialog.problems_model
    assert model.rowCount() == 1
    assert [model.text(0, c) for c in range(4)] == ["错误", "项目清单", "2", "E（年度资金总额）"]
    assert model.text(0, 4).startswith("[funds.not_money] “一百二十万”不是金额")
    assert dialog.summary_label.text() == "发现 1 个错误，不能导入。请在 Excel 中改正后重新选择文件。"
    assert catalog.load_tree(window.store, YEAR) == []
    dialog.close()


def test_the_preview_models_pass_the_qt_model_tester(qtmodeltester, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from perfdesk.services.excel_import import plan_import

    plan = plan_import(store, workbook(tmp_path / "a.xlsx", ROAD, [*WATER[:4], "x", "1", "0"]), YEAR)
    plan_model, problems_model = PlanModel(), ProblemsModel()
    plan_model.set_plan(plan)
    problems_model.set_problems(list(plan.problems))
    assert plan_model.rowCount() == 2 and problems_model.rowCount() == 1
    qtmodeltester.check(plan_model)
    qtmodeltester.check(problems_model)
