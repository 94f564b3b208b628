"""The cart: offer ids kept per storefront in the signed session cookie, priced afresh on every read."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..catalog.models import Product, Variant
from ..extensions import db
from ..offers.models import Offer, OfferPrice
from ..sellers.models import Seller

MAX_LINES = 20


@dataclass(frozen=True)
class Line:
    offer: Offer
    product: Product
    variant: Variant
    seller: Seller
    price: int | None  # current price in the storefront; None: no longer sold here
    in_stock: bool


def purchasable(offer_id: int, market: str) -> bool:
    """True when the offer is priced in `market`, in stock and from an approved seller."""
    return db.session.scalar(
        select(Offer.id).join(Seller).join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == market))
        .where((Offer.id == offer_id) & (Offer.stock > 0) & (Seller.status == "approved"))
    ) is not None


def add(cart: list[int], offer_id: int) -> list[int]:
    """The cart with one more unit line for `offer_id` (one unit per offer; refurbished units are unique-ish)."""
    if offer_id in cart or len(cart) >= MAX_LINES:
        return cart
    return [*cart, offer_id]


def lines(cart: list[int], market: str) -> list[Line]:
    """The cart's lines with today's price in `market` (a line may have sold out since)."""
    if not cart:
        return []
    rows = db.session.execute(
        select(Offer, OfferPrice.amount)
        .options(joinedload(Offer.seller), joinedload(Offer.variant).joinedload(Variant.product).joinedload(Product.brand),
                 joinedload(Offer.variant).joinedload(Variant.product).joinedload(Product.category))
        .outerjoin(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == market))
        .where(Offer.id.in_(cart))
    ).all()
    by_id = {offer.id: (offer, amount) for offer, amount in rows}
    return [
        Line(offer, offer.variant.product, offer.variant, offer.seller, amount,
             offer.stock > 0 and offer.seller.status == "approved")
        for offer, amount in (by_id[i] for i in cart if i in by_id)
    ]
