"""导出申报包 (township): choose units, forms and projects, see what goes and what fails, export.

By default everything that can go is ticked: every project with a form 已完成 or 已导出 (not yet
received or accepted by the county). The table below lists each document the choice covers, with
the rules checked again (a form that fails them stays behind, as the service decides). The export
runs through the TaskRunner (progress after a delay, 取消); the service writes to a temporary
name and renames it only when complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.checks import check_document
from perfdesk.domain.document import FormDoc
from perfdesk.domain.labels import label
from perfdesk.domain.target_rules import TargetRuleSettings, blocking
from perfdesk.services import catalog, forms
from perfdesk.services.exchange_export import EXPORTABLE, ExportResult, export_submission
from perfdesk.services.progress import Progress
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.exchange import asks, unlock
from ui.tasks import TaskRunner

KINDS = ("targets", "monitoring", "selfeval")
CODE_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Candidate:
    """A document that can go: where it belongs, its state, and why it would stay behind."""

    unit: str
    project: str
    project_name: str
    kind: str
    status: str
    problems: str


def candidates(store: Store, year: int) -> list[Candidate]:
    """Every form of ``year`` that an export can carry (已完成/已导出), its rules checked again."""
    rules = TargetRuleSettings(framework=load_settings(store).framework)
    where: dict[int, tuple[str, str, str]] = {}
    for node in catalog.load_tree(store, year):
        for project in node.projects:
            where[project.id] = (node.unit.code, project.code, project.name)
    out = []
    for doc in forms.list_documents(store, year):
        if doc.status not in EXPORTABLE or doc.project_id not in where:
            continue
        form = FormDoc(doc.body)
        stops = blocking(check_document(form, target_settings=rules), form.explanations)
        unit, code, name = where[doc.project_id]
        problems = "；".join(f.message for f in stops[:3])
        out.append(Candidate(unit, code, name, doc.kind, doc.status, problems))
    return out


class ExportDialog(QDialog):
    """Signals: exported(object ExportResult) — the package file is complete."""

    exported = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(f"导出申报包 — {year} 年度")
        self._store, self._tasks, self.year = store, tasks, year
        self.last_folder = Path.home()
        self.export_result: ExportResult | None = None
        self._candidates = candidates(store, year)

        self.tree = QTreeWidget()
        self.tree.setObjectName("projectTree")
        self.tree.setHeaderLabels(["单位 / 项目", "可导出的表"])
        self.kind_checks: dict[str, QCheckBox] = {}
        kinds_row = QHBoxLayout()
        kinds_row.addWidget(QLabel("表："))
        for kind in KINDS:
            check = QCheckBox(label(f"form.{kind}"))
            check.setChecked(True)
            check.toggled.connect(self._on_choice_changed)
            self.kind_checks[kind] = check
            kinds_row.addWidget(check)
        kinds_row.addStretch(1)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("documentTable")
        self.table.setHorizontalHeaderLabels(["单位", "项目", "表", "状态", "检查结果"])
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("exportSummary")
        self.summary_label.setWordWrap(True)
        self.export_button = QPushButton("导出…")
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self._on_export_clicked)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("默认选中全部已完成、尚未被县里接收的表。取消勾选可少报一些。"))
        layout.addWidget(self.tree, 2)
        layout.addLayout(kinds_row)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        self._fill_tree()
        self.tree.itemChanged.connect(self._on_choice_changed)
        self._on_choice_changed()
        self.resize(820, 620)

    def _fill_tree(self) -> None:
        by_unit: dict[str, dict[str, list[Candidate]]] = {}
        for c in self._candidates:
            by_unit.setdefault(c.unit, {}).setdefault(c.project, []).append(c)
        names = {node.unit.code: node.unit.name for node in catalog.load_tree(self._store, self.year)}
        for unit, projects in sorted(by_unit.items()):
            top = QTreeWidgetItem([f"{names.get(unit, unit)}（{unit}）", ""])
            top.setData(0, CODE_ROLE, unit)
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            for code, docs in sorted(projects.items()):
                kinds = "、".join(label(f"form.{d.kind}") for d in docs)
                child = QTreeWidgetItem([f"{docs[0].project_name}（{code}）", kinds])
                child.setData(0, CODE_ROLE, code)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)

    # ------------------------------------------------------------ the choice

    def _units(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def chosen_projects(self) -> list[str]:
        out = []
        for top in self._units():
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.checkState(0) == Qt.CheckState.Checked:
                    out.append(str(child.data(0, CODE_ROLE)))
        return out

    def chosen_units(self) -> list[str]:
        return [
            str(top.data(0, CODE_ROLE))
            for top in self._units()
            if top.checkState(0) != Qt.CheckState.Unchecked
        ]

    def chosen_kinds(self) -> list[str]:
        return [kind for kind, check in self.kind_checks.items() if check.isChecked()]

    def chosen(self) -> list[Candidate]:
        projects, kinds = set(self.chosen_projects()), set(self.chosen_kinds())
        units = set(self.chosen_units())
        return [c for c in self._candidates if c.project in projects and c.kind in kinds and c.unit in units]

    def _on_choice_changed(self, *_args: object) -> None:
        docs = self.chosen()
        self.table.setRowCount(len(docs))
        for row, c in enumerate(docs):
            verdict = f"未通过，不导出：{c.problems}" if c.problems else "通过"
            values = (c.unit, f"{c.project_name}（{c.project}）", label(f"form.{c.kind}"),
                      label(f"status.{c.status}"), verdict)  # fmt: skip
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c.problems:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        going = sum(1 for c in docs if not c.problems)
        failing = len(docs) - going
        text = f"将导出 {going} 张表" + (f"，{failing} 张未通过填报规则，不导出" if failing else "")
        if not self._candidates:
            text = f"{self.year} 年度没有已完成且未被县里接收的表"
        self.summary_label.setText(text)
        self.export_button.setEnabled(going > 0)

    # ------------------------------------------------------------ export

    def suggested_name(self) -> str:
        units = self.chosen_units()
        kinds = self.chosen_kinds()
        form = kinds[0] if len(kinds) == 1 else "all"
        return f"{units[0] if units else 'unit'}-{self.year}-{form}-{datetime.now():%Y%m%d%H%M}.pdsub"

    def _on_export_clicked(self) -> None:
        path = asks.save_file(
            self, "导出申报包", self.last_folder / self.suggested_name(), asks.SUBMISSION_FILTER
        )
        if path is None:
            return
        self.last_folder = path.parent
        password = unlock.signing_password(self, self._store, "导出申报包")
        if password is None:
            return
        store, year = self._store, self.year
        units, kinds, projects = self.chosen_units(), self.chosen_kinds(), self.chosen_projects()

        def work(progress: Progress) -> ExportResult:
            return export_submission(
                store, password, year, path, units=units, kinds=kinds, projects=projects, progress=progress
            )

        self.export_button.setEnabled(False)
        self._tasks.run(self, "正在导出申报包…", work, self._on_exported, on_error=self._on_failed)

    def _on_exported(self, result: ExportResult) -> None:
        self.export_result = result
        self.summary_label.setText(result.describe())
        self.export_button.setEnabled(True)
        self.exported.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        asks.failed(self, exc)
