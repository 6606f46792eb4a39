"""密钥与登记 (county): the county's own key, and the township keys it has enrolled.

Enrol: pick a ``.pdkey``; its self-signature is checked; the unit and the key id are shown for the
operator to compare group by group with the stamped 密钥登记表; only then is it enrolled, and any
package held 待确认 for that key is imported at once. Revoke asks for a reason; a township whose key
was revoked (a lost PC) makes a new key, and the county enrols that one (重新登记).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perfdesk.exchange.enrolment import MAX_KEYFILE, Enrolment, read_enrolment
from perfdesk.exchange.errors import PackageError
from perfdesk.exchange.keys import spaced
from perfdesk.services import keys
from perfdesk.services.exchange_county import retry_quarantined
from perfdesk.services.exchange_log import PackageReport
from perfdesk.services.progress import Progress
from perfdesk.services.store import Store
from ui.exchange import asks
from ui.exchange.key_dialog import key_id_font
from ui.exchange.report_model import report_message
from ui.tasks import TaskRunner

STATUS = {"enrolled": "已登记", "revoked": "已吊销", "pinned": "已钉住", "rotated": "已轮换"}
HEADERS = ("单位", "单位编码", "密钥标识", "状态", "登记时间", "吊销时间", "原因")
KEY_ROLE = Qt.ItemDataRole.UserRole


def read_keyfile(path: Path) -> Enrolment:
    """The enrolment in ``path`` (``PackageError`` ``keyfile.*`` when it cannot be used)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEYFILE + 1)
    except OSError as exc:
        raise PackageError("keyfile.unreadable", f"无法读取 {path.name}：{exc.strerror or exc}") from None
    return read_enrolment(data)


def enrolled_text(enrolment: Enrolment, released: list[PackageReport]) -> str:
    text = f"已登记 {enrolment.unit_name} 的密钥 {spaced(enrolment.key_id)}。"
    if released:
        text += f" 待确认的申报包已导入 {len(released)} 个：" + "；".join(
            f"{r.file}：{report_message(r)}" for r in released
        )
    return text


def enrol_keyfile(
    parent: QWidget,
    store: Store,
    tasks: TaskRunner,
    path: Path,
    on_done: Callable[[Enrolment, list[PackageReport]], None],
    expected: str = "",
) -> bool:
    """Check ``path``, ask the operator to compare its key id with the paper, then enrol it on the
    worker and import what was held for it. False when refused or not confirmed."""
    try:
        enrolment = read_keyfile(path)
    except PackageError as exc:
        asks.refused(parent, exc)
        return False
    if expected and enrolment.key_id != expected:
        asks.refused(
            parent,
            PackageError(
                "keyfile.invalid",
                f"{path.name} 中的密钥是 {spaced(enrolment.key_id)}，不是待确认申报包的签名密钥 {spaced(expected)}",
            ),
        )
        return False
    who = f"{enrolment.unit_name}（{enrolment.unit_code}，填报人 {enrolment.preparer or '—'}）"
    if not asks.confirm_key(parent, "核对密钥标识", who, enrolment.key_id, "盖章的密钥登记表"):
        return False

    def work(_p: Progress) -> list[PackageReport]:
        keys.enrol(store, enrolment)
        return retry_quarantined(store, enrolment.key_id)

    tasks.run(
        parent,
        "正在登记密钥…",
        work,
        lambda released: on_done(enrolment, released),
        on_error=lambda e: asks.failed(parent, e),
    )
    return True


class EnrolmentWindow(QWidget):
    """Signals: enrolled(str key_id, list released reports), revoked(str key_id)."""

    enrolled = Signal(str, list)
    revoked = Signal(str)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enrolmentWindow")
        self.setWindowTitle("密钥与登记")
        self._store, self._tasks = store, tasks
        self.last_folder = Path.home()
        self.own_label = QLabel()
        self.own_label.setFont(key_id_font())
        own_button = QPushButton("本安装的密钥…")
        own_button.clicked.connect(self._on_own_clicked)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("keyTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.enrol_button = QPushButton("登记密钥（.pdkey）…")
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_button.clicked.connect(self._on_enrol_clicked)
        self.reenrol_button = QPushButton("重新登记（新密钥）…")
        self.reenrol_button.clicked.connect(self._on_enrol_clicked)
        self.revoke_button = QPushButton("吊销…")
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.status_label = QLabel()
        self.status_label.setObjectName("enrolmentStatus")
        self.status_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("县级密钥标识："))
        top.addWidget(self.own_label, 1)
        top.addWidget(own_button)
        buttons = QHBoxLayout()
        for button in (self.enrol_button, self.reenrol_button, self.revoke_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("已登记的乡镇密钥："))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.resize(980, 460)
        self.refresh()

    def refresh(self) -> None:
        own = keys.own_key(self._store)
        self.own_label.setText(spaced(own.key_id) if own else "（尚未生成：点“本安装的密钥…”生成）")
        known = keys.known_keys(self._store, "township")
        self.table.setRowCount(len(known))
        for row, k in enumerate(known):
            values = (
                k.unit_name,
                k.unit_code,
                spaced(k.key_id),
                STATUS.get(k.status, k.status),
                f"{k.enrolled_at.astimezone():%Y-%m-%d %H:%M}",
                f"{k.revoked_at.astimezone():%Y-%m-%d %H:%M}" if k.revoked_at else "",
                k.reason,
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(KEY_ROLE, k.key_id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def selected_key(self) -> str:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return str(item.data(KEY_ROLE)) if item is not None else ""

    # ------------------------------------------------------------ slots

    def _on_own_clicked(self) -> None:
        from ui.exchange.key_dialog import KeyDialog

        dialog = KeyDialog(self._store, self._tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.key_created.connect(lambda _k: self.refresh())
        dialog.open()

    def _on_enrol_clicked(self) -> None:
        path = asks.open_file(self, "登记乡镇密钥", self.last_folder, asks.PDKEY_FILTER)
        if path is not None:
            self.last_folder = path.parent
            self.enrol_file(path)

    def enrol_file(self, path: Path) -> None:
        """Read ``path``, let the operator compare the key id with the paper, then enrol it."""

        def done(enrolment: Enrolment, released: list[PackageReport]) -> None:
            self.refresh()
            self.status_label.setText(enrolled_text(enrolment, released))
            self.enrolled.emit(enrolment.key_id, released)

        if not enrol_keyfile(self, self._store, self._tasks, path, done):
            self.status_label.setText("未登记：密钥登记文件不能使用，或密钥标识未经确认。")

    def _on_revoke_clicked(self) -> None:
        key_id = self.selected_key()
        if not key_id:
            self.status_label.setText("请先在表中选择要吊销的密钥。")
            return
        reason = asks.text(
            self, "吊销密钥", f"吊销 {spaced(key_id)} 后，它签名的申报包一律拒收。\n吊销原因："
        )
        if reason is None:
            return
        try:
            info = keys.revoke(self._store, key_id, reason)
        except Exception as exc:
            asks.failed(self, exc)
            return
        self.refresh()
        self.status_label.setText(
            f"已吊销 {info.unit_name} 的密钥 {spaced(info.key_id)}；下次任务包会通知各乡镇。"
        )
        self.revoked.emit(key_id)
