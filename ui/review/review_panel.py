"""审核 a target sheet: the checklist grouped by dimension, a score and a comment per item, the live
total, grade and what the grade means for the budget; 保存 and 定稿.

The panel holds no rule: every change is graded by ``perfdesk.domain.review.grade_review`` and
stored by ``perfdesk.services.reviews`` — saved shortly after each change (and on 保存 or close),
so what the reviewer typed is never lost; 定稿 is refused, with the reasons, until every item is
scored and every deduction explained. A final review is shown read-only.
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from perfdesk.domain.findings import Finding, ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.domain.review import ChecklistItem, ReviewResult, ReviewSheet, grade_review, show_score
from perfdesk.services import forms, reviews
from perfdesk.services.reviews import ReviewRecord
from perfdesk.services.settings import load_settings
from perfdesk.services.store import Store
from ui import prompts
from ui.field_feedback import ERROR_COLOR, mark_invalid
from ui.review.banner import grade_colors

UNSCORED = -0.5
"""The spin box value shown as 未评分 (one step below 0)."""
AUTOSAVE_MS = 800
SAVED_COLOR = "#1e6b3a"


def _bold(text: str, scale: float) -> QLabel:
    widget = QLabel(text)
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    widget.setFont(font)
    return widget


class ScoreBox(QDoubleSpinBox):
    """0 … weight in steps of 0.5, or 未评分 (its minimum)."""

    def __init__(self, item: ChecklistItem) -> None:
        super().__init__()
        self.setObjectName(f"score_{item.key}")
        self.setDecimals(2)
        self.setSingleStep(0.5)
        self.setRange(UNSCORED, float(item.weight))
        self.setSpecialValueText(label("review.unscored"))
        self.setSuffix(f" / {show_score(item.weight)}")
        self.setKeyboardTracking(False)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(110)
        self.setValue(UNSCORED)

    def textFromValue(self, value: float) -> str:
        return show_score(Decimal(f"{value:.2f}"))

    def score(self) -> Decimal | None:
        value = self.value()
        return None if value < 0 else Decimal(f"{value:.2f}").normalize()

    def set_score(self, score: Decimal | None) -> None:
        self.setValue(UNSCORED if score is None else float(score))


class ReviewPanel(QWidget):
    """The review of one target sheet (starting one when the sheet waits for review).

    Signals:
        review_saved(object): the ``ReviewRecord`` after each save.
        review_finalised(object): the ``ReviewRecord`` once 定稿 went through.
    """

    review_saved = Signal(object)
    review_finalised = Signal(object)

    def __init__(self, store: Store, document_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.store = store
        self.document = forms.get_document(store, document_id)
        self.review = self._open_review()
        self.scores: dict[str, ScoreBox] = {}
        self.comments: dict[str, QLineEdit] = {}
        self._dirty = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save)
        self._build()
        self._show_review()

    # ------------------------------------------------------------ building

    def _open_review(self) -> ReviewRecord | None:
        review = reviews.review_of(self.store, self.document.id)
        if (review is None or review.final) and self.document.status in reviews.REVIEWABLE:
            review = reviews.start_review(self.store, self.document.id, load_settings(self.store).preparer)
        return review

    def _build(self) -> None:
        project = self.document.body.get("project") or {}
        self.title = _bold(
            f"{label('review.title')} — {project.get('name', '')}（{self.document.fiscal_year}年度）", 1.3
        )
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color: #5f6b7a;")
        body = QWidget()
        items_layout = QVBoxLayout(body)
        checklist = self.review.checklist if self.review else reviews.load_checklist(self.store)
        for dimension, items in checklist.by_dimension():
            items_layout.addWidget(
                self._dimension_box(dimension, items, checklist.dimension_weight(dimension))
            )
        self.overall = QLineEdit()
        self.overall.setObjectName("overallComment")
        self.overall.setPlaceholderText("总体审核意见：结论及需修改的内容（等级为良、中、差时请填写）")
        self.overall.textChanged.connect(self._on_edited)
        self.overall.editingFinished.connect(self._on_committed)
        items_layout.addWidget(self.overall)
        items_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.total_label, self.grade_label, self.consequence_label = (_bold("", 1.25) for _ in range(3))
        self.result_bar = QFrame()
        self.result_bar.setObjectName("resultBar")
        bar = QHBoxLayout(self.result_bar)
        bar.setSpacing(24)
        for widget in (self.total_label, self.grade_label, self.consequence_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.progress_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.full_button = QPushButton("未评分项记满分")
        self.full_button.clicked.connect(self.fill_unscored_with_full_marks)
        self.save_button = QPushButton(label("review.save"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.finalise_button = QPushButton(f"{label('review.finalise')}…")
        self.finalise_button.clicked.connect(self.finalise)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)
        for button in (self.full_button, self.save_button, self.finalise_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.result_bar)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _dimension_box(self, dimension: str, items: tuple[ChecklistItem, ...], weight: Decimal) -> QGroupBox:
        box = QGroupBox(f"{label(f'review.dimension.{dimension}')}（{show_score(weight)} 分）")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        for row, item in enumerate(items):
            text = QLabel(
                f"<b>{html.escape(item.text)}</b><br><span style='color:#5f6b7a'>{html.escape(item.guidance)}</span>"
            )
            text.setWordWrap(True)
            text.setToolTip(f"{label('review.guidance')}：{item.guidance}" if item.guidance else "")
            spin = ScoreBox(item)
            spin.valueChanged.connect(self._on_committed)
            comment = QLineEdit()
            comment.setObjectName(f"comment_{item.key}")
            comment.setPlaceholderText(label("review.comment"))
            comment.textChanged.connect(self._on_edited)
            comment.editingFinished.connect(self._on_committed)
            self.scores[item.key], self.comments[item.key] = spin, comment
            grid.addWidget(text, row, 0)
            grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(comment, row, 2, Qt.AlignmentFlag.AlignTop)
        return box

    # ------------------------------------------------------------ showing

    def _show_review(self) -> None:
        review = self.review
        if review is not None:
            for key, spin in self.scores.items():
                spin.blockSignals(True)
                spin.set_score(review.sheet.score(key))
                spin.blockSignals(False)
                self.comments[key].setText(review.sheet.comments.get(key, ""))
            self.overall.setText(review.sheet.overall_comment)
        editable = review is not None and not review.final
        for widget in (*self.scores.values(), *self.comments.values(), self.overall):
            widget.setEnabled(editable)
        for button in (self.full_button, self.save_button, self.finalise_button):
            button.setEnabled(editable)
        self.subtitle.setText(self._subtitle())
        self._show_result()

    def _subtitle(self) -> str:
        unit = (self.document.body.get("unit") or {}).get("name", "")
        parts = [unit, f"{label('form.targets')}：{self.document.status_label}"]
        if self.review is None:
            parts.append("此表尚未标记完成，不能审核")
        else:
            parts.append(f"{self.review.status_label}，{label('review.reviewer')} {self.review.reviewer}")
            parts.append(self.review.checklist.title)
        return "　｜　".join(p for p in parts if p)

    def sheet(self) -> ReviewSheet:
        """What the panel holds now."""
        return ReviewSheet(
            {key: spin.score() for key, spin in self.scores.items()},
            {key: edit.text().strip() for key, edit in self.comments.items()},
            self.overall.text().strip(),
        )

    def result(self) -> ReviewResult | None:
        if self.review is None:
            return None
        return (
            self.review.result() if self.review.final else grade_review(self.sheet(), self.review.checklist)
        )

    def _show_result(self) -> None:
        result = self.result()
        if result is None:
            for widget in (self.total_label, self.grade_label, self.consequence_label):
                widget.clear()
            return
        total = f"{label('review.total')} {show_score(result.total)}"
        if result.scored < result.item_count:
            total += f"（已评 {result.scored}/{result.item_count} 项）"
        self.total_label.setText(total)
        if result.settled:
            self.grade_label.setText(f"{label('review.grade')} {result.grade_label}")
            self.consequence_label.setText(result.consequence)
        else:  # the unscored items can still change the grade: say between which
            best = label(f"grade.{result.best_grade}")
            self.grade_label.setText(f"{label('review.grade')} 待定（{result.grade_label}～{best}）")
            self.consequence_label.setText("评完全部要点后确定")
        background, color = grade_colors(result.grade if result.settled else "")
        self.result_bar.setStyleSheet(
            f"QFrame#resultBar {{ background: {background}; border: 1px solid {color}; border-radius: 4px; }}"
            f"QFrame#resultBar QLabel {{ color: {color}; }}"
        )
        missing = {f.field.split(".")[1] for f in result.errors if f.code == "review.comment_missing"}
        for key, edit in self.comments.items():
            mark_invalid(edit, key in missing)
        progress = f"已评分 {result.scored}/{result.item_count} 项"
        if missing:
            progress += f"，{len(missing)} 项扣分未写审核意见"
        elif result.can_finalise and result.findings:  # only the warning: no overall opinion
            progress += "，建议填写总体审核意见"
        if self.review is not None and self.review.final:
            progress = f"{label('review.status.final')}，不能修改"
        self.progress_label.setText(progress)

    # ------------------------------------------------------------ acting

    def fill_unscored_with_full_marks(self) -> None:
        """未评分项记满分: the reviewer then takes points off where something is wrong."""
        for key, spin in self.scores.items():
            if spin.score() is None and self.review is not None:
                spin.set_score(self.review.checklist.item(key).weight)

    def save(self) -> bool:
        """Store what the panel holds (a draft may be incomplete); False when nothing could be saved."""
        self._autosave.stop()
        if self.review is None or self.review.final:
            return False
        try:
            self.review = reviews.save_review(self.store, self.review.id, self.sheet())
        except ValidationFailed as refused:
            self._show_findings("不能保存", refused.findings)
            return False
        self._dirty = False
        self.review_saved.emit(self.review)
        return True

    def finalise(self) -> bool:
        """定稿 after asking; the refusal's reasons are shown under the total."""
        if self.review is None or self.review.final:
            return False
        result = self.result()
        assert result is not None
        if result.can_finalise:
            question = (
                f"审核得分 {show_score(result.total)}，等级“{result.grade_label}”：{result.consequence}。\n"
                f"定稿后不能再修改，此表将{'审核通过' if result.budget_allowed else '退回填报单位'}。确定定稿吗？"
            )
            if not prompts.confirm(self, label("review.finalise"), question):
                return False
        try:
            self.review = reviews.finalise_review(self.store, self.review.id, self.sheet())
        except ValidationFailed as refused:
            self.review = reviews.review_of(self.store, self.document.id)
            self._show_findings("不能定稿", refused.findings)
            return False
        self._dirty = False
        self.document = forms.get_document(self.store, self.document.id)
        self.message.clear()
        self._show_review()
        self.review_finalised.emit(self.review)
        return True

    def _show_findings(self, head: str, findings: list[Finding]) -> None:
        shown = [f.message for f in findings[:6]]
        if len(findings) > 6:
            shown.append(f"……另有 {len(findings) - 6} 条")
        self._say(f"{head}：\n" + "\n".join(shown))

    def _on_edited(self) -> None:
        self._show_result()

    def _on_committed(self) -> None:
        self._dirty = True
        self.message.clear()
        self._show_result()
        self._autosave.start()

    def _on_save_button_clicked(self) -> None:
        if self.save():
            self._say("已保存", SAVED_COLOR)

    def _say(self, text: str, color: str = ERROR_COLOR) -> None:
        self.message.setStyleSheet(f"color: {color};")
        self.message.setText(text)

    def commit_pending(self) -> None:
        """Save what was typed but not yet stored (before the window closes)."""
        if self._dirty or self._autosave.isActive():
            self.save()
