"""Rules on a target sheet (绩效目标表, FORMS.md §3.3): what the preparer sees before submitting.

:func:`check_targets` returns findings: **errors** block marking the sheet complete; **warnings**
pass once an 出错说明 is stored in ``doc.explanations`` under the finding's key ``code@field``
(:func:`blocking`, :func:`unexplained`). This module holds the header, funds and goal rules; the
indicator table's rules live in :mod:`perfdesk.domain.target_rules_indicators` (the table) and
:mod:`perfdesk.domain.target_rules_rows` (each row's cells); codes and settings in
:mod:`perfdesk.domain.target_codes`. Every finding code is listed in :class:`TargetCode` and in
``docs/表单文档格式.md``.

Decisions (where FORMS.md leaves room):
- **Required header** (§3 header): 实施单位 ``unit.name``, 项目名称 ``project.name``, 主管部门
  ``project.department``, 项目属性 ``project.attribute`` (新增/延续), 项目期 ``project.start_year``
  and ``project.end_year``, 项目负责人 ``project.manager``, 联系电话 ``project.phone`` and
  年度资金总额 ``funds.annual``. 财政拨款 and 其他资金 may be left empty (read as 0). 资金类别 and the
  codes are not header fields here (``required_findings`` covers ``unit.code``/``project.code``).
- A header field that is filled but wrong (项目属性 not 新增/延续, a year that is not a year, the
  预算年度 outside the 项目期, a phone with letters) is ``target.header.invalid``.
- Funds reuse the master-data rules, so the codes are the same as in the project dialog:
  ``funds.not_money``, ``funds.negative`` and ``funds.unbalanced`` (always on ``funds.annual``).
- A goal line is counted without its numbering (``目标1：``, ``1.``, ``（一）``), spaces and
  closing punctuation; the rule applies to ``goals.annual`` and the optional ``goals.midterm``.
  A line still holding the library placeholder ``*`` (or ``××``) is an error, not a short line.
- Every number is a profile default in :class:`TargetRuleSettings`, never a constant in a rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Final

from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.frameworks import get_framework, name_key
from perfdesk.domain.indicator_value import clear_cache as forget_readings
from perfdesk.domain.labels import label
from perfdesk.domain.master_data import PHONE, Funds, parse_money_field
from perfdesk.domain.money import Money
from perfdesk.domain.target_codes import (
    DEFAULT,
    TargetCode,
    TargetRuleSettings,
    error,
    has_placeholder,
    warning,
)
from perfdesk.domain.target_rules_indicators import indicator_findings, parse_weight
from perfdesk.domain.target_rules_rows import forget_verdicts, judge_for

__all__ = [
    "DEFAULT",
    "TargetCode",
    "TargetRuleSettings",
    "blocking",
    "check_targets",
    "clear_caches",
    "goal_findings",
    "has_placeholder",
    "header_findings",
    "is_explained",
    "omitted_optional_categories",
    "unexplained",
]


# (field path, label) of the header fields that may not be empty, in form order.
REQUIRED_HEADER: Final[tuple[tuple[str, str], ...]] = (
    ("project.name", label("field.project.name")),
    ("project.department", label("field.project.department")),
    ("unit.name", label("field.project.unit")),
    ("project.attribute", label("field.project.attribute")),
    ("project.start_year", f"{label('field.project.period')}{label('field.project.start_year')}"),
    ("project.end_year", f"{label('field.project.period')}{label('field.project.end_year')}"),
    ("project.manager", label("field.project.manager")),
    ("project.phone", label("field.project.phone")),
    ("funds.annual", label("field.funds.annual")),
)
ATTRIBUTES: Final = frozenset({"新增", "延续", "new", "continuing"})
# REQUIRED_HEADER as (section, key, field, message): split and worded once, not on every sheet.
_HEADER_CELLS: Final = tuple(
    (*field.split("."), field, f"请填写{name}，目标表表头的这一项不能为空") for field, name in REQUIRED_HEADER
)
_FUND_FIELDS: Final = (("annual", "funds.annual"), ("fiscal", "funds.fiscal"), ("other", "funds.other"))
GOAL_SECTIONS: Final = ("annual", "midterm")

_YEAR = re.compile(r"(19|20)\d\d")
_NUMERALS = "0-9０-９一二三四五六七八九十"
# 目标1： / （一） / 1. / 一、 — a bare number only with its separator (so 2023年 and 1.5公里 stay).
_GOAL_NUMBERING = re.compile(
    rf"^(?:目标[{_NUMERALS}]*[、.．:：)）]?|[（(][{_NUMERALS}]+[)）][、.．:：]?|[{_NUMERALS}]+[、.．:：)）](?![0-9０-９]))"
)
_CLOSING = "。，,；;、.．！!"


def check_targets(
    doc: FormDoc,
    settings: TargetRuleSettings = DEFAULT,
    library_core: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every finding of FORMS.md §3.3 on a target sheet, in form order (header, funds, goals, table).

    ``library_core`` names ★★★ indicators the library requires for this project (besides the ones
    the document lists in ``required_core``); they must be present as 三级指标.
    """
    framework = get_framework(settings.framework)
    out = header_findings(doc)
    annual, funds_out = _funds(doc)
    out += funds_out
    out += goal_findings(doc, settings)
    out += indicator_findings(doc, settings, framework, annual, library_core)
    return out


