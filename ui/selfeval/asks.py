"""The modal questions of the self-evaluation: the override of a score, why a row is 不适用.

Module functions called through the module (``asks.override_score(...)``), so a test replaces one
with ``monkeypatch.setattr(asks, "override_score", ...)`` and no dialog's ``exec()`` blocks it.
The reopen reason is the target sheet's question (``ui.targets.asks.reopen_reason``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtWidgets import QDialog, QWidget


@dataclass(frozen=True)
class OverrideRequest:
    """What the override dialog shows: the row, its weight and computed score, a standing override."""

    row: int
    lv3: str
    weight: Decimal
    computed: str
    explanation: str
    decimals: int = 2
    score: str = ""
    reason: str = ""


@dataclass(frozen=True)
class OverrideAnswer:
    """The preparer's answer: a score with its reason, or ``clear`` to go back to the computed one."""

    score: str = ""
    reason: str = ""
    clear: bool = False


def override_score(parent: QWidget | None, request: OverrideRequest) -> OverrideAnswer | None:
    """调整得分…: the score and its written reason (None when cancelled)."""
    from ui.selfeval.override_dialog import OverrideDialog

    dialog = OverrideDialog(request, parent)
    try:
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def na_reason(parent: QWidget | None, lv3: str, current: str) -> str | None:
    """Why the row ``lv3`` does not apply this year (None when cancelled)."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(
        parent,
        "标为不适用",
        f"“{lv3}”标为不适用后不计分，总分按其余分值折算为百分制。\n请写明不适用的原因：",
        text=current,
    )
    return text if ok else None
