"""What a device model's buy boxes add up to in a market: the price range and the number of offers."""
from __future__ import annotations

from typing import NamedTuple


class PriceRange(NamedTuple):
    """The cheapest and dearest buy box (minor units) and how many offers they were chosen from."""

    low: int
    high: int
    offer_count: int


def price_range(entries) -> PriceRange | None:
    """The range over buy-box entries (anything with `price` and `contenders`); None when nothing is on sale."""
    if not entries:
        return None
    prices = [entry.price for entry in entries]
    return PriceRange(min(prices), max(prices), sum(entry.contenders for entry in entries))
