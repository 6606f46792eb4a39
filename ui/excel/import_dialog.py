"""从 Excel 导入: choose a file, see what it would import and every problem, then import.

Reading and checking run on the task runner (a big workbook takes a few seconds); the 导入 button
is enabled only for a plan without errors, and importing writes everything in one transaction
(``perfdesk.services.excel_import``). Nothing is written before the person presses 导入.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from perfdesk.imports.plan import ImportPlan, ImportResult
from perfdesk.services.excel_import import apply_import, plan_import
from perfdesk.services.store import Store
from ui.excel.models import PlanModel, ProblemsModel
from ui.tasks import TaskRunner

FILE_FILTER = "Excel 工作簿或 CSV 文件 (*.xlsx *.xlsm *.csv *.txt);;所有文件 (*)"


class ExcelImportDialog(QDialog):
    """The import preview and its 导入 button.

    Signals:
        plan_shown(plan): a file was read and checked; the preview shows ``plan``.
        imported(result): the import was written (the main window reloads its tree).
    """

    plan_shown = Signal(object)
    imported = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从 Excel 导入")
        self.resize(900, 560)
        self._store, self._tasks = store, tasks
        self.plan: ImportPlan | None = None
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("选择要导入的 .xlsx 或 .csv 文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.year_spin.setPrefix("预算年度 ")
        self.year_spin.valueChanged.connect(self._on_year_changed)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.year_spin)

        self.summary_label = QLabel("请选择文件。导入前会先列出将导入的内容和发现的问题，确认后才写入。")
        self.summary_label.setWordWrap(True)
        self.plan_model, self.problems_model = PlanModel(self), ProblemsModel(self)
        self.tabs = QTabWidget()
        self.plan_view = self._table(self.plan_model)
        self.problems_view = self._table(self.problems_model)
        self.tabs.addTab(self.plan_view, "将导入")
        self.tabs.addTab(self.problems_view, "问题")

        self.import_button = QPushButton("导入")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    @staticmethod
    def _table(model: PlanModel | ProblemsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setVisible(False)
        return view

    # ------------------------------------------------------------------ actions

    def choose_file(self, path: Path) -> None:
        """Read and check ``path`` in the background; the preview follows (``plan_shown``)."""
        self.path_edit.setText(str(path))
        self._plan_current()

    def _plan_current(self) -> None:
        text = self.path_edit.text()
        if not text:
            return
        self._show(None)
        self.summary_label.setText("正在读取并检查…")
        store, path, year = self._store, Path(text), self.year_spin.value()
        self._tasks.run(
            self, "正在读取并检查文件…", lambda _progress: plan_import(store, path, year), self._show
        )

    def _show(self, plan: ImportPlan | None) -> None:
        self.plan = plan
        self.plan_model.set_plan(plan)
        self.problems_model.set_problems(list(plan.problems) if plan else [])
        self.import_button.setEnabled(plan is not None and plan.ok and not plan.empty)
        if plan is None:
            return
        self.tabs.setTabText(0, f"将导入（{self.plan_model.rowCount()}）")
        self.tabs.setTabText(1, f"问题（{len(plan.problems)}）")
        if not plan.ok:
            self.summary_label.setText(
                f"发现 {len(plan.errors)} 个错误，不能导入。请在 Excel 中改正后重新选择文件。"
            )
            self.tabs.setCurrentWidget(self.problems_view)
        elif plan.empty:
            self.summary_label.setText("文件中的内容与系统中已有的相同，没有需要导入的内容。")
        else:
            notes = f"；另有 {len(plan.warnings)} 条提示，请查看" if plan.warnings else ""
            self.summary_label.setText(
                f"{plan.year} 年度将导入：{plan.summary()}{notes}。确认无误后按“导入”。"
            )
            self.tabs.setCurrentWidget(self.plan_view)
        self.plan_shown.emit(plan)

    def _on_choose_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "选择要导入的文件", "", FILE_FILTER)
        if name:
            self.choose_file(Path(name))

    def _on_year_changed(self, _year: int) -> None:
        self._plan_current()

    def _on_import_clicked(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        self.import_button.setEnabled(False)
        store = self._store
        self._tasks.run(
            self,
            "正在导入…",
            lambda _progress: apply_import(store, plan),
            self._on_imported,
            cancellable=False,
        )

    def _on_imported(self, result: ImportResult) -> None:
        self.plan = None
        self.summary_label.setText(result.summary())
        self.imported.emit(result)
