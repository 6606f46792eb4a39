"""The review outcome of a target sheet in one coloured line, for any window that shows the sheet.

``ReviewBanner.show_review(reviews.review_of(store, document_id))`` — hidden when the sheet was
never reviewed; 审核中 while a review is a draft; the grade, total, consequence, reviewer, date
and overall opinion once it is final. 差 is red and says 不得纳入预算.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from perfdesk.domain.labels import label
from perfdesk.services.reviews import ReviewRecord

GRADE_COLORS = {
    "excellent": ("#e7f5ec", "#1e6b3a"),
    "good": ("#e8f1fb", "#1d4f91"),
    "fair": ("#fdf2e3", "#8a5300"),
    "poor": ("#fbe9e7", "#b03a2e"),
}
"""Background and text colour per grade (差 red, as the project tree marks it)."""
PENDING_COLORS = ("#eef1f5", "#33414f")
POOR_COLOR = GRADE_COLORS["poor"][1]


def grade_colors(grade: str) -> tuple[str, str]:
    return GRADE_COLORS.get(grade, PENDING_COLORS)


@cache
def poor_icon() -> QIcon:
    """A red dot beside a project whose targets were graded 差 (made on first use: Qt must run)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(POOR_COLOR))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def review_line(review: ReviewRecord) -> str:
    """What the banner says, e.g. ``绩效目标审核：差（52 分）— 不得纳入预算。审核人 李明，2026-11-27 定稿。``"""
    title = label("review.title")
    if not review.final:
        return f"{title}：{review.status_label}（审核人 {review.reviewer}），审核定稿前不能纳入预算。"
    line = f"{title}：{review.grade_label}（{review.total.normalize():f} 分）— {review.consequence}。"
    when = f"，{review.reviewed_at.astimezone():%Y-%m-%d} 定稿" if review.reviewed_at else ""
    line += f"{label('review.reviewer')} {review.reviewer}{when}。"
    if review.sheet.overall_comment:
        line += f"{label('review.overall_comment')}：{review.sheet.overall_comment}"
    return line


class ReviewBanner(QFrame):
    """The review in force of one target sheet, or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text)
        self.hide()

    def show_review(self, review: ReviewRecord | None) -> None:
        if review is None:
            self.text.clear()
            self.hide()
            return
        background, color = grade_colors(review.grade if review.final else "")
        self.setStyleSheet(
            f"QFrame#reviewBanner {{ background: {background}; border: 1px solid {color}; border-radius: 4px; }}"
            f"QFrame#reviewBanner QLabel {{ color: {color}; font-weight: bold; }}"
        )
        self.text.setText(review_line(review))
        self.show()
