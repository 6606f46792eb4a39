"""The columns of the self-evaluation's indicator grid: what each holds, the rules of a typed cell
(``validate_cell``), and where a finding's field sits (``cell_of``).

一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 完成档次 | 分值 | 得分 | 不适用 | 偏差原因分析及改进措施: the
printed form's columns (FORMS.md §5) with the two the screen needs to score a row, 完成档次 for a
qualitative indicator and the 不适用 box. The colours say what a cell is: carried over from the
targets (grey), an overridden score (violet), a finding of 全审 (red, amber).
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from perfdesk.domain.indicator_value import IndicatorValueError, format_number
from perfdesk.domain.labels import label
from perfdesk.domain.paste import read_weight, tidy_text
from perfdesk.domain.profiles import ScoringProfile, Tier
from perfdesk.domain.scoring import IndicatorScore
from perfdesk.domain.scoring_rules import read_actual, read_points, read_target

(COL_LV1, COL_LV2, COL_LV3, COL_VALUE, COL_ACTUAL, COL_TIER, COL_WEIGHT, COL_SCORE, COL_NA,
 COL_REASON) = range(10)  # fmt: skip
FIELDS: Final = ("lv1", "lv2", "lv3", "value", "actual", "tier", "weight", "score", "na", "reason")
HEADERS: Final = (
    *(label(f"indicator.{key}") for key in ("lv1", "lv2", "lv3", "annual_value", "actual")),
    label("selfeval.tier"), label("indicator.weight"), label("score.score"), label("selfeval.na"),
    label("selfeval.reason"),
)  # fmt: skip
CARRIED: Final = frozenset({COL_LV1, COL_LV2, COL_LV3, COL_VALUE})
UNSCORED: Final = frozenset({"score.actual", "score.tier", "score.tier_score", "score.value", "score.weight"})
COLUMN_OF: Final = {**{name: i for i, name in enumerate(FIELDS)}, "override": COL_SCORE, "hint": COL_ACTUAL}
HEADER_TIPS: Final = {
    COL_VALUE: "取自已完成的绩效目标表，不在此修改",
    COL_TIER: "定性指标选择完成档次，再在“得分”栏填写档次范围内的得分",
    COL_SCORE: "悬停查看计分过程。定性指标在此填写得分；定量指标的得分自动计算，"
    "确需按判断调整的，双击或右键“调整得分…”并写明理由",
    COL_NA: "勾选后该指标不计分，总分按其余分值折算为百分制；须写明不适用的原因",
}

CARRIED_BACKGROUND: Final = QBrush(QColor("#f3f5f7"))
ERROR_BACKGROUND: Final = QBrush(QColor("#fdecea"))
WARNING_BACKGROUND: Final = QBrush(QColor("#fff4dc"))
OVERRIDE_BACKGROUND: Final = QBrush(QColor("#efe6fa"))
OVERRIDE_TEXT: Final = QBrush(QColor("#5b2c83"))
MUTED_TEXT: Final = QBrush(QColor("#8a96a3"))
ITALIC = QFont()
ITALIC.setItalic(True)
BOLD = QFont()
BOLD.setBold(True)
CENTER: Final = int(Qt.AlignmentFlag.AlignCenter)


def cell_of(field: str) -> tuple[int, int] | None:
    """(row, column) of a finding field (``indicators[3].actual``; ``override.reason`` → 得分)."""
    if not field.startswith("indicators["):
        return None
    inside, _, rest = field[len("indicators[") :].partition("]")
    if not inside.isdigit():
        return None
    name = rest.removeprefix(".").partition(".")[0]
    return int(inside), COLUMN_OF.get(name, COL_LV3)


def is_qualitative(value_text: str) -> bool:
    """Whether a 年度指标值 is qualitative (scored by tier); an unreadable one counts as not."""
    try:
        return read_target(value_text).value.is_qualitative if value_text else False
    except (IndicatorValueError, ArithmeticError):
        return False


def unscored(score: IndicatorScore) -> bool:
    """A row the engine could not score yet (实际完成值, 完成档次 or 得分 missing or unreadable)."""
    return (
        not score.na
        and not score.overridden
        and score.computed == 0
        and any(f.code in UNSCORED for f in score.findings)
    )


def tier_label(tier: Tier) -> str:
    """A tier as the grid cell shows it: its first short name (达成, 部分达成 …), else its name."""
    return tier.aliases[0] if tier.aliases else tier.name


def validate_cell(
    value_text: str, column: int, text: str, profile: ScoringProfile
) -> tuple[dict[str, Any], str]:
    """The fields an edit of ``column`` in a row with 年度指标值 ``value_text`` would set, or the
    reason it is refused (in Chinese): an 实际完成值 the target cannot be read against, a 分值 or a
    得分 that is not a number, a 完成档次 the profile does not know."""
    typed = tidy_text(text)
    if column == COL_ACTUAL and typed and value_text and not is_qualitative(value_text):
        try:
            if read_actual(typed, read_target(value_text).value) is None:
                return {}, "实际完成值不能是占位符 **，请填写实际完成的数值"
        except IndicatorValueError as error:
            return {}, error.message
        except ArithmeticError:
            return {}, f"实际完成值“{typed}”超出可计分的范围，请核对"
    if column == COL_WEIGHT:
        weight, reason = read_weight(typed)
        return ({}, reason) if reason else ({"weight": weight}, "")
    if column == COL_TIER and typed:
        tier = profile.tier_named(typed)
        if tier is None:
            names = "、".join(t.name for t in profile.tiers)
            return {}, f"完成档次“{typed}”不认识，请选择：{names}"
        return {"tier": tier.name}, ""
    if column == COL_SCORE and typed:
        points = read_points(typed)
        if points is None:
            return {}, f"得分“{typed}”不是数字，请填写如 8 或 7.5"
        return {"score": format_number(points)}, ""
    return {FIELDS[column]: typed}, ""
