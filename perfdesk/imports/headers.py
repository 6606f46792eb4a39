"""Column headers as people write them, mapped to the fields they mean.

A header is compared by its key: spaces, required-field stars and a trailing unit in brackets
(``年度资金总额（万元）``) dropped, a leading ``其中：`` dropped. The unit in brackets is kept
apart: an amount column headed ``（元）`` is read in 元, every other in 万元.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from perfdesk.domain.text import clean_cell

HEADER_SEARCH_ROWS: Final = 10
"""The header row is looked for in this many rows at the top of a sheet (titles come first)."""

SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "unit_code": ("单位编码", "预算单位编码", "单位代码", "预算单位代码"),
    "unit_name": ("单位名称", "预算单位名称", "预算单位", "实施单位", "实施单位名称"),
    "unit_kind": ("单位类型", "单位性质"),
    "year": ("预算年度", "年度"),
    "code": ("项目代码", "项目编码", "项目编号"),
    "name": ("项目名称",),
    "department": ("主管部门", "主管部门及代码"),
    "attribute": ("项目属性",),
    "start_year": ("起始年度", "开始年度", "起始年份", "开始年份"),
    "end_year": ("结束年度", "终止年度", "结束年份"),
    "period": ("项目期", "项目周期", "实施期限", "项目实施期"),
    "manager": ("项目负责人", "负责人"),
    "phone": ("联系电话", "电话", "负责人电话"),
    "category": ("资金类别", "资金类型", "项目类别"),
    "annual": ("年度资金总额", "资金总额", "合计", "年度资金", "总额", "年度预算"),
    "fiscal": ("财政拨款", "财政资金"),
    "other": ("其他资金",),
    "lv1": ("一级指标", "一级"),
    "lv2": ("二级指标", "二级"),
    "lv3": ("三级指标", "三级", "指标名称"),
    "value": ("指标值", "年度指标值", "目标值"),
    "weight": ("分值", "权重"),
    "explanation": ("指标解释", "指标说明"),
    "goals": ("年度总体目标", "年度目标", "年度绩效目标", "总体目标"),
}

_BRACKETED_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]$")
_NOISE = re.compile(r"[\s*★:：]")


def header_key(text: str) -> str:
    """The matching form of a header: ``" *年度资金总额（万元）"`` → ``"年度资金总额"``."""
    key = _BRACKETED_UNIT.sub("", clean_cell(text))
    key = key.removeprefix("其中").removeprefix("：").removeprefix(":")
    return _NOISE.sub("", key)


_FIELD_OF: Final[dict[str, str]] = {
    header_key(word): field for field, words in SYNONYMS.items() for word in words
}


def field_of(text: str) -> str | None:
    """The field a header names, or None."""
    return _FIELD_OF.get(header_key(text)) if text else None


def in_yuan(text: str) -> bool:
    """Whether an amount header says its amounts are in 元 (``资金总额（元）``)."""
    found = _BRACKETED_UNIT.search(clean_cell(text))
    return found is not None and found.group(1) == "元"


@dataclass(frozen=True)
class HeaderRow:
    """A header row: its 0-based index, the column of each field, and the header texts."""

    index: int
    columns: dict[str, int]
    titles: dict[str, str]
    unknown: tuple[int, ...] = ()

    def has(self, *fields: str) -> bool:
        return all(f in self.columns for f in fields)


def read_header(index: int, cells: Sequence[str]) -> HeaderRow:
    columns: dict[str, int] = {}
    titles: dict[str, str] = {}
    unknown: list[int] = []
    for column, text in enumerate(cells):
        field = field_of(text)
        if field is None:
            if text:
                unknown.append(column)
        elif field not in columns:
            columns[field], titles[field] = column, " ".join(text.split())
    return HeaderRow(index, columns, titles, tuple(unknown))


def find_header(rows: Sequence[Sequence[str]], *, needs: int = 3, start: int = 0) -> HeaderRow | None:
    """The first row from ``start`` (within ``HEADER_SEARCH_ROWS``) naming at least ``needs``
    known fields; the row naming the most wins when several do."""
    best: HeaderRow | None = None
    for index in range(start, min(len(rows), start + HEADER_SEARCH_ROWS)):
        header = read_header(index, rows[index])
        if len(header.columns) >= needs and (best is None or len(header.columns) > len(best.columns)):
            best = header
    return best
