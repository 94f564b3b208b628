"""Offer reads for pages: the home page's best deals, a product page's buy boxes and winning offer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import bindparam, select

from ..catalog.grades import CODES as GRADE_CODES
from ..catalog.models import Brand, Category, Product, Variant, display_name
from ..extensions import db, read
from ..markets.money import percent_off
from ..memo import app_memo, for_revalidation, remember
from ..sellers.models import Seller
from . import buybox
from .availability import sellable
from .listing import CardProduct
from .models import BuyBoxEntry, Offer, OfferPrice
from .pricing import Candidate, adjusted_price
from .shipping import cheapest


@dataclass(frozen=True)
class Deal:
    """A product's most striking buy-box offer: its price against the new price."""

    product: CardProduct
    variant: object  # a row: id, storage_gb, color_name, color_hex, keyboard
    grade: str
    price: int
    new_price: int
    saving_pct: int


def best_deals(market: str, limit: int, per_category: int = 2, min_popularity: int = 60, grade: str = "excellent") -> list[Deal]:
    """Popular products whose buy-box price in `grade` saves the most against new, spread over categories.

    One grade for every card makes the savings comparable; "excellent" is the grade most shoppers buy.
    The picks depend on the buy boxes alone: kept per app until they change (`buybox.version()`).
    """
    key = (buybox.version(), market, limit, per_category, min_popularity, grade)
    picks = app_memo("deal picks")  # (buy-box version, market, arguments) → [(saving, entry row)]
    chosen = picks.get(key)
    if chosen is None:
        chosen = remember(picks, key, _pick_deals(market, limit, per_category, min_popularity, grade))
    if not chosen:
        return []
    rows = {row.id: row for row in read(_DEAL_VARIANTS, ids=[e.variant_id for _, e in chosen])}
    return [
        Deal(CardProduct(r.product_id, display_name(r.brand, r.name), r.slug, r.category_slug, r.rating_avg, r.rating_count),
             r, grade, e.price, e.new_price, saving)
        for saving, e in chosen for r in (rows[e.variant_id],)
    ]


_DEAL_VARIANTS = (
    select(Variant.id, Variant.storage_gb, Variant.color_name, Variant.color_hex, Variant.keyboard, Variant.product_id,
           Product.name, Product.slug, Product.rating_avg, Product.rating_count, Brand.name.label("brand"),
           Category.slug.label("category_slug"))
    .join(Product, Product.id == Variant.product_id).join(Brand, Brand.id == Product.brand_id)
    .join(Category, Category.id == Product.category_id)
    .where(Variant.id.in_(bindparam("ids", expanding=True)))
)


def _pick_deals(market: str, limit: int, per_category: int, min_popularity: int, grade: str) -> list:
    entries = db.session.execute(
        select(BuyBoxEntry.product_id, BuyBoxEntry.variant_id, BuyBoxEntry.price, BuyBoxEntry.new_price,
               BuyBoxEntry.category_id, BuyBoxEntry.popularity)
        .where((BuyBoxEntry.market == market) & (BuyBoxEntry.grade == grade)
               & (BuyBoxEntry.popularity >= min_popularity) & (BuyBoxEntry.new_price > 0))
        .order_by(BuyBoxEntry.variant_id)  # at an equal saving and price, a product's first variant, on any database
    ).all()
    best = {}  # product id → (saving, -price, entry)
    for e in entries:
        score = (percent_off(e.price, e.new_price), -e.price)
        if e.product_id not in best or score > best[e.product_id][:2]:
            best[e.product_id] = (*score, e)
    ranked = sorted(best.values(), key=lambda b: (-b[0], -b[2].popularity, b[2].product_id))
    chosen, taken = [], {}
    for saving, _, entry in ranked:
        if taken.get(entry.category_id, 0) < per_category:
            taken[entry.category_id] = taken.get(entry.category_id, 0) + 1
            chosen.append((saving, entry))
        if len(chosen) == limit:
            break
    return chosen


DIMENSIONS = ("grade", "storage", "color", "keyboard")


@dataclass(frozen=True)
class Choice:
    """What the shopper asked for on a product page; None means "no preference"."""

    grade: str | None = None
    storage: int | None = None
    color: str | None = None  # the maker's colour name
    keyboard: str | None = None

    def get(self, dimension):
        return getattr(self, dimension)


@dataclass
class Selection:
    """The product page's state: the entry shown, whether it is exactly what was asked, and the ladder."""

    choice: Choice
    entry: Entry | None  # the buy box shown (None: nothing on sale in this market)
    exact: bool  # False when the asked combination is not on sale and `entry` is the nearest one
    variant: Variant | None
    ladder: dict[str, Entry | None]  # grade → buy box of the same variant
    available: dict[str, dict]  # dimension → {value: bool}, given the other chosen values


