"""Buy boxes for whole markets: run the pricing rule over every offer and store the winners.

The winners (`BuyBoxEntry`) are derived data: `refresh()` rebuilds them from offers, prices and
sellers. Call it after anything that changes those (seeding, a price or stock update, a seller's
status).
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, insert, select, update

from ..catalog.models import NewPrice, Product, Variant
from ..extensions import db, read
from ..sellers.models import Seller
from .models import BuyBoxEntry, BuyBoxVersion, Offer, OfferPrice
from .pricing import BuyBox, Candidate, buy_box
from .shipping import cheapest


def compute(market: str, where=True) -> dict[tuple[int, str], BuyBox]:
    """The buy box of every (variant, grade) in `market` among the offers matching `where`."""
    stmt = (
        select(
            Offer.id, Offer.variant_id, Offer.grade, Offer.stock, Offer.warranty_months,
            OfferPrice.amount, OfferPrice.shipping, Seller.status, Seller.defect_rate, Seller.return_rate,
            Seller.cancellation_rate, Seller.on_time_rate,
        )
        .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == market))
        .join(Seller, Seller.id == Offer.seller_id)
        .join(Variant, Variant.id == Offer.variant_id)
        .where(where)
    )
    groups = defaultdict(list)
    for row in db.session.execute(stmt):
        groups[(row.variant_id, row.grade)].append(
            Candidate(
                offer_id=row.id,
                price=row.amount,
                shipping=cheapest(row.shipping),
                stock=row.stock,
                seller_approved=row.status == "approved",
                defect_rate=row.defect_rate,
                return_rate=row.return_rate,
                cancellation_rate=row.cancellation_rate,
                on_time_rate=row.on_time_rate,
                warranty_months=row.warranty_months,
            )
        )
    boxes = {key: buy_box(candidates) for key, candidates in groups.items()}
    return {key: box for key, box in boxes.items() if box is not None}


def refresh(markets, product_ids: list[int] | None = None) -> int:
    """Recompute and store the buy boxes of all products (or only `product_ids`) in every market.

    Runs in the caller's transaction; the caller commits. Returns the number of entries written.
    """
    product_filter = Product.id.in_(product_ids) if product_ids is not None else True
    variants = {
        row.id: row
        for row in db.session.execute(
            select(
                Variant.id, Variant.product_id, Variant.storage_gb, Variant.color_family, Variant.color_hex,
                Variant.keyboard, Product.category_id, Product.brand_id, Product.release_year, Product.popularity,
            ).join(Product).where(product_filter)
        )
    }
    battery = dict(db.session.execute(select(Offer.id, Offer.battery_floor).join(Variant).join(Product).where(product_filter)).all())
    written = 0
    for market in markets:
        code = market.code
        new_prices = {
            (r.product_id, r.storage_gb): r.amount
            for r in db.session.execute(
                select(NewPrice.product_id, NewPrice.storage_gb, NewPrice.amount)
                .join(Product).where((NewPrice.market == code) & product_filter)
            )
        }
        stale = delete(BuyBoxEntry).where(BuyBoxEntry.market == code)
        if product_ids is not None:
            stale = stale.where(BuyBoxEntry.product_id.in_(product_ids))
        db.session.execute(stale)
        rows = []
        for (variant_id, grade), box in compute(code, Variant.product_id.in_(product_ids) if product_ids is not None else True).items():
            v = variants[variant_id]
            rows.append({
                "market": code, "variant_id": variant_id, "grade": grade, "offer_id": box.winner.offer_id,
                "reason": box.reason.value, "contenders": box.contenders, "price": box.winner.price,
                "shipping": box.winner.shipping, "new_price": new_prices.get((v.product_id, v.storage_gb), 0),
                "battery_floor": battery[box.winner.offer_id], "warranty_months": box.winner.warranty_months,
                "product_id": v.product_id, "category_id": v.category_id, "brand_id": v.brand_id,
                "storage_gb": v.storage_gb, "color_family": v.color_family, "color_hex": v.color_hex,
                "keyboard": v.keyboard, "release_year": v.release_year, "popularity": v.popularity,
            })
        for start in range(0, len(rows), 20000):
            db.session.execute(insert(BuyBoxEntry), rows[start:start + 20000])
        written += len(rows)
    bumped = db.session.execute(update(BuyBoxVersion).where(BuyBoxVersion.id == 1).values(value=BuyBoxVersion.value + 1))
    if not bumped.rowcount:
        db.session.add(BuyBoxVersion(id=1, value=1))
    return written


_VERSION = select(BuyBoxVersion.value).where(BuyBoxVersion.id == 1)


def version() -> int:
    """The buy boxes' data version: it changes with every refresh()."""
    return read(_VERSION).scalar() or 0
