"""Indicator frameworks (指标体系): the 一级/二级 tree of FORMS.md §3.1, as data.

A framework is a preset, not an enum: the two shipped presets live in :data:`FRAMEWORKS` under the
keys ``"classic"`` and ``"2021"``, and a county's own tree is built from the same dataclasses.

Decisions:
- Names are matched leniently (:func:`name_key`): width folded, spaces dropped and a trailing
  ``指标`` optional, so ``产出`` / ``产出指标`` / ``服务对象满意度`` all match; the preset's spelling
  is the one stored and shown (:meth:`Framework.canonical`).
- Each 一级 belongs to one scoring-weight category (产出 / 效益 / 满意度, FORMS.md §5.1). In the 2021
  preset 成本指标 counts under **产出**: the MoF 2020 weights (产出 50, 效益 30, 满意度 10) predate
  成本 as its own 一级, and 成本 was a part of 产出 until then, so its weight stays in that block.
- Time-shared by default in monitoring (FORMS.md §4): 数量指标 and every 二级 under 效益指标, which
  accumulate over the year; 质量, 时效, 成本 (all three 2021 成本 二级 too) and 满意度 are not.
- 满意度指标 is the one 一级 that may be left without indicators without a warning
  (:attr:`Level1.optional`); its weight then moves to 产出/效益.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Final

from perfdesk.domain import labels
from perfdesk.domain.text import normalize_width

OUTPUT: Final = "产出指标"
EFFECT: Final = "效益指标"
SATISFACTION: Final = "满意度指标"
COST: Final = "成本指标"
QUANTITY: Final = "数量指标"
QUALITY: Final = "质量指标"
TIMELINESS: Final = "时效指标"
ECONOMIC_EFFECT: Final = "经济效益指标"
SOCIAL_EFFECT: Final = "社会效益指标"
ECOLOGICAL_EFFECT: Final = "生态效益指标"
SUSTAINABLE_EFFECT: Final = "可持续影响指标"
BENEFICIARY_SATISFACTION: Final = "服务对象满意度指标"
ECONOMIC_COST: Final = "经济成本指标"
SOCIAL_COST: Final = "社会成本指标"
ECOLOGICAL_COST: Final = "生态环境成本指标"

CLASSIC: Final = "classic"
V2021: Final = "2021"
DEFAULT_FRAMEWORK: Final = CLASSIC


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The form of a 一级/二级 name used for matching: ``" 产出 指标 "`` → ``"产出"``.

    Remembered: the same few names are typed on every row of every sheet.
    """
    return _SPACES.sub("", normalize_width(name)).removesuffix("指标")


class WeightCategory(StrEnum):
    """The block of the score a 一级 counts under (FORMS.md §5.1: 产出 50, 效益 30, 满意度 10)."""

    OUTPUT = "output"
    EFFECT = "effect"
    SATISFACTION = "satisfaction"

    @property
    def label(self) -> str:
        return labels.label(f"indicator.category.{self.value}")


class UnknownFrameworkError(ValueError):
    """A framework key that no preset has (e.g. from an old settings file); the message is for people."""


@dataclass(frozen=True, slots=True)
class Level1:
    """One 一级指标 with its 二级 names, its weight category and whether it may stay empty."""

    name: str
    lv2: tuple[str, ...]
    category: WeightCategory
    optional: bool = False
    # name_key of a 二级 → its spelling here (the first one with that key), worked out once.
    _lv2_of_key: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keyed: dict[str, str] = {}
        for name in self.lv2:
            keyed.setdefault(name_key(name), name)
        object.__setattr__(self, "_lv2_of_key", keyed)


@dataclass(frozen=True, slots=True)
class Framework:
    """An indicator tree. ``time_shared`` holds the 二级 names time-shared by default in monitoring."""

    key: str
    lv1: tuple[Level1, ...]
    time_shared: frozenset[str]
    # name_key → the first 一级 with that key / the first 一级 holding a 二级 with that key: the
    # lenient matching of every row, precomputed per framework instead of re-keyed per call.
    _level_of_key: dict[str, Level1] = field(init=False, repr=False, compare=False)
    _owner_of_key: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        levels: dict[str, Level1] = {}
        owners: dict[str, str] = {}
        for level in self.lv1:
            levels.setdefault(name_key(level.name), level)
            for name in level.lv2:
                owners.setdefault(name_key(name), level.name)
        object.__setattr__(self, "_level_of_key", levels)
        object.__setattr__(self, "_owner_of_key", owners)

    @property
    def label(self) -> str:
        return labels.LABELS.get(f"framework.{self.key}", self.key)

    @property
    def lv1_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.lv1)

    def level1(self, lv1: str) -> Level1 | None:
        """The 一级 named ``lv1`` (leniently matched), or ``None``."""
        return self._level_of_key.get(name_key(lv1))

    def lv2_options(self, lv1: str) -> tuple[str, ...]:
        """The 二级 names under ``lv1``, in form order; empty for an unknown 一级."""
        level = self.level1(lv1)
        return level.lv2 if level else ()

    def canonical(self, lv1: str, lv2: str) -> tuple[str, str] | None:
        """The preset's spelling of the pair (``产出``, ``数量`` → ``产出指标``, ``数量指标``), or ``None``."""
        level = self.level1(lv1)
        if level is None:
            return None
        name = level._lv2_of_key.get(name_key(lv2))
        return None if name is None else (level.name, name)

    def is_valid(self, lv1: str, lv2: str) -> bool:
        """True when ``lv2`` is a 二级 of ``lv1`` in this framework."""
        return self.canonical(lv1, lv2) is not None

    def lv1_of(self, lv2: str) -> str | None:
        """The 一级 a 二级 belongs to (二级 names are unique within a preset), or ``None``."""
        return self._owner_of_key.get(name_key(lv2))

    def category_of(self, lv1: str) -> WeightCategory | None:
        """The scoring-weight category of a 一级, or ``None`` for an unknown one."""
        level = self.level1(lv1)
        return level.category if level else None

    def is_time_shared(self, lv1: str, lv2: str) -> bool:
        """Whether monitoring compares this indicator with the time share by default."""
        pair = self.canonical(lv1, lv2)
        return pair is not None and pair[1] in self.time_shared


