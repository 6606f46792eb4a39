"""The one parser of indicator values (指标值): sign, number and unit, or a qualitative phrase.

People type values the way printed forms show them (FORMS.md §3.2): ``≥95%``, ``>=20平方米``,
``≤475元/亩``, ``=10个``, ``100%``, ``≥**人``, ``不低于95%``, ``效果明显``. This module reads all of
those into an :class:`IndicatorValue` and writes them back one way (:meth:`IndicatorValue.display`).

Errors. Text that cannot be read raises :class:`IndicatorValueError` (a ``ValueError``) with a stable
``code`` and a Chinese message that says what to do; :meth:`IndicatorValueError.to_finding` turns
it into a :class:`~perfdesk.domain.findings.Finding` for the cell. A value that *can* be read but
is incomplete (no unit, no number, a ``*`` left in) is returned normally: :func:`value_problems`
and :func:`value_findings` report those, and :func:`check_indicator_value` does both and never raises.

Decisions:
- No sign means ``=`` (``100%`` → ``=100%``). A sign may also be a word before the number (大于等于,
  不低于, 不少于, 至少, 达到 → ≥; 大于, 高于, 超过 → >; 小于等于, 不高于, 不超过, 不多于, 至多 → ≤;
  小于, 低于, 不足 → <; 等于, 约 → =) or after it (以上 → ≥; 以下, 以内 → ≤; 左右 → =).
  ``≈`` and ``约`` read as ``=``. ``≮``/``≯`` (engineering specs) read as ≥/≤.
- A symbol sign followed by no number (``≥人``, ``≥``) is a quantitative value *without a number*
  (a finding, not a parse error). A *word* sign followed by words (``不低于上年水平``) is a
  qualitative phrase.
- The library placeholder is one or more ``*`` or ``×`` where the number goes (``≥**人``,
  ``≥××人``); it is shown back as ``**``.
- Numbers are ``Decimal``, never rescaled: ``100%`` is 100 with unit ``%``; ``1`` is 1 without a
  unit (a finding), never 100 %. Thousands separators (``1,200``) and spaces are dropped; trailing
  zeros are dropped on display (``95.0%`` → ``95%``).
- A range (``90%-100%``, ``5~8万元``, ``90%至100%``) raises ``value.range``: it cannot be scored,
  the preparer writes one target (e.g. ``≥90%``). A leading minus is a negative number.
- Dates and deadlines (``2024年12月31日前``, ``12月底前``, ``2024-12-31``, ``≤2024年12月31日``)
  are qualitative text, with :attr:`IndicatorValue.is_date` set, because a date is judged
  达成/未达成 rather than scored as a ratio. Durations (``≤12个月``, ``≤3天``) and rates (``≥95%``)
  are quantitative.
- The unit is what follows the number, taken as typed (``元/亩``, ``万元/公里``, ``人次``, ``m3``);
  a unit holding another number or sentence punctuation raises ``value.unreadable``.
- Text that starts with neither a sign nor a number is a qualitative phrase, even if digits occur
  later (``符合GB50204-2015标准``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Final

from perfdesk.domain import labels
from perfdesk.domain.findings import Finding, Severity
from perfdesk.domain.text import clean_cell, normalize_width


class Direction(StrEnum):
    """正向 (more is better) or 反向 (less is better)."""

    POSITIVE = "positive"
    REVERSE = "reverse"

    @property
    def label(self) -> str:
        return labels.label(f"indicator.direction.{self.value}")


class Sign(StrEnum):
    """指标性质: the printed symbol, or 定性 for a qualitative value."""

    GE = "≥"
    GT = ">"
    EQ = "="
    LE = "≤"
    LT = "<"
    QUALITATIVE = "定性"

    @property
    def label(self) -> str:
        return labels.label(f"indicator.sign.{self.name.lower()}")

    @property
    def direction(self) -> Direction | None:
        if self is Sign.QUALITATIVE:
            return None
        return Direction.REVERSE if self in (Sign.LE, Sign.LT) else Direction.POSITIVE


_QUALITATIVE: Final = Sign.QUALITATIVE  # read on every property of every value: a member look-up is slow


class IndicatorValueError(ValueError):
    """A text that cannot be read as an indicator value; ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def to_finding(self, field: str) -> Finding:
        """The error as an error finding on ``field`` (e.g. ``"indicators[3].value"``)."""
        return Finding(self.code, Severity.ERROR, field, self.message)


