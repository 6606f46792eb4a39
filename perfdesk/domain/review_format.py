"""The JSON format of a review checklist (审核清单), read strictly; the model is in :mod:`review`.

The shipped default is ``resources/review/checklist-default.json``; a county's own is stored in
the settings table in the same format (``perfdesk.services.reviews``)::

    {
      "format": "perfdesk-review-checklist", "format_version": 1,
      "title": "…",                                  shown over the review
      "thresholds": {"excellent": "90", "good": "80", "fair": "60"},
      "items": [{"key": "C1", "dimension": "completeness", "text": "…", "weight": "10",
                 "guidance": "…"}, …]                 guidance optional; weights make 100
    }

Weights and thresholds are strings (``"7.5"``) or integers, never JSON floats (not exact). Any
other key is refused, so that a misspelt field never silently falls back to a default. Every
problem raises ``ChecklistError`` with a Chinese message naming the file, the item and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set as AbstractSet
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Final

from perfdesk.domain.review import (
    DIMENSIONS,
    Checklist,
    ChecklistItem,
    GradeThresholds,
    checklist_findings,
    dimension_label,
)
from perfdesk.paths import resource_path

CHECKLIST_FORMAT: Final = "perfdesk-review-checklist"
CHECKLIST_FORMAT_VERSION: Final = 1
DEFAULT_CHECKLIST_FILE: Final = ("review", "checklist-default.json")
_DECIMAL: Final = re.compile(r"-?\d+(?:\.\d+)?")


class ChecklistError(ValueError):
    """A checklist that cannot be used; ``code`` is stable, the message names file, item, field."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class _Float(str):
    """A JSON number with a decimal point, kept as text so the message can name it."""


def read_checklist_file(path: Path) -> Checklist:
    """Read and validate one checklist file; raises ``ChecklistError``."""
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ChecklistError("checklist.missing", f"找不到审核清单文件 {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError("checklist.unreadable", f"无法读取审核清单文件 {path}：{exc}") from None
    return parse_checklist_text(data, str(path))


def parse_checklist_text(text: str, source: str) -> Checklist:
    """A checklist from its JSON text; ``source`` names it in messages (a file, 设置中的审核清单)."""
    try:
        raw = json.loads(text, parse_float=_Float)
    except json.JSONDecodeError as exc:
        raise ChecklistError(
            "checklist.not_json",
            f"审核清单 {source} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}",
        ) from None
    return parse_checklist(raw, source)


def parse_checklist(raw: object, source: str = "") -> Checklist:
    """Validate decoded JSON; the rules on the whole (weights make 100 …) come from ``review``."""
    reader = _Reader(source or "（未命名）")
    checklist = reader.checklist(raw)
    problems = checklist_findings(checklist)
    if problems:
        first = problems[0]
        raise reader.fail(first.field, first.message)
    return checklist


def checklist_to_json(checklist: Checklist) -> dict[str, Any]:
    """The file format of ``checklist`` (what ``parse_checklist`` reads back unchanged)."""
    t = checklist.thresholds
    return {
        "format": CHECKLIST_FORMAT,
        "format_version": CHECKLIST_FORMAT_VERSION,
        "title": checklist.title,
        "thresholds": {"excellent": f"{t.excellent:f}", "good": f"{t.good:f}", "fair": f"{t.fair:f}"},
        "items": [
            {
                "key": item.key,
                "dimension": item.dimension,
                "text": item.text,
                "weight": f"{item.weight:f}",
                "guidance": item.guidance,
            }
            for item in checklist.items
        ],
    }


def checklist_text(checklist: Checklist) -> str:
    return json.dumps(checklist_to_json(checklist), ensure_ascii=False, separators=(",", ":"))


@cache
def default_checklist() -> Checklist:
    """The shipped checklist (12 items after 财预〔2015〕88号's four review dimensions)."""
    return read_checklist_file(resource_path(*DEFAULT_CHECKLIST_FILE))


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> ChecklistError:
        return ChecklistError("checklist.invalid", f"审核清单 {self.source} 的字段 {field}：{problem}")

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

    def text(self, value: object, field: str, *, allow_empty: bool = False) -> str:
        if not isinstance(value, str) or isinstance(value, _Float):
            raise self.fail(field, "应为文字")
        if not allow_empty and not value.strip():
            raise self.fail(field, "应为非空文字")
        return value.strip()

    def number(self, value: object, field: str) -> Decimal:
        if isinstance(value, _Float):
            raise self.fail(field, f'写成了小数 {value}，请写成字符串（如 "{value}"），以免失去精度')
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(field, f'为 {value!r}，应为写成字符串的数字，例如 "10"')
        text = str(value).strip()
        if not _DECIMAL.fullmatch(text):
            raise self.fail(field, f'“{text}”不是数字，例如 "10" 或 "7.5"')
        return Decimal(text)

    def checklist(self, raw: object) -> Checklist:
        data = self.obj(raw, "（根）", {"format", "format_version", "title", "thresholds", "items"})
        if data["format"] != CHECKLIST_FORMAT:
            raise self.fail("format", f'应为 "{CHECKLIST_FORMAT}"，这个文件不是审核清单')
        version = data["format_version"]
        if isinstance(version, bool) or version != CHECKLIST_FORMAT_VERSION:
            raise self.fail("format_version", f"为 {version!r}，本程序支持版本 {CHECKLIST_FORMAT_VERSION}")
        t = self.obj(data["thresholds"], "thresholds", {"excellent", "good", "fair"})
        thresholds = GradeThresholds(
            *(self.number(t[key], f"thresholds.{key}") for key in ("excellent", "good", "fair"))
        )
        items = data["items"]
        if not isinstance(items, list) or not items:
            raise self.fail("items", "应为非空列表（[ … ]）")
        return Checklist(
            self.text(data["title"], "title"),
            tuple(self.item(entry, i) for i, entry in enumerate(items)),
            thresholds,
        )

    def item(self, raw: object, index: int) -> ChecklistItem:
        where = f"items[{index}]（第{index + 1}项）"
        data = self.obj(raw, where, {"key", "dimension", "text", "weight"}, {"guidance"})
        dimension = data["dimension"]
        if dimension not in DIMENSIONS:
            known = "、".join(f"{d}（{dimension_label(d)}）" for d in DIMENSIONS)
            raise self.fail(f"{where}.dimension", f"为 {dimension!r}，应为 {known} 之一")
        return ChecklistItem(
            key=self.text(data["key"], f"{where}.key"),
            dimension=dimension,
            text=self.text(data["text"], f"{where}.text"),
            weight=self.number(data["weight"], f"{where}.weight"),
            guidance=self.text(data.get("guidance", ""), f"{where}.guidance", allow_empty=True),
        )
