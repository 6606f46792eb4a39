"""The cells of a target sheet's indicator rows, judged once and remembered (FORMS.md §3.2, §3.3).

Each row's 一级/二级 pair, 三级 name and 指标值 is judged into a verdict that does not depend on
where the row stands: a county's sheets repeat the same cells thousands of times (``=100%``,
受益脱贫(监测)户满意度), so :class:`RowJudge` keeps the verdicts per framework, bounded. Row
messages therefore never hold the row number: the finding's field (``indicators[3].value``) says
where, and every output shows it. The table rules in
:mod:`perfdesk.domain.target_rules_indicators` count over the verdicts.

Decisions:
- A row whose 一级, 二级, 三级, 指标值 and 分值 are all empty is a blank grid line and is skipped.
- A wrong 一级 is reported alone (its 二级 cannot be judged); the message says where a 二级 typed as
  一级 belongs.
- 时效: a date, a rate (%/‰) or a duration (天, 个月, 工作日 …) passes; anything else is a warning.
- 成本 totals: a value in 万元, 元, 千元 or 亿元 is converted to 万元 (``cost_wan``); a per-unit cost
  (``元/亩``, ``万元/公里``, ``元/人``) is not a total and is not compared with the funds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, NamedTuple

from perfdesk.domain import frameworks
from perfdesk.domain.document import FormDoc, IndicatorRow
from perfdesk.domain.findings import Severity
from perfdesk.domain.frameworks import Framework
from perfdesk.domain.indicator_value import (
    IndicatorValue,
    IndicatorValueError,
    parse_indicator_value,
    value_findings,
    value_problems,
)
from perfdesk.domain.labels import label
from perfdesk.domain.target_codes import TargetCode, has_placeholder
from perfdesk.domain.text import normalize_width

TOTAL_COST_UNITS: Final[dict[str, Decimal]] = {
    "万元": Decimal(1),
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "亿元": Decimal(10000),
}
_MEMO_LIMIT: Final = 50_000


Problem = tuple[str, Severity, str, str]  # (code, severity, column, message) of a row's cell


@dataclass(frozen=True, slots=True)
class PlaceVerdict:
    """The 一级/二级 of a row in the framework's spelling (``None`` when not in it)."""

    lv1: str | None
    lv2: str | None
    problems: tuple[Problem, ...]
    timeliness: bool
    cost: bool


@dataclass(frozen=True, slots=True)
class NameVerdict:
    """The 三级 name: its problems and its key for matching ★★★ names."""

    problems: tuple[Problem, ...]
    core_key: str


@dataclass(frozen=True, slots=True)
class ValueVerdict:
    """The 指标值: parsed (``None`` when unreadable), its problems and what the table rules ask.

    ``qualitative`` is a readable 定性 value that is not a date; ``untimely`` is the warning a 时效
    row gets for it (``None`` for a date, a rate or a duration); ``total_wan`` is the value in 万元
    when its unit is a money total (万元, 元, 千元, 亿元).
    """

    value: IndicatorValue | None
    problems: tuple[Problem, ...]
    qualitative: bool
    untimely: Problem | None
    total_wan: Decimal | None


class ReadRow(NamedTuple):
    """One non-blank row of the table with the verdicts on its cells and its 分值 as typed.

    A named tuple rather than a frozen dataclass: one is built per row of every sheet checked.
    """

    at: int
    raw: dict[str, Any]
    place: PlaceVerdict
    name: NameVerdict
    value: ValueVerdict
    weight: str

    @property
    def row(self) -> IndicatorRow:
        return IndicatorRow(self.at, self.raw)


@lru_cache(maxsize=4096)
def core_key(name: str) -> str:
    """A 三级 name as matched against ★★★ names: width folded, spaces and leading ★ dropped."""
    return "".join(normalize_width(name).split()).lstrip("★☆")


