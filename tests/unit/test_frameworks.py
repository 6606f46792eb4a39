"""Indicator frameworks: the 一级/二级 trees of FORMS.md §3.1 and what scoring and monitoring read from them."""

from __future__ import annotations

import dataclasses

import pytest

from perfdesk.domain.frameworks import (
    CLASSIC,
    DEFAULT_FRAMEWORK,
    FRAMEWORKS,
    V2021,
    Framework,
    Level1,
    UnknownFrameworkError,
    WeightCategory,
    category_of,
    get_framework,
    is_cost,
    is_time_shared_by_default,
    is_timeliness,
    is_valid,
    lv2_options,
    name_key,
)
from perfdesk.domain.labels import LABELS

CLASSIC_TREE = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
TREE_2021 = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}


@pytest.mark.parametrize(("key", "tree"), [(CLASSIC, CLASSIC_TREE), (V2021, TREE_2021)])
def test_presets_hold_the_trees_of_the_forms(key: str, tree: dict[str, tuple[str, ...]]) -> None:
    framework = get_framework(key)
    assert framework.key == key
    assert {level.name: level.lv2 for level in framework.lv1} == tree
    assert framework.lv1_names == tuple(tree)
    for lv1, lv2s in tree.items():
        assert framework.lv2_options(lv1) == lv2s
        assert lv2_options(lv1, key) == lv2s


def test_the_two_presets_and_the_default() -> None:
    assert set(FRAMEWORKS) == {"classic", "2021"}
    assert DEFAULT_FRAMEWORK == "classic"
    assert get_framework() is FRAMEWORKS["classic"]


@pytest.mark.parametrize("key", ["classic", "2021"])
def test_each_preset_has_a_label(key: str) -> None:
    assert get_framework(key).label == LABELS[f"framework.{key}"]


def test_a_framework_passed_in_is_used_as_is() -> None:
    custom = Framework("county", (Level1("产出指标", ("数量指标",), WeightCategory.OUTPUT),), frozenset())
    assert get_framework(custom) is custom
    assert is_valid("产出指标", "数量指标", custom)
    assert not is_valid("效益指标", "社会效益指标", custom)
    assert custom.label == "county"


@pytest.mark.parametrize("key", ["", "Classic", "2020", "mof-2020", "经典"])
def test_an_unknown_key_is_a_clear_error(key: str) -> None:
    with pytest.raises(UnknownFrameworkError) as caught:
        get_framework(key)
    assert isinstance(caught.value, ValueError)
    assert "指标体系" in str(caught.value) and "classic" in str(caught.value)


