"""Scoring profiles (评分方案): every number of FORMS.md §5.1 as data the county can replace.

A profile is a JSON file. The shipped ones live in ``resources/profiles/<name>.json``; a county
distributes its own the same way (or passes a path). :func:`load_profile` reads one and checks it
strictly: a profile decides people's scores, so an unknown key, a float, a weight that does not add
up or a band outside 0–100 % is refused with a Chinese message naming the file and the field.

Decisions:
- Weights come in **blocks**: a block is one or more weight categories (产出 / 效益 / 满意度) with the
  points they share. ``mof-2020`` has one block per category (50 / 30 / 10); a "free split of 90" is
  one block holding all three. ``funds`` (预算执行) plus the blocks must make 100, the full score the
  grades are read against; the blocks' sum is the profile's indicator total.
- ``weights-70-20-10`` reads "70/20/10" as 产出 70, 效益 20, 满意度 10 with 预算执行 **not scored**
  (``funds`` 0, indicator total 100): the three figures already make 100, and the older provincial
  forms that use this split show 执行率 without points.
- Qualitative bands follow 财预〔2020〕10号: a tier's lower bound is included, its upper bound is
  not, except an upper bound of 100 % (达成 80–100 % inclusive, 部分达成 60 % up to but not 80 %).
- Decimals are written as strings (``"50"``) or integers; a JSON float is refused because it is
  not exact.
- The monitoring traffic lights (FORMS.md §4) are part of the profile too
  (:class:`~perfdesk.domain.monitoring_settings.MonitoringSettings`); the section is optional in a
  file, so older county profiles keep loading with the national defaults.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Final

from perfdesk.domain import labels
from perfdesk.domain.frameworks import WeightCategory
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, MonitoringSettings
from perfdesk.domain.text import normalize_width
from perfdesk.paths import resource_path

DEFAULT_PROFILE: Final = "mof-2020"
PROFILE_FORMAT: Final = "perfdesk-scoring-profile"
PROFILE_FORMAT_VERSION: Final = 1
FULL_SCORE: Final = Decimal(100)
GRADE_KEYS: Final = ("excellent", "good", "fair", "poor")
MAX_DECIMALS: Final = 4
_QUANTA: Final = tuple(Decimal(1).scaleb(-places) for places in range(MAX_DECIMALS + 1))

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SPACES = re.compile(r"\s+")


def is_profile_name(text: str) -> bool:
    """Letters, digits, ``-``, ``_`` and ``.``, up to 64 characters: a name, never a path."""
    return _NAME.fullmatch(text) is not None


def tier_key(text: str) -> str:
    """A tier name as matched: width folded and spaces dropped."""
    return _SPACES.sub("", normalize_width(text))


class ProfileError(ValueError):
    """A profile that cannot be used; ``code`` is stable, the message names the file and field."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ReverseRule(StrEnum):
    """How a reverse indicator (≤, <) over its limit is scored."""

    RATIO = "ratio"  # weight × target ÷ actual
    LINEAR = "linear"  # weight × (1 − (actual − target) ÷ target), 0 at twice the target


class RoundingMode(StrEnum):
    HALF_UP = "half_up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class WeightBlock:
    """Categories that share ``weight`` points, e.g. (产出,) with 50."""

    categories: tuple[WeightCategory, ...]
    weight: Decimal
    _label: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Named in every category-weight message: written once (enum labels are slow to read).
        object.__setattr__(self, "_label", "、".join(category.label for category in self.categories))

    @property
    def label(self) -> str:
        return self._label


