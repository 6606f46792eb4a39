"""The line over the sheet that says where the scores stand: 总分, 等级, 预算执行 + 指标, the 人工认定
(every departure from the rules, by row), and the 评分方案 chooser.

The total's tooltip is the engine's arithmetic (``total_explanation``); the overrides' tooltip
gives each one's computed score and reason. Choosing another profile emits ``profile_chosen``;
the editor makes the change (undoable) and scores again.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QWidget

from perfdesk.domain.labels import label
from perfdesk.domain.profiles import list_profiles
from perfdesk.domain.scoring import ScoreResult
from ui.review.banner import grade_colors
from ui.selfeval.columns import unscored

_BADGE = (
    "border-radius: 4px; padding: 2px 12px; font-size: 15pt; font-weight: bold; background: {0}; color: {1};"
)
OVERRIDE_COLOR = "#5b2c83"
INFO_COLOR = "#5f6b7a"
WAITING_COLOR = "#b9770e"
ERROR_COLOR = "#c0392b"


class ScoreBar(QFrame):
    """总分 and 等级 as they stand, with the profile they are read under.

    Signals:
        profile_chosen(str): the person picked another 评分方案 (its name).
    """

    profile_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreBar")
        self.setStyleSheet("QFrame#scoreBar { border-bottom: 1px solid #c8cdd3; }")
        self.total = QLabel()
        self.total.setObjectName("totalScore")
        self.total.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.grade = QLabel()
        self.grade.setObjectName("gradeBadge")
        self.grade.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.breakdown = QLabel()
        self.overrides = QLabel()
        self.overrides.setObjectName("overridesLine")
        self.overrides.setStyleSheet(f"color: {OVERRIDE_COLOR};")
        self.overrides.setWordWrap(True)
        self.profile_box = QComboBox()
        self.profile_box.setObjectName("profileChoice")
        self.profile_box.setToolTip("评分方案决定各类指标的分值、反向指标和超额完成的计分办法")
        for profile in list_profiles():
            self.profile_box.addItem(f"{profile.title}", profile.name)
        self.profile_box.activated.connect(self._on_profile_box_activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(12)
        layout.addWidget(self.total)
        layout.addWidget(self.grade)
        layout.addWidget(self.breakdown)
        layout.addWidget(self.overrides, 1)
        layout.addWidget(QLabel(label("score.profile") + "："))
        layout.addWidget(self.profile_box)

    def show_result(self, result: ScoreResult | None, profile_name: str, problem: str = "") -> None:
        """The scores of the sheet as it is now; ``problem`` when its profile cannot be used."""
        self.set_profile(profile_name)
        if result is None:
            self.total.setText(f"{label('score.total')} —")
            self.grade.setText("")
            self.grade.hide()
            self.breakdown.setText("")
            self.overrides.setText(problem)
            self.overrides.setStyleSheet(f"color: {ERROR_COLOR};")
            return
        show = result.profile.show
        indicators = sum((row.score for row in result.indicators if not row.na), Decimal(0))
        self.total.setText(f"{label('score.total')} {show(result.total)}")
        self.total.setToolTip(f"{label('score.explanation')}：{result.total_explanation}")
        background, color = grade_colors(result.grade_key)
        self.grade.setText(f"{label('score.grade')} {result.grade}")
        self.grade.setStyleSheet(_BADGE.format(background, color))
        self.grade.setToolTip("优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60；中、差影响下年预算安排")
        self.grade.show()
        waiting = sum(1 for row in result.indicators if unscored(row))
        rest = f"（{waiting} 项尚未计分，按 0 分计）" if waiting else ""
        funds = f"{label('selfeval.funds')} {show(result.funds_score)}"
        self.breakdown.setText(f"{funds} ＋ 指标 {show(indicators)}{rest}")
        self.breakdown.setStyleSheet(f"color: {WAITING_COLOR if waiting else INFO_COLOR};")
        self.breakdown.setToolTip(result.total_explanation)
        self.overrides.setStyleSheet(f"color: {OVERRIDE_COLOR};")
        if not result.overrides:
            self.overrides.setText("")
            self.overrides.setToolTip("")
            return
        names = "、".join(f"第{row.index + 1}行 {row.lv3}" for row in result.overrides)
        self.overrides.setText(f"{label('score.override')} {len(result.overrides)} 处：{names}")
        self.overrides.setToolTip(
            "\n".join(
                f"第{row.index + 1}行 {row.lv3}：认定 {show(row.score)}，计算 {show(row.computed)}；"
                f"理由：{row.override_reason}"
                for row in result.overrides
            )
        )

    def set_profile(self, name: str) -> None:
        found = self.profile_box.findData(name)
        if found < 0:
            self.profile_box.addItem(f"{name}（不可用）", name)
            found = self.profile_box.count() - 1
        self.profile_box.setCurrentIndex(found)

    def set_read_only(self, read_only: bool) -> None:
        self.profile_box.setEnabled(not read_only)

    def _on_profile_box_activated(self, index: int) -> None:
        self.profile_chosen.emit(str(self.profile_box.itemData(index)))
