"""Delivery estimates from an offer's shipping options."""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

# The options of a seller's first price in a storefront, until it sets its own: free standard delivery.
DEFAULT_SHIPPING = ({"code": "standard", "price": 0, "days_min": 3, "days_max": 6},)


def add_business_days(start: date, days: int) -> date:
    """`days` working days after `start` (Saturdays and Sundays do not count)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def cheapest(options: list[dict]) -> int:
    """The price of the cheapest shipping option (0 when there is none)."""
    return min((option["price"] for option in options), default=0)


def delivery_window(option: dict, today: date) -> tuple[date, date]:
    """Earliest and latest delivery dates for a shipping option ordered today."""
    return add_business_days(today, option["days_min"]), add_business_days(today, option["days_max"])


def is_free(option: dict) -> bool:
    """Whether the shopper pays nothing for a shipping option (its price is zero)."""
    return not option["price"]


class Delivery(NamedTuple):
    """A shipping option as a shopper reads it: which one, its price, whether it is free, and when it arrives."""

    code: str  # "standard" | "express"
    price: int  # minor units
    free: bool
    first: date
    last: date


def deliveries(options: list[dict], today: date) -> list[Delivery]:
    """The shipping options of an offer, each with its delivery window for an order placed today."""
    return [Delivery(option["code"], option["price"], is_free(option), *delivery_window(option, today))
            for option in options]
