"""What the cart page adds up (the checkout's summary computes the order's totals)."""
from __future__ import annotations


def total_before_delivery(priced) -> int:
    """The priced lines still on sale, devices and protection plans (minor units), before any delivery."""
    return sum(p.total for p in priced if p.available)
