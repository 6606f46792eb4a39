"""County: 下发任务包 (year, expiry, deadlines → a signed file) and 生成回执 (year → file).

Both sign with the county's key, so both ask for its password first (or use the one kept for
this run); the writing runs on the TaskRunner. The county's key id, to print in the notice the
townships compare it with, is shown after the task is written.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.exchange.build import BuiltPackage
from perfdesk.exchange.content import Deadline
from perfdesk.exchange.keys import spaced
from perfdesk.services.exchange_receipts import produce_receipt
from perfdesk.services.exchange_tasks import issue_task
from perfdesk.services.progress import Progress
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.exchange import asks, unlock
from ui.tasks import TaskRunner

DEADLINE_FORMS = ("targets", "monitoring", "selfeval")
DEFAULT_EXPIRY_DAYS = 180


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class IssueTaskDialog(QDialog):
    """下发任务包. Signals: issued(object BuiltPackage) — the file is complete."""

    issued = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issueTaskDialog")
        self.setWindowTitle("下发任务包")
        self._store, self._tasks = store, tasks
        self.last_folder = Path.home()
        self.built: BuiltPackage | None = None
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year)
        self.expiry_edit = QDateEdit(_qdate(date.today() + timedelta(days=DEFAULT_EXPIRY_DAYS)))
        self.expiry_edit.setCalendarPopup(True)
        self.expiry_edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow("预算年度：", self.year_spin)
        form.addRow("过期日期：", self.expiry_edit)
        self.deadline_checks: dict[str, QCheckBox] = {}
        self.deadline_edits: dict[str, QDateEdit] = {}
        for kind in DEADLINE_FORMS:
            check = QCheckBox("截止")
            edit = QDateEdit(_qdate(date(year, 12, 31)))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            row = QHBoxLayout()
            row.addWidget(check)
            row.addWidget(edit, 1)
            form.addRow(f"{label('form.' + kind)}：", row)
            self.deadline_checks[kind], self.deadline_edits[kind] = check, edit
        self.result_label = QLabel(
            "任务包含全县单位、本年度项目及资金、指标库、评分规则、截止日期和已吊销的密钥。"
        )
        self.result_label.setObjectName("issueResult")
        self.result_label.setWordWrap(True)
        self.issue_button = QPushButton("生成任务包…")
        self.issue_button.setObjectName("issueButton")
        self.issue_button.clicked.connect(self._on_issue_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.issue_button)

    def deadlines(self) -> list[Deadline]:
        return [
            Deadline(kind, _pydate(self.deadline_edits[kind].date()))
            for kind, check in self.deadline_checks.items()
            if check.isChecked()
        ]

    def expires_at(self) -> datetime:
        return datetime.combine(_pydate(self.expiry_edit.date()), time(23, 59, 59), UTC)

    def _on_issue_clicked(self) -> None:
        year = self.year_spin.value()
        code = load_settings(self._store).county_code or "county"
        name = f"{code}-{year}-task-{datetime.now():%Y%m%d%H%M}.pdtask"
        path = asks.save_file(self, "保存任务包", self.last_folder / name, asks.TASK_FILTER)
        if path is None:
            return
        self.last_folder = path.parent
        password = unlock.signing_password(self, self._store, "下发任务包")
        if password is None:
            return
        store, expires, deadlines = self._store, self.expires_at(), self.deadlines()

        def work(_p: Progress) -> BuiltPackage:
            return issue_task(store, password, year, path, expires_at=expires, deadlines=deadlines)

        self.issue_button.setEnabled(False)
        self._tasks.run(self, "正在生成任务包…", work, self._on_issued, on_error=self._on_failed)

    def _on_issued(self, built: BuiltPackage) -> None:
        self.built = built
        self.issue_button.setEnabled(True)
        signer = built.manifest.signer
        key = f"县级密钥标识：{spaced(signer.key_id)}（请印在下发通知上，供各乡镇核对）" if signer else ""
        self.result_label.setText(
            f"已生成任务包 {built.path.name if built.path else ''}：{len(built.manifest.scope.units)} 个单位，"
            f"{built.manifest.expires_at:%Y-%m-%d} 过期。\n{key}"
        )
        self.issued.emit(built)

    def _on_failed(self, exc: BaseException) -> None:
        self.issue_button.setEnabled(True)
        asks.failed(self, exc)


def write_receipt(parent: QWidget, store: Store, tasks: TaskRunner, year: int, path: Path) -> None:
    """生成回执: sign the year's receipt to ``path`` and say what it holds."""
    password = unlock.signing_password(parent, store, "生成回执")
    if password is None:
        return

    def done(built: BuiltPackage) -> None:
        asks.inform(
            parent,
            "生成回执",
            f"已生成回执包 {path.name}：{len(built.manifest.scope.units)} 个单位。\n"
            "请把它交给各乡镇导入，接收结果、审核结论和退回原因随之送达。",
        )

    tasks.run(
        parent,
        "正在生成回执…",
        lambda _p: produce_receipt(store, password, year, path),
        done,
        on_error=lambda e: asks.failed(parent, e),
    )