PLACEHOLDER_DISPLAY: Final = "**"


def _spellings(table: dict[Sign, str]) -> tuple[tuple[str, Sign], ...]:
    """Space-separated spellings per sign, longest first so ``>=`` wins over ``>``."""
    pairs = [(spelling, sign) for sign, words in table.items() for spelling in words.split()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


_SYMBOL_SIGNS: Final = _spellings(
    {
        Sign.GE: ">= => ≥= ≥ ≧ ⩾ ≮",
        Sign.GT: ">",
        Sign.EQ: "== = ≈",
        Sign.LE: "<= =< ≤= ≤ ≦ ⩽ ≯",
        Sign.LT: "<",
    }
)
_WORD_SIGNS: Final = _spellings(
    {
        Sign.GE: "大于或等于 大于等于 不低于 不少于 不小于 至少 达到",
        Sign.GT: "大于 高于 超过 多于",
        Sign.EQ: "等于 约",
        Sign.LE: "小于或等于 小于等于 不高于 不超过 不多于 不大于 至多 控制在",
        Sign.LT: "小于 低于 少于 不足",
    }
)
_SUFFIX_SIGNS: Final[tuple[tuple[str, Sign], ...]] = (
    ("及以上", Sign.GE),
    ("以上", Sign.GE),
    ("及以下", Sign.LE),
    ("以下", Sign.LE),
    ("以内", Sign.LE),
    ("之内", Sign.LE),
    ("左右", Sign.EQ),
)
# The same spellings as one regex each (alternatives in the order above, so the longest still
# wins) and a table back to the sign: one scan in C instead of a loop of ``startswith``.
_SYMBOL_PREFIX = re.compile("|".join(re.escape(spelling) for spelling, _ in _SYMBOL_SIGNS))
_WORD_PREFIX = re.compile("|".join(re.escape(spelling) for spelling, _ in _WORD_SIGNS))
_SYMBOL_SIGN: Final = dict(_SYMBOL_SIGNS)
_WORD_SIGN: Final = dict(_WORD_SIGNS)
_SUFFIXES: Final = tuple(spelling for spelling, _ in _SUFFIX_SIGNS)

_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)", re.ASCII)
_PLACEHOLDER = re.compile(r"[*×]+")
_RANGE = re.compile(r"[-~〜—–―至到]+[-+]?\.?\d", re.ASCII)
_SQUARE_CUBIC = re.compile(r"m[23](?!\d)")  # m2, m3, km2, m3/s: the only digits a unit may hold
_DIGIT = re.compile(r"\d")  # str.isdecimal, as a regex
_TRAILING_PUNCTUATION = "。，,；;、"
_BAD_UNIT_CHARS = re.compile(r"[，。；;：:、！!？?<>=≥≤≧≦≈,.~〜—–―-]")
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DATE = re.compile(
    rf"(?:19|20)\d{{2}}年"
    rf"|(?:19|20)\d{{2}}[-/]{_MONTH}(?!\d)"
    rf"|(?:19|20)\d{{2}}\.{_MONTH}\.{_DAY}(?!\d)"
    rf"|(?<!\d){_MONTH}月(?:{_DAY}[日号]|份|底|末|初|前|中|上旬|中旬|下旬)"
    r"|年底|年末|年内|年前|月底|月末|季度末|上半年|下半年",
    re.ASCII,
)
_DURATION_UNITS: Final = frozenset(
    {"天", "日", "个工作日", "工作日", "小时", "分钟", "周", "个月", "月", "年", "季度", "个季度"}
)
_RATE_UNITS: Final = frozenset({"%", "‰"})


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One indicator value (or an actual value): sign, number and unit kept apart.

    ``number`` is ``None`` for a qualitative value, for the placeholder (``placeholder`` is then
    true) and for a sign typed without a number. ``text`` is the phrase of a qualitative value and
    empty otherwise; ``unit`` is empty for a qualitative value.
    """

    sign: Sign
    number: Decimal | None = None
    unit: str = ""
    text: str = ""
    placeholder: bool = False

    def __post_init__(self) -> None:
        if self.sign is _QUALITATIVE:
            if self.number is not None or self.unit or self.placeholder or not self.text:
                raise ValueError(f"qualitative value needs text only: {self!r}")
        else:
            if self.text:
                raise ValueError(f"quantitative value has no text: {self!r}")
            if self.placeholder and self.number is not None:
                raise ValueError(f"placeholder value has no number: {self!r}")
            if self.number is not None and not self.number.is_finite():
                raise ValueError(f"number must be finite: {self!r}")

    @classmethod
    def quantitative(cls, sign: Sign, number: Decimal | None, unit: str) -> IndicatorValue:
        """A quantitative value; the number is tidied (``95.00`` → ``95``)."""
        return cls(sign, None if number is None else _tidy(number), unit)

    @classmethod
    def qualitative(cls, text: str) -> IndicatorValue:
        return cls(Sign.QUALITATIVE, text=clean_cell(text))

    @classmethod
    def unfilled(cls, sign: Sign, unit: str) -> IndicatorValue:
        """A library template such as ``≥**人``."""
        return cls(sign, None, unit, placeholder=True)

    @property
    def is_quantitative(self) -> bool:
        return self.sign is not _QUALITATIVE

    @property
    def is_qualitative(self) -> bool:
        return self.sign is _QUALITATIVE

    @property
    def direction(self) -> Direction | None:
        """正向 for ≥ > =, 反向 for ≤ <, ``None`` for a qualitative value."""
        return self.sign.direction

    @property
    def contains_placeholder(self) -> bool:
        """True while a library ``*`` is left anywhere: as the number, in the unit or the text."""
        return self.placeholder or "*" in self.unit or "*" in self.text

    @property
    def is_rate(self) -> bool:
        return self.sign is not _QUALITATIVE and self.unit in _RATE_UNITS

    @property
    def is_duration(self) -> bool:
        return self.sign is not _QUALITATIVE and self.unit.removesuffix("内") in _DURATION_UNITS

    @property
    def is_date(self) -> bool:
        """A qualitative date or deadline such as ``2024年12月31日前`` or ``年底前完成``."""
        return self.sign is _QUALITATIVE and _DATE.search(_WS.sub("", self.text)) is not None

    def display(self, *, with_sign: bool = True) -> str:
        """The value written one way: ``≥95%``, ``≤475元/亩``, ``=10个``, ``≥**人``, ``效果明显``.

        ``with_sign=False`` leaves the sign off (``3.2公里``), for an actual value.
        """
        if self.is_qualitative:
            return self.text
        if self.placeholder:
            number = PLACEHOLDER_DISPLAY
        elif self.number is None:
            number = ""
        else:
            number = format_number(self.number)
        prefix = self.sign.value if with_sign else ""
        return f"{prefix}{number}{self.unit}"

    def __str__(self) -> str:
        return self.display()


def format_number(number: Decimal) -> str:
    """A number written plainly, without exponent or trailing zeros: ``1.2E+3`` → ``1200``."""
    tidy = number.normalize()
    if tidy == 0:
        return "0"
    return format(tidy, "f")


def parse_sign(text: str) -> Sign:
    """A sign typed alone, as in a library's 指标性质 column: ``≥``, ``>=``, ``大于等于``, ``定性``.

    Anything else, an empty cell included, raises ``value.sign``.
    """
    compact = _WS.sub("", normalize_width(text))
    if compact in (Sign.QUALITATIVE.value, "定性指标"):
        return Sign.QUALITATIVE
    for spelling, sign in (*_SYMBOL_SIGNS, *_WORD_SIGNS):
        if compact == spelling:
            return sign
    raise IndicatorValueError(
        "value.sign",
        f"指标性质“{text.strip()}”无法识别，请填写 ≥、>、=、≤、< 之一，定性指标填写“定性”",
    )


def parse_indicator_value(text: str) -> IndicatorValue:
    """Read an indicator value (指标值) as people type it; raises :class:`IndicatorValueError`.

    >>> parse_indicator_value("＞＝２０平方米").display()
    '≥20平方米'
    """
    return _read(text, labels.label("indicator.value"))


def parse_actual(text: str, target: IndicatorValue, *, what: str | None = None) -> IndicatorValue:
    """Read an actual value (实际完成值, 截至执行值) against its target ``target``.

    A bare number takes the target's unit (``3.2`` against ``≥3公里`` → ``3.2公里``). A unit that
    only extends or shortens the target's (``3个`` against ``≥3个村``) is taken as the target's
    unit; any other unit raises ``value.unit_mismatch`` (``元`` against ``万元`` would be off by
    10,000). Against a quantitative target the actual must have a number (``value.not_a_number``;
    a ``**`` placeholder is returned and reported by :func:`value_problems`). Against a
    qualitative target any text is returned as read. A sign typed in an actual is kept. ``what``
    names the column in messages (default 实际完成值; monitoring passes 截至执行值 or 全年预计完成值).
    """
    what = what or labels.label("indicator.actual")
    value = _read(text, what)
    if target.is_qualitative:
        return value
    shown = clean_cell(text)
    if value.is_qualitative or (value.number is None and not value.placeholder):
        raise IndicatorValueError(
            "value.not_a_number",
            f"{what}“{shown}”不是数值；{labels.label('indicator.value')}“{target.display()}”是定量指标，"
            f"请填写实际完成的数值，例如 {_example(target)}",
        )
    if not value.unit or not target.unit:
        unit = value.unit or target.unit
    elif _same_unit(value.unit, target.unit):
        unit = target.unit
    else:
        raise IndicatorValueError(
            "value.unit_mismatch",
            f"{what}“{shown}”的单位“{value.unit}”与{labels.label('indicator.value')}"
            f"“{target.display()}”的单位“{target.unit}”不一致，请换算成“{target.unit}”后填写",
        )
    return IndicatorValue(value.sign, value.number, unit, placeholder=value.placeholder)


def clear_cache() -> None:
    """Forget every remembered reading (benchmarks)."""
    _remembered.cache_clear()


# -- reading ---------------------------------------------------------------------------------


def _read(text: str, what: str) -> IndicatorValue:
    """``_parse`` through a bounded cache: the same cells come back on every sheet of a county.

    A reading is a frozen value, so it is shared; an unreadable text is remembered as its code and
    message and raised afresh each time, never as one exception object raised again and again.
    """
    found = _remembered(text, what)
    if isinstance(found, tuple):
        raise IndicatorValueError(*found)
    return found


@lru_cache(maxsize=8192)
def _remembered(text: str, what: str) -> IndicatorValue | tuple[str, str]:
    try:
        return _parse(text, what)
    except IndicatorValueError as exc:
        return exc.code, exc.message


def _parse(text: str, what: str) -> IndicatorValue:
    cleaned = clean_cell(text).rstrip(_TRAILING_PUNCTUATION).rstrip()
    if not cleaned:
        raise IndicatorValueError(
            "value.empty", f"{what}为空，请填写，例如 ≥95%（定量指标）或 效果明显（定性指标）"
        )
    compact = cleaned.replace(" ", "")  # clean_cell leaves single spaces only: same as _WS.sub
    sign, rest, by_word = _split_sign(compact)
    if _DATE.match(rest):
        return IndicatorValue.qualitative(compact if sign is None or by_word else sign.value + rest)
    number_match = _NUMBER.match(rest)
    placeholder = number_match is None
    if placeholder:
        number_match = _PLACEHOLDER.match(rest)
    if number_match is None:
        if sign is None or (by_word and rest):
            if not any(ch.isalpha() for ch in cleaned):
                raise _unreadable(cleaned, what)
            return IndicatorValue.qualitative(cleaned)
        _check_unit(rest, cleaned, what, after_number=False)
        return IndicatorValue(sign, None, rest)
    unit = rest[number_match.end() :]
    suffix_sign, unit = _split_suffix(unit)
    sign = _combine_signs(sign, suffix_sign, cleaned, what)
    _check_unit(unit, cleaned, what, after_number=True)
    if placeholder:
        return IndicatorValue.unfilled(sign, unit)
    return IndicatorValue(sign, _tidy_token(number_match.group()), unit)


def _split_sign(compact: str) -> tuple[Sign | None, str, bool]:
    """The leading sign, the rest, and whether the sign was a word (大于等于) rather than a symbol."""
    match = _SYMBOL_PREFIX.match(compact)
    if match is not None:
        return _SYMBOL_SIGN[match.group()], compact[match.end() :], False
    match = _WORD_PREFIX.match(compact)
    if match is not None:
        return _WORD_SIGN[match.group()], compact[match.end() :], True
    return None, compact, False


def _split_suffix(unit: str) -> tuple[Sign | None, str]:
    if not unit.endswith(_SUFFIXES):
        return None, unit
    for spelling, sign in _SUFFIX_SIGNS:
        if unit.endswith(spelling):
            return sign, unit[: -len(spelling)]
    return None, unit


def _combine_signs(prefix: Sign | None, suffix: Sign | None, shown: str, what: str) -> Sign:
    """``不少于95%以上`` is fine (both say ≥); ``≤95%以上`` contradicts itself."""
    if prefix is None:
        return suffix or Sign.EQ
    if suffix is None or suffix is Sign.EQ:
        return prefix
    if prefix is not Sign.EQ and prefix.direction == suffix.direction:
        return prefix
    raise IndicatorValueError(
        "value.contradictory",
        f"{what}“{shown}”前后的符号相互矛盾，请只写一个符号，例如 ≥95% 或 ≤3天",
    )


def _check_unit(unit: str, shown: str, what: str, *, after_number: bool) -> None:
    if not unit:
        return
    if after_number and _RANGE.search(unit):
        raise IndicatorValueError(
            "value.range",
            f"{what}“{shown}”是一个区间，无法计分；请只写一个目标值，例如 ≥90% 或 ≤100%",
        )
    has_digit = _DIGIT.search(unit) is not None and _DIGIT.search(_SQUARE_CUBIC.sub("", unit)) is not None
    if has_digit or _BAD_UNIT_CHARS.search(unit) or unit.startswith(("-", "+")):
        raise _unreadable(shown, what)


def _unreadable(shown: str, what: str) -> IndicatorValueError:
    return IndicatorValueError(
        "value.unreadable",
        f"{what}“{shown}”无法识别，请写成“符号+数字+单位”，例如 ≥95%、≤475元/亩、=10个；"
        "定性指标请直接写文字，例如 效果明显",
    )


def _same_unit(actual: str, target: str) -> bool:
    return actual.startswith(target) or target.startswith(actual)


def _example(target: IndicatorValue) -> str:
    return f"100{target.unit}" if target.unit == "%" else f"3{target.unit}"


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form (``1200`` stays ``1200``)."""
    return Decimal(format_number(number))


_ZERO: Final = Decimal(0)
_PRECISION: Final = 28  # the default decimal context's; normalize() rounds longer numbers to it


def _tidy_token(token: str) -> Decimal:
    """``_tidy(Decimal(token))`` for a ``_NUMBER`` token, trimmed as text instead of via normalize()."""
    digits = token.replace(",", "")
    if len(digits) > _PRECISION:  # normalize() would round it: let _tidy do exactly that
        return _tidy(Decimal(digits))
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
        if not digits.lstrip("+-"):  # .0, -.00
            return _ZERO
    number = Decimal(digits)
    return number if number else _ZERO  # -0 and 0.00 are shown and kept as 0
