"""导入申报包 (county): one or many files, or a whole folder (a USB stick), then the report table.

Each package is verified and merged in its own transaction by the service, on the TaskRunner's
worker (progress after a delay, 取消 between packages). The report lists every document with its
outcome and the reason in Chinese; a refused package shows its error code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from perfdesk.services.exchange_county import import_submissions
from perfdesk.services.exchange_log import PackageReport
from perfdesk.services.progress import Progress
from perfdesk.services.store import Store
from ui.exchange import asks
from ui.exchange.report_model import COL_REASON, VERDICTS, ImportReportModel
from ui.tasks import TaskRunner

SUFFIXES = (".pdsub",)


def packages_in(folder: Path) -> list[Path]:
    """The submission files directly in ``folder`` (a USB stick's top level), by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def summary(reports: list[PackageReport]) -> str:
    """One line: how many packages, and how many of each verdict."""
    counts: dict[str, int] = {}
    for report in reports:
        counts[report.verdict] = counts.get(report.verdict, 0) + 1
    parts = [f"{VERDICTS.get(k, k)} {v} 个" for k, v in counts.items()]
    return f"共 {len(reports)} 个申报包：" + "，".join(parts)


class ImportWindow(QWidget):
    """Signals: imported(list of PackageReport) — a batch finished (the data may have changed)."""

    imported = Signal(list)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWindow")
        self.setWindowTitle("导入申报包")
        self._store, self._tasks = store, tasks
        self.last_folder = Path.home()
        self.model = ImportReportModel()
        self.view = QTableView()
        self.view.setObjectName("importReport")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        self.files_button = QPushButton("选择申报包文件…")
        self.files_button.setObjectName("chooseFiles")
        self.files_button.clicked.connect(self._on_files_clicked)
        self.folder_button = QPushButton("导入整个文件夹（U 盘）…")
        self.folder_button.setObjectName("chooseFolder")
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.summary_label = QLabel("选择 U 盘上的申报包（.pdsub），可一次选多个，或选整个文件夹。")
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.files_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary_label)
        self.resize(1100, 520)

    def _on_files_clicked(self) -> None:
        paths = asks.open_files(self, "选择申报包", self.last_folder, asks.SUBMISSION_FILTER)
        if paths:
            self.last_folder = paths[0].parent
            self.import_paths(paths)

    def _on_folder_clicked(self) -> None:
        folder = asks.open_folder(self, "选择存放申报包的文件夹（U 盘）", self.last_folder)
        if folder is None:
            return
        self.last_folder = folder
        try:
            paths = packages_in(folder)
        except OSError as exc:
            asks.failed(self, exc)
            return
        if not paths:
            self.summary_label.setText(f"文件夹 {folder} 中没有申报包（.pdsub）")
            return
        self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        """Verify and merge ``paths`` in the background; the report fills the table when done."""
        store = self._store

        def work(progress: Progress) -> list[PackageReport]:
            return import_submissions(store, paths, progress=progress)

        for button in (self.files_button, self.folder_button):
            button.setEnabled(False)
        self.summary_label.setText(f"正在导入 {len(paths)} 个申报包…")
        self._tasks.run(
            self, f"正在导入 {len(paths)} 个申报包…", work, self._on_imported, on_error=self._on_failed
        )

    def _on_imported(self, reports: list[PackageReport]) -> None:
        self._enable()
        self.model.set_reports(reports)
        self.view.resizeColumnsToContents()
        self.view.resizeRowsToContents()
        self.summary_label.setText(summary(reports))
        self.imported.emit(reports)

    def _on_failed(self, exc: BaseException) -> None:
        self._enable()
        self.summary_label.setText("导入没有完成；已导入的申报包保留，其余未改动。")
        asks.failed(self, exc)

    def _enable(self) -> None:
        for button in (self.files_button, self.folder_button):
            button.setEnabled(True)
