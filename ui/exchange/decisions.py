"""审核通过 / 退回 (county): the documents received for a year, each with its state, decided one by one.

A small table (unit, project, form, state, the reason of a return) of every document the county
received for the year; 审核通过 and 退回… call the ``decide`` service for the selected one (退回 asks
for the reason and refuses an empty one). The next receipt (生成回执) carries the decisions back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.labels import label
from perfdesk.services.exchange_receipts import COUNTY_STATES, decide
from perfdesk.services.store import Store
from ui.exchange import asks

DOC_ROLE: Final = Qt.ItemDataRole.UserRole
STATUS_ROLE: Final = Qt.ItemDataRole.UserRole + 1
COL_UNIT, COL_PROJECT, COL_FORM, COL_STATUS, COL_REASON = range(5)
HEADERS: Final = ("单位", "项目", "表", "状态", "退回原因")


@dataclass(frozen=True)
class Received:
    """A document the county received, as its row shows it."""

    doc_id: str
    unit: str
    project: str
    kind: str
    period: int
    status: str
    reason: str

    @property
    def form(self) -> str:
        text = label(f"form.{self.kind}")
        text = self.kind if text == f"form.{self.kind}" else text
        return f"{text}（截至 {self.period} 月）" if self.kind == "monitoring" and self.period else text


def load_received(store: Store, year: int) -> list[Received]:
    """The year's received documents (已接收 / 审核通过 / 退回), by unit, project and form."""
    from sqlalchemy import select

    from perfdesk.storage.models import FormDocument, OutcomeRecord, Project, Unit

    with store.session_factory() as session:
        stmt = (
            select(FormDocument, Unit.code, Unit.name, Project.code, Project.name)
            .join(Project, FormDocument.project_id == Project.id)
            .join(Unit, Project.unit_id == Unit.id)
            .where(FormDocument.fiscal_year == year, FormDocument.status.in_(COUNTY_STATES))
            .order_by(Unit.code, Project.code, FormDocument.kind, FormDocument.period)
        )
        rows = list(session.execute(stmt))
        reasons: dict[str, str] = {}
        returned = [row.doc_id for row, *_rest in rows if row.status == "returned"]
        if returned:
            records = session.scalars(
                select(OutcomeRecord)
                .where(OutcomeRecord.doc_id.in_(returned), OutcomeRecord.outcome == "returned")
                .order_by(OutcomeRecord.id)
            )
            for record in records:  # the newest return's reasons win
                reasons[record.doc_id] = "；".join(str(r) for r in json.loads(record.reasons or "[]"))
        return [
            Received(
                row.doc_id,
                f"{unit_name}（{unit_code}）",
                f"{project_name}（{project_code}）",
                row.kind,
                row.period,
                row.status,
                reasons.get(row.doc_id, ""),
            )
            for row, unit_code, unit_name, project_code, project_name in rows
        ]


class DecisionBox(QGroupBox):
    """Signals: decided(str doc_id, str status) — a document was approved or returned."""

    decided = Signal(str, str)

    def __init__(self, store: Store, year: int, parent: QWidget | None = None) -> None:
        super().__init__(f"{year} 年度收到的表（审核通过 / 退回）", parent)
        self.setObjectName("decisionBox")
        self._store, self.year = store, year
        self.rows: list[Received] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("receivedTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.approve_button = QPushButton("审核通过")
        self.approve_button.setObjectName("approveButton")
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.return_button = QPushButton("退回…")
        self.return_button.setObjectName("returnButton")
        self.return_button.clicked.connect(self._on_return_clicked)
        self.status_label = QLabel()
        self.status_label.setObjectName("decisionStatus")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.refresh()

    def refresh(self) -> None:
        """Read the year's received documents again, keeping the selected one selected."""
        chosen = self.selected()
        self.rows = load_received(self._store, self.year)
        self.table.setRowCount(len(self.rows))
        for r, doc in enumerate(self.rows):
            status = label(f"status.{doc.status}")
            for c, value in enumerate((doc.unit, doc.project, doc.form, status, doc.reason)):
                item = QTableWidgetItem(value)
                item.setData(DOC_ROLE, doc.doc_id)
                item.setData(STATUS_ROLE, doc.status)
                if c == COL_REASON and value:
                    item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if chosen is not None:
            self.select(chosen.doc_id)
        if not self.rows:
            self.status_label.setText(f"{self.year} 年度还没有收到的表。导入申报包后在这里审核。")
        self._update_buttons()

    def selected(self) -> Received | None:
        row = self.table.currentRow()
        items = self.table.selectedItems()
        return self.rows[row] if items and 0 <= row < len(self.rows) else None

    def select(self, doc_id: str) -> bool:
        """Select the row of ``doc_id``; False when the year has no such received document."""
        for r, doc in enumerate(self.rows):
            if doc.doc_id == doc_id:
                self.table.selectRow(r)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.approve_button.setEnabled(chosen is not None and chosen.status != "approved")
        self.return_button.setEnabled(chosen is not None)

    def _on_approve_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._decide(chosen, approve=True)

    def _on_return_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        reason = asks.text(
            self,
            "退回",
            f"退回 {chosen.project} {chosen.form}的原因（乡镇会在表上看到）：",
            chosen.reason,
        )
        if reason is None:
            return
        if not reason.strip():
            self.status_label.setText("退回必须写明原因，未退回。")
            return
        self._decide(chosen, approve=False, reason=reason.strip())

    def _decide(self, doc: Received, *, approve: bool, reason: str = "") -> None:
        try:
            status = decide(self._store, doc.doc_id, approve=approve, reason=reason)
        except Exception as exc:
            asks.failed(self, exc)
            return
        self.refresh()
        done = "审核通过" if approve else f"退回（{reason}）"
        self.status_label.setText(f"{doc.project} {doc.form}：已{done}。生成回执后乡镇即可看到。")
        self.decided.emit(doc.doc_id, status)
