"""A small past for the demo: 30 days of orders per demo seller, so its quality scores are measured, not made up.

The quality job measures rates from orders and inspections; a demo with no orders would see every seller
fall to the same starting rates at the first run, and the buy box would rank on price alone. So `flask seed`
writes, for each approved seller, HISTORY lines (one paid order each) spread over the last 30 days, whose
refusals, defect cancellations and late parcels follow the rates its demo record declares
(storefront/demo/sellers.toml), then scores every seller once. The scores come out smoothed, so they sit near
the declared rates but not on them: that is the point of the dashboard. Bulk INSERTs: well under a second.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from ..extensions import db
from ..markets.registry import MarketRegistry
from ..offers.models import Offer, OfferPrice
from ..offers.shipping import cheapest
from ..orders.models import Order, OrderLine, Parcel, SellerOrder, Unit
from ..quality import services as quality
from ..sellers.models import Seller

HISTORY = 60  # order lines per seller over the window
ADDRESS = {"country": "FR", "fields": {"name": "Camille Martin", "line1": "12 rue Oberkampf", "postcode": "75011",
                                      "city": "Paris", "phone": "0612345678"}}


def seed_history(markets: MarketRegistry, sellers: list[Seller] | None = None, now: datetime | None = None) -> int:
    """Write each approved seller's past orders (following its current rates), then score them; lines written."""
    now = now or datetime.utcnow()
    rng = random.Random(2026)
    everyone = sellers is None
    sellers = sellers if sellers is not None else list(
        db.session.scalars(select(Seller).where(Seller.status == "approved").order_by(Seller.id)))
    written = 0
    for seller in sellers:
        offer = db.session.execute(
            select(Offer, OfferPrice).join(OfferPrice, OfferPrice.offer_id == Offer.id)
            .where(Offer.seller_id == seller.id, OfferPrice.market.in_(list(seller.markets) or [""]))
            .order_by(Offer.id).limit(1)).first()
        if offer is None:
            continue
        written += _orders(seller, *offer, markets[offer[1].market].currency, rng, now)
    db.session.commit()
    if everyone:
        quality.recompute_all(now)
    else:
        for seller in sellers:
            quality.recompute(seller.id, now)
    return written


def _orders(seller: Seller, offer: Offer, price: OfferPrice, currency: str, rng: random.Random, now: datetime) -> int:
    defects = round(seller.defect_rate * HISTORY)
    refusals = max(round(seller.cancellation_rate * HISTORY) - defects, 0)
    shipped = HISTORY - defects - refusals
    late = round((1 - seller.on_time_rate) * shipped)
    fates = ["defect"] * defects + ["refused"] * refusals + ["late"] * late + ["shipped"] * (shipped - late)
    rng.shuffle(fates)
    delivery = cheapest(price.shipping)
    amount = price.amount + delivery
    orders, seller_orders, lines, parcels = [], [], [], []
    for index, fate in enumerate(fates):
        placed = now - timedelta(days=29.5 * (index + 0.5) / HISTORY, minutes=rng.randrange(600))
        key = f"H{seller.id:04d}-{index:03d}"
        cancelled = fate in ("defect", "refused")
        orders.append({"number": key, "checkout_token": f"history-{key}", "market": price.market, "currency": currency,
                       "email": "shopper@demo.example.org", "address": ADDRESS, "items_total": price.amount,
                       "shipping_total": delivery, "protection_total": 0, "fee": 0, "tax": 0, "total": amount,
                       "payment_intent": f"history-{key}", "status": "placed", "created_at": placed,
                       "payment_status": "captured", "confirmation_sent_at": placed, "settled_at": placed})
        commission = price.amount * 12 // 100
        seller_orders.append({"seller_name": seller.name, "shipping_option": "standard", "delivery_from": (placed + timedelta(days=2)).date(),
                              "delivery_to": (placed + timedelta(days=5)).date(), "items": price.amount,
                              "shipping": delivery, "protection": 0, "tax": 0, "fee": 0, "amount": amount,
                              "commission": 0 if cancelled else commission,
                              "payout": 0 if cancelled else amount - commission, "refunded": amount if cancelled else 0,
                              "status": "cancelled" if cancelled else "shipped"})
        answered = placed + timedelta(hours=rng.uniform(1, 20))
        lines.append({"offer_id": offer.id, "sku": offer.sku, "title": "", "variant": "", "grade": offer.grade,
                      "seller_name": seller.name, "quantity": 1, "unit_price": price.amount, "protection_price": 0,
                      "commission_bps": 1200, "commission": commission,
                      "status": "refused" if cancelled else "shipped", "accepted_at": None if cancelled else answered,
                      "refused_at": answered if cancelled else None, "cancelled_at": answered if cancelled else None,
                      "cancelled_by": "seller" if cancelled else "",
                      "cancel_reason": {"defect": "defect", "refused": "out_of_stock"}.get(fate, "")})
        if not cancelled:
            hours = rng.uniform(80, 120) if fate == "late" else rng.uniform(24, 60)
            parcels.append((index, {"carrier": "other", "tracking": f"DEMO{seller.id:04d}{index:04d}",
                                    "shipped_at": placed + timedelta(hours=hours)}))
    order_ids = _inserted(Order, orders)
    for row, order_id in zip(seller_orders, order_ids, strict=True):
        row.update(order_id=order_id, seller_id=seller.id)
    seller_order_ids = _inserted(SellerOrder, seller_orders)
    for row, seller_order_id in zip(lines, seller_order_ids, strict=True):
        row["seller_order_id"] = seller_order_id
    line_ids = _inserted(OrderLine, lines)
    for index, row in parcels:
        row["seller_order_id"] = seller_order_ids[index]
    parcel_ids = _inserted(Parcel, [row for _index, row in parcels])
    db.session.execute(insert(Unit), [{"parcel_id": parcel_id, "line_id": line_ids[index], "imei": None,
                                       "serial": f"DEMO{seller.id:04d}{index:04d}"}
                                      for (index, _row), parcel_id in zip(parcels, parcel_ids, strict=True)])
    return len(lines)


def _inserted(model, rows: list[dict]) -> list[int]:
    """INSERT the rows in one statement; their ids in the rows' order."""
    return list(db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))
