"""Codes, settings and finding helpers shared by the target-sheet rules (FORMS.md §3.3).

Kept apart from :mod:`perfdesk.domain.target_rules` so the header rules and the indicator-table
rules (:mod:`perfdesk.domain.target_rules_indicators`) can both use them without importing each
other; import them from ``target_rules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import DEFAULT_FRAMEWORK, Framework


class TargetCode(StrEnum):
    """The stable finding codes of the target-sheet rules (besides the parser's ``value.*``)."""

    HEADER_MISSING = "target.header.missing"
    HEADER_INVALID = "target.header.invalid"
    GOALS_MISSING = "target.goals.missing"
    GOAL_SHORT = "target.goal.short"
    PLACEHOLDER = "target.placeholder"
    INDICATORS_MISSING = "target.indicators.missing"
    LV1_INVALID = "target.lv1.invalid"
    LV2_INVALID = "target.lv2.invalid"
    LV3_MISSING = "target.lv3.missing"
    LV3_TOO_LONG = "target.lv3.too_long"
    CORE_REMOVED = "target.core.removed"
    WEIGHT_MISSING = "target.weight.missing"
    WEIGHT_INVALID = "target.weight.invalid"
    WEIGHT_TOTAL = "target.weight.total"
    CATEGORY_EMPTY = "target.category.empty"
    OUTPUT_FEW_QUANTITATIVE = "target.output.few_quantitative"
    QUALITATIVE_SHARE = "target.qualitative.share"
    TIMELINESS_KIND = "target.timeliness.kind"
    COST_ABOVE_FUNDS = "target.cost.above_funds"


@dataclass(frozen=True, slots=True)
class TargetRuleSettings:
    """The numbers of the target rules; a scoring profile passes its own (FORMS.md: defaults only).

    ``framework`` is a preset key (``"classic"``, ``"2021"``) or a county's own :class:`Framework`;
    ``indicator_total`` is what the 分值 of all indicators must add up to when weights are given.
    """

    framework: str | Framework = DEFAULT_FRAMEWORK
    indicator_total: Decimal = Decimal(90)
    min_output_quantitative: int = 2
    max_qualitative_share: Fraction = Fraction(1, 3)
    min_goal_chars: int = 10
    max_lv3_chars: int = 100


DEFAULT: Final = TargetRuleSettings()


def error(code: str, field: str, message: str) -> Finding:
    return Finding(str(code), Severity.ERROR, field, message)


def warning(code: str, field: str, message: str) -> Finding:
    return Finding(str(code), Severity.WARNING, field, message)


def has_placeholder(text: str) -> bool:
    """True while a library placeholder (``*``, ``＊`` or ``××``) is left in a text."""
    return "*" in text or "＊" in text or "××" in text
