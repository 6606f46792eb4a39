"""Township: 导入任务包 and 导入回执, each ending with a table of what changed.

A task package is verified on the worker; when it brings a county key to pin (the first task, or
a rotation), the first pass stops before writing anything, the person compares the key id with
the county's printed notice on the UI thread, and a second pass imports it pinned to exactly the
key that was shown. A receipt changes form states; the table says which forms were received,
accepted (locked) or returned (open again) and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.exchange.keys import spaced
from perfdesk.services.exchange_log import ExchangeRefused
from perfdesk.services.exchange_receipts import ReceiptApplied, import_receipt
from perfdesk.services.exchange_tasks import TaskImported, import_task
from perfdesk.services.progress import Progress
from perfdesk.services.store import Store
from ui.exchange import asks
from ui.tasks import TaskRunner


class ResultDialog(QDialog):
    """What an import changed: a sentence and a table. Opens without blocking."""

    def __init__(
        self, title: str, text: str, headers: list[str], rows: list[list[str]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exchangeResult")
        self.setWindowTitle(title)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setObjectName("resultTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if headers:
            self.table.horizontalHeader().setSectionResizeMode(
                len(headers) - 1, QHeaderView.ResizeMode.Stretch
            )
        self.table.setVisible(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 420 if rows else 160)

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


# ---------------------------------------------------------------- task packages


@dataclass
class _Asked:
    key_id: str = ""
    county: str = ""


def task_summary(result: TaskImported) -> str:
    report = result.report
    lines = []
    if result.rotated_from:
        lines.append(f"县级密钥已更换：{spaced(result.rotated_from)} → {spaced(result.county_key)}")
    elif result.pinned:
        lines.append(f"已钉住县级密钥 {spaced(result.county_key)}。")
    if report.verdict == "duplicate":
        lines.append(f"任务包 {report.file} 以前已导入，未作改变。")
    else:
        lines.append(
            f"已导入任务包 {report.file}（{report.signer}）：{result.units} 个单位，"
            f"{result.projects} 个项目（含资金），指标库 {result.library} 条；已有的表不受影响。"
        )
    lines += [f"提示：{w}" for w in report.warnings]
    return "\n".join(lines)


def import_task_file(
    parent: QWidget, store: Store, tasks: TaskRunner, path: Path, on_done: object = None
) -> None:
    """Verify and import a task package, asking to pin a county key when it brings one."""
    asked = _Asked()

    def ask_later(key_id: str, county: str) -> bool:  # on the worker: remember, write nothing
        asked.key_id, asked.county = key_id, county
        return False

    def first(progress: Progress) -> TaskImported:
        progress.step(0, 1, f"校验 {path.name}")
        return import_task(store, path, ask_later)

    def done(result: TaskImported) -> None:
        ResultDialog("导入任务包", task_summary(result), [], [], parent).open()
        if callable(on_done):
            on_done(result)

    def first_failed(exc: BaseException) -> None:
        if not (isinstance(exc, ExchangeRefused) and exc.code == "task.not_confirmed" and asked.key_id):
            asks.failed(parent, exc)
            return
        shown = asked.key_id
        if not asks.confirm_key(parent, "核对县级密钥", asked.county, shown, "县财政局印发的通知"):
            asks.inform(parent, "导入任务包", "县级密钥未确认，任务包未导入。")
            return
        tasks.run(
            parent,
            "正在导入任务包…",
            lambda _p: import_task(store, path, lambda key_id, _county: key_id == shown),
            done,
            on_error=lambda e: asks.failed(parent, e),
        )

    tasks.run(parent, "正在校验任务包…", first, done, on_error=first_failed)


# ---------------------------------------------------------------- receipts


def receipt_rows(store: Store, receipt_id: str) -> list[list[str]]:
    """One row per document of the receipt: form, what the county said, the state now, reasons."""
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, Project, ReceiptLine

    rows = []
    with store.session_factory() as session:
        lines = session.scalars(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt_id))
        for line in lines:
            found = session.execute(
                select(FormDocument, Project)
                .join(Project, FormDocument.project_id == Project.id)
                .where(FormDocument.doc_id == line.doc_id)
            ).first()
            if found is None:
                continue
            doc, project = found
            said = label(f"status.{line.status}") if line.status else line.outcome
            note = {"approved": "（已锁定）", "returned": "（可修改后重新导出）"}.get(doc.status, "")
            reasons = "；".join(json.loads(line.reasons or "[]"))
            if line.applied == "stale":
                reasons = f"针对旧版本，未改变状态。{reasons}"
            rows.append(
                [
                    f"{project.name}（{project.code}）",
                    label(f"form.{doc.kind}"),
                    said,
                    label(f"status.{doc.status}") + note,
                    reasons or "—",
                ]
            )
    return rows


def import_receipt_file(
    parent: QWidget, store: Store, tasks: TaskRunner, path: Path, on_done: object = None
) -> None:
    """Verify and apply a receipt; then show each document's state and the county's reasons."""

    def done(applied: ReceiptApplied) -> None:
        report = applied.report
        if report.verdict == "duplicate":
            text = f"回执 {report.file} 以前已导入，未作改变。"
        else:
            text = f"已导入回执 {report.file}（{report.signer}），{len(applied.changes)} 张表的状态有变化。"
        rows = receipt_rows(store, report.package_id)
        headers = ["项目", "表", "县里结论", "现在的状态", "原因 / 意见"]
        ResultDialog("导入回执", text, headers, rows, parent).open()
        if callable(on_done):
            on_done(applied)

    tasks.run(
        parent,
        "正在导入回执…",
        lambda _p: import_receipt(store, path),
        done,
        on_error=lambda e: asks.failed(parent, e),
    )
