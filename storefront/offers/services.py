"""Offer queries for pages: buy boxes per variant and grade, and the home page's best deals."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..catalog.models import NewPrice, Product, Variant
from ..extensions import db
from ..markets.money import percent_off
from ..sellers.models import Seller
from .models import Offer, OfferPrice
from .pricing import BuyBox, Candidate, buy_box


def _candidate_rows(market: str, where):
    """Columns (not entities) for every offer priced in `market` that matches `where`."""
    stmt = (
        select(
            Offer.id, Offer.variant_id, Offer.grade, Offer.stock, Offer.warranty_months,
            OfferPrice.amount, OfferPrice.shipping, Variant.product_id, Variant.storage_gb,
            Seller.status, Seller.defect_rate, Seller.return_rate, Seller.cancellation_rate,
            Seller.on_time_rate,
        )
        .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == market))
        .join(Variant, Variant.id == Offer.variant_id)
        .join(Seller, Seller.id == Offer.seller_id)
        .join(Product, Product.id == Variant.product_id)
        .where(where)
    )
    return db.session.execute(stmt).all()


def buy_boxes(market: str, where) -> dict[tuple[int, str], tuple[BuyBox, int, int]]:
    """The buy box of every (variant, grade) in a market among the offers matching `where`.

    Values are (buy box, product id, storage in GB).
    """
    groups = defaultdict(list)
    meta = {}
    for row in _candidate_rows(market, where):
        key = (row.variant_id, row.grade)
        meta[key] = (row.product_id, row.storage_gb)
        groups[key].append(
            Candidate(
                offer_id=row.id,
                price=row.amount,
                shipping=min((option["price"] for option in row.shipping), default=0),
                stock=row.stock,
                seller_approved=row.status == "approved",
                defect_rate=row.defect_rate,
                return_rate=row.return_rate,
                cancellation_rate=row.cancellation_rate,
                on_time_rate=row.on_time_rate,
                warranty_months=row.warranty_months,
            )
        )
    result = {}
    for key, candidates in groups.items():
        box = buy_box(candidates)
        if box is not None:
            result[key] = (box, *meta[key])
    return result


@dataclass(frozen=True)
class Deal:
    """A product's most striking buy-box offer: its price against the new price."""

    product: Product
    variant: Variant
    grade: str
    price: int
    new_price: int
    saving_pct: int


def best_deals(market: str, limit: int, per_category: int = 2, min_popularity: int = 60, grade: str = "excellent") -> list[Deal]:
    """Popular products whose buy-box price in `grade` saves the most against new, spread over categories.

    One grade for every card makes the savings comparable; "excellent" is the grade most shoppers buy.
    """
    boxes = buy_boxes(market, (Product.popularity >= min_popularity) & (Offer.grade == grade))
    new_prices = {
        (r.product_id, r.storage_gb): r.amount
        for r in db.session.execute(
            select(NewPrice.product_id, NewPrice.storage_gb, NewPrice.amount).where(NewPrice.market == market)
        )
    }
    best = {}  # product id → (saving, variant id, grade, price, new price)
    for (variant_id, box_grade), (box, product_id, storage) in boxes.items():
        new = new_prices.get((product_id, storage))
        if not new:
            continue
        saving = percent_off(box.winner.price, new)
        current = best.get(product_id)
        if current is None or (saving, -box.winner.price) > (current[0], -current[3]):
            best[product_id] = (saving, variant_id, box_grade, box.winner.price, new)
    if not best:
        return []
    products = {
        p.id: p
        for p in db.session.scalars(
            select(Product).options(joinedload(Product.brand), joinedload(Product.category)).where(Product.id.in_(best))
        )
    }
    variants = {v.id: v for v in db.session.scalars(select(Variant).where(Variant.id.in_([b[1] for b in best.values()])))}
    deals, taken = [], defaultdict(int)
    for product_id, (saving, variant_id, box_grade, price, new) in sorted(
        best.items(), key=lambda item: (-item[1][0], -products[item[0]].popularity, item[0])
    ):
        product = products[product_id]
        if taken[product.category_id] >= per_category:
            continue
        taken[product.category_id] += 1
        deals.append(Deal(product, variants[variant_id], box_grade, price, new, saving))
        if len(deals) == limit:
            break
    return deals
