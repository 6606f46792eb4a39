"""The cells of a target sheet's indicator rows, judged once and remembered (FORMS.md §3.2, §3.3).

Each row's 一级/二级 pair, 三级 name and 指标值 is judged into a verdict that does not depend on
where the row stands: a county's sheets repeat the same cells thousands of times (``=100%``,
受益脱贫(监测)户满意度), so :class:`RowJudge` keeps the verdicts per framework, bounded, and the
three together per distinct row (:class:`RowCells`), so that a row seen before costs one lookup.
Row messages therefore never hold the row number: the finding's field (``indicators[3].value``)
says where, and every output shows it. The table rules in
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
from perfdesk.domain.indicator_value import IndicatorValue, IndicatorValueError, parse_indicator_value
from perfdesk.domain.labels import label
from perfdesk.domain.target_codes import TargetCode, has_placeholder
from perfdesk.domain.text import normalize_width
from perfdesk.domain.value_checks import value_findings, value_problems

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

    ``qualitative`` is a readable 定性 value that is not a date; ``untimely`` says a 时效 row gets
    a warning for it (false for a date, a rate or a duration; the sentence is only written for a
    row that gets it, :func:`untimely_problem`); ``total_wan`` is the value in 万元 when its unit is
    a money total (万元, 元, 千元, 亿元).
    """

    value: IndicatorValue | None
    problems: tuple[Problem, ...]
    qualitative: bool
    untimely: bool
    total_wan: Decimal | None


@dataclass(frozen=True, slots=True)
class RowCells:
    """The verdicts on one row's 一级/二级, 三级 and 指标值 together, with what the table rules ask.

    ``problems`` are the row's cell problems in column order (the 时效 warning included);
    ``cost_wan`` is the 指标值 in 万元 on a 成本 row with a money total, else ``None``; ``blank`` is
    true when the four cells are empty (the row is a blank grid line when its 分值 is too);
    ``readable``, ``qualitative`` and ``quantitative`` are what the table rules count.
    """

    place: PlaceVerdict
    name: NameVerdict
    value: ValueVerdict
    problems: tuple[Problem, ...]
    cost_wan: Decimal | None
    blank: bool
    readable: bool
    qualitative: bool
    quantitative: bool


class ReadRow(NamedTuple):
    """One non-blank row of the table with the verdicts on its cells and its 分值 as typed.

    A named tuple rather than a frozen dataclass: one is built per row of every sheet checked.
    """

    at: int
    raw: dict[str, Any]
    cells: RowCells
    weight: str

    @property
    def place(self) -> PlaceVerdict:
        return self.cells.place

    @property
    def name(self) -> NameVerdict:
        return self.cells.name

    @property
    def value(self) -> ValueVerdict:
        return self.cells.value

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
        # (一级, 二级, 三级, 指标值) exactly as typed → the row's verdicts; strings only.
        self._rows: dict[tuple[str, str, str, str], RowCells] = {}

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

    def cells(self, lv1: str, lv2: str, lv3: str, value: str) -> RowCells:
        """The verdicts on a row's four (trimmed) cells, combined."""
        place, name, verdict = self.place(lv1, lv2), self.name(lv3), self.value(value)
        parsed = verdict.value
        problems = place.problems + name.problems + verdict.problems
        if place.timeliness and verdict.untimely and parsed is not None:
            problems += (untimely_problem(parsed),)
        return RowCells(
            place,
            name,
            verdict,
            problems,
            verdict.total_wan if place.cost else None,
            not (lv1 or lv2 or lv3 or value),
            parsed is not None,
            verdict.qualitative,
            parsed is not None and parsed.is_quantitative,
        )

    def used_lv1(self, doc: FormDoc) -> set[str | None]:
        """The 一级 names (framework spelling) the document's rows use; ``None`` for unknown ones."""
        used: set[str | None] = set()
        names = self._lv1
        rows = doc.raw.get("indicators")
        for raw in rows if type(rows) is list else ():
            if type(raw) is not dict:
                continue
            text = raw.get("lv1")
            if type(text) is not str:  # null, a number, true: never the name of a 一级
                used.add(None)
                continue
            name = names.get(text)  # keyed as typed, so a name seen before costs one lookup
            if name is None:
                trimmed = text.strip()
                level = self.framework.level1(trimmed) if trimmed else None
                name = _remember(names, text, "" if level is None else level.name)
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
        return ValueVerdict(None, ((exc.code, Severity.ERROR, "value", exc.message),), False, False, None)
    problems: tuple[Problem, ...] = ()
    if value_problems(value):  # cheap; the messages are only written when there is something to say
        problems = tuple((f.code, f.severity, "value", f.message) for f in value_findings(value, "value"))
    is_date = value.is_date
    untimely = not (value.is_rate or value.is_duration or is_date)
    factor = TOTAL_COST_UNITS.get(value.unit)
    total = None if factor is None or value.number is None else value.number * factor
    qualitative = value.is_qualitative and not is_date
    return ValueVerdict(value, problems, qualitative, untimely, total)


def untimely_problem(value: IndicatorValue) -> Problem:
    """The warning on a 时效 row whose 指标值 is no date, rate or duration (``ValueVerdict.untimely``)."""
    message = (
        f"时效指标的{label('indicator.value')}“{value.display()}”不是完成时限、比率或时长，"
        "请写成如 2025年12月31日前、≥95%（完成及时率）或 ≤30天"
    )
    return (TargetCode.TIMELINESS_KIND.value, Severity.WARNING, "value", message)


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


def _cell(raw: dict[str, Any], name: str, value: object) -> str:
    """A cell that is not a string (a number typed by hand, ``null``), as ``IndicatorRow`` reads it."""
    return "" if value is None else IndicatorRow(0, raw).get(name)


def read_rows(doc: FormDoc, judge: RowJudge) -> list[ReadRow]:
    """The non-blank rows of the table, each with the verdicts on its cells."""
    rows = doc.raw.get("indicators")
    if type(rows) is not list:
        return []
    out: list[ReadRow] = []
    seen = judge._rows
    for at, raw in enumerate(rows):
        if type(raw) is not dict:
            continue  # reported as ``doc.bad_row``
        # The hot loop of a batch check: cells are read inline rather than through IndicatorRow,
        # and a row whose four cells were seen before, exactly as typed, costs one lookup.
        get = raw.get
        lv1, lv2, lv3, value, weight = get("lv1"), get("lv2"), get("lv3"), get("value"), get("weight")
        if type(lv1) is str and type(lv2) is str and type(lv3) is str and type(value) is str:
            key = (lv1, lv2, lv3, value)
            cells = seen.get(key)
            if cells is None:
                cells = _remember(
                    seen, key, judge.cells(lv1.strip(), lv2.strip(), lv3.strip(), value.strip())
                )
        else:  # a number typed by hand, null: read the way IndicatorRow reads it, not remembered
            cells = judge.cells(
                _trimmed(raw, "lv1", lv1),
                _trimmed(raw, "lv2", lv2),
                _trimmed(raw, "lv3", lv3),
                _trimmed(raw, "value", value),
            )
        weight = weight.strip() if type(weight) is str else _cell(raw, "weight", weight)
        if weight or not cells.blank:
            out.append(ReadRow(at, raw, cells, weight))
    return out


def _trimmed(raw: dict[str, Any], name: str, value: object) -> str:
    return value.strip() if type(value) is str else _cell(raw, name, value)


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
