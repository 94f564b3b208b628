"""A payout statement's arithmetic, in integer minor units: pure functions over plain rows.

The rules (what the statement pages say too):
- A **sale** counts in the calendar month (UTC) its order was placed, once the shopper's payment is captured
  (sellers ship only captured orders). Each order line is one row: its devices (the commission base), the
  rest the shopper paid for it (protection plan and its share of the tax), the commission rate and amount
  recorded when the order was placed: never today's rates. A seller order's delivery and fee are one more row,
  without commission. So a seller order's rows add up to what the shopper paid for it, to the cent.
- A **refund** counts in the month it was recorded (a line cancelled in January of a December order is on
  January's statement). Refunds are for whole lines, cancelled before they shipped or returned, so the **whole commission
  recorded on the line is given back**: none is earned on what was not sold (as `SellerOrder.commission`).
- **Net payout** = sales − commission − refunds + commission given back, per currency: a seller order's
  contribution over the months is its `payout`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..orders.money import shares


@dataclass(frozen=True)
class Sale:
    """One statement line: an order line sold, or a seller order's delivery and fee (category "")."""

    order_number: str
    at: datetime
    market: str
    currency: str
    item: str
    category: str
    devices: int  # the commission base
    extras: int  # protection, tax share; delivery and fee on the delivery row
    commission_bps: int
    commission: int

    @property
    def amount(self) -> int:
        return self.devices + self.extras


@dataclass(frozen=True)
class Refund:
    order_number: str
    at: datetime
    market: str
    currency: str
    item: str
    category: str
    amount: int
    commission_back: int


@dataclass
class Statement:
    """One currency's statement for a period."""

    currency: str
    sales: list[Sale] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)

    @property
    def sales_total(self) -> int:
        return sum(s.amount for s in self.sales)

    @property
    def commission(self) -> int:
        return sum(s.commission for s in self.sales)

    @property
    def refunds_total(self) -> int:
        return sum(r.amount for r in self.refunds)

    @property
    def commission_back(self) -> int:
        return sum(r.commission_back for r in self.refunds)

    @property
    def net(self) -> int:
        return self.sales_total - self.commission - self.refunds_total + self.commission_back


@dataclass(frozen=True)
class SoldLine:
    """What a statement needs of an order line (plain values, as recorded)."""

    item: str
    category: str
    items: int  # unit price × quantity
    protection: int
    commission_bps: int
    commission: int


def sale_rows(order_number: str, at: datetime, market: str, currency: str, lines: list[SoldLine], tax: int,
              shipping_and_fee: int, delivery_label: str) -> list[Sale]:
    """A seller order's statement lines: one per order line (its tax share split exactly, as refunds do),
    and one for delivery and fee when there is any. They add up to tax + Σ items + protection + delivery."""
    taxes = shares(tax, [line.items + line.protection for line in lines])
    rows = [Sale(order_number, at, market, currency, line.item, line.category, line.items, line.protection + share,
                 line.commission_bps, line.commission) for line, share in zip(lines, taxes, strict=True)]
    if shipping_and_fee:
        rows.append(Sale(order_number, at, market, currency, delivery_label, "", 0, shipping_and_fee, 0, 0))
    return rows


def by_currency(sales: Iterable[Sale], refunds: Iterable[Refund]) -> list[Statement]:
    """The rows grouped into one statement per currency (by currency code), each in date order."""
    statements: dict[str, Statement] = {}
    for sale in sales:
        statements.setdefault(sale.currency, Statement(sale.currency)).sales.append(sale)
    for refund in refunds:
        statements.setdefault(refund.currency, Statement(refund.currency)).refunds.append(refund)
    for statement in statements.values():
        statement.sales.sort(key=lambda s: (s.at, s.order_number))
        statement.refunds.sort(key=lambda r: (r.at, r.order_number))
    return [statements[code] for code in sorted(statements)]
