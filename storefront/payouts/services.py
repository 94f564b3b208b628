"""A refurbisher's payout statements from the recorded orders and refunds (rules: statements.py)."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

from babel.numbers import get_currency_precision
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..catalog.models import Category, Product, Variant
from ..extensions import db
from ..i18n.translate import text as _
from ..offers.feed_imports import defuse
from ..offers.models import Offer
from ..orders.models import Order, OrderLine, Refund, SellerOrder
from . import periods
from .periods import Period
from .statements import Refund as RefundRow
from .statements import Sale, SoldLine, Statement, by_currency, sale_rows


def now() -> datetime:
    return datetime.utcnow()


def statement(seller_id: int, period: Period) -> list[Statement]:
    """The seller's statements for `period`, one per currency it sold or refunded in (none: an empty list)."""
    return by_currency(_sales(seller_id, period.start, period.end), _refunds(seller_id, period.start, period.end))


def overview(seller_id: int | None) -> list[tuple[Period, list[Statement]]]:
    """The seller's months (newest first, from its first sale, at most 24) with each one's statements."""
    if seller_id is None:
        return []
    first = db.session.scalar(select(func.min(Order.created_at)).join(SellerOrder, SellerOrder.order_id == Order.id)
                              .where((SellerOrder.seller_id == seller_id) & (Order.payment_status == "captured")))
    months = periods.since(first, now())
    start, end = months[-1].start, months[0].end
    sales, refunds = _sales(seller_id, start, end), _refunds(seller_id, start, end)
    return [(month, by_currency([s for s in sales if month.holds(s.at)], [r for r in refunds if month.holds(r.at)]))
            for month in months]


def _sales(seller_id: int, start: datetime, end: datetime) -> list[Sale]:
    seller_orders = list(db.session.scalars(
        select(SellerOrder).join(Order, Order.id == SellerOrder.order_id)
        .where((SellerOrder.seller_id == seller_id) & (Order.payment_status == "captured")
               & (Order.created_at >= start) & (Order.created_at < end))
        .options(selectinload(SellerOrder.lines), selectinload(SellerOrder.order))))
    categories = _categories({line.offer_id for so in seller_orders for line in so.lines})
    delivery = _("Delivery and fees")
    rows = []
    for so in seller_orders:
        lines = [SoldLine(_item(line), categories.get(line.offer_id, ""), line.items, line.protection,
                          line.commission_bps, line.commission) for line in so.lines]
        rows += sale_rows(so.order.number, so.order.created_at, so.order.market, so.order.currency, lines, so.tax,
                          so.shipping + so.fee, delivery)
    return rows


def _refunds(seller_id: int, start: datetime, end: datetime) -> list[RefundRow]:
    found = db.session.execute(
        select(Refund, OrderLine, Order).join(OrderLine, OrderLine.id == Refund.line_id)
        .join(SellerOrder, SellerOrder.id == Refund.seller_order_id).join(Order, Order.id == Refund.order_id)
        .where((SellerOrder.seller_id == seller_id) & (Refund.created_at >= start) & (Refund.created_at < end))).all()
    categories = _categories({line.offer_id for _r, line, _o in found})
    return [RefundRow(order.number, refund.created_at, order.market, order.currency, _item(line),
                      categories.get(line.offer_id, ""), refund.amount, line.commission)
            for refund, line, order in found]


def _categories(offer_ids: set[int]) -> dict[int, str]:
    """The category slug of each offer (an offer's device never changes category)."""
    if not offer_ids:
        return {}
    return dict(db.session.execute(
        select(Offer.id, Category.slug).join(Variant, Variant.id == Offer.variant_id)
        .join(Product, Product.id == Variant.product_id).join(Category, Category.id == Product.category_id)
        .where(Offer.id.in_(offer_ids))).all())


def _item(line: OrderLine) -> str:
    item = f"{line.title} · {line.variant}" if line.variant else line.title
    return f"{item} × {line.quantity}" if line.quantity > 1 else item


def major(amount: int, currency: str) -> str:
    """Minor units as a plain decimal in the currency's unit ("1234.50", "1234" for JPY), for spreadsheets."""
    return f"{Decimal(amount).scaleb(-get_currency_precision(currency)):f}"


def csv_text(statements: list[Statement], period: Period) -> str:
    """One row per sale and per refund, then one total row per currency; every text cell defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["period", "type", "order", "date", "storefront", "item", "category", "currency", "devices",
                     "protection_tax_delivery", "sale", "commission_rate_percent", "commission", "refund",
                     "commission_given_back", "net"])
    for st in statements:
        money = lambda amount, code=st.currency: major(amount, code)  # noqa: E731
        for s in st.sales:
            writer.writerow([period, "sale", defuse(s.order_number), s.at.strftime("%Y-%m-%d"), s.market,
                             defuse(s.item), defuse(s.category), st.currency, money(s.devices), money(s.extras),
                             money(s.amount), f"{Decimal(s.commission_bps) / 100:.2f}", money(s.commission), "", "",
                             money(s.amount - s.commission)])
        for r in st.refunds:
            writer.writerow([period, "refund", defuse(r.order_number), r.at.strftime("%Y-%m-%d"), r.market,
                             defuse(r.item), defuse(r.category), st.currency, "", "", "", "", "", money(r.amount),
                             money(r.commission_back), money(r.commission_back - r.amount)])
        writer.writerow([period, "total", "", "", "", "", "", st.currency, "", "", money(st.sales_total), "",
                         money(st.commission), money(st.refunds_total), money(st.commission_back), money(st.net)])
    return out.getvalue()
