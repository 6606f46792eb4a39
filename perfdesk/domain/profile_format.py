"""The JSON file format of a scoring profile, read strictly (the model is in :mod:`profiles`).

A profile file, e.g. ``resources/profiles/mof-2020.json`` (all fields required but ``description``
and a tier's ``aliases``; decimals as strings such as ``"50"``, never JSON floats)::

    {
      "format": "perfdesk-scoring-profile", "format_version": 1,
      "name": "mof-2020",                      letters, digits, - _ . (the file name without .json)
      "title": "…", "description": "…",       shown to people
      "weights": {"funds": "10",               预算执行; "0" = shown but not scored
                  "blocks": [{"categories": ["output"], "weight": "50"}, …]},
                                               every category (output, effect, satisfaction) in
                                               exactly one block; funds + blocks = 100
      "reverse": "ratio" | "linear",           reverse indicator over its limit
      "over_achievement": {"threshold_percent": "130", "deduction": "0"},
      "execution_cap": {"enabled": false, "steps": [{"below_percent": "80", "cap": "89"}, …]},
      "qualitative_tiers": [{"name": "达成年度指标", "aliases": ["达成"],
                             "low_percent": "80", "high_percent": "100"}, …],  top tier first
      "grades": [{"grade": "excellent", "min": "90"}, …, {"grade": "poor", "min": "0"}],
      "rounding": {"decimals": 2, "mode": "half_up" | "down"},
      "monitoring": {                          optional; all five keys when given
        "execution_base": "adjusted" | "initial",   执行率 ÷ 调整后预算数 or ÷ 年初预算数
        "red_below": "0.6", "yellow_below": "0.8", "blue_from": "1.2",
                                               indicator ratio bands: 0 ≤ red ≤ yellow ≤ 1 < blue
        "money_margin": "0.1"                  money light red below t − margin (0 to 1)
      }
    }

Any other key is refused, so that a misspelt setting never silently falls back to a default.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set as AbstractSet
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from perfdesk.domain.frameworks import WeightCategory
from perfdesk.domain.monitoring_settings import DEFAULT_MONITORING, ExecutionBase, MonitoringSettings
from perfdesk.domain.profiles import (
    FULL_SCORE,
    GRADE_KEYS,
    MAX_DECIMALS,
    PROFILE_FORMAT,
    PROFILE_FORMAT_VERSION,
    CapStep,
    GradeBand,
    ProfileError,
    ReverseRule,
    RoundingMode,
    ScoringProfile,
    Tier,
    WeightBlock,
    is_profile_name,
    tier_key,
)

_DECIMAL: Final = re.compile(r"-?\d+(?:\.\d+)?")


def read_profile_file(path: Path) -> ScoringProfile:
    """Read and validate one profile file; raises ProfileError naming the file and the field."""
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ProfileError("profile.unknown", f"找不到评分方案文件 {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError("profile.unreadable", f"无法读取评分方案文件 {path}：{exc}") from None
    try:
        raw = json.loads(data, parse_float=_Float)
    except json.JSONDecodeError as exc:
        raise ProfileError(
            "profile.not_json",
            f"评分方案文件 {path} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}",
        ) from None
    return parse_profile(raw, str(path))


class _Float(str):
    """A JSON number written with a decimal point, kept as its text so the field can be named."""


def parse_profile(raw: object, source: str = "") -> ScoringProfile:
    """Validate the decoded JSON of a profile; raises ProfileError naming ``source`` and the field."""
    return _Reader(source or "（未命名）").profile(raw)


class _Reader:
    """Strict reading of a profile's JSON; every problem names the file and the field path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> ProfileError:
        return ProfileError("profile.invalid", f"评分方案文件 {self.source} 的字段 {field}：{problem}")

    def obj(
        self, value: object, field: str, required: AbstractSet[str], optional: AbstractSet[str] = frozenset()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, "应为一个对象（{ … }）")
        unknown = sorted(set(value) - required - optional)
        if unknown:
            allowed = "、".join(sorted(required | optional))
            raise self.fail(f"{field}.{unknown[0]}", f"不认识这个字段，允许的字段：{allowed}")
        missing = sorted(required - set(value))
        if missing:
            raise self.fail(f"{field}.{missing[0]}", "缺少此字段")
        return value

    def items(self, value: object, field: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise self.fail(field, "应为非空列表（[ … ]）")
        return value

    def text(self, value: object, field: str) -> str:
        if not isinstance(value, str) or isinstance(value, _Float) or not value.strip():
            raise self.fail(field, "应为非空文字")
        return value.strip()

    def choice(self, value: object, field: str, options: tuple[str, ...]) -> str:
        if value not in options:
            raise self.fail(field, f"为 {value!r}，应为 {'、'.join(options)} 之一")
        return str(value)

    def number(self, value: object, field: str, low: Decimal, high: Decimal | None = None) -> Decimal:
        if isinstance(value, _Float):
            raise self.fail(field, f'写成了小数 {value}，请写成字符串（如 "{value}"），以免失去精度')
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(field, f'为 {value!r}，应为写成字符串的数字，例如 "50"')
        text = str(value).strip()
        if not _DECIMAL.fullmatch(text):
            raise self.fail(field, f'“{text}”不是数字，例如 "50" 或 "12.5"')
        number = Decimal(text)
        if number < low or (high is not None and number > high):
            upper = f"不超过 {high}" if high is not None else ""
            raise self.fail(field, f"{text} 超出范围，应不小于 {low}{upper}")
        return number

    def profile(self, raw: object) -> ScoringProfile:
        keys = {"format", "format_version", "name", "title", "weights", "reverse", "over_achievement"}
        keys |= {"execution_cap", "qualitative_tiers", "grades", "rounding"}
        data = self.obj(raw, "（根）", keys, {"description", "monitoring"})
        if data["format"] != PROFILE_FORMAT:
            raise self.fail("format", f'应为 "{PROFILE_FORMAT}"，这个文件不是评分方案')
        version = data["format_version"]
        if isinstance(version, bool) or version != PROFILE_FORMAT_VERSION:
            raise self.fail("format_version", f"为 {version!r}，本程序支持版本 1")
        name = self.text(data["name"], "name")
        if not is_profile_name(name):
            raise self.fail("name", f"“{name}”只能由字母、数字、-、_、. 组成（不超过 64 个字符）")
        description = data.get("description", "")
        if not isinstance(description, str):
            raise self.fail("description", "应为文字")
        funds, blocks = self.weights(data["weights"])
        over = self.obj(data["over_achievement"], "over_achievement", {"threshold_percent", "deduction"})
        cap_enabled, cap_steps = self.cap(data["execution_cap"])
        rounding = self.obj(data["rounding"], "rounding", {"decimals", "mode"})
        decimals = rounding["decimals"]
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS:
            raise self.fail("rounding.decimals", f"为 {decimals!r}，应为 0 到 {MAX_DECIMALS} 的整数")
        return ScoringProfile(
            name=name,
            title=self.text(data["title"], "title"),
            description=description.strip(),
            funds_weight=funds,
            blocks=blocks,
            reverse=ReverseRule(self.choice(data["reverse"], "reverse", tuple(ReverseRule))),
            over_threshold_percent=self.number(
                over["threshold_percent"], "over_achievement.threshold_percent", Decimal(100)
            ),
            over_deduction=self.number(
                over["deduction"], "over_achievement.deduction", Decimal(0), FULL_SCORE
            ),
            cap_enabled=cap_enabled,
            cap_steps=cap_steps,
            tiers=self.tiers(data["qualitative_tiers"]),
            grades=self.grades(data["grades"]),
            decimals=decimals,
            rounding=RoundingMode(self.choice(rounding["mode"], "rounding.mode", tuple(RoundingMode))),
            monitoring=self.monitoring(data["monitoring"]) if "monitoring" in data else DEFAULT_MONITORING,
            source=self.source,
        )

    def weights(self, raw: object) -> tuple[Decimal, tuple[WeightBlock, ...]]:
        data = self.obj(raw, "weights", {"funds", "blocks"})
        funds = self.number(data["funds"], "weights.funds", Decimal(0), FULL_SCORE)
        blocks: list[WeightBlock] = []
        seen: set[WeightCategory] = set()
        for i, item in enumerate(self.items(data["blocks"], "weights.blocks")):
            field = f"weights.blocks[{i}]"
            block = self.obj(item, field, {"categories", "weight"})
            categories = []
            for j, value in enumerate(self.items(block["categories"], f"{field}.categories")):
                where = f"{field}.categories[{j}]"
                category = WeightCategory(self.choice(value, where, tuple(WeightCategory)))
                if category in seen:
                    raise self.fail(where, f"{category.label}已出现在前面的分组中，每一类只能计分一次")
                seen.add(category)
                categories.append(category)
            weight = self.number(block["weight"], f"{field}.weight", Decimal(0), FULL_SCORE)
            blocks.append(WeightBlock(tuple(categories), weight))
        missing = [c for c in WeightCategory if c not in seen]
        if missing:
            raise self.fail("weights.blocks", f"缺少{missing[0].label}（{missing[0].value}）的分值")
        total = funds + sum((b.weight for b in blocks), Decimal(0))
        if total != FULL_SCORE:
            raise self.fail("weights", f"预算执行与各分组分值合计 {total}，应为 100")
        return funds, tuple(blocks)

    def cap(self, raw: object) -> tuple[bool, tuple[CapStep, ...]]:
        data = self.obj(raw, "execution_cap", {"enabled", "steps"})
        if not isinstance(data["enabled"], bool):
            raise self.fail("execution_cap.enabled", "应为 true 或 false")
        steps = []
        for i, item in enumerate(self.items(data["steps"], "execution_cap.steps")):
            field = f"execution_cap.steps[{i}]"
            step = self.obj(item, field, {"below_percent", "cap"})
            steps.append(
                CapStep(
                    self.number(step["below_percent"], f"{field}.below_percent", Decimal(0), FULL_SCORE),
                    self.number(step["cap"], f"{field}.cap", Decimal(0), FULL_SCORE),
                )
            )
        return data["enabled"], tuple(steps)

    def tiers(self, raw: object) -> tuple[Tier, ...]:
        tiers: list[Tier] = []
        seen: set[str] = set()
        for i, item in enumerate(self.items(raw, "qualitative_tiers")):
            field = f"qualitative_tiers[{i}]"
            data = self.obj(item, field, {"name", "low_percent", "high_percent"}, {"aliases"})
            aliases = data.get("aliases", [])
            if not isinstance(aliases, list):
                raise self.fail(f"{field}.aliases", "应为文字列表")
            names = [self.text(data["name"], f"{field}.name")]
            names += [self.text(alias, f"{field}.aliases[{j}]") for j, alias in enumerate(aliases)]
            names = [tier_key(n) for n in names]
            for name in names:
                if name in seen:
                    raise self.fail(field, f"档次名称“{name}”重复")
                seen.add(name)
            low = self.number(data["low_percent"], f"{field}.low_percent", Decimal(0), FULL_SCORE)
            high = self.number(data["high_percent"], f"{field}.high_percent", Decimal(0), FULL_SCORE)
            if low >= high:
                raise self.fail(field, f"下限 {low}% 应小于上限 {high}%")
            tiers.append(Tier(names[0], tuple(names[1:]), low, high))
        return tuple(tiers)

    def monitoring(self, raw: object) -> MonitoringSettings:
        keys = {"execution_base", "red_below", "yellow_below", "blue_from", "money_margin"}
        data = self.obj(raw, "monitoring", keys)
        base = ExecutionBase(
            self.choice(data["execution_base"], "monitoring.execution_base", tuple(ExecutionBase))
        )
        one = Decimal(1)
        red = self.number(data["red_below"], "monitoring.red_below", Decimal(0), one)
        yellow = self.number(data["yellow_below"], "monitoring.yellow_below", red, one)
        blue = self.number(data["blue_from"], "monitoring.blue_from", one, Decimal(100))
        if blue == one:
            raise self.fail("monitoring.blue_from", "应大于 1：按进度正好完成（比率 1）应为绿灯")
        margin = self.number(data["money_margin"], "monitoring.money_margin", Decimal(0), one)
        return MonitoringSettings(base, red, yellow, blue, margin)

    def grades(self, raw: object) -> tuple[GradeBand, ...]:
        grades: list[GradeBand] = []
        for i, item in enumerate(self.items(raw, "grades")):
            field = f"grades[{i}]"
            data = self.obj(item, field, {"grade", "min"})
            key = self.choice(data["grade"], f"{field}.grade", GRADE_KEYS)
            minimum = self.number(data["min"], f"{field}.min", Decimal(0), FULL_SCORE)
            if grades and (minimum >= grades[-1].minimum or key in {g.key for g in grades}):
                raise self.fail(field, "等级应从高到低排列，分数线逐级降低且不重复")
            grades.append(GradeBand(key, minimum))
        if grades[-1].minimum != 0:
            raise self.fail(f"grades[{len(grades) - 1}].min", "最低一档的分数线应为 0")
        return tuple(grades)
