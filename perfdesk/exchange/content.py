"""What task and receipt packages carry (``task/task.json``, ``receipt/receipt.json``).

Both are read at step 5, after every digest has been checked, and both are validated field by
field (``content.invalid`` names the field). Amounts are 万元 as decimal strings, never floats.
The shapes are documented in ``docs/交换包格式.md``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from perfdesk.exchange.fields import FieldReader, load_object
from perfdesk.exchange.keys import normalize_key_id

TASK_FILE: Final = "task/task.json"
RECEIPT_FILE: Final = "receipt/receipt.json"
FORM_KINDS: Final = ("targets", "monitoring", "selfeval")
OUTCOMES: Final = ("accepted", "duplicate", "updated", "conflict", "rejected", "quarantined")
REVIEW_STATES: Final = ("received", "approved", "returned")
_AMOUNT = re.compile(r"-?\d{1,13}(?:\.\d{1,6})?")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,20}")
_KIND = re.compile("|".join(FORM_KINDS))
_SHA = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,35}")


@dataclass(frozen=True, slots=True)
class Deadline:
    form: str
    due: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class RevokedKey:
    key_id: str
    unit: str
    revoked_at: str
    reason: str = ""


@dataclass(frozen=True)
class TaskContent:
    """The year's task as the county issues it; units, projects and library rows stay dicts of text."""

    county_code: str
    county_name: str
    fiscal_year: int
    deadlines: tuple[Deadline, ...]
    units: tuple[dict[str, str], ...]
    projects: tuple[dict[str, Any], ...]
    library: tuple[dict[str, Any], ...]
    profile_name: str
    profile_content: dict[str, Any] | None
    revoked_keys: tuple[RevokedKey, ...]
    templates: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Review:
    grade: str
    total: str
    comment: str
    reviewer: str


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    doc_id: str
    version_id: str
    kind: str
    unit: str
    project: str
    package_id: str
    outcome: str
    status: str
    reasons: tuple[str, ...]
    review: Review | None


@dataclass(frozen=True, slots=True)
class Answered:
    """A submission package the receipt answers: its id and the SHA-256 of the whole file."""

    package_id: str
    sha256: str
    sequence: int
    key_id: str


@dataclass(frozen=True)
class ReceiptContent:
    county_code: str
    county_name: str
    fiscal_year: int
    answers: tuple[Answered, ...]
    documents: tuple[DocumentOutcome, ...]


def _reader(data: bytes, file: str, where: str) -> FieldReader:
    return FieldReader(load_object(data, "content.invalid", where, file), "content.invalid", where, file)


def _key_id(reader: FieldReader, key: str) -> str:
    value = normalize_key_id(reader.text(key))
    if value is None:
        raise reader.bad(reader.name(key), "不是密钥标识（8 组 4 位十六进制数字）")
    return value


def parse_task(data: bytes) -> TaskContent:
    top = _reader(data, TASK_FILE, "任务内容（task/task.json）")
    county = top.obj("county")
    units = [
        {
            "code": u.text("code", _CODE),
            "name": u.text("name", limit=100),
            "kind": u.text("kind", optional=True),
            "parent": u.text("parent", optional=True),
            "region_code": u.text("region_code", optional=True),
        }
        for u in top.items("units", 20_000)
    ]
    projects = []
    for p in top.items("projects", 100_000):
        for key in ("annual", "fiscal", "other"):
            p.text(key, _AMOUNT)
        for key in ("code", "name", "unit"):
            p.text(key)
        p.integer("start_year", 1990, 2200)
        p.integer("end_year", 1990, 2200)
        projects.append(dict(p.raw))
    library = []
    for row in top.items("library", 100_000, optional=True):
        for key in ("lv1", "lv2", "lv3"):
            row.text(key)
        library.append(dict(row.raw))
    profile = top.obj("profile")
    content = profile.raw.get("content")
    if content is not None and not isinstance(content, dict):
        raise profile.bad("profile.content", "应为对象或 null")
    templates = top.optional_obj("templates")
    return TaskContent(
        county_code=county.text("code", re.compile(r"\d{6}(?:\d{3})?")),
        county_name=county.text("name", limit=100),
        fiscal_year=top.integer("fiscal_year", 2000, 2100),
        deadlines=tuple(
            Deadline(d.text("form", _KIND), d.day("date"), d.text("note", optional=True))
            for d in top.items("deadlines", 100, optional=True)
        ),
        units=tuple(units),
        projects=tuple(projects),
        library=tuple(library),
        profile_name=profile.text("name", limit=100),
        profile_content=content,
        revoked_keys=tuple(
            RevokedKey(
                _key_id(k, "key_id"),
                k.text("unit", optional=True),
                k.text("revoked_at", optional=True),
                k.text("reason", optional=True),
            )
            for k in top.items("revoked_keys", 100_000, optional=True)
        ),
        templates={key: templates.integer(key, 1, 1000) for key in templates.raw} if templates else {},
    )


def parse_receipt(data: bytes) -> ReceiptContent:
    top = _reader(data, RECEIPT_FILE, "回执内容（receipt/receipt.json）")
    county = top.obj("county")
    documents = []
    for d in top.items("documents", 200_000):
        outcome = d.text("outcome", re.compile("|".join(OUTCOMES)))
        review = d.optional_obj("review")
        documents.append(
            DocumentOutcome(
                doc_id=d.text("doc_id", _ID),
                version_id=d.text("version_id", _ID),
                kind=d.text("kind", _KIND),
                unit=d.text("unit", _CODE),
                project=d.text("project"),
                package_id=d.uuid("package_id"),
                outcome=outcome,
                status=d.text("status", re.compile("|".join(REVIEW_STATES)), optional=True),
                reasons=d.texts("reasons", 200),
                review=(
                    Review(
                        review.text("grade", optional=True),
                        review.text("total", optional=True),
                        review.text("comment", optional=True, limit=20_000),
                        review.text("reviewer", optional=True),
                    )
                    if review
                    else None
                ),
            )
        )
    return ReceiptContent(
        county_code=county.text("code", re.compile(r"\d{6}(?:\d{3})?")),
        county_name=county.text("name", limit=100),
        fiscal_year=top.integer("fiscal_year", 2000, 2100),
        answers=tuple(
            Answered(
                a.uuid("package_id"),
                a.text("sha256", _SHA),
                a.integer("sequence", 1, 2**53),
                _key_id(a, "key_id"),
            )
            for a in top.items("answers", 100_000)
        ),
        documents=tuple(documents),
    )


def encode_content(content: dict[str, Any]) -> bytes:
    """Task or receipt content as the bytes of its file (UTF-8 JSON, sorted keys)."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
