"""Typed reading of a JSON object where every miss is a ``PackageError`` naming the field path.

The manifest (``manifest.bad_field``), the task and receipt contents (``content.invalid``) and the
enrolment file (``keyfile.bad_field``) are read through it, each with its own code and wording.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

from perfdesk.exchange.errors import PackageError

_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, whole seconds: ``2024-03-01T08:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime | None:
    if not _TIME.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError:
        return None


def load_object(data: bytes, code: str, where: str, file: str) -> dict[str, Any]:
    """A JSON object from UTF-8 bytes, or ``PackageError(code)``."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageError(code, f"{where}不是有效的 JSON（UTF-8）", file) from None
    if not isinstance(raw, dict):
        raise PackageError(code, f"{where}不是 JSON 对象（应以 {{ 开头）", file)
    return raw


class FieldReader:
    """Typed access to one JSON object; ``prefix`` is its path inside the whole."""

    def __init__(self, raw: dict[str, Any], code: str, where: str, file: str, prefix: str = "") -> None:
        self.raw = raw
        self.code = code
        self.where = where
        self.file = file
        self.prefix = prefix

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def bad(self, field_name: str, what: str) -> PackageError:
        return PackageError(self.code, f"{self.where}的字段 {field_name} {what}", self.file)

    def _child(self, raw: dict[str, Any], prefix: str) -> FieldReader:
        return FieldReader(raw, self.code, self.where, self.file, prefix)

    def obj(self, key: str) -> FieldReader:
        value = self.raw.get(key)
        if not isinstance(value, dict):
            raise self.bad(self.name(key), "缺失或不是对象")
        return self._child(value, f"{self.name(key)}.")

    def optional_obj(self, key: str) -> FieldReader | None:
        return None if self.raw.get(key) is None else self.obj(key)

    def text(
        self, key: str, pattern: re.Pattern[str] | None = None, *, optional: bool = False, limit: int = 500
    ) -> str:
        value = self.raw.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or len(value) > limit:
            raise self.bad(self.name(key), f"缺失或不是字符串（最长 {limit} 字）")
        if pattern is not None and not pattern.fullmatch(value):
            raise self.bad(self.name(key), f"的值 {value[:80]!r} 格式不对")
        return value

    def optional_text(self, key: str, pattern: re.Pattern[str] | None = None) -> str | None:
        return None if self.raw.get(key) is None else self.text(key, pattern)

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.bad(self.name(key), f"应为 {low} 到 {high} 之间的整数")
        return value

    def items(self, key: str, limit: int, *, optional: bool = False) -> list[FieldReader]:
        value = self.raw.get(key)
        if value is None and optional:
            return []
        if not isinstance(value, list) or len(value) > limit:
            raise self.bad(self.name(key), f"缺失或不是列表（最多 {limit} 项）")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.bad(f"{self.name(key)}[{i}]", "不是对象")
            out.append(self._child(item, f"{self.name(key)}[{i}]."))
        return out

    def texts(self, key: str, limit: int, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or len(value) > limit:
            raise self.bad(self.name(key), f"不是列表（最多 {limit} 项）")
        for i, item in enumerate(value):
            if not isinstance(item, str) or len(item) > 2000 or (pattern and not pattern.fullmatch(item)):
                raise self.bad(f"{self.name(key)}[{i}]", "不是有效的字符串")
        return tuple(value)

    def time(self, key: str) -> datetime:
        moment = parse_time(self.text(key))
        if moment is None:
            raise self.bad(self.name(key), "应为 UTC 时间，如 2024-03-01T08:00:00Z")
        return moment

    def day(self, key: str) -> date:
        text = self.text(key, _DATE)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.bad(self.name(key), "不是有效的日期（YYYY-MM-DD）") from None

    def uuid(self, key: str) -> str:
        value = self.text(key)
        try:
            if str(uuid.UUID(value)) != value:
                raise ValueError(value)
        except ValueError:
            raise self.bad(
                self.name(key), "应为小写的 UUID，如 1b4e28ba-2fa1-11d2-883f-0016d3cca427"
            ) from None
        return value
