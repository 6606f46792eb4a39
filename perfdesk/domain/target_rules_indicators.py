"""Rules on the indicator table of a target sheet as a whole (FORMS.md §3.3), for ``check_targets``.

The rows' own cells are judged in :mod:`perfdesk.domain.target_rules_rows`; this module turns
those verdicts into findings and adds what only the whole table shows.

Decisions:
- Table-wide findings name the part of the table they concern: ``indicators`` (the whole table),
  ``indicators[lv1=效益指标]`` (one 一级, e.g. no indicator in it) and ``indicators[lv3=名称]``
  (a ★★★ indicator that is not there), so each has its own 出错说明 key.
- ★★★ indicators: the document lists the library's must-keep names in ``required_core`` (strings);
  the caller may add the library's own list (``library_core``). A name counts as present when a
  row's 三级 matches it with width, spaces and a leading ★ ignored.
- 分值 "where given": when no row has one, nothing is checked; when some do, every row needs one
  (a number above 0, ``分`` allowed) and the total must equal the profile's indicator total.
- The qualitative share counts rows with a readable 指标值; a date (``2024年12月31日前``) is
  measurable and does not count as qualitative. 2 quantitative 产出 indicators are asked for
  only when the 产出指标 一级 has rows at all (otherwise the empty category is the finding).
- 成本 above funds compares totals only (see ``target_rules_rows``) with 年度资金总额.
- 满意度指标 may be left empty without a finding (``Level1.optional``); ``check`` prints a note
  that its weight moves to 产出/效益.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

from perfdesk.domain import frameworks
from perfdesk.domain.document import FormDoc
from perfdesk.domain.findings import Finding
from perfdesk.domain.frameworks import Framework
from perfdesk.domain.indicator_value import format_number
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money
from perfdesk.domain.target_codes import TargetCode, TargetRuleSettings, error, warning
from perfdesk.domain.target_rules_rows import ReadRow, core_key, judge_for, read_rows
from perfdesk.domain.text import normalize_width


def indicator_findings(
    doc: FormDoc,
    settings: TargetRuleSettings,
    framework: Framework,
    annual: Money | None,
    library_core: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every finding about the indicator table, rows first, then the table as a whole."""
    read = read_rows(doc, judge_for(framework, settings.max_lv3_chars))
    if not read:
        message = "指标表中没有任何指标，请至少填写产出、效益指标各一项（可从指标库选取）"
        return [error(TargetCode.INDICATORS_MISSING, "indicators", message)]
    out: list[Finding] = []
    funds = annual.to_decimal_wan() if annual else None
    for item in read:
        cells = item.cells
        if cells.problems:
            at = item.at
            out += [Finding(c, sev, f"indicators[{at}].{col}", msg) for c, sev, col, msg in cells.problems]
        cost = cells.cost_wan
        if cost is not None and funds is not None and cost > funds:
            out.append(_cost_above_funds(item, cost, funds))
    out += core_findings(doc, read, library_core)
    out += weight_findings(read, settings)
    out += category_findings(read, framework, settings)
    return out


def _cost_above_funds(item: ReadRow, cost: Decimal, funds: Decimal) -> Finding:
    shown = item.value.value.display() if item.value.value is not None else item.row.value
    return warning(
        TargetCode.COST_ABOVE_FUNDS,
        f"indicators[{item.at}].value",
        f"成本指标“{shown}”折合 {format_number(cost)} 万元，超过了{label('field.funds.annual')} "
        f"{format_number(funds)} 万元，请核对成本指标的数值和单位",
    )


def required_core_names(doc: FormDoc, library_core: frozenset[str] = frozenset()) -> list[str]:
    """★★★ names that must be present: the document's ``required_core`` first, then the library's."""
    listed = doc.raw.get("required_core")
    if not listed and not library_core:
        return []
    names = (
        [n.strip() for n in listed if isinstance(n, str) and n.strip()] if isinstance(listed, list) else []
    )
    seen = {core_key(n) for n in names}
    names += sorted(n for n in library_core if n.strip() and core_key(n) not in seen)
    return names


