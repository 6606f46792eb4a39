"""What the printed summaries share: the footer's content hash and the signature lines.

A summary is no form document, so its footer's "文档摘要" is the SHA-256 of what the sheet
prints (title, unit line, every cell, notes and signatures): the same data gives the same
摘要 and the same bytes, and a changed figure changes it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from perfdesk.domain.labels import label
from perfdesk.reports.sheet import Sheet


def content_hash(sheet: Sheet) -> Sheet:
    """``sheet`` with ``doc_hash`` set to the SHA-256 of everything it prints."""
    printed = {
        "title": sheet.title,
        "unit": sheet.unit_line,
        "money": sheet.money_line,
        "blocks": [[[cell.text for cell in row] for row in block.rows] for block in sheet.blocks],
        "notes": list(sheet.notes),
        "signatures": [list(pair) for pair in sheet.signatures],
    }
    text = json.dumps(printed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return dataclasses.replace(sheet, doc_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())


def summary_signatures(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """(label, name) signature lines; an empty 日期 prints the blank date to fill in by hand."""
    return tuple(
        (name, value or (label("print.blank_date") if name == "日期" else "")) for name, value in pairs
    )
