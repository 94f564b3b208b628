"""Order arithmetic in integer minor units: totals per seller, tax, fee shares, commissions.

Pure functions: Σ seller parts = order total and commission + payout = part amount hold by
construction (see the property tests).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Line:
    offer_id: int
    seller_id: int
    category: str
    quantity: int
    unit_price: int
    protection_price: int = 0  # per unit; 0 without the plan

    @property
    def items(self) -> int:
        return self.unit_price * self.quantity

    @property
    def protection(self) -> int:
        return self.protection_price * self.quantity


@dataclass
class Part:
    """One seller's share of the order."""

    seller_id: int
    lines: list[Line]
    shipping: int
    items: int = 0
    protection: int = 0
    tax: int = 0
    fee: int = 0
    commission: int = 0
    line_commissions: list[int] = field(default_factory=list)

    @property
    def amount(self) -> int:
        return self.items + self.shipping + self.protection + self.tax + self.fee

    @property
    def payout(self) -> int:
        return self.amount - self.commission


@dataclass
class Totals:
    parts: list[Part]
    fee: int

    @property
    def items(self) -> int:
        return sum(p.items for p in self.parts)

    @property
    def shipping(self) -> int:
        return sum(p.shipping for p in self.parts)

    @property
    def protection(self) -> int:
        return sum(p.protection for p in self.parts)

    @property
    def tax(self) -> int:
        return sum(p.tax for p in self.parts)

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.parts)


def percent_of(amount: int, rate_percent: Decimal) -> int:
    """`rate_percent` % of `amount`, half-up to the minor unit."""
    return int((Decimal(amount) * rate_percent / 100).quantize(Decimal(1), ROUND_HALF_UP))


def bps_of(amount: int, bps: int) -> int:
    return int((Decimal(amount) * bps / 10000).quantize(Decimal(1), ROUND_HALF_UP))


def shares(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly (largest remainder; ties to the first)."""
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    base = [total * w // sum(weights) for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % sum(weights)), i))
    for i in remainders[: total - sum(base)]:
        base[i] += 1
    return base


def compute(lines: list[Line], shipping: dict[int, int], tax_percent: Decimal, fee: int,
            commission_bps: dict[str, int]) -> Totals:
    """Totals for an order: one part per seller (in order of first appearance)."""
    parts: dict[int, Part] = {}
    for line in lines:
        part = parts.setdefault(line.seller_id, Part(line.seller_id, [], shipping.get(line.seller_id, 0)))
        part.lines.append(line)
        part.items += line.items
        part.protection += line.protection
        commission = bps_of(line.items, commission_bps.get(line.category, 0))
        part.line_commissions.append(commission)
        part.commission += commission
    ordered = list(parts.values())
    for part in ordered:
        part.tax = percent_of(part.items + part.protection, tax_percent)
    for part, share in zip(ordered, shares(fee, [p.amount for p in ordered]), strict=True):
        part.fee = share
    return Totals(ordered, fee)
