"""The form document (DOCUMENTS.md): one filled-in sheet of one project in one year, as JSON.

``read_document`` turns bytes into a ``FormDoc`` or raises ``DocumentError`` (exit code 2 at the
CLI) when the bytes are not a document at all. A document that *is* one but misses a field is
still read: the missing field is a finding (``required_findings``), not an exception. Unknown
fields are kept in ``raw`` and written back untouched.
"""

from __future__ import annotations

import codecs
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from perfdesk.domain.findings import Finding, Severity

KINDS = ("targets", "monitoring", "selfeval")
SCHEMA_VERSION = 1
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
_BOM = codecs.BOM_UTF8


class DocumentError(ValueError):
    """The input is not a form document; ``code`` is stable, the message names the place."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _text(value: object) -> str:
    """A field as text: documents carry decimals as strings; numbers written by hand are accepted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, int | float):
        return format(value, "f") if isinstance(value, float) else str(value)
    return value if isinstance(value, str) else ""


@dataclass(slots=True)
class IndicatorRow:
    """One indicator row of a document, read through its raw dict (which stays the source)."""

    index: int
    raw: dict[str, Any]

    def get(self, name: str) -> str:
        return _text(self.raw.get(name)).strip()

    def field(self, name: str) -> str:
        """The finding field path of this row's ``name``, e.g. ``indicators[3].value``."""
        return f"indicators[{self.index}].{name}"

    @property
    def lv1(self) -> str:
        return self.get("lv1")

    @property
    def lv2(self) -> str:
        return self.get("lv2")

    @property
    def lv3(self) -> str:
        return self.get("lv3")

    @property
    def value(self) -> str:
        return self.get("value")

    @property
    def weight(self) -> str:
        return self.get("weight")

    @property
    def not_applicable(self) -> bool:
        return self.raw.get("na") is True

    @property
    def core_level(self) -> int:
        level = self.raw.get("core", 0)
        return level if isinstance(level, int) and not isinstance(level, bool) else 0


@dataclass(slots=True)
class FormDoc:
    """A parsed form document. ``raw`` keeps every field, known or not."""

    raw: dict[str, Any]
    source: str = ""

    @property
    def kind(self) -> str:
        return _text(self.raw.get("kind"))

    @property
    def doc_id(self) -> str:
        return _text(self.raw.get("doc_id"))

    @property
    def fiscal_year(self) -> int | None:
        year = self.raw.get("fiscal_year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name)
        return value if isinstance(value, dict) else {}

    def text(self, section: str, name: str) -> str:
        return _text(self.section(section).get(name)).strip()

    @property
    def indicators(self) -> list[IndicatorRow]:
        rows = self.raw.get("indicators")
        if not isinstance(rows, list):
            return []
        return [IndicatorRow(i, row) for i, row in enumerate(rows) if isinstance(row, dict)]

    @property
    def explanations(self) -> dict[str, str]:
        value = self.raw.get("explanations")
        if not isinstance(value, dict):
            return {}
        return {str(k): _text(v) for k, v in value.items() if _text(v).strip()}

    def goal_lines(self, name: str) -> list[str]:
        """Goal lines of ``goals.<name>``: a list of strings, or one string split on line breaks."""
        value = self.section("goals").get(name)
        if isinstance(value, list):
            return [v.strip() if type(v) is str else _text(v).strip() for v in value]
        return [line.strip() for line in _text(value).splitlines() if line.strip()]

    def to_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, indent=2)


def read_document(data: bytes | str, source: str = "") -> FormDoc:
    """Parse a document; raises ``DocumentError`` when the input is not one at all."""
    if isinstance(data, bytes):
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                "doc.too_large", f"{_where(source)}超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB，不是表单文档"
            )
        try:
            # What the utf-8-sig codec does (BOM dropped, byte offsets counted after it), without
            # its Python layer.
            data = (data[len(_BOM) :] if data.startswith(_BOM) else data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                "doc.encoding",
                f"{_where(source)}不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节起无法识别）",
            ) from None
    try:
        raw = _DECODER.decode(data)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            "doc.not_json", f"{_where(source)}不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"
        ) from None
    except ValueError as exc:
        raise DocumentError("doc.not_json", f"{_where(source)}含有不允许的数值：{exc}") from None
    except RecursionError:
        raise DocumentError("doc.not_json", f"{_where(source)}嵌套层次过深，不是表单文档") from None
    if not isinstance(raw, dict):
        raise DocumentError("doc.not_object", f"{_where(source)}的内容不是一个表单对象（应以 {{ 开头）")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise DocumentError(
            "doc.kind", f"{_where(source)}的 kind 字段为 {kind!r}，应为 targets、monitoring 或 selfeval 之一"
        )
    version = raw.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise DocumentError(
            "doc.schema_version", f"{_where(source)}的格式版本 {version!r} 不受支持（本程序支持版本 1）"
        )
    return FormDoc(raw, source)


def _where(source: str) -> str:
    """How an error message names the input (only written when there is an error)."""
    return f"文件 {source}" if source else "文档"


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


# One decoder for every read: ``json.loads`` with keyword arguments builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


_REQUIRED_HEADER = (("unit", "code"), ("unit", "name"), ("project", "code"), ("project", "name"))


def required_findings(doc: FormDoc) -> list[Finding]:
    """Findings for required fields that are missing or of the wrong type (named exactly)."""
    out: list[Finding] = []

    def missing(field: str, message: str) -> None:
        out.append(Finding("doc.missing_field", Severity.ERROR, field, message))

    if doc.fiscal_year is None:
        missing("fiscal_year", "缺少预算年度（fiscal_year，四位整数）")
    sections = {"unit": doc.section("unit"), "project": doc.section("project")}
    for section, name in _REQUIRED_HEADER:
        value = sections[section].get(name)  # doc.text, without its detour for a plain string
        if not (value.strip() if type(value) is str else doc.text(section, name)):
            missing(f"{section}.{name}", f"缺少 {section}.{name}")
    rows = doc.raw.get("indicators")
    if not isinstance(rows, list):
        missing("indicators", "缺少指标表（indicators 应为列表）")
    else:
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                out.append(
                    Finding("doc.bad_row", Severity.ERROR, f"indicators[{i}]", f"第 {i + 1} 行指标不是对象")
                )
    for name, value in doc.section("funds").items():
        if isinstance(value, float):
            out.append(
                Finding(
                    "doc.float_amount",
                    Severity.ERROR,
                    f"funds.{name}",
                    f'金额 funds.{name} 应写成字符串（如 "120.00"），不能用浮点数',
                )
            )
    return out


def new_ids() -> tuple[str, str]:
    """A fresh (doc_id, version_id) pair."""
    return str(uuid.uuid4()), str(uuid.uuid4())


def iter_fields(doc: FormDoc) -> Iterator[tuple[str, str]]:
    """(field path, text) of every header and funds field, for generic checks."""
    for section in ("unit", "project", "funds"):
        for name, value in doc.section(section).items():
            yield f"{section}.{name}", _text(value)
