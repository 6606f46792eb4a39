"""The key password: asked before each signing, or kept in memory for this run if the person chooses.

The password is never written anywhere; ``signing_password`` keeps it in a module dict keyed by the
data folder only when 本次运行期间保持解锁 was ticked, and ``forget`` drops it. A wrong password
is caught here (one unlock on the UI thread, a fraction of a second) so the background work that
follows never fails for it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from perfdesk.exchange.keys import KeyProblem
from perfdesk.services import keys
from perfdesk.services.exchange_log import ExchangeRefused
from perfdesk.services.store import Store
from ui.exchange import asks

MIN_LENGTH = 8
_kept: dict[str, str] = {}


def strength(password: str) -> str:
    """A short hint about a new password, shown while it is typed ('' when it is good)."""
    if not password:
        return "请设置口令：至少 8 位，建议字母、数字和符号混合"
    if len(password) < MIN_LENGTH:
        return f"太短：至少 {MIN_LENGTH} 位"
    kinds = sum(
        (
            any(c.isdigit() for c in password),
            any(c.isalpha() and c.isascii() for c in password),
            any(not c.isascii() for c in password),
            any(c.isascii() and not c.isalnum() for c in password),
        )
    )
    if kinds < 2:
        return "较弱：请混合字母、数字或符号"
    return "强度合适" if len(password) >= 12 or kinds >= 3 else "一般：再长一些更安全"


def password_problem(password: str, again: str) -> str:
    """Why a new password cannot be used ('' when it can)."""
    if len(password) < MIN_LENGTH:
        return f"口令至少 {MIN_LENGTH} 位"
    if password != again:
        return "两次输入的口令不一致"
    return ""


def is_kept(store: Store) -> bool:
    return str(store.data_dir) in _kept


def forget(store: Store | None = None) -> None:
    """Lock the key again (all data folders when ``store`` is None)."""
    if store is None:
        _kept.clear()
    else:
        _kept.pop(str(store.data_dir), None)


def signing_password(parent: QWidget | None, store: Store, purpose: str) -> str | None:
    """The password that unlocks this installation's key, or None (cancelled, wrong, no key)."""
    kept = _kept.get(str(store.data_dir))
    if kept is not None:
        return kept
    answer = asks.password(parent, purpose)
    if answer is None:
        return None
    password, keep = answer
    try:
        keys.unlock_signers(store, password)
    except (KeyProblem, ExchangeRefused) as exc:
        asks.refused(parent, exc)
        return None
    if keep:
        _kept[str(store.data_dir)] = password
    return password


class PasswordDialog(QDialog):
    """密钥口令: the password of the installation's key, and 本次运行期间保持解锁."""

    def __init__(self, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle("输入密钥口令")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep_check = QCheckBox("本次运行期间保持解锁（口令只保存在内存中，退出程序即失效）")
        self.keep_check.setObjectName("keepUnlocked")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("密钥口令：", self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{purpose}需要用本安装的密钥签名。"))
        layout.addLayout(form)
        layout.addWidget(self.keep_check)
        layout.addWidget(buttons)

    def answer(self) -> tuple[str, bool]:
        return self.password_edit.text(), self.keep_check.isChecked()