def test_presets_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        FRAMEWORKS["mine"] = FRAMEWORKS["classic"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        FRAMEWORKS["classic"].key = "x"  # type: ignore[misc]


# (framework, lv1, lv2, valid)
PAIRS = [
    (CLASSIC, "产出指标", "数量指标", True),
    (CLASSIC, "产出指标", "质量指标", True),
    (CLASSIC, "产出指标", "时效指标", True),
    (CLASSIC, "产出指标", "成本指标", True),
    (CLASSIC, "效益指标", "经济效益指标", True),
    (CLASSIC, "效益指标", "社会效益指标", True),
    (CLASSIC, "效益指标", "生态效益指标", True),
    (CLASSIC, "效益指标", "可持续影响指标", True),
    (CLASSIC, "满意度指标", "服务对象满意度指标", True),
    (CLASSIC, "成本指标", "经济成本指标", False),
    (CLASSIC, "产出指标", "社会效益指标", False),
    (CLASSIC, "效益指标", "数量指标", False),
    (CLASSIC, "满意度指标", "满意度指标", False),
    (CLASSIC, "产出指标", "", False),
    (CLASSIC, "", "数量指标", False),
    (CLASSIC, "产出指标", "数量", True),
    (CLASSIC, "产出", "数量指标", True),
    (CLASSIC, "产出", "数量", True),
    (CLASSIC, " 产出 指标 ", "数量\u3000指标", True),
    (CLASSIC, "满意度", "服务对象满意度", True),
    (CLASSIC, "效益", "可持续影响", True),
    (CLASSIC, "产出指标", "数量指标指标", False),
    (CLASSIC, "产出指标", "指标", False),
    (V2021, "成本指标", "经济成本指标", True),
    (V2021, "成本指标", "社会成本指标", True),
    (V2021, "成本指标", "生态环境成本指标", True),
    (V2021, "成本", "生态环境成本", True),
    (V2021, "产出指标", "数量指标", True),
    (V2021, "产出指标", "时效指标", True),
    (V2021, "产出指标", "成本指标", False),
    (V2021, "效益指标", "社会效益指标", True),
    (V2021, "满意度指标", "服务对象满意度指标", True),
    (V2021, "成本指标", "数量指标", False),
]


@pytest.mark.parametrize(("key", "lv1", "lv2", "valid"), PAIRS)
def test_is_valid(key: str, lv1: str, lv2: str, valid: bool) -> None:
    assert is_valid(lv1, lv2, key) is valid
    assert get_framework(key).is_valid(lv1, lv2) is valid


@pytest.mark.parametrize(
    ("key", "lv1", "lv2", "canonical"),
    [
        (CLASSIC, "产出", "数量", ("产出指标", "数量指标")),
        (CLASSIC, "满意度", "服务对象满意度", ("满意度指标", "服务对象满意度指标")),
        (CLASSIC, "效益指标", "社会效益", ("效益指标", "社会效益指标")),
        (V2021, "成本", "经济成本", ("成本指标", "经济成本指标")),
        (CLASSIC, "成本", "经济成本", None),
        (CLASSIC, "产出", "社会效益", None),
    ],
)
def test_canonical_spelling(key: str, lv1: str, lv2: str, canonical: tuple[str, str] | None) -> None:
    assert get_framework(key).canonical(lv1, lv2) == canonical


@pytest.mark.parametrize(
    ("key", "lv1", "options"),
    [
        (CLASSIC, "产出", CLASSIC_TREE["产出指标"]),
        (CLASSIC, "成本指标", ()),
        (CLASSIC, "不存在", ()),
        (V2021, "成本", TREE_2021["成本指标"]),
    ],
)
def test_lv2_options_of_unknown_or_loose_names(key: str, lv1: str, options: tuple[str, ...]) -> None:
    assert lv2_options(lv1, key) == options


@pytest.mark.parametrize(
    ("key", "lv2", "lv1"),
    [
        (CLASSIC, "数量指标", "产出指标"),
        (CLASSIC, "成本指标", "产出指标"),
        (CLASSIC, "可持续影响", "效益指标"),
        (CLASSIC, "服务对象满意度指标", "满意度指标"),
        (CLASSIC, "经济成本指标", None),
        (V2021, "经济成本指标", "成本指标"),
        (V2021, "时效", "产出指标"),
        (V2021, "成本指标", None),
    ],
)
def test_lv1_of_a_lv2(key: str, lv2: str, lv1: str | None) -> None:
    assert get_framework(key).lv1_of(lv2) == lv1


@pytest.mark.parametrize("key", [CLASSIC, V2021])
def test_lv2_names_are_unique_within_a_preset(key: str) -> None:
    names = [name_key(name) for level in get_framework(key).lv1 for name in level.lv2]
    assert len(names) == len(set(names))


# -- weight categories (FORMS.md §5.1) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "lv1", "category"),
    [
        (CLASSIC, "产出指标", WeightCategory.OUTPUT),
        (CLASSIC, "效益指标", WeightCategory.EFFECT),
        (CLASSIC, "满意度指标", WeightCategory.SATISFACTION),
        (CLASSIC, "满意度", WeightCategory.SATISFACTION),
        (CLASSIC, "成本指标", None),
        (CLASSIC, "其他指标", None),
        (V2021, "成本指标", WeightCategory.OUTPUT),
        (V2021, "产出指标", WeightCategory.OUTPUT),
        (V2021, "效益指标", WeightCategory.EFFECT),
        (V2021, "满意度指标", WeightCategory.SATISFACTION),
    ],
)
def test_weight_category(key: str, lv1: str, category: WeightCategory | None) -> None:
    assert category_of(lv1, key) is category