class RowJudge:
    """Judges cells against one framework and one 三级 length limit, remembering each verdict."""

    def __init__(self, framework: Framework, max_lv3_chars: int) -> None:
        self.framework = framework
        self.max_lv3_chars = max_lv3_chars
        self._places: dict[tuple[str, str], PlaceVerdict] = {}
        self._names: dict[str, NameVerdict] = {}
        self._values: dict[str, ValueVerdict] = {}
        self._lv1: dict[str, str] = {}  # typed 一级 → framework spelling, "" when unknown

    def place(self, lv1: str, lv2: str) -> PlaceVerdict:
        verdict = self._places.get((lv1, lv2))
        if verdict is None:
            verdict = _remember(self._places, (lv1, lv2), self._place(lv1, lv2))
        return verdict

    def name(self, lv3: str) -> NameVerdict:
        verdict = self._names.get(lv3)
        if verdict is None:
            verdict = _remember(self._names, lv3, self._name(lv3))
        return verdict

    def value(self, text: str) -> ValueVerdict:
        verdict = self._values.get(text)
        if verdict is None:
            verdict = _remember(self._values, text, _value(text))
        return verdict

    def used_lv1(self, doc: FormDoc) -> set[str | None]:
        """The 一级 names (framework spelling) the document's rows use; ``None`` for unknown ones."""
        used: set[str | None] = set()
        for _, raw in _rows(doc):
            text = raw.get("lv1")
            text = text.strip() if type(text) is str else _cell(raw, "lv1", text)
            name = self._lv1.get(text)
            if name is None:
                level = self.framework.level1(text) if text else None
                name = _remember(self._lv1, text, "" if level is None else level.name)
            used.add(name or None)
        return used

    def _place(self, lv1: str, lv2: str) -> PlaceVerdict:
        framework = self.framework
        level = framework.level1(lv1) if lv1 else None
        if level is None:
            problem = (TargetCode.LV1_INVALID.value, Severity.ERROR, "lv1", _lv1_message(lv1, framework))
            return PlaceVerdict(None, None, (problem,), False, False)
        pair = framework.canonical(level.name, lv2) if lv2 else None
        if pair is None:
            problem = (
                TargetCode.LV2_INVALID.value,
                Severity.ERROR,
                "lv2",
                _lv2_message(lv2, level.name, framework),
            )
            return PlaceVerdict(level.name, None, (problem,), False, False)
        name1, name2 = pair
        return PlaceVerdict(
            name1, name2, (), frameworks.is_timeliness(name2), frameworks.is_cost(name1, name2)
        )

    def _name(self, lv3: str) -> NameVerdict:
        problems: tuple[Problem, ...] = ()
        if not lv3:
            problems = (
                (
                    TargetCode.LV3_MISSING.value,
                    Severity.ERROR,
                    "lv3",
                    "没有三级指标名称，请填写或从指标库选取",
                ),
            )
        elif len(lv3) > self.max_lv3_chars:
            message = f"三级指标名称有 {len(lv3)} 个字，请精简到 {self.max_lv3_chars} 个字以内"
            problems = ((TargetCode.LV3_TOO_LONG.value, Severity.ERROR, "lv3", message),)
        elif has_placeholder(lv3):
            message = f"三级指标名称“{lv3}”还留有占位符 *，请换成实际内容"
            problems = ((TargetCode.PLACEHOLDER.value, Severity.ERROR, "lv3", message),)
        return NameVerdict(problems, core_key(lv3))


def _remember(memo: dict[Any, Any], key: object, verdict: Any) -> Any:
    if len(memo) >= _MEMO_LIMIT:  # a bound, not an LRU: a long batch starts afresh now and then
        memo.clear()
    memo[key] = verdict
    return verdict


