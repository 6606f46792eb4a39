"""The numbers of the monitoring traffic lights (FORMS.md §4), as a part of the scoring profile.

Every threshold is a profile default, never a constant in a rule: a county's profile may carry a
``"monitoring"`` section (read in :mod:`perfdesk.domain.profile_format`); a profile without one
uses :data:`DEFAULT_MONITORING`, the national defaults below. This module holds data only, so that
both the profile model and the light rules can import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from perfdesk.domain import labels


class ExecutionBase(StrEnum):
    """What 执行率 divides by: 调整后预算数 (the default) or 年初预算数."""

    ADJUSTED = "adjusted"
    INITIAL = "initial"

    @property
    def label(self) -> str:
        return labels.label(f"field.funds.{self.value}")


@dataclass(frozen=True, slots=True)
class MonitoringSettings:
    """Light thresholds of one profile.

    An indicator's ratio r (actual ÷ time-shared target) is red below ``red_below``, yellow below
    ``yellow_below``, green below ``blue_from`` and blue from there on. The money light is red below
    t − ``money_margin`` and yellow below t, where t = month ÷ 12.
    """

    execution_base: ExecutionBase = ExecutionBase.ADJUSTED
    red_below: Decimal = Decimal("0.6")
    yellow_below: Decimal = Decimal("0.8")
    blue_from: Decimal = Decimal("1.2")
    money_margin: Decimal = Decimal("0.1")


DEFAULT_MONITORING: Final = MonitoringSettings()