@pytest.mark.parametrize(
    ("category", "label"),
    [
        (WeightCategory.OUTPUT, "产出指标"),
        (WeightCategory.EFFECT, "效益指标"),
        (WeightCategory.SATISFACTION, "满意度指标"),
    ],
)
def test_weight_category_labels(category: WeightCategory, label: str) -> None:
    assert category.label == label


@pytest.mark.parametrize("key", [CLASSIC, V2021])
def test_every_category_has_a_level(key: str) -> None:
    assert {level.category for level in get_framework(key).lv1} == set(WeightCategory)


@pytest.mark.parametrize(("key", "optional"), [(CLASSIC, {"满意度指标"}), (V2021, {"满意度指标"})])
def test_only_satisfaction_may_stay_empty(key: str, optional: set[str]) -> None:
    assert {level.name for level in get_framework(key).lv1 if level.optional} == optional


# -- time-shared by default in monitoring (FORMS.md §4) ----------------------------------------


# (framework, lv1, lv2, time-shared)
TIME_SHARED = [
    (CLASSIC, "产出指标", "数量指标", True),
    (CLASSIC, "产出指标", "质量指标", False),
    (CLASSIC, "产出指标", "时效指标", False),
    (CLASSIC, "产出指标", "成本指标", False),
    (CLASSIC, "效益指标", "经济效益指标", True),
    (CLASSIC, "效益指标", "社会效益指标", True),
    (CLASSIC, "效益指标", "生态效益指标", True),
    (CLASSIC, "效益指标", "可持续影响指标", True),
    (CLASSIC, "满意度指标", "服务对象满意度指标", False),
    (CLASSIC, "产出", "数量", True),
    (CLASSIC, "效益指标", "数量指标", False),
    (CLASSIC, "未知", "未知", False),
    (V2021, "成本指标", "经济成本指标", False),
    (V2021, "成本指标", "社会成本指标", False),
    (V2021, "成本指标", "生态环境成本指标", False),
    (V2021, "产出指标", "数量指标", True),
    (V2021, "产出指标", "质量指标", False),
    (V2021, "产出指标", "时效指标", False),
    (V2021, "效益指标", "社会效益指标", True),
    (V2021, "满意度指标", "服务对象满意度指标", False),
]


@pytest.mark.parametrize(("key", "lv1", "lv2", "shared"), TIME_SHARED)
def test_time_shared_by_default(key: str, lv1: str, lv2: str, shared: bool) -> None:
    assert is_time_shared_by_default(lv1, lv2, key) is shared


@pytest.mark.parametrize("key", [CLASSIC, V2021])
def test_time_shared_names_are_lv2_of_the_framework(key: str) -> None:
    framework = get_framework(key)
    all_lv2 = {name for level in framework.lv1 for name in level.lv2}
    assert framework.time_shared <= all_lv2


# -- helpers for the target-sheet rules (FORMS.md §3.3) ----------------------------------------


@pytest.mark.parametrize(
    ("lv2", "timeliness"),
    [("时效指标", True), ("时效", True), (" 时效 指标", True), ("数量指标", False), ("", False)],
)
def test_is_timeliness(lv2: str, timeliness: bool) -> None:
    assert is_timeliness(lv2) is timeliness


@pytest.mark.parametrize(
    ("lv1", "lv2", "cost"),
    [
        ("产出指标", "成本指标", True),
        ("产出", "成本", True),
        ("成本指标", "经济成本指标", True),
        ("成本指标", "社会成本指标", True),
        ("产出指标", "数量指标", False),
        ("效益指标", "经济效益指标", False),
    ],
)
def test_is_cost(lv1: str, lv2: str, cost: bool) -> None:
    assert is_cost(lv1, lv2) is cost


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("产出指标", "产出"),
        ("产出", "产出"),
        (" 产 出 指标 ", "产出"),
        ("服务对象满意度指标", "服务对象满意度"),
        ("ＡＢ指标", "AB"),
        ("指标", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key
