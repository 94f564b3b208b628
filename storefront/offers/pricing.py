"""The buy box: which offer a shopper sees for a variant in a grade, in a market, and why.

This module is pure: it takes plain candidates and returns a decision, so it can be unit-tested
and explained on the page without a database.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .availability import sellable

# Every year of warranty beyond the 12-month minimum is worth 2 % of the price to a shopper.
WARRANTY_BONUS_PER_YEAR = Decimal("0.02")
# A defect costs the shopper far more than a late parcel: count it twice.
DEFECT_WEIGHT = Decimal(2)


@dataclass(frozen=True)
class Candidate:
    """One offer competing for the buy box, already priced for the market."""

    offer_id: int
    price: int  # minor units
    shipping: int  # cheapest shipping option, minor units
    stock: int
    offer_status: str
    seller_status: str
    defect_rate: float
    return_rate: float
    cancellation_rate: float
    on_time_rate: float
    warranty_months: int

    @property
    def sellable(self) -> bool:
        """Whether it may compete at all (the one rule of `availability.sellable`)."""
        return sellable(self.stock, self.offer_status, self.seller_status)

    @property
    def landed(self) -> int:
        """What the shopper pays for this offer with the cheapest delivery."""
        return self.price + self.shipping


class Reason(str, Enum):
    ONLY_OFFER = "only_offer"  # nobody else sells it in this grade
    LOWEST_PRICE = "lowest_price"  # cheapest delivered price, and good enough quality to keep it
    BEST_VALUE = "best_value"  # not the cheapest, but the cheaper ones lose on seller quality


@dataclass(frozen=True)
class BuyBox:
    winner: Candidate
    reason: Reason
    contenders: int  # eligible offers that competed
    cheapest_landed: int  # the lowest delivered price among them (equals winner's unless BEST_VALUE)


def quality_penalty(c: Candidate) -> Decimal:
    """How much worse than perfect a seller's record is, as a share of the price."""
    record = (
        DEFECT_WEIGHT * Decimal(str(c.defect_rate))
        + Decimal(str(c.return_rate))
        + Decimal(str(c.cancellation_rate))
        + (1 - Decimal(str(c.on_time_rate)))
    )
    extra_years = Decimal(max(c.warranty_months - 12, 0)) / 12
    return record - WARRANTY_BONUS_PER_YEAR * extra_years


def adjusted_price(c: Candidate) -> Decimal:
    """The quality-adjusted price the buy box ranks on: delivered price × (1 + penalty)."""
    return Decimal(c.landed) * (1 + quality_penalty(c))


def buy_box(candidates) -> BuyBox | None:
    """Pick the winning offer among `candidates` for one variant, grade and market.

    Rule: only sellable offers compete (`availability.sellable`: in stock, approved seller). Among the rest
    the lowest quality-adjusted price wins — the delivered price (offer + cheapest shipping)
    raised by the seller's defect (counted twice), return, cancellation and lateness rates, and
    lowered by 2 % per extra year of warranty. Ties go to the better on-time rate, then the older
    offer, so the result is deterministic. Returns None when no offer is eligible.
    """
    eligible = [c for c in candidates if c.sellable]
    if not eligible:
        return None
    winner = min(eligible, key=lambda c: (adjusted_price(c), -c.on_time_rate, c.offer_id))
    cheapest = min(c.landed for c in eligible)
    if len(eligible) == 1:
        reason = Reason.ONLY_OFFER
    elif winner.landed <= cheapest:
        reason = Reason.LOWEST_PRICE
    else:
        reason = Reason.BEST_VALUE
    return BuyBox(winner=winner, reason=reason, contenders=len(eligible), cheapest_landed=cheapest)
