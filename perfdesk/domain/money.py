"""Exact money. Amounts are whole 分 (cents) held as ``int``; people type and read 万元.

1 万元 = 10,000 元 = 1,000,000 分, so a 万元 figure with up to six decimals is exact.
Binary floats never touch money.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from perfdesk.domain.text import normalize_width

CENTS_PER_WAN = 1_000_000
_WAN_QUANTUM = Decimal("0.000001")
# Below this many 分 the decimal arithmetic of ``to_document`` is exact (28 digits): the same
# text comes from integers; above it the decimal path stays, with whatever it does.
_EXACT_CENTS = 10**21


class MoneyError(ValueError):
    """Raised when a text cannot be read as an amount in 万元; the message is for people."""


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An exact amount of money in 分."""

    cents: int

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def from_wan(cls, text: str | int | Decimal) -> Money:
        """Read an amount typed in 万元: ``"120.5"``, ``"１２０．５"``, ``"1,200.00"``, ``""`` → 0."""
        if isinstance(text, int):
            return cls(text * CENTS_PER_WAN)
        if isinstance(text, Decimal):
            value = text
        else:
            cleaned = normalize_width(text).replace(",", "").replace(" ", "").strip()
            if cleaned.endswith("万元"):
                cleaned = cleaned[:-2]
            if cleaned == "":
                return cls(0)
            try:
                value = Decimal(cleaned)
            except InvalidOperation:
                raise MoneyError(f"“{text}”不是金额，请输入以万元为单位的数字，例如 120.50") from None
        if not value.is_finite():
            raise MoneyError(f"“{text}”不是金额，请输入以万元为单位的数字")
        if value != value.quantize(_WAN_QUANTUM):
            raise MoneyError(f"“{text}”精确到了分以下，万元金额最多保留 6 位小数（到分）")
        return cls(int(value * CENTS_PER_WAN))

    def to_decimal_wan(self) -> Decimal:
        """The exact amount in 万元."""
        return (Decimal(self.cents) / CENTS_PER_WAN).quantize(_WAN_QUANTUM).normalize()

    def format_wan(self, decimals: int = 2) -> str:
        """The amount in 万元 rounded half up to ``decimals`` places, e.g. ``"120.50"``."""
        quantum = Decimal(1).scaleb(-decimals)
        value = (Decimal(self.cents) / CENTS_PER_WAN).quantize(quantum, rounding=ROUND_HALF_UP)
        return f"{value:.{decimals}f}"

    def to_document(self) -> str:
        """The decimal string used in form documents: exact, with at least 2 decimals."""
        if -_EXACT_CENTS < self.cents < _EXACT_CENTS:  # whole 万元 and 分, counted as integers
            wan, fen = divmod(abs(self.cents), CENTS_PER_WAN)
            sign = "-" if self.cents < 0 else ""
            return f"{sign}{wan}.{f'{fen:06d}'.rstrip('0').ljust(2, '0')}"
        value = Decimal(self.cents) / CENTS_PER_WAN
        text = format(value.quantize(_WAN_QUANTUM), "f").rstrip("0")
        whole, _, frac = text.partition(".")
        return f"{whole}.{frac.ljust(2, '0')}"

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - other.cents)

    def __bool__(self) -> bool:
        return self.cents != 0
