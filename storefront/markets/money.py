"""Money: integer amounts in a currency's minor unit, formatted through Babel for a market."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency, get_currency_precision


def to_major(amount_minor: int, currency: str) -> Decimal:
    """1234 (EUR cents) → Decimal("12.34"); 1234 (JPY) → Decimal("1234")."""
    return Decimal(amount_minor).scaleb(-get_currency_precision(currency))


def to_minor(amount_major: Decimal | int, currency: str) -> int:
    """Decimal("12.34") EUR → 1234; the inverse of `to_major`. Rejects sub-unit amounts."""
    value = Decimal(amount_major).scaleb(get_currency_precision(currency))
    if value != value.to_integral_value():
        raise ValueError(f"{amount_major} has more decimals than {currency} allows")
    return int(value)


@lru_cache(maxsize=65536)
def format_money(amount_minor: int, currency: str, locale: str) -> str:
    """Format an amount for display, exactly as Babel's `format_currency` does.

    Cached: Babel costs ~40 µs a call and a grid page shows dozens of prices.
    """
    return format_currency(to_major(amount_minor, currency), currency, locale=locale)


def percent_off(price: int, reference: int) -> int:
    """Whole percent saved against a reference price (0 when there is no saving)."""
    if reference <= 0 or price >= reference:
        return 0
    return int((reference - price) * 100 // reference)
