"""Master data rules: what makes a unit or a project acceptable (FORMS.md §2).

Inputs are what a person typed (text); the functions return findings naming the field, and the
parsed values when everything parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.labels import PROJECT_ATTRIBUTES, UNIT_KINDS, label
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.text import clean_cell

UNIT_CODE = re.compile(r"\d{3,21}")
PROJECT_CODE = re.compile(r"[0-9A-Za-z\-_.]{1,21}")
PHONE = re.compile(r"[0-9\-+() ]{5,30}")
FUND_FIELDS = ("annual", "fiscal", "other")


def _error(code: str, field: str, message: str) -> Finding:
    return Finding(code, Severity.ERROR, field, message)


@dataclass(frozen=True)
class Funds:
    """年度资金总额 = 财政拨款 + 其他资金, exactly."""

    annual: Money
    fiscal: Money
    other: Money

    def balance_findings(self, decimals: int = 2) -> list[Finding]:
        expected = self.fiscal + self.other
        if self.annual == expected:
            return []
        diff = self.annual - expected
        return [
            _error(
                "funds.unbalanced",
                "funds.annual",
                f"{label('field.funds.annual')} {self.annual.format_wan(6).rstrip('0').rstrip('.')} 万元"
                f"不等于{label('field.funds.fiscal')}与{label('field.funds.other')}之和 "
                f"{expected.format_wan(6).rstrip('0').rstrip('.')} 万元"
                f"（相差 {diff.format_wan(6).rstrip('0').rstrip('.')} 万元），请核对到分",
            )
        ]


def parse_money_field(field: str, text: str) -> tuple[Money | None, list[Finding]]:
    try:
        money = Money.from_wan(text)
    except MoneyError as exc:
        return None, [_error("funds.not_money", field, str(exc))]
    if money.cents < 0:
        return None, [_error("funds.negative", field, f"{label('field.' + field)}不能为负数")]
    return money, []


def check_unit(code: str, name: str, kind: str) -> list[Finding]:
    out: list[Finding] = []
    if not UNIT_CODE.fullmatch(clean_cell(code)):
        out.append(_error("unit.code", "code", "单位编码应为 3 到 21 位数字，例如 610921101"))
    if not clean_cell(name):
        out.append(_error("unit.name", "name", "请填写单位名称"))
    elif len(clean_cell(name)) > 100:
        out.append(_error("unit.name", "name", "单位名称不能超过 100 个字"))
    if kind not in UNIT_KINDS:
        out.append(_error("unit.kind", "kind", "单位类型只能是部门、单位或镇办"))
    return out


def check_project_field(field: str, text: str) -> list[Finding]:
    """Rules that look at one project field alone (funds are checked by parse_money_field)."""
    value = clean_cell(text)
    name = label(f"field.project.{field}") if f"field.project.{field}" in _PROJECT_LABEL_KEYS else field
    if field == "code":
        if not PROJECT_CODE.fullmatch(value):
            return [_error("project.code", field, "项目代码应为 1 到 21 位数字、字母或连字符")]
    elif field == "name":
        if not value:
            return [_error("project.name", field, "请填写项目名称")]
        if len(value) > 200:
            return [_error("project.name", field, "项目名称不能超过 200 个字")]
    elif field == "attribute":
        if value not in PROJECT_ATTRIBUTES:
            return [_error("project.attribute", field, "项目属性只能是新增或延续")]
    elif field in ("start_year", "end_year"):
        if not re.fullmatch(r"(19|20)\d\d", value):
            return [_error("project.period", field, f"{name}应为四位年份，例如 2025")]
    elif field == "phone":
        if value and not PHONE.fullmatch(value):
            return [_error("project.phone", field, "联系电话只能包含数字和连字符，例如 0915-1234567")]
    elif field in ("manager", "department", "category") and len(value) > 100:
        return [_error(f"project.{field}", field, f"{name}过长")]
    return []


def check_period(start_year: int, end_year: int, fiscal_year: int) -> list[Finding]:
    if end_year < start_year:
        return [_error("project.period", "end_year", "项目期的结束年度不能早于起始年度")]
    if not start_year <= fiscal_year <= end_year:
        return [
            _error(
                "project.period",
                "start_year",
                f"预算年度 {fiscal_year} 不在项目期 {start_year}–{end_year} 内",
            )
        ]
    return []


_PROJECT_LABEL_KEYS = {
    f"field.project.{f}"
    for f in (
        "code",
        "name",
        "department",
        "attribute",
        "start_year",
        "end_year",
        "manager",
        "phone",
        "category",
    )
}