@dataclass(frozen=True, slots=True)
class Tier:
    """A qualitative tier and its band in percent of the weight (lower included, upper not, but 100)."""

    name: str
    aliases: tuple[str, ...]
    low_percent: Decimal
    high_percent: Decimal
    _percents: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Shown in the explanation of every qualitative score: written once.
        percents = f"{self.low_percent.normalize():f}%–{self.high_percent.normalize():f}%"
        object.__setattr__(self, "_percents", percents)

    @property
    def percents(self) -> str:
        """The band as people write it: ``80%–100%``."""
        return self._percents

    def band(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        return weight * self.low_percent / 100, weight * self.high_percent / 100

    def contains(self, score: Decimal, weight: Decimal) -> bool:
        low, high = self.band(weight)
        return low <= score and (score < high or (self.high_percent == FULL_SCORE and score <= high))

    def matches(self, text: str) -> bool:
        if text == self.name:
            return True
        key = tier_key(text)
        return key == self.name or key in self.aliases


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade (``excellent`` → 优) reached from ``minimum`` points up."""

    key: str
    minimum: Decimal

    @property
    def label(self) -> str:
        return labels.label(f"grade.{self.key}")


@dataclass(frozen=True, slots=True)
class CapStep:
    """Below ``below_percent`` 执行率 the total is capped at ``cap``."""

    below_percent: Decimal
    cap: Decimal


@dataclass(frozen=True, slots=True)
class ScoringProfile:
    """One scoring profile, validated; its file format is described in :mod:`profile_format`."""

    name: str
    title: str
    description: str
    funds_weight: Decimal
    blocks: tuple[WeightBlock, ...]
    reverse: ReverseRule
    over_threshold_percent: Decimal
    over_deduction: Decimal
    cap_enabled: bool
    cap_steps: tuple[CapStep, ...]
    tiers: tuple[Tier, ...]
    grades: tuple[GradeBand, ...]
    decimals: int
    rounding: RoundingMode
    monitoring: MonitoringSettings = DEFAULT_MONITORING
    source: str = dataclasses.field(default="", compare=False)
    _quantum: Decimal = dataclasses.field(init=False, repr=False, compare=False)
    _mode: str = dataclasses.field(init=False, repr=False, compare=False)
    _hash: int = dataclasses.field(init=False, repr=False, compare=False)
    _indicator_total: Decimal = dataclasses.field(init=False, repr=False, compare=False)
    _full_score: Decimal = dataclasses.field(init=False, repr=False, compare=False)
    _block_of: dict[WeightCategory, int] = dataclasses.field(init=False, repr=False, compare=False)
    _tier_of_name: dict[str, Tier] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every score of every sheet is rounded, checked against the full score and counted in a
        # block, and scores are cached per profile: work out the constants, the block of each
        # category and the hash once instead of on each call.
        mode = ROUND_HALF_UP if self.rounding is RoundingMode.HALF_UP else ROUND_DOWN
        object.__setattr__(self, "_quantum", _QUANTA[self.decimals])
        object.__setattr__(self, "_mode", mode)
        total = sum((block.weight for block in self.blocks), Decimal(0))
        object.__setattr__(self, "_indicator_total", total)
        object.__setattr__(self, "_full_score", self.funds_weight + total)
        block_of: dict[WeightCategory, int] = {}
        for i, block in enumerate(self.blocks):
            for category in block.categories:
                block_of.setdefault(category, i)  # the first block holding it, as a search finds it
        object.__setattr__(self, "_block_of", block_of)
        # A tier chosen from the list arrives as its exact name: its answer, found the long way once.
        named = {tier.name: self._first_tier(tier.name) for tier in self.tiers}
        object.__setattr__(self, "_tier_of_name", {name: tier for name, tier in named.items() if tier})
        values = tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.compare)
        object.__setattr__(self, "_hash", hash(values))

    def __hash__(self) -> int:
        return self._hash

    @property
    def indicator_total(self) -> Decimal:
        """The points the indicators share (90 in mof-2020): what their weights must add up to."""
        return self._indicator_total

    @property
    def full_score(self) -> Decimal:
        return self._full_score

    def round(self, value: Decimal) -> Decimal:
        """A score rounded the profile's way (default half up to 2 decimals)."""
        return value.quantize(self._quantum, rounding=self._mode)

    def show(self, value: Decimal) -> str:
        """A score as text with the profile's decimals: ``19.20``."""
        return f"{self.round(value):.{self.decimals}f}"

    def block_index(self, category: WeightCategory) -> int:
        """The position in ``blocks`` of the block that holds ``category`` (every one is in one)."""
        return self._block_of[category]

    @property
    def block_of(self) -> Mapping[WeightCategory, int]:
        """``block_index`` of every category, as a table (for loops over many rows)."""
        return self._block_of

    def tier_named(self, text: str) -> Tier | None:
        return self._tier_of_name.get(text) or self._first_tier(text)

    def _first_tier(self, text: str) -> Tier | None:
        return next((tier for tier in self.tiers if tier.matches(text)), None)

    def grade_of(self, total: Decimal) -> GradeBand:
        return next((g for g in self.grades if total >= g.minimum), self.grades[-1])

    def cap_for(self, rate_percent: Decimal) -> CapStep | None:
        """The lowest cap whose threshold the 执行率 is below, when the cap is on."""
        if not self.cap_enabled:
            return None
        steps = [step for step in self.cap_steps if rate_percent < step.below_percent]
        return min(steps, key=lambda step: step.cap, default=None)


def profiles_dir() -> Path:
    return resource_path("profiles")


def list_profiles() -> tuple[ScoringProfile, ...]:
    """Every shipped profile, ``mof-2020`` first, then by name."""
    names = sorted(path.stem for path in profiles_dir().glob("*.json"))
    names.sort(key=lambda name: name != DEFAULT_PROFILE)
    return tuple(load_profile(name) for name in names)


def load_profile(name_or_path: str | Path = DEFAULT_PROFILE) -> ScoringProfile:
    """A shipped profile by name (``"mof-2020"``) or a profile file by path; raises ProfileError."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".json") or "/" in text or "\\" in text:
        return read_profile_file(Path(name_or_path).expanduser())
    return named_profile(text)


@cache
def named_profile(name: str) -> ScoringProfile:
    """A shipped profile by name only (never a path: a document's ``profile`` field goes here)."""
    path = profiles_dir() / f"{name}.json"
    if not is_profile_name(name) or not path.is_file():
        known = "、".join(sorted(p.stem for p in profiles_dir().glob("*.json")))
        raise ProfileError("profile.unknown", f"没有名为“{name}”的评分方案，可用的方案：{known}")
    profile = read_profile_file(path)
    if profile.name != name:
        raise ProfileError(
            "profile.invalid", f"评分方案文件 {path} 的字段 name 为“{profile.name}”，应与文件名“{name}”一致"
        )
    return profile


def read_profile_file(path: Path) -> ScoringProfile:
    """Read and validate one profile file; raises ProfileError naming the file and the field."""
    # The file format builds the classes above, so it is imported here rather than at the top.
    from perfdesk.domain.profile_format import read_profile_file as read

    return read(path)
