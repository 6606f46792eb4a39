"""What a readable indicator value still lacks, as findings (FORMS.md §3.2/§3.3).

The parser (:mod:`perfdesk.domain.indicator_value`) reads what people type; this room says what a
value that could be read is still missing before a form may be completed: a number, a unit, or
the library placeholder ``*`` left in.
"""

from __future__ import annotations

from enum import StrEnum

from perfdesk.domain import labels
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.indicator_value import IndicatorValue, IndicatorValueError, parse_indicator_value


class ValueProblem(StrEnum):
    """What a readable value still lacks (FORMS.md §3.2/§3.3); each is an error on a form."""

    NO_NUMBER = "value.no_number"
    NO_UNIT = "value.no_unit"
    PLACEHOLDER = "value.placeholder"


def value_problems(value: IndicatorValue) -> tuple[ValueProblem, ...]:
    """The problems of a value: a ``*`` left in, a quantitative value without number or unit.

    A placeholder number is reported as ``PLACEHOLDER`` only, not also as ``NO_NUMBER``.
    """
    problems: list[ValueProblem] = []
    if value.contains_placeholder:
        problems.append(ValueProblem.PLACEHOLDER)
    if value.is_quantitative:
        if value.number is None and not value.placeholder:
            problems.append(ValueProblem.NO_NUMBER)
        if not value.unit:
            problems.append(ValueProblem.NO_UNIT)
    return tuple(problems)


def value_findings(value: IndicatorValue, field: str, *, what: str | None = None) -> list[Finding]:
    """:func:`value_problems` as error findings on ``field``; ``what`` names the column."""
    what = what or labels.label("indicator.value")
    shown = value.display()
    messages = {
        ValueProblem.PLACEHOLDER: f"{what}“{shown}”还留有占位符 *，请把 * 换成实际的目标数值",
        ValueProblem.NO_NUMBER: f"{what}“{shown}”缺少数值，请在符号后填写阿拉伯数字，例如 ≥95%；"
        "如果是定性指标，请去掉符号直接写文字",
        ValueProblem.NO_UNIT: f"{what}“{shown}”缺少计量单位，请在数字后写上单位，例如 ≥95% 或 =10个",
    }
    return [Finding(p.value, Severity.ERROR, field, messages[p]) for p in value_problems(value)]


def check_indicator_value(text: str, field: str) -> list[Finding]:
    """Every error finding about an indicator value typed as ``text``; never raises."""
    try:
        value = parse_indicator_value(text)
    except IndicatorValueError as error:
        return [error.to_finding(field)]
    return value_findings(value, field)
