"""The indicator library (共性指标库, FORMS.md §7): the seed shipped with the program, checked and searched.

An entry suggests one indicator row for a kind of project: 一级/二级/三级, a value template such as
``≥**公里`` for the preparer to fill, how it is measured (指标解释), a core level (★ / ★★★) and search
words. The seed is ``resources/library/indicators.json``; a county's edited copy (shipped in the task
package) goes through the same checks, :func:`parse_library`.

Decisions:
- ``sign`` and ``unit`` are derived from the template by the one value parser, so they cannot
  disagree with it. Entries use the classic framework's names (成本指标 a 二级 under 产出).
- Every bad entry is reported at once, naming the entry (counted from 1) and the field, so a county
  fixes its file in one pass.
- Search folds width and case; every space-separated word must occur in the name, the keywords or
  the explanation. Core entries come first (★★★, then ★), then those whose name holds every word.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from perfdesk.domain import labels
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import CLASSIC, Framework, get_framework, name_key
from perfdesk.domain.indicator_value import IndicatorValueError, Sign, parse_indicator_value
from perfdesk.domain.text import normalize_width
from perfdesk.domain.value_checks import ValueProblem, value_problems
from perfdesk.paths import resource_path

CORE_LEVELS: Final = (0, 1, 3)
MAX_NAME_LENGTH: Final = 100
_REQUIRED: Final = ("category", "project_type", "lv1", "lv2", "lv3", "template")
_OPTIONAL: Final = ("explanation", "keywords")
_FIELD_NAMES: Final = {
    "category": labels.label("field.project.category"),
    "project_type": "项目类型",
    "lv1": labels.label("indicator.lv1"),
    "lv2": labels.label("indicator.lv2"),
    "lv3": labels.label("indicator.lv3"),
    "template": labels.label("indicator.value"),
    "explanation": labels.label("indicator.explanation"),
    "core_level": labels.label("indicator.core"),
    "keywords": "关键词",
    "sign": "指标性质",  # sign and unit are derived; a library exported with them must agree
    "unit": "计量单位",
}


class LibraryError(ValueError):
    """An indicator library that cannot be used; ``findings`` name each bad entry and field."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("；".join(finding.message for finding in findings))
        self.findings = findings


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One library indicator; ``sign`` and ``unit`` are read from ``template`` (``≥**人`` → ≥, 人)."""

    category: str
    project_type: str
    lv1: str
    lv2: str
    lv3: str
    template: str
    explanation: str = ""
    core_level: int = 0
    keywords: str = ""
    sign: Sign = field(init=False)
    unit: str = field(init=False)

    def __post_init__(self) -> None:
        value = parse_indicator_value(self.template)
        object.__setattr__(self, "sign", value.sign)
        object.__setattr__(self, "unit", value.unit)

    @property
    def stars(self) -> str:
        """The core marker as printed: ``★★★`` (must fill), ``★`` or empty."""
        return "★" * self.core_level

    @property
    def is_mandatory(self) -> bool:
        """A ★★★ indicator: it may not be removed from a target sheet (FORMS.md §3.3)."""
        return self.core_level >= 3


def load_seed_library() -> tuple[LibraryEntry, ...]:
    """The seed library shipped with the program; raises :class:`LibraryError` on a bad file."""
    path = resource_path("library", "indicators.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        message = f"指标库文件 {path.name} 无法读取（{error}），请重新安装 PerfDesk 或换用完好的指标库文件"
        raise LibraryError([Finding("library.unreadable", Severity.ERROR, "library", message)]) from None
    return parse_library(data)


def parse_library(data: object, framework: str | Framework = CLASSIC) -> tuple[LibraryEntry, ...]:
    """Check a library read from JSON (a list of objects) and return its entries in file order."""
    if not isinstance(data, list):
        message = "指标库文件的内容应是指标条目的列表（JSON 数组），请检查文件"
        raise LibraryError([Finding("library.not_a_list", Severity.ERROR, "library", message)])
    tree = get_framework(framework)
    findings: list[Finding] = []
    entries: list[LibraryEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(data):
        entry, problems = _read_entry(index, item, tree)
        findings.extend(problems)
        if entry is None:
            continue
        key = (entry.project_type, entry.lv3)
        if key in seen:
            message = f"与第 {seen[key] + 1} 条重复（项目类型和三级指标都相同），请删去一条或改名"
            findings.append(_problem(index, "lv3", entry.lv3, "library.duplicate", message))
        seen.setdefault(key, index)
        entries.append(entry)
    if findings:
        raise LibraryError(findings)
    return tuple(entries)


def search_library(
    entries: Iterable[LibraryEntry],
    text: str = "",
    *,
    project_type: str | None = None,
    lv1: str | None = None,
    lv2: str | None = None,
    category: str | None = None,
) -> list[LibraryEntry]:
    """Entries matching every word of ``text`` and every filter given; core entries first."""
    words = _fold(text).split()
    hits: list[tuple[int, int, int, LibraryEntry]] = []
    for index, entry in enumerate(entries):
        if project_type and _fold(entry.project_type) != _fold(project_type):
            continue
        if category and _fold(entry.category) != _fold(category):
            continue
        if (lv1 and name_key(entry.lv1) != name_key(lv1)) or (lv2 and name_key(entry.lv2) != name_key(lv2)):
            continue
        name = _fold(entry.lv3)
        haystack = f"{name} {_fold(entry.keywords)} {_fold(entry.explanation)}"
        if all(word in haystack for word in words):
            in_name = all(word in name for word in words)
            hits.append((-entry.core_level, 0 if in_name else 1, index, entry))
    hits.sort(key=lambda hit: hit[:3])
    return [hit[3] for hit in hits]


def project_types(entries: Iterable[LibraryEntry]) -> list[str]:
    """The project types of the library, in library order (for a filter list)."""
    return list(dict.fromkeys(entry.project_type for entry in entries))


def _read_entry(index: int, item: object, tree: Framework) -> tuple[LibraryEntry | None, list[Finding]]:
    if not isinstance(item, dict):
        message = f"指标库第 {index + 1} 条不是指标条目（应为带字段名的对象），请检查文件"
        return None, [Finding("library.not_an_entry", Severity.ERROR, f"library[{index}]", message)]
    name = str(item.get("lv3", "")).strip()
    problems = [
        _problem(index, key, name, "library.unknown_field", f"有无法识别的字段“{key}”，请删去或改正字段名")
        for key in item
        if key not in _FIELD_NAMES
    ]
    texts = {key: _text(index, item, key, name, problems) for key in (*_REQUIRED, *_OPTIONAL)}
    pair = tree.canonical(texts["lv1"], texts["lv2"])
    if pair is None and texts["lv1"] and texts["lv2"]:
        if tree.level1(texts["lv1"]) is None:
            choices = "、".join(tree.lv1_names)
            message = f"“{texts['lv1']}”不是{tree.label}中的一级指标，应为 {choices} 之一"
            problems.append(_problem(index, "lv1", name, "library.lv1", message))
        else:
            choices = "、".join(tree.lv2_options(texts["lv1"]))
            message = f"“{texts['lv2']}”不是一级指标“{texts['lv1']}”下的二级指标，应为 {choices} 之一"
            problems.append(_problem(index, "lv2", name, "library.lv2", message))
    if len(texts["lv3"]) > MAX_NAME_LENGTH:
        message = f"超过 {MAX_NAME_LENGTH} 个字，请精简指标名称"
        problems.append(_problem(index, "lv3", name, "library.lv3_length", message))
    if texts["template"]:
        problems.extend(_template_problems(index, texts["template"], name))
    core = item.get("core_level", 0)
    if isinstance(core, bool) or core not in CORE_LEVELS:
        message = f"“{core}”无效，应为 0（普通）、1（★）或 3（★★★，必填）"
        problems.append(_problem(index, "core_level", name, "library.core_level", message))
    if problems or pair is None:
        return None, problems
    texts["lv1"], texts["lv2"] = pair
    entry = LibraryEntry(**texts, core_level=int(core))
    for key, derived in (("sign", entry.sign.value), ("unit", entry.unit)):
        if key in item and item[key] != derived:
            message = f"“{item[key]}”与指标值“{entry.template}”不一致（应为“{derived}”），请改正或删去此字段"
            problems.append(_problem(index, key, name, f"library.{key}", message))
    return (None, problems) if problems else (entry, [])


def _text(index: int, item: dict[Any, Any], key: str, name: str, problems: list[Finding]) -> str:
    raw = item.get(key, "")
    if not isinstance(raw, str):
        problems.append(_problem(index, key, name, "library.not_text", "应为文字，请用引号括起"))
        return ""
    text = " ".join(raw.split())  # not width-folded: 指标解释 keeps its Chinese punctuation
    if not text and key in _REQUIRED:
        problems.append(_problem(index, key, name, "library.empty", "为空，请填写"))
    return text


def _template_problems(index: int, template: str, name: str) -> list[Finding]:
    try:
        value = parse_indicator_value(template)
    except IndicatorValueError as error:
        return [_problem(index, "template", name, error.code, "：" + error.message)]
    messages = {
        ValueProblem.NO_NUMBER: f"“{template}”缺少数值，请写数字或占位符 **，例如 ≥**人",
        ValueProblem.NO_UNIT: f"“{template}”缺少计量单位，请在数字后写上单位，例如 ≥**人",
    }
    return [
        _problem(index, "template", name, problem.value, messages[problem])
        for problem in value_problems(value)
        if problem is not ValueProblem.PLACEHOLDER  # a template keeps its ** until the form is filled
    ]


def _problem(index: int, key: str, name: str, code: str, detail: str) -> Finding:
    shown = f"（{name}）" if name else ""
    label = f"的{_FIELD_NAMES[key]}" if key in _FIELD_NAMES and not detail.startswith("：") else ""
    message = f"指标库第 {index + 1} 条{shown}{label}{detail}"
    return Finding(code, Severity.ERROR, f"library[{index}].{key}", message)


def _fold(text: str) -> str:
    """Width- and case-folded text for matching: ``ＲＯＡＤ　道路`` → ``road 道路``."""
    return normalize_width(text).casefold()
