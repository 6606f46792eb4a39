"""The county's import report as a table: one row per document, or per package that has none.

Columns are constants; ``VERDICT_ROLE`` and ``CODE_ROLE`` give tests and delegates the stable
codes behind the Chinese text. A refused package shows its error code with the Chinese reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from perfdesk.domain.labels import label
from perfdesk.exchange.keys import spaced
from perfdesk.services.exchange_log import DocumentReport, PackageReport

Index = QModelIndex | QPersistentModelIndex

COL_FILE, COL_UNIT, COL_SIGNER, COL_VERDICT, COL_DOCUMENT, COL_OUTCOME, COL_REASON = range(7)
HEADERS: Final = ("交换包文件", "单位", "签名密钥", "结论", "文档", "文档结果", "原因")
VERDICT_ROLE: Final = Qt.ItemDataRole.UserRole + 1
CODE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
OUTCOME_ROLE: Final = Qt.ItemDataRole.UserRole + 3

VERDICTS: Final = {
    "accepted": "已导入",
    "duplicate": "重复（未改变）",
    "partial": "部分导入",
    "quarantined": "待确认",
    "refused": "拒收",
}
OUTCOMES: Final = {
    "accepted": "已接收",
    "updated": "已更新",
    "duplicate": "重复",
    "conflict": "冲突待处理",
    "rejected": "拒收",
}
_BAD: Final = {"refused", "rejected", "quarantined", "conflict", "partial"}


@dataclass(frozen=True)
class ReportRow:
    package: PackageReport
    document: DocumentReport | None


def report_message(p: PackageReport) -> str:
    """A package's message as the screens say it. The service's message of a package held 待确认
    tells the command line's user to run ``perfdesk key enrol``; here it names the screens."""
    if p.verdict == "quarantined":
        key = spaced(p.key_id) if p.key_id else "（未知）"
        return (
            f"签名密钥 {key} 未登记，已放入待确认。核对纸质密钥登记表后，在“密钥与登记”中登记该密钥"
            "（或在“待处理”中选中这个包，点“登记密钥并导入…”），该包即自动导入"
        )
    return p.message


def _kind_label(kind: str) -> str:
    text = label(f"form.{kind}")
    return kind if text == f"form.{kind}" else text


class ImportReportModel(QAbstractTableModel):
    """Rows of ``PackageReport``s: each document, or the package alone when it has no documents."""

    def __init__(self, reports: list[PackageReport] | None = None) -> None:
        super().__init__()
        self._rows: list[ReportRow] = []
        self._reports: list[PackageReport] = []
        if reports:
            self.set_reports(reports)

    @property
    def reports(self) -> list[PackageReport]:
        return list(self._reports)

    def set_reports(self, reports: list[PackageReport]) -> None:
        self.beginResetModel()
        self._reports = list(reports)
        self._rows = []
        for report in reports:
            documents: list[DocumentReport | None] = list(report.documents) or [None]
            self._rows += [ReportRow(report, doc) for doc in documents]
        self.endResetModel()

    def row_at(self, row: int) -> ReportRow:
        return self._rows[row]

    # ------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column(), role == Qt.ItemDataRole.ToolTipRole)
        if role == VERDICT_ROLE:
            return row.package.verdict
        if role == CODE_ROLE:
            return (row.document.code if row.document else "") or row.package.code
        if role == OUTCOME_ROLE:
            return row.document.outcome if row.document else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            bad = row.package.verdict in _BAD if index.column() == COL_VERDICT else False
            if index.column() == COL_OUTCOME and row.document is not None:
                bad = row.document.outcome in _BAD
            return QBrush(QColor("#b00020")) if bad else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ------------------------------------------------------------ text

    def _text(self, row: ReportRow, column: int, tooltip: bool) -> str:
        p, d = row.package, row.document
        if column == COL_FILE:
            return p.file
        if column == COL_UNIT:
            return d.unit if d else ("，".join(p.units) or "—")
        if column == COL_SIGNER:
            key = spaced(p.key_id) if p.key_id else "—"
            return f"{p.signer}（{key}）" if p.signer and tooltip else key
        if column == COL_VERDICT:
            return VERDICTS.get(p.verdict, p.verdict)
        if column == COL_DOCUMENT:
            return f"{d.project} {_kind_label(d.kind)}" if d else "—"
        if column == COL_OUTCOME:
            return OUTCOMES.get(d.outcome, d.outcome) if d else "—"
        if column == COL_REASON:
            return self._reason(p, d)
        return ""

    @staticmethod
    def _reason(p: PackageReport, d: DocumentReport | None) -> str:
        if d is not None:  # the package's own summary would only repeat on each of its rows
            return "；".join(d.reasons + [f"提示：{w}" for w in p.warnings])
        message = report_message(p)
        parts = [f"[{p.code}] {message}" if p.code else message]
        parts += [f"提示：{w}" for w in p.warnings]
        return "；".join(part for part in parts if part)
