"""Scoring profiles: the shipped ones load, and a county's own file is checked strictly."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from perfdesk.domain.frameworks import WeightCategory
from perfdesk.domain.profiles import (
    DEFAULT_PROFILE,
    ProfileError,
    ReverseRule,
    list_profiles,
    load_profile,
    profiles_dir,
)

D = Decimal


def mof() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((profiles_dir() / "mof-2020.json").read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: object, name: str = "county.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_shipped_profiles() -> None:
    profiles = {p.name: p for p in list_profiles()}
    assert next(iter(profiles)) == DEFAULT_PROFILE
    assert set(profiles) >= {"mof-2020", "weights-70-20-10", "free-90", "provincial-cap"}
    default = profiles["mof-2020"]
    assert (default.funds_weight, default.indicator_total, default.full_score) == (D(10), D(90), D(100))
    assert [(b.categories, b.weight) for b in default.blocks] == [
        ((WeightCategory.OUTPUT,), D(50)),
        ((WeightCategory.EFFECT,), D(30)),
        ((WeightCategory.SATISFACTION,), D(10)),
    ]
    assert default.reverse is ReverseRule.RATIO
    assert (default.over_threshold_percent, default.over_deduction, default.cap_enabled) == (D(130), 0, False)
    assert [(g.label, g.minimum) for g in default.grades] == [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
    seventy = profiles["weights-70-20-10"]
    assert (seventy.funds_weight, seventy.indicator_total) == (D(0), D(100))
    assert [b.weight for b in seventy.blocks] == [D(70), D(20), D(10)]
    free = profiles["free-90"]
    assert len(free.blocks) == 1 and free.indicator_total == D(90)


def test_a_profile_by_path_and_by_name_are_equal() -> None:
    assert load_profile(profiles_dir() / "mof-2020.json") == load_profile("mof-2020")
    assert load_profile(str(profiles_dir() / "free-90.json")).name == "free-90"


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="没有名为“mof-2030”的评分方案") as caught:
        load_profile("mof-2030")
    assert caught.value.code == "profile.unknown" and "mof-2020" in str(caught.value)


def test_a_county_file_loads(tmp_path: Path) -> None:
    data = mof() | {"name": "county-a", "reverse": "linear"}
    data["grades"][0]["min"] = "85"
    profile = load_profile(write(tmp_path, data))
    assert (profile.name, profile.reverse, profile.grade_of(D("86")).label) == (
        "county-a",
        ReverseRule.LINEAR,
        "优",
    )


def edit(path: str, value: object) -> dict[str, Any]:
    """mof-2020 with one field (``a.b[0].c``) replaced, or removed when ``value`` is ``...``."""
    data = mof()
    keys = path.replace("[", ".").replace("]", "").split(".")
    target: Any = data
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last: Any = int(keys[-1]) if keys[-1].isdigit() else keys[-1]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        ("format", "something-else", "format", "不是评分方案"),
        ("format_version", 2, "format_version", "支持版本 1"),
        ("colour", "red", "（根）.colour", "不认识这个字段"),
        ("title", ..., "（根）.title", "缺少此字段"),
        ("name", "../evil", "name", "只能由字母"),
        ("weights.funds", "12", "weights", "合计 102，应为 100"),
        ("weights.funds", 10.5, "weights.funds", '写成了小数 10.5，请写成字符串（如 "10.5"）'),
        ("weights.funds", True, "weights.funds", "应为写成字符串的数字"),
        ("weights.funds", "十", "weights.funds", "不是数字"),
        (
            "weights.blocks[0].categories",
            ["output", "effect"],
            "weights.blocks[1].categories[0]",
            "已出现在前面",
        ),
        (
            "weights.blocks[2].categories",
            ["cost"],
            "weights.blocks[2].categories[0]",
            "应为 output、effect、satisfaction",
        ),
        ("weights.blocks[1].weight", "-30", "weights.blocks[1].weight", "超出范围"),
        ("reverse", "quadratic", "reverse", "应为 ratio、linear 之一"),
        ("over_achievement.threshold_percent", "90", "over_achievement.threshold_percent", "不小于 100"),
        ("execution_cap.enabled", "yes", "execution_cap.enabled", "true 或 false"),
        ("execution_cap.steps", [], "execution_cap.steps", "非空列表"),
        ("qualitative_tiers[0].low_percent", "100", "qualitative_tiers[0]", "下限 100% 应小于上限 100%"),
        ("qualitative_tiers[1].name", "达成", "qualitative_tiers[1]", "重复"),
        ("grades[1].min", "95", "grades[1]", "从高到低"),
        ("grades[3].min", "10", "grades[3].min", "最低一档的分数线应为 0"),
        ("grades[0].grade", "A", "grades[0].grade", "excellent"),
        ("rounding.decimals", 9, "rounding.decimals", "0 到 4"),
        ("rounding.mode", "half_even", "rounding.mode", "half_up、down"),
    ],
)
def test_a_broken_profile_is_refused_naming_file_and_field(
    tmp_path: Path, path: str, value: object, field: str, words: str
) -> None:
    file = write(tmp_path, edit(path, value))
    with pytest.raises(ProfileError) as caught:
        load_profile(file)
    message = str(caught.value)
    assert caught.value.code == "profile.invalid"
    assert f"评分方案文件 {file} 的字段 {field}：" in message
    assert words in message


def test_a_float_anywhere_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "county.json"
    file.write_text(json.dumps(mof()).replace('"130"', "130.0"), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"over_achievement\.threshold_percent：写成了小数 130\.0"):
        load_profile(file)


def test_a_file_that_is_not_json(tmp_path: Path) -> None:
    file = tmp_path / "county.json"
    file.write_text("{ weights: 10 }", encoding="utf-8")
    with pytest.raises(ProfileError, match="不是有效的 JSON：第 1 行第 3 列") as caught:
        load_profile(file)
    assert caught.value.code == "profile.not_json"
    with pytest.raises(ProfileError, match="找不到评分方案文件"):
        load_profile(tmp_path / "missing.json")


def test_tier_bands_include_the_lower_bound_and_exclude_the_upper_but_100() -> None:
    achieved, partly, _ = load_profile().tiers
    weight = D(10)
    assert achieved.contains(D(8), weight) and achieved.contains(D(10), weight)
    assert not partly.contains(D(8), weight) and partly.contains(D(6), weight)
    assert partly.percents == "60%–80%"
    assert (
        achieved.matches("达成") and achieved.matches(" 达成 年度指标") and not achieved.matches("部分达成")
    )
