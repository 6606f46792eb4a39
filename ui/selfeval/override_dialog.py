"""调整得分: the preparer's own score for one indicator, with the reason a reviewer will read.

The computed score and its arithmetic are shown above the box, so the person sees what the rules
give before departing from them. 确定 stays on the dialog, with the reason in red, while the score
is not a number from 0 to the weight or the reason is empty: an override is never stored without
its reason. 恢复计算得分 takes a standing override away.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.indicator_value import format_number
from perfdesk.domain.scoring_rules import read_points
from ui.selfeval.asks import OverrideAnswer, OverrideRequest

ERROR_STYLE = "color: #c0392b;"


def override_problem(score_text: str, reason: str, weight: Decimal, decimals: int = 2) -> str:
    """What keeps an override from being stored ('' when nothing)."""
    score = read_points(score_text.strip()) if score_text.strip() else None
    top = format_number(weight)
    if score is None or not 0 <= score <= weight or -int(score.as_tuple().exponent) > decimals:
        return f"认定得分应为 0 到 {top} 之间、最多 {decimals} 位小数的数字"
    if not reason.strip():
        return "请写明认定理由：评审时会逐条查看人工认定的得分和理由"
    return ""


class OverrideDialog(QDialog):
    """The override of one row's score: 认定得分 and 认定理由, the computed score beside them."""

    def __init__(self, request: OverrideRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle("调整得分（人工认定）")
        self.setMinimumWidth(460)
        self.request = request
        self._clear = False
        intro = QLabel(
            f"第{request.row + 1}行 <b>{request.lv3}</b>　分值 {format_number(request.weight)}<br>"
            f"按评分规则计算得分 <b>{request.computed}</b>：{request.explanation}"
        )
        intro.setWordWrap(True)
        self.score_edit = QLineEdit(request.score)
        self.score_edit.setObjectName("overrideScore")
        self.score_edit.setPlaceholderText(f"0 到 {format_number(request.weight)}")
        self.reason_edit = QPlainTextEdit(request.reason)
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText("为什么不按计算得分：例如经镇村核实，实际受益人数已达目标")
        self.reason_edit.setFixedHeight(90)
        self.problem = QLabel()
        self.problem.setObjectName("overrideProblem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        note = QLabel("计算得分仍保留在表上、打印件和文档中，评审人可以看到每一处人工认定。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6b7a;")
        form = QFormLayout()
        form.addRow("认定得分：", self.score_edit)
        form.addRow("认定理由：", self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.clear_button = buttons.addButton("恢复计算得分", QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setVisible(bool(request.score or request.reason))
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """确定 only with a usable score and a written reason; otherwise say what is missing."""
        if not self._clear:
            problem = override_problem(
                self.score_edit.text(),
                self.reason_edit.toPlainText(),
                self.request.weight,
                self.request.decimals,
            )
            if problem:
                self.problem.setText(problem)
                (self.reason_edit if "理由" in problem else self.score_edit).setFocus()
                return
        super().accept()

    def answer(self) -> OverrideAnswer:
        if self._clear:
            return OverrideAnswer(clear=True)
        return OverrideAnswer(self.score_edit.text().strip(), self.reason_edit.toPlainText().strip())

    def _on_clear_button_clicked(self) -> None:
        self._clear = True
        self.accept()