def core_findings(
    doc: FormDoc, read: list[ReadRow], library_core: frozenset[str] = frozenset()
) -> list[Finding]:
    """A ★★★ library indicator that is no longer in the table."""
    names = required_core_names(doc, library_core)
    if not names:
        return []
    present = {item.cells.name.core_key for item in read}
    out: list[Finding] = []
    for name in names:
        if core_key(name) in present:
            continue
        shown = name.lstrip("★☆")
        out.append(
            error(
                TargetCode.CORE_REMOVED,
                f"indicators[lv3={shown}]",
                f"★★★核心指标“{shown}”是指标库要求必须保留的，请把它加回指标表并填写指标值，不能删除或改名",
            )
        )
    return out


def _named(item: ReadRow) -> str:
    return f"“{item.row.lv3}”" if item.row.lv3 else "这项指标"


@lru_cache(maxsize=1024)
def parse_weight(text: str) -> Decimal | None:
    """A 分值 as typed (``10``, ``5.5``, ``１０分``), or ``None`` when it is not a number above 0."""
    try:
        value = Decimal(normalize_width(text).strip().removesuffix("分").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def weight_findings(read: list[ReadRow], settings: TargetRuleSettings) -> list[Finding]:
    """分值, where given: one on every row, each a positive number, adding up to the profile's total."""
    if not any(item.weight for item in read):
        return []
    out: list[Finding] = []
    total = Decimal(0)
    for item in read:
        if not item.weight:
            message = f"{_named(item)}没有分值，其他指标已填分值，请为每项指标填写分值"
            out.append(error(TargetCode.WEIGHT_MISSING, item.row.field("weight"), message))
            continue
        weight = parse_weight(item.weight)
        if weight is None:
            message = f"{_named(item)}的分值“{item.weight}”不是大于 0 的数字，请填写如 10 或 5.5"
            out.append(error(TargetCode.WEIGHT_INVALID, item.row.field("weight"), message))
            continue
        total += weight
    if not out and total != settings.indicator_total:
        expected = format_number(settings.indicator_total)
        out.append(
            error(
                TargetCode.WEIGHT_TOTAL,
                "indicators",
                f"各指标分值合计 {format_number(total)} 分，应为 {expected} 分"
                f"（相差 {format_number(abs(settings.indicator_total - total))} 分），请调整分值使合计为 {expected} 分",
            )
        )
    return out


def category_findings(
    read: list[ReadRow], framework: Framework, settings: TargetRuleSettings
) -> list[Finding]:
    """An empty 一级 (满意度 may be empty); too few quantitative 产出 indicators; too much 定性."""
    out: list[Finding] = []
    used: set[str | None] = set()
    output = quantitative = readable = qualitative = 0
    for item in read:
        cells = item.cells
        lv1 = cells.place.lv1
        used.add(lv1)
        readable += cells.readable
        qualitative += cells.qualitative
        if lv1 == frameworks.OUTPUT:
            output += 1
            quantitative += cells.quantitative
    for level in framework.lv1:
        if level.optional or level.name in used:
            continue
        out.append(
            warning(
                TargetCode.CATEGORY_EMPTY,
                f"indicators[lv1={level.name}]",
                f"没有{level.name}，请至少填写一项；确实无法设置时，请填写出错说明写明原因",
            )
        )
    if output and quantitative < settings.min_output_quantitative:
        out.append(
            warning(
                TargetCode.OUTPUT_FEW_QUANTITATIVE,
                f"indicators[lv1={frameworks.OUTPUT}]",
                f"{frameworks.OUTPUT}中只有 {quantitative} 项定量指标，请至少设置 "
                f"{settings.min_output_quantitative} 项可以用数字衡量的指标，例如 ≥3公里、=100%",
            )
        )
    share = settings.max_qualitative_share
    if qualitative * share.denominator > share.numerator * readable:
        out.append(
            warning(
                TargetCode.QUALITATIVE_SHARE,
                "indicators",
                f"{readable} 项指标中有 {qualitative} 项是定性指标，超过了 "
                f"{_share(settings.max_qualitative_share)}，请尽量改用可量化的指标值，例如 ≥95%",
            )
        )
    return out


def _share(share: Fraction) -> str:
    return "三分之一" if share == Fraction(1, 3) else f"{share.numerator}/{share.denominator}"