_EFFECT_LV2: Final = (ECONOMIC_EFFECT, SOCIAL_EFFECT, ECOLOGICAL_EFFECT, SUSTAINABLE_EFFECT)
_EFFECT_LEVEL: Final = Level1(EFFECT, _EFFECT_LV2, WeightCategory.EFFECT)
_SATISFACTION_LEVEL: Final = Level1(
    SATISFACTION, (BENEFICIARY_SATISFACTION,), WeightCategory.SATISFACTION, optional=True
)
_TIME_SHARED: Final = frozenset({QUANTITY, *_EFFECT_LV2})

FRAMEWORKS: Final[Mapping[str, Framework]] = MappingProxyType(
    {
        CLASSIC: Framework(
            CLASSIC,
            (
                Level1(OUTPUT, (QUANTITY, QUALITY, TIMELINESS, COST), WeightCategory.OUTPUT),
                _EFFECT_LEVEL,
                _SATISFACTION_LEVEL,
            ),
            _TIME_SHARED,
        ),
        V2021: Framework(
            V2021,
            (
                Level1(COST, (ECONOMIC_COST, SOCIAL_COST, ECOLOGICAL_COST), WeightCategory.OUTPUT),
                Level1(OUTPUT, (QUANTITY, QUALITY, TIMELINESS), WeightCategory.OUTPUT),
                _EFFECT_LEVEL,
                _SATISFACTION_LEVEL,
            ),
            _TIME_SHARED,
        ),
    }
)


def get_framework(key: str | Framework = DEFAULT_FRAMEWORK) -> Framework:
    """The preset under ``key`` (``"classic"`` or ``"2021"``); a Framework is returned as is."""
    if isinstance(key, Framework):
        return key
    try:
        return FRAMEWORKS[key]
    except KeyError:
        known = "、".join(f"{k}（{f.label}）" for k, f in FRAMEWORKS.items())
        raise UnknownFrameworkError(f"没有名为“{key}”的指标体系，请在设置中选择：{known}") from None


def is_valid(lv1: str, lv2: str, framework: str | Framework = DEFAULT_FRAMEWORK) -> bool:
    """True when ``lv2`` is a 二级 of ``lv1`` in ``framework``."""
    return get_framework(framework).is_valid(lv1, lv2)


def lv2_options(lv1: str, framework: str | Framework = DEFAULT_FRAMEWORK) -> tuple[str, ...]:
    """The 二级 choices under ``lv1`` in ``framework``; empty for an unknown 一级."""
    return get_framework(framework).lv2_options(lv1)


def category_of(lv1: str, framework: str | Framework = DEFAULT_FRAMEWORK) -> WeightCategory | None:
    """The scoring-weight category of ``lv1`` in ``framework``."""
    return get_framework(framework).category_of(lv1)


def is_time_shared_by_default(lv1: str, lv2: str, framework: str | Framework = DEFAULT_FRAMEWORK) -> bool:
    """Whether a monitoring row starts out time-shared (the preparer can switch it per indicator)."""
    return get_framework(framework).is_time_shared(lv1, lv2)


def is_timeliness(lv2: str) -> bool:
    """A 时效 indicator (FORMS.md §3.3: should be a date, a rate or a duration)."""
    return name_key(lv2) == _TIMELINESS_KEY


def is_cost(lv1: str, lv2: str) -> bool:
    """A 成本 indicator in either preset: 二级 成本指标 (classic) or anything under 一级 成本指标 (2021)."""
    return name_key(lv2) == _COST_KEY or name_key(lv1) == _COST_KEY


_TIMELINESS_KEY: Final = name_key(TIMELINESS)
_COST_KEY: Final = name_key(COST)