def _value(text: str) -> ValueVerdict:
    try:
        value = parse_indicator_value(text)
    except IndicatorValueError as exc:
        return ValueVerdict(None, ((exc.code, Severity.ERROR, "value", exc.message),), False, None, None)
    problems: tuple[Problem, ...] = ()
    if value_problems(value):  # cheap; the messages are only written when there is something to say
        problems = tuple((f.code, f.severity, "value", f.message) for f in value_findings(value, "value"))
    is_date = value.is_date
    untimely = None
    if not (value.is_rate or value.is_duration or is_date):
        message = (
            f"时效指标的{label('indicator.value')}“{value.display()}”不是完成时限、比率或时长，"
            "请写成如 2025年12月31日前、≥95%（完成及时率）或 ≤30天"
        )
        untimely = (TargetCode.TIMELINESS_KIND.value, Severity.WARNING, "value", message)
    factor = TOTAL_COST_UNITS.get(value.unit)
    total = None if factor is None or value.number is None else value.number * factor
    qualitative = value.is_qualitative and not is_date
    return ValueVerdict(value, problems, qualitative, untimely, total)


_JUDGES: dict[tuple[int, int], tuple[Framework, RowJudge]] = {}


def judge_for(framework: Framework, max_lv3_chars: int) -> RowJudge:
    """The shared judge of a framework (presets are singletons, so this is one per preset).

    Keyed by identity: hashing a whole framework tree on every sheet would cost more than the
    lookup saves; the framework is kept beside its judge, so its id cannot be reused.
    """
    key = (id(framework), max_lv3_chars)
    found = _JUDGES.get(key)
    if found is None:
        found = _JUDGES[key] = (framework, RowJudge(framework, max_lv3_chars))
    return found[1]


def forget_verdicts() -> None:
    """Drop every remembered verdict (benchmarks; a county replacing its framework)."""
    _JUDGES.clear()
    core_key.cache_clear()


def _rows(doc: FormDoc) -> list[tuple[int, dict[str, Any]]]:
    """(index, row dict) of the table, skipping entries that are not objects (``doc.bad_row``)."""
    rows = doc.raw.get("indicators")
    if type(rows) is not list:
        return []
    return [(i, row) for i, row in enumerate(rows) if type(row) is dict]


def _cell(raw: dict[str, Any], name: str, value: object) -> str:
    """A cell that is not a string (a number typed by hand, ``null``), as ``IndicatorRow`` reads it."""
    return "" if value is None else IndicatorRow(0, raw).get(name)


def read_rows(doc: FormDoc, judge: RowJudge) -> list[ReadRow]:
    """The non-blank rows of the table, each with the verdicts on its cells."""
    out: list[ReadRow] = []
    for at, raw in _rows(doc):
        # The hot loop of a batch check: cells are read inline rather than through IndicatorRow.
        get = raw.get
        lv1, lv2, lv3, value, weight = get("lv1"), get("lv2"), get("lv3"), get("value"), get("weight")
        lv1 = lv1.strip() if type(lv1) is str else _cell(raw, "lv1", lv1)
        lv2 = lv2.strip() if type(lv2) is str else _cell(raw, "lv2", lv2)
        lv3 = lv3.strip() if type(lv3) is str else _cell(raw, "lv3", lv3)
        value = value.strip() if type(value) is str else _cell(raw, "value", value)
        weight = weight.strip() if type(weight) is str else _cell(raw, "weight", weight)
        if lv1 or lv2 or lv3 or value or weight:
            out.append(ReadRow(at, raw, judge.place(lv1, lv2), judge.name(lv3), judge.value(value), weight))
    return out


def _lv1_message(lv1: str, framework: Framework) -> str:
    choices = "、".join(framework.lv1_names)
    if not lv1:
        return f"没有一级指标，请选择{choices}之一"
    owner = framework.lv1_of(lv1)
    hint = f"（“{lv1}”是“{owner}”下的二级指标）" if owner is not None else ""
    return f"一级指标“{lv1}”不在{framework.label}中{hint}，请改为{choices}之一"


def _lv2_message(lv2: str, lv1: str, framework: Framework) -> str:
    choices = "、".join(framework.lv2_options(lv1))
    if not lv2:
        return f"没有二级指标，请在“{lv1}”下选择{choices}之一"
    owner = framework.lv1_of(lv2)
    hint = f"（它属于“{owner}”）" if owner is not None else ""
    return f"二级指标“{lv2}”不属于“{lv1}”{hint}，请改为{choices}之一，或改正一级指标"
