"""待处理 (county): version conflicts, packages held 待确认, and (with a year) the received
documents to approve or return, each waiting for a person.

A conflict shows the county's current version and the held one side by side (project, form,
version, when, what each contains) with 保留县里版本 / 采用新版本. A held package shows the key
id (fingerprint) that signed it; 登记密钥并导入 enrols that key from its ``.pdkey`` after the paper
check and imports the package, 丢弃 marks it never to be imported. The year's received documents
are decided in ``ui.exchange.decisions.DecisionBox`` (审核通过 / 退回 with a reason).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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
from perfdesk.exchange.enrolment import Enrolment
from perfdesk.exchange.keys import spaced
from perfdesk.services.exchange_county import discard_quarantined, resolve_conflict
from perfdesk.services.exchange_log import PackageReport, aware
from perfdesk.services.store import Store
from ui.exchange import asks
from ui.exchange.decisions import DecisionBox
from ui.exchange.enrolment_window import enrol_keyfile, enrolled_text
from ui.tasks import TaskRunner

ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Conflict:
    id: int
    what: str
    reason: str
    current: str
    held: str


@dataclass(frozen=True)
class HeldPackage:
    id: int
    file_name: str
    key_id: str
    received: str


def version_summary(body_text: str, version_id: str, at: str) -> str:
    """A version in one line: version, time, what it holds, the first goal words."""
    try:
        body = json.loads(body_text)
    except ValueError:
        return f"版本 {version_id[:8]}（内容无法读取）"
    indicators = body.get("indicators") or []
    preparer = str((body.get("header") or {}).get("preparer", "") or "")
    parts = [f"版本 {version_id[:8]}", at, f"{len(indicators)} 个指标"]
    if preparer:
        parts.append(f"填报人 {preparer}")
    return "，".join(p for p in parts if p)


def load_pending(store: Store) -> tuple[list[Conflict], list[HeldPackage]]:
    from sqlalchemy import select

    from perfdesk.storage.models import DocumentVersion, FormDocument, HeldVersion, QuarantinedPackage

    conflicts, packages = [], []
    with store.session_factory() as session:
        for held in session.scalars(select(HeldVersion).where(HeldVersion.status == "held")):
            row = session.scalars(select(FormDocument).where(FormDocument.doc_id == held.doc_id)).first()
            new = session.get(DocumentVersion, held.version_id)
            if row is None or new is None:
                continue
            body = json.loads(row.body)
            project = body.get("project") or {}
            what = f"{project.get('name', '')}（{project.get('code', '')}）{label('form.' + row.kind)}"
            current = version_summary(
                row.body, row.version_id, f"{aware(row.updated_at).astimezone():%m-%d %H:%M}"
            )
            incoming = version_summary(
                new.body, new.version_id, f"{aware(new.created_at).astimezone():%m-%d %H:%M}"
            )
            conflicts.append(Conflict(held.id, what, held.reason, current, incoming))
        for q in session.scalars(select(QuarantinedPackage).where(QuarantinedPackage.status == "held")):
            received = f"{aware(q.received_at).astimezone():%Y-%m-%d %H:%M}"
            packages.append(HeldPackage(q.id, q.file_name, q.key_id, received))
    return conflicts, packages


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, str, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (row_id, key, values) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(ID_ROLE, row_id)
            item.setData(KEY_ROLE, key)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class PendingWindow(QWidget):
    """Signals: changed() — a conflict was decided, a held package imported or discarded, or a
    received document approved or returned."""

    changed = Signal()

    def __init__(
        self, store: Store, tasks: TaskRunner, parent: QWidget | None = None, *, year: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pendingWindow")
        self.setWindowTitle("待处理")
        self._store, self._tasks = store, tasks
        self.last_folder = Path.home()
        self.conflict_table = _table(["表", "原因", "县里的版本", "新收到的版本"])
        self.conflict_table.setObjectName("conflictTable")
        self.package_table = _table(["申报包文件", "签名密钥（指纹）", "收到时间"])
        self.package_table.setObjectName("heldTable")
        keep = QPushButton("保留县里版本")
        keep.clicked.connect(lambda: self._decide(take=False))
        take = QPushButton("采用新版本")
        take.clicked.connect(lambda: self._decide(take=True))
        enrol = QPushButton("登记密钥并导入…")
        enrol.clicked.connect(self._on_enrol_clicked)
        discard = QPushButton("丢弃")
        discard.clicked.connect(self._on_discard_clicked)
        self.status_label = QLabel()
        self.status_label.setObjectName("pendingStatus")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        for title, table, buttons in (
            ("版本冲突", self.conflict_table, (keep, take)),
            ("待确认的申报包（签名密钥未登记）", self.package_table, (enrol, discard)),
        ):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.addWidget(table)
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            inner.addLayout(row)
            layout.addWidget(box)
        self.decisions: DecisionBox | None = None
        if year is not None:
            self.decisions = DecisionBox(store, year)
            self.decisions.decided.connect(lambda *_args: self.changed.emit())
            layout.addWidget(self.decisions, 1)
        layout.addWidget(self.status_label)
        self.resize(1000, 760 if year is not None else 560)
        self.refresh()

    def refresh(self) -> None:
        conflicts, packages = load_pending(self._store)
        _fill(self.conflict_table, [(c.id, "", [c.what, c.reason, c.current, c.held]) for c in conflicts])
        _fill(
            self.package_table,
            [(p.id, p.key_id, [p.file_name, spaced(p.key_id), p.received]) for p in packages],
        )
        if self.decisions is not None:
            self.decisions.refresh()
        if not conflicts and not packages:
            self.status_label.setText("没有待处理的冲突或待确认的申报包。")

    @staticmethod
    def _selected(table: QTableWidget) -> tuple[int, str] | None:
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        return (int(item.data(ID_ROLE)), str(item.data(KEY_ROLE))) if item is not None else None

    def _decide(self, *, take: bool) -> None:
        chosen = self._selected(self.conflict_table)
        if chosen is None:
            self.status_label.setText("请先选择一条冲突。")
            return
        try:
            resolve_conflict(self._store, chosen[0], take=take)
        except Exception as exc:
            asks.failed(self, exc)
            return
        self.refresh()
        self.status_label.setText("已采用新版本。" if take else "已保留县里版本；下次回执会告诉乡镇。")
        self.changed.emit()

    def _on_enrol_clicked(self) -> None:
        chosen = self._selected(self.package_table)
        if chosen is None:
            self.status_label.setText("请先选择一个待确认的申报包。")
            return
        path = asks.open_file(self, "登记签名密钥", self.last_folder, asks.PDKEY_FILTER)
        if path is None:
            return
        self.last_folder = path.parent

        def done(enrolment: Enrolment, released: list[PackageReport]) -> None:
            self.refresh()
            self.status_label.setText(enrolled_text(enrolment, released))
            self.changed.emit()

        enrol_keyfile(self, self._store, self._tasks, path, done, expected=chosen[1])

    def _on_discard_clicked(self) -> None:
        chosen = self._selected(self.package_table)
        if chosen is None:
            self.status_label.setText("请先选择一个待确认的申报包。")
            return
        if not asks.confirm(
            self, "丢弃申报包", "丢弃后这个申报包不会被导入（文件副本保留备查）。确定丢弃吗？"
        ):
            return
        try:
            name = discard_quarantined(self._store, chosen[0])
        except Exception as exc:
            asks.failed(self, exc)
            return
        self.refresh()
        self.status_label.setText(f"已丢弃 {name}。")
        self.changed.emit()