def select_entry(variants: list, entries: list[Entry], asked: Choice, keyboard: str = "") -> Selection:
    """Resolve the shopper's choice against what is on sale; unavailable asks get the nearest offer.

    With no choice at all, the page opens on the cheapest "excellent" offer, on the storefront's
    `keyboard` layout when the device has one.
    """
    by_variant = {v.id: v for v in variants}
    # Each buy box on sale with its value in each dimension (DIMENSIONS order).
    on_sale = [(e, (e.grade, v.storage_gb, v.color_name, v.keyboard))
               for e in entries if (v := by_variant.get(e.variant_id)) is not None]
    if not on_sale:
        return Selection(asked, None, False, None, {g: None for g in GRADE_CODES}, {d: {} for d in DIMENSIONS})
    wanted = tuple(asked.get(d) for d in DIMENSIONS)

    def matches(values):
        return tuple(w is None or v == w for v, w in zip(values, wanted))

    if asked == Choice():
        entry, values = min(on_sale, key=lambda r: (r[0].keyboard not in ("", keyboard), r[0].grade != "excellent",
                                                    r[0].price, r[0].id))
    else:
        # Nearest: matches the most asked dimensions, earlier dimensions weigh more; then cheapest.
        entry, values = max(on_sale, key=lambda r: (matches(r[1]), -r[0].price, -r[0].id))
    exact = all(matches(values))
    variant = by_variant[entry.variant_id]
    shown = tuple(v if w is None else w for v, w in zip(values, wanted))
    ladder = {g: None for g in GRADE_CODES}
    for e, _ in on_sale:
        if e.variant_id == variant.id:
            ladder[e.grade] = e
    # A value is available when some buy box has it and matches the other shown values.
    available = {d: {} for d in DIMENSIONS}
    fixed = [i for i, value in enumerate(shown) if value not in (None, "")]
    for _, values in on_sale:
        misses = [i for i in fixed if values[i] != shown[i]]
        for i, d in enumerate(DIMENSIONS):
            ok = not misses or misses == [i]
            available[d][values[i]] = available[d].get(values[i], False) or ok
    shown = Choice(*shown)
    return Selection(shown, entry, exact, variant, ladder, available)


@dataclass(frozen=True)
class OfferView:
    """An offer as a shopper compares it: price, delivery, seller record, promises."""

    offer: Offer
    seller: Seller
    price: int
    shipping: list  # options: {"code", "price", "days_min", "days_max"}


def purchasable_offers(market: str):
    """Offers a shopper can buy in `market` (`availability.sellable`) with their seller and price, to narrow."""
    return (
        select(Offer, Seller, OfferPrice)
        .join(Seller, Seller.id == Offer.seller_id)
        .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == market))
        .where(sellable(Offer.stock, Offer.status, Seller.status))
    )


@dataclass(frozen=True)
class Winner:
    """The winning offer as the buy box shows it: its seller's record and its delivery options."""

    seller: object  # a row: name, slug, tagline, on_time_rate, defect_rate, return_rate
    shipping: list  # options: {"code", "price", "days_min", "days_max"}


_WINNER = (
    select(Seller.name, Seller.slug, Seller.tagline, Seller.on_time_rate, Seller.defect_rate, Seller.return_rate, OfferPrice.shipping)
    .join(Offer, Offer.seller_id == Seller.id)
    .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == bindparam("market")))
    .where(Offer.id == bindparam("offer_id"))
)


@for_revalidation()
def winner(offer_id: int, market: str) -> Winner | None:
    """The buy box's offer with its seller and its delivery options in `market` (one query)."""
    row = read(_WINNER, offer_id=offer_id, market=market).first()
    return Winner(row, row.shipping) if row else None


def other_offers(market: str, variant_id: int, grade: str, exclude_offer_id: int | None) -> list[OfferView]:
    """Every other eligible offer for the same variant and grade, best first by the buy-box rule."""
    rows = db.session.execute(
        purchasable_offers(market)
        .where((Offer.variant_id == variant_id) & (Offer.grade == grade) & (Offer.id != (exclude_offer_id or 0)))
    ).all()
    views = [OfferView(o, s, p.amount, p.shipping) for o, s, p in rows]
    return sorted(views, key=lambda v: (adjusted_price(_candidate(v)), v.offer.id))


def _candidate(view: OfferView) -> Candidate:
    return Candidate(
        offer_id=view.offer.id, price=view.price, shipping=cheapest(view.shipping),
        stock=view.offer.stock, offer_status=view.offer.status, seller_status=view.seller.status, defect_rate=view.seller.defect_rate,
        return_rate=view.seller.return_rate, cancellation_rate=view.seller.cancellation_rate,
        on_time_rate=view.seller.on_time_rate, warranty_months=view.offer.warranty_months,
    )


@for_revalidation()
def product_markets(product_id: int) -> list[str]:
    """The storefronts where the product has at least one offer on sale."""
    return list(read(_MARKETS, product_id=product_id).scalars())


class Entry(NamedTuple):
    """A buy box as a product page reads it: a row, not an entity (a product page reads a dozen)."""

    id: int
    variant_id: int
    grade: str
    offer_id: int
    reason: str
    contenders: int
    price: int
    new_price: int
    battery_floor: int
    warranty_months: int
    keyboard: str

    @property
    def saving_pct(self) -> int:
        """Whole percent saved against the new price (0 when unknown or no saving)."""
        return percent_off(self.price, self.new_price)


_ENTRIES = select(*(getattr(BuyBoxEntry, name) for name in Entry._fields)).where(
    (BuyBoxEntry.market == bindparam("market")) & (BuyBoxEntry.product_id == bindparam("product_id")))
_MARKETS = select(BuyBoxEntry.market).where(BuyBoxEntry.product_id == bindparam("product_id")).distinct()


@for_revalidation()
def product_entries(market: str, product_id: int) -> list[Entry]:
    """The product's buy boxes in `market`, one per variant and grade on sale."""
    return [Entry._make(row) for row in read(_ENTRIES, market=market, product_id=product_id)]


def sitemap_entries(market: str) -> tuple[list[str], list[str]]:
    """Slugs of the categories and products with something on sale in `market`."""
    rows = db.session.execute(
        select(Category.slug, Product.slug).join(Product, Product.category_id == Category.id)
        .where(Product.id.in_(select(BuyBoxEntry.product_id).where(BuyBoxEntry.market == market)))
        .order_by(Category.position, Product.slug)
    ).all()
    return list(dict.fromkeys(c for c, _ in rows)), [p for _, p in rows]
