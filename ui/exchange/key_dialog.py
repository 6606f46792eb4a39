"""密钥: this installation's signing key — create it, see its id, and (township) hand it to the county.

First use: a password typed twice with a strength hint, then 生成密钥. Afterwards the key id is
shown in large type as 8 groups of 4; a township picks the unit it speaks for, prints the
密钥登记表 (PDF) and exports the ``.pdkey`` file; both go to the county, which enrols the key after
comparing the id with the stamped paper. A county sees its key id to print in its notice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from perfdesk.exchange.keys import spaced
from perfdesk.services import catalog, keys
from perfdesk.services.keys import OwnKeyInfo
from perfdesk.services.progress import Progress
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui.exchange import asks, unlock
from ui.tasks import TaskRunner


def key_id_font() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(16)
    font.setBold(True)
    return font


class KeyDialog(QDialog):
    """The installation's key. Signals: key_created(str key_id), enrolment_exported(object path)."""

    key_created = Signal(str)
    enrolment_exported = Signal(object)
    form_printed = Signal(object)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyDialog")
        self.setWindowTitle("本安装的密钥")
        self._store, self._tasks = store, tasks
        self._township = load_settings(store).mode == "township"
        self.last_folder = Path.home()

        self.key_label = QLabel()
        self.key_label.setObjectName("keyIdLabel")
        self.key_label.setFont(key_id_font())
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)

        self.create_box = QGroupBox("生成密钥（首次使用）")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("newPassword")
        self.again_edit = QLineEdit()
        self.again_edit.setObjectName("newPasswordAgain")
        for edit in (self.password_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._on_password_text_changed)
        self.strength_label = QLabel(unlock.strength(""))
        self.strength_label.setObjectName("strengthHint")
        self.create_button = QPushButton("生成密钥")
        self.create_button.setObjectName("createKey")
        self.create_button.clicked.connect(self._on_create_clicked)
        form = QFormLayout(self.create_box)
        form.addRow("设置口令：", self.password_edit)
        form.addRow("再输入一次：", self.again_edit)
        form.addRow("", self.strength_label)
        form.addRow(
            "",
            QLabel("口令用于每次签名前解锁密钥，请牢记：忘记口令只能生成新密钥并重新登记。"),
        )
        form.addRow("", self.create_button)

        self.hand_box = QGroupBox("交县里登记")
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.print_button = QPushButton("打印密钥登记表（PDF）…")
        self.print_button.setObjectName("printForm")
        self.print_button.clicked.connect(self._on_print_clicked)
        self.export_button = QPushButton("导出登记文件（.pdkey）…")
        self.export_button.setObjectName("exportPdkey")
        self.export_button.clicked.connect(self._on_export_clicked)
        hand = QFormLayout(self.hand_box)
        hand.addRow("本单位：", self.unit_combo)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.export_button)
        hand.addRow(row)
        hand.addRow(QLabel("登记表签字盖章后，与登记文件一起交县财政局。"))

        self.lock_button = QPushButton("立即锁定密钥")
        self.lock_button.clicked.connect(self._on_lock_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("密钥标识："))
        layout.addWidget(self.key_label)
        layout.addWidget(self.key_note)
        layout.addWidget(self.create_box)
        layout.addWidget(self.hand_box)
        layout.addWidget(self.lock_button)
        layout.addStretch(1)
        self._fill_units()
        self.refresh()

    # ------------------------------------------------------------ state

    def own(self) -> OwnKeyInfo | None:
        return keys.own_key(self._store)

    def refresh(self) -> None:
        own = self.own()
        self.create_box.setVisible(own is None)
        self.hand_box.setVisible(own is not None and self._township)
        self.lock_button.setVisible(own is not None and unlock.is_kept(self._store))
        if own is None:
            self.key_label.setText("（尚未生成）")
            self.key_note.setText("本安装还没有密钥。设置口令后生成，之后导出申报包时用它签名。")
            return
        self.key_label.setText(spaced(own.key_id))
        unit = f"，单位 {own.unit_name}（{own.unit_code}）" if own.unit_code else ""
        note = "请把这个标识印在下发乡镇的通知上，供各乡镇核对。" if not self._township else ""
        self.key_note.setText(f"{own.created_at:%Y-%m-%d} 生成{unit}。{note}")
        if own.unit_code:
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(own.unit_code)))

    def _fill_units(self) -> None:
        for node in catalog.load_tree(self._store, date.today().year):
            unit = node.unit
            if unit.kind in ("township", "unit", "department"):
                self.unit_combo.addItem(f"{unit.name}（{unit.code}）", unit.code)

    def unit_code(self) -> str:
        return str(self.unit_combo.currentData() or "")

    # ------------------------------------------------------------ slots

    def _on_password_text_changed(self, _text: str) -> None:
        password = self.password_edit.text()
        again = self.again_edit.text()
        hint = unlock.strength(password)
        if again and again != password:
            hint = "两次输入的口令不一致"
        self.strength_label.setText(hint)

    def _on_create_clicked(self) -> None:
        password = self.password_edit.text()
        problem = unlock.password_problem(password, self.again_edit.text())
        if problem:
            self.strength_label.setText(problem)
            return
        self.create_button.setEnabled(False)
        store = self._store

        def done(info: OwnKeyInfo) -> None:
            self.password_edit.clear()
            self.again_edit.clear()
            self.create_button.setEnabled(True)
            self.refresh()
            self.key_created.emit(info.key_id)

        def failed(exc: BaseException) -> None:
            self.create_button.setEnabled(True)
            asks.failed(self, exc)

        self._tasks.run(
            self,
            "正在生成密钥…",
            lambda _p: keys.init_key(store, password),
            done,
            cancellable=False,
            on_error=failed,
        )

    def _on_print_clicked(self) -> None:
        code = self.unit_code()
        path = asks.save_file(
            self, "保存密钥登记表", self.last_folder / f"{code}-密钥登记表.pdf", asks.PDF_FILTER
        )
        if path is None:
            return
        self.last_folder = path.parent
        store = self._store

        def work(_p: Progress) -> Path:
            from perfdesk.reports.pdf_enrolment import write_enrolment_form

            return write_enrolment_form(store, code, path)

        self._tasks.run(
            self,
            "正在生成密钥登记表…",
            work,
            self.form_printed.emit,
            cancellable=False,
            on_error=lambda e: asks.failed(self, e),
        )

    def _on_export_clicked(self) -> None:
        code = self.unit_code()
        path = asks.save_file(self, "导出密钥登记文件", self.last_folder / f"{code}.pdkey", asks.PDKEY_FILTER)
        if path is None:
            return
        self.last_folder = path.parent
        password = unlock.signing_password(self, self._store, "导出密钥登记文件")
        if password is None:
            return
        store = self._store

        def work(_p: Progress) -> Path:
            return keys.export_enrolment(store, password, path, code)

        def done(written: Path) -> None:
            self.refresh()
            self.enrolment_exported.emit(written)

        self._tasks.run(
            self,
            "正在导出密钥登记文件…",
            work,
            done,
            cancellable=False,
            on_error=lambda e: asks.failed(self, e),
        )

    def _on_lock_clicked(self) -> None:
        unlock.forget(self._store)
        self.refresh()