def header_findings(doc: FormDoc) -> list[Finding]:
    """Empty or malformed header fields (项目名称 … 联系电话, 年度资金总额)."""
    out: list[Finding] = []
    sections = {"unit": doc.section("unit"), "project": doc.section("project"), "funds": doc.section("funds")}
    for section, key, field, message in _HEADER_CELLS:
        value = sections[section].get(key)
        if not (value.strip() if type(value) is str else doc.text(section, key)):
            out.append(error(TargetCode.HEADER_MISSING, field, message))
    project = sections["project"]
    attribute = doc.text("project", "attribute")
    if attribute and attribute not in ATTRIBUTES:
        message = f"{label('field.project.attribute')}“{attribute}”无法识别，请填写“新增”或“延续”"
        out.append(error(TargetCode.HEADER_INVALID, "project.attribute", message))
    phone = doc.text("project", "phone")
    if phone and not PHONE.fullmatch(phone):
        message = (
            f"{label('field.project.phone')}“{phone}”无法识别，请只填写数字、空格和连字符，例如 0915-1234567"
        )
        out.append(error(TargetCode.HEADER_INVALID, "project.phone", message))
    start, end = _year(doc, project, "start_year", out), _year(doc, project, "end_year", out)
    if start is None or end is None:
        return out
    if end < start:
        message = f"项目期结束年度 {end} 早于起始年度 {start}，请改正项目期"
        out.append(error(TargetCode.HEADER_INVALID, "project.end_year", message))
    elif (year := doc.fiscal_year) is not None and not start <= year <= end:
        message = f"预算年度 {year} 不在项目期 {start}—{end} 年内，请核对项目期或预算年度"
        out.append(error(TargetCode.HEADER_INVALID, "project.start_year", message))
    return out


def _year(doc: FormDoc, project: dict[str, object], key: str, out: list[Finding]) -> int | None:
    """A 项目期 year (written as a number or as text); a filled one that is no year is a finding."""
    value = project.get(key)
    if type(value) is int and 1900 <= value <= 2099:
        return value
    text = doc.text("project", key)
    if not text:
        return None  # reported as an empty header field
    if _YEAR.fullmatch(text):
        return int(text)
    name = f"{label('field.project.period')}{label('field.project.' + key)}"
    out.append(
        error(
            TargetCode.HEADER_INVALID, f"project.{key}", f"{name}“{text}”不是年份，请填写四位年份，例如 2025"
        )
    )
    return None


def _funds(doc: FormDoc) -> tuple[Money | None, list[Finding]]:
    """年度资金总额 (None when it cannot be read) and the funds findings."""
    amounts: dict[str, Money] = {}
    out: list[Finding] = []
    funds = doc.section("funds")
    annual_text = ""
    for name, field in _FUND_FIELDS:
        value = funds.get(name)
        text = value.strip() if type(value) is str else doc.text("funds", name)
        money, found = _money(field, text)
        if found:
            out += found
        if money is not None:
            amounts[name] = money
        if name == "annual":
            annual_text = text
    if not annual_text:
        return None, out  # reported as an empty header field
    if len(amounts) == 3:
        annual, fiscal, other = amounts["annual"], amounts["fiscal"], amounts["other"]
        if annual.cents != fiscal.cents + other.cents:  # balanced: nothing to say, nothing to build
            out += Funds(annual, fiscal, other).balance_findings()
    return amounts.get("annual"), out


