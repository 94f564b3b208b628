"""Money formatting per storefront, against CLDR's expected output (reference/markets.md)."""
from decimal import Decimal

import pytest

from storefront.markets.money import format_money, percent_off, to_major, to_minor

NNBSP, NBSP = "\u202f", "\xa0"


@pytest.mark.parametrize(
    ("locale", "currency", "amount", "expected"),
    [
        ("fr_FR", "EUR", 123450, f"1{NNBSP}234,50{NBSP}€"),
        ("de_DE", "EUR", 123450, f"1.234,50{NBSP}€"),
        ("de_AT", "EUR", 123450, f"€{NBSP}1.234,50"),
        ("nl_NL", "EUR", 123450, f"€{NBSP}1.234,50"),
        ("en_IE", "EUR", 123450, "€1,234.50"),
        ("sv_SE", "SEK", 123450, f"1{NBSP}234,50{NBSP}kr"),
        ("en_GB", "GBP", 123450, "£1,234.50"),
        ("en_US", "USD", 123450, "$1,234.50"),
        ("ja_JP", "JPY", 1234, "￥1,234"),
        ("en_AU", "AUD", 123450, "$1,234.50"),
    ],
)
def test_prices_are_formatted_the_local_way(locale, currency, amount, expected):
    assert format_money(amount, currency, locale) == expected


def test_yen_have_no_minor_unit():
    assert to_major(1234, "JPY") == Decimal(1234)
    assert to_minor(Decimal("1234"), "JPY") == 1234


def test_minor_units_round_trip_without_floats():
    assert to_major(123450, "EUR") == Decimal("1234.50")
    assert to_minor(Decimal("1234.50"), "EUR") == 123450


def test_sub_unit_amounts_are_refused():
    with pytest.raises(ValueError):
        to_minor(Decimal("12.345"), "EUR")
    with pytest.raises(ValueError):
        to_minor(Decimal("12.5"), "JPY")


@pytest.mark.parametrize(("price", "reference", "pct"), [(58000, 100000, 42), (100000, 100000, 0), (120000, 100000, 0), (1, 0, 0)])
def test_percent_off_is_whole_and_never_negative(price, reference, pct):
    assert percent_off(price, reference) == pct
