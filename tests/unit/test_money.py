from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfdesk.domain.money import Money, MoneyError


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("120", 120_000_000),
        ("120.5", 120_500_000),
        ("0.000001", 1),
        ("1,200.00", 1_200_000_000),
        ("１２０．５", 120_500_000),
        (" 3.25 ", 3_250_000),
        ("", 0),
        ("12万元", 12_000_000),
        ("-1.5", -1_500_000),
    ],
)
def test_reads_amounts_typed_in_wan(text: str, cents: int) -> None:
    assert Money.from_wan(text).cents == cents


@pytest.mark.parametrize("text", ["abc", "1.2.3", "0.0000001", "NaN", "Infinity", "12元"])
def test_refuses_what_is_not_an_exact_amount(text: str) -> None:
    with pytest.raises(MoneyError) as err:
        Money.from_wan(text)
    assert text in str(err.value) or "分" in str(err.value)


def test_formats_half_up_in_wan() -> None:
    assert Money(1_234_567_891).format_wan(2) == "1234.57"
    assert Money(1_234_567_891).format_wan(4) == "1234.5679"
    assert Money(5_000).format_wan(2) == "0.01"  # 0.005 万元 rounds up
    assert Money(4_999).format_wan(2) == "0.00"


def test_document_form_is_exact_with_two_decimals_at_least() -> None:
    assert Money.from_wan("120").to_document() == "120.00"
    assert Money.from_wan("118.5").to_document() == "118.50"
    assert Money.from_wan("0.123456").to_document() == "0.123456"


def test_addition_is_exact_to_the_cent() -> None:
    assert Money.from_wan("0.1") + Money.from_wan("0.2") == Money.from_wan("0.3")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_document_round_trip(cents: int) -> None:
    money = Money(cents)
    assert Money.from_wan(money.to_document()) == money
    assert Money.from_wan(Decimal(money.to_document())) == money
