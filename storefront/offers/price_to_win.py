"""Price to win: what one offer needs to hold the buy box in a market, in terms a seller can act on.

Pure, like `pricing`, and never a second copy of its rule: every answer is found with `buy_box`,
`adjusted_price` and `quality_penalty` themselves. Exact arithmetic gives a first guess (the price or the
rate at which the seller would tie the winner), then the rule decides the last minor unit or the last
0.1 point (ties go by on-time rate, then the older offer).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .pricing import Candidate, adjusted_price, buy_box, quality_penalty

WINNING, LOSING, NOT_COMPETING = "winning", "losing", "not_competing"
RATE_STEP = Decimal("0.001")  # advice on a rate goes to a tenth of a point
# The rates a seller's own work moves, as (name shown, Candidate field). "late" is shown as 1 − on-time rate.
RATES = (("defect", "defect_rate"), ("return", "return_rate"), ("cancellation", "cancellation_rate"),
         ("late", "on_time_rate"))


@dataclass(frozen=True)
class RateChange:
    """One rate the seller could bring from `now` to `needed` (shares, 0.06 = 6 %) to win at today's price."""

    rate: str  # defect | return | cancellation | late
    now: float
    needed: float


@dataclass(frozen=True)
class Advice:
    status: str  # winning | losing | not_competing
    price: int  # the seller's price, minor units
    winner_price: int | None = None  # the price of the offer holding the box, when it is not the seller's
    only_offer: bool = False  # nobody else competes: the box is the seller's at any price
    max_price: int | None = None  # the highest price that wins with today's record (None: none does)
    rate_change: RateChange | None = None  # losing: a rate change alone that wins at today's price
    why_not: str | None = None  # not competing: seller | suspended | paused | out_of_stock

    @property
    def cut(self) -> int | None:
        """Losing: how much lower the price must go to win (None when no price wins)."""
        return self.price - self.max_price if self.status == LOSING and self.max_price is not None else None

    @property
    def headroom(self) -> int | None:
        """Winning against rivals: how much the price could rise and still win."""
        return self.max_price - self.price if self.status == WINNING and self.max_price is not None else None


def _wins(mine: Candidate, best: Candidate) -> bool:
    """Whether `mine` takes the box from the rivals' winner `best` (the rule ranks offers in a total order, so
    beating the best of them is beating them all)."""
    return buy_box([best, mine]).winner.offer_id == mine.offer_id


def highest_winning_price(mine: Candidate, rivals: list[Candidate]) -> int | None:
    """The highest price (minor units, at least 1) at which `mine` takes the box from `rivals` with its
    record as it is; None when no price does (its record costs more than the winner's whole price)."""
    box = buy_box(rivals)
    if box is None:
        raise ValueError("no rival competes: any price wins")
    best = box.winner
    factor = 1 + quality_penalty(mine)
    if factor <= 0:  # a record better than perfect by its warranty alone: any price ranks first
        raise ValueError("the penalty makes every price win")
    price = int((adjusted_price(best) / factor).to_integral_value(ROUND_FLOOR)) - mine.shipping + 1
    while price >= 1 and not _wins(replace(mine, price=price), best):
        price -= 1
    if price < 1:
        return None
    while _wins(replace(mine, price=price + 1), best):
        price += 1
    return price


def _needed(mine: Candidate, best: Candidate, field: str) -> float | None:
    """The value of one rate at which `mine` wins at its price, rounded to RATE_STEP the helpful way; None if
    no value between 0 and 1 does."""
    value = Decimal(str(getattr(mine, field)))
    slope = quality_penalty(replace(mine, **{field: float(value + 1)})) - quality_penalty(mine)
    if slope == 0:
        return None
    tie = (adjusted_price(best) / Decimal(mine.landed) - 1 - quality_penalty(mine)) / slope + value
    needed = tie.quantize(RATE_STEP, ROUND_FLOOR if slope > 0 else ROUND_CEILING)
    step = -RATE_STEP if slope > 0 else RATE_STEP
    for _ in range(3):  # the rule breaks a tie: a step or two more at most
        if not 0 <= needed <= 1:
            return None
        if _wins(replace(mine, **{field: float(needed)}), best):
            return float(needed)
        needed += step
    return None


def rate_to_win(mine: Candidate, rivals: list[Candidate]) -> RateChange | None:
    """The smallest change to a single rate the seller controls that wins at today's price, or None."""
    box = buy_box(rivals)
    if box is None:
        return None
    options = []
    for name, field in RATES:
        needed = _needed(mine, box.winner, field)
        if needed is None:
            continue
        now = getattr(mine, field)
        if name == "late":
            now, needed = round(1 - now, 6), round(1 - needed, 6)
        options.append(RateChange(name, now, needed))
    return min(options, key=lambda change: abs(change.now - change.needed), default=None)


def why_not(mine: Candidate) -> str:
    """Why a candidate that is not sellable does not compete."""
    if mine.seller_status != "approved":
        return "seller"
    if mine.offer_status != "live":
        return mine.offer_status  # suspended | paused
    return "out_of_stock"


def advise(mine: Candidate, rivals: list[Candidate]) -> Advice:
    """Whether `mine` holds the buy box among `rivals` (the other candidates of its variant, grade and market,
    as `buy_box` takes them), and what would change that: the price to win, or a rate."""
    rivals = [c for c in rivals if c.offer_id != mine.offer_id]
    box = buy_box(rivals)
    if not mine.sellable:
        return Advice(NOT_COMPETING, mine.price, winner_price=box.winner.price if box else None, why_not=why_not(mine))
    if box is None:
        return Advice(WINNING, mine.price, only_offer=True)
    best = highest_winning_price(mine, rivals)
    if _wins(mine, box.winner):
        return Advice(WINNING, mine.price, max_price=best)
    return Advice(LOSING, mine.price, winner_price=box.winner.price, max_price=best,
                  rate_change=rate_to_win(mine, rivals))