@lru_cache(maxsize=4096)
def _money(field: str, text: str) -> tuple[Money | None, tuple[Finding, ...]]:
    """``parse_money_field``, remembered: a county's sheets repeat the same amounts."""
    money, found = parse_money_field(field, text)
    # The project dialog's sentence for a negative amount says what is wrong; on the sheet it
    # also says what to do.
    return money, tuple(
        Finding(f.code, f.severity, f.field, f"{f.message}，请填写 0 或正数（万元）")
        if f.code == "funds.negative"
        else f
        for f in found
    )


def goal_content(line: str) -> str:
    """A goal line as counted by the length rule: numbering, spaces and closing punctuation dropped."""
    compact = "".join(line.split())
    return _GOAL_NUMBERING.sub("", compact, count=1).rstrip(_CLOSING)


def goal_findings(doc: FormDoc, settings: TargetRuleSettings = DEFAULT) -> list[Finding]:
    """No 年度总体目标; a goal line holding a placeholder; a goal line too short to say anything."""
    out: list[Finding] = []
    for section in GOAL_SECTIONS:
        lines = doc.goal_lines(section)
        if section == "annual" and not any(lines):
            message = (
                f"没有填写{label('field.goals.annual')}，请逐条写明本年要完成的任务和效果，"
                "例如“目标1：完成村内道路硬化3公里，解决500名群众出行难”"
            )
            out.append(error(TargetCode.GOALS_MISSING, "goals.annual", message))
        for i, line in enumerate(lines):
            if not line:
                continue
            if has_placeholder(line):
                message = f"{label('field.goals.' + section)}第 {i + 1} 条还留有占位符 *，请把 * 换成实际的数字或内容"
                out.append(error(TargetCode.PLACEHOLDER, f"goals.{section}[{i}]", message))
                continue
            size = len(goal_content(line))
            if size < settings.min_goal_chars:
                message = (
                    f"{label('field.goals.' + section)}第 {i + 1} 条“{line}”只有 {size} 个字，"
                    f"请写清要做什么、做多少、达到什么效果（至少 {settings.min_goal_chars} 个字）"
                )
                out.append(warning(TargetCode.GOAL_SHORT, f"goals.{section}[{i}]", message))
    return out


def omitted_optional_categories(doc: FormDoc, settings: TargetRuleSettings = DEFAULT) -> list[str]:
    """一级 names that may stay empty (满意度指标) and do: no finding, but worth a note."""
    framework = get_framework(settings.framework)
    optional = [level.name for level in framework.lv1 if level.optional]
    if not optional:
        return []
    used = judge_for(framework, settings.max_lv3_chars).used_lv1(doc)
    return [name for name in optional if name not in used]


def is_explained(finding: Finding, explanations: Mapping[str, str]) -> bool:
    """A warning with a non-empty 出错说明 under its key; an error is never explained away."""
    return finding.severity is Severity.WARNING and bool(explanations.get(finding.key, "").strip())


def unexplained(findings: Iterable[Finding], explanations: Mapping[str, str]) -> list[Finding]:
    """The warnings that still lack an 出错说明."""
    return [f for f in findings if f.severity is Severity.WARNING and not is_explained(f, explanations)]


def blocking(findings: Iterable[Finding], explanations: Mapping[str, str]) -> list[Finding]:
    """What stops the sheet from being marked complete: every error and each unexplained warning."""
    return [f for f in findings if f.severity is Severity.ERROR or not is_explained(f, explanations)]


def clear_caches() -> None:
    """Forget every remembered verdict, reading and amount (benchmarks; a county's profile replaced)."""
    forget_verdicts()
    forget_readings()
    name_key.cache_clear()
    _money.cache_clear()
    parse_weight.cache_clear()
