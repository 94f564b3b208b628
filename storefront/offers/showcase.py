"""A seller's shop window: its offers on sale in a market, as the catalog's cards, and the warranty it gives."""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from ..catalog.grades import CODES as GRADE_CODES
from ..catalog.models import NewPrice, Product, Variant
from ..extensions import read
from ..markets.money import percent_off
from ..memo import for_revalidation
from ..sellers.models import Seller
from .availability import sellable
from .listing import PAGE_SIZE, Card, CardProduct, Listing, Pick, card_products
from .models import Offer, OfferPrice


@dataclass(frozen=True)
class Showcase:
    """One page of a seller's device models on sale in a market, and the warranty of everything it sells there."""

    listing: Listing
    products: dict[int, CardProduct]  # product id → what its card shows
    warranty: tuple[int, int] | None  # (fewest, most) months over its offers on sale; None when nothing is


_ON_SALE = (
    select(Variant.product_id, Offer.grade, Offer.warranty_months, OfferPrice.amount, NewPrice.amount.label("new_price"),
           Variant.color_hex, Product.popularity, Product.release_year, Variant.storage_gb, Variant.color_name,
           Variant.keyboard)
    .join(Seller, Seller.id == Offer.seller_id)
    .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == bindparam("market")))
    .join(Variant, Variant.id == Offer.variant_id)
    .join(Product, Product.id == Variant.product_id)
    .outerjoin(NewPrice, (NewPrice.product_id == Variant.product_id) & (NewPrice.market == bindparam("market"))
               & (NewPrice.storage_gb == Variant.storage_gb))
    .where((Offer.seller_id == bindparam("seller_id")) & sellable(Offer.stock, Offer.status, Seller.status))
    # A fixed order, whatever the database: at equal prices a card shows its first variant's colour.
    .order_by(Offer.variant_id, Offer.grade)
)


def seller_showcase(market: str, seller_id: int, page: int) -> Showcase:
    """Page `page` of the device models `seller_id` has on sale in `market` (most popular first), each card
    at the seller's own lowest price; a page past the end shows the last one."""
    ordered, warranty = _cards(market, seller_id)
    pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
    page = min(max(page, 1), pages)
    listing = Listing(ordered[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], len(ordered), page, pages)
    return Showcase(listing, card_products(tuple(c.product_id for c in listing.cards)), warranty)


@for_revalidation(size=256)  # a big seller has thousands of offers: kept while a page may be
def _cards(market: str, seller_id: int) -> tuple[list[Card], tuple[int, int] | None]:
    """Every card of the seller in `market`, in page order, and the (fewest, most) warranty months."""
    cards: dict[int, Card] = {}
    fewest = most = None
    for product_id, grade, months, amount, new_price, color_hex, popularity, release_year, storage, color, keyboard in read(
            _ON_SALE, market=market, seller_id=seller_id):
        pick = Pick(grade, storage, color, keyboard)
        fewest, most = min(fewest or months, months), max(most or months, months)
        card = cards.get(product_id)
        if card is None:
            cards[product_id] = Card(product_id, amount, percent_off(amount, new_price or 0), [grade], color_hex,
                                     popularity, release_year, pick)
            continue
        if amount < card.price:
            card.price, card.color_hex, card.pick = amount, color_hex, pick
        card.saving_pct = max(card.saving_pct, percent_off(amount, new_price or 0))
        if grade not in card.grades:
            card.grades.append(grade)
    for card in cards.values():
        card.grades.sort(key=GRADE_CODES.index)
    ordered = sorted(cards.values(), key=lambda c: (-c.popularity, c.price, c.product_id))
    return ordered, ((fewest, most) if cards else None)
