"""Pieces every printed form shares: title, header block, money, goal lines, signatures, footer.

Everything a person reads comes from the labels table; values are printed as the document holds
them, amounts in 万元 with two decimals when they can be read as money (as written otherwise: a
form is printed as it stands, findings and all).
"""

from __future__ import annotations

import re

from perfdesk.domain.document import FormDoc
from perfdesk.domain.indicator_value import IndicatorValueError
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money, MoneyError
from perfdesk.domain.scoring_rules import read_actual, read_target
from perfdesk.reports.sheet import Cell, Row, label_cell

MONEY_DECIMALS = 2
_NUMBERED = re.compile(
    r"^\s*(目标\s*\d+|\d+\s*[.、．:：]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)"
)
SIGNATURES = ("preparer", "manager", "finance", "head", "date")


def title(doc: FormDoc) -> str:
    """``2022年度项目支出绩效目标表``; without a year the title starts at 年度."""
    year = doc.fiscal_year
    return label(f"print.title.{doc.kind}").format(year=year if year is not None else "    ")


def unit_line(doc: FormDoc) -> str:
    return label("print.unit_line").format(unit=doc.text("unit", "name"))


def money(text: str) -> str:
    """An amount in 万元 as printed (``120.00``); text that is not an amount stays as written."""
    if not text:
        return ""
    try:
        return Money.from_wan(text).format_wan(MONEY_DECIMALS)
    except (MoneyError, ArithmeticError):
        return text


def with_unit(text: str, target_text: str) -> str:
    """An actual written against ``target_text`` with the target's unit (``3.2`` → ``3.2公里``).

    Read by the one value parser; anything it cannot read is printed as written.
    """
    if not text or not target_text:
        return text
    try:
        target = read_target(target_text).value
        if target.is_qualitative:
            return text
        read = read_actual(text, target)
    except (IndicatorValueError, ArithmeticError):
        return text
    return read.shown if read is not None else text


def period(doc: FormDoc) -> str:
    start, end = doc.text("project", "start_year"), doc.text("project", "end_year")
    if not start and not end:
        return ""
    return label("print.period").format(start=start, end=end)


def numbered_goals(lines: list[str]) -> str:
    """Goal lines one per line, each numbered 目标1：… unless the preparer numbered it already."""
    kept = [line for line in lines if line]
    return "\n".join(
        line if _NUMBERED.match(line) else label("print.goal_number").format(n=n, text=line)
        for n, line in enumerate(kept, start=1)
    )


TARGETS_HEADER = (
    ("project.name", None),
    ("project.department", "project.unit"),
    ("project.code", "project.category"),
    ("project.attribute", "project.period"),
    ("project.manager", "project.phone"),
)
"""The header of the target sheet (财预〔2015〕88号): every project field on its own line pair."""
SELFEVAL_HEADER = (
    ("project.name", "project.code"),
    ("project.department", "project.unit"),
    ("project.manager", "project.phone"),
)
"""The shorter header of the self-evaluation (财预〔2020〕10号), with the project code kept."""


def header_value(doc: FormDoc, key: str) -> str:
    """The printed value of a header field ``project.<name>`` (实施单位 is the unit's name)."""
    name = key.removeprefix("project.")
    if name == "unit":
        return doc.text("unit", "name")
    if name == "period":
        return period(doc)
    return doc.text("project", name)


def header_rows(
    doc: FormDoc, spans: tuple[int, int, int, int], pairs: tuple[tuple[str, str | None], ...]
) -> list[Row]:
    """The project header: label, value, label, value per row over ``spans`` grid columns.

    A pair without a right-hand field gives its value the whole width.
    """
    l1, v1, l2, v2 = spans
    rows: list[Row] = []
    for left, right in pairs:
        head = label_cell(label(f"field.{left}"), l1)
        if right is None:
            rows.append((head, Cell(header_value(doc, left), colspan=v1 + l2 + v2)))
            continue
        rows.append(
            (
                head,
                Cell(header_value(doc, left), colspan=v1),
                label_cell(label(f"field.{right}"), l2),
                Cell(header_value(doc, right), colspan=v2),
            )
        )
    return rows


def signatures(doc: FormDoc) -> tuple[tuple[str, str], ...]:
    """(label, name) of the signature lines; names from ``signatures`` when the document has them."""
    given = doc.section("signatures")
    out = []
    for key in SIGNATURES:
        value = given.get(key)
        text = value.strip() if isinstance(value, str) else ""
        if key == "date" and not text:
            text = label("print.blank_date")
        out.append((label(f"sign.{key}"), text))
    return tuple(out)


def closing_text(doc: FormDoc, name: str) -> str:
    """A closing text (``closing.conclusion`` / ``problems`` / ``measures``)."""
    return doc.text("closing", name)


def footer_left(doc: FormDoc) -> str:
    code = doc.text("project", "code")
    return label("print.footer_project").format(code=code) if code else ""
