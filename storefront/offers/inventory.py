"""A seller's own offers, as its portal reads and edits them: the listing (search, filters, pages), one row's
price and stock, pause and resume, and a new offer picked model → variant → grade.

Every write takes the seller's id and finds the offer among that seller's only: another seller's offer is
`NotYours` (the portal answers 404, as if it did not exist). What the seller types is checked by `rules`.
"""
from __future__ import annotations

import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from sqlalchemy import case, func, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..catalog.grades import BY_CODE as GRADES
from ..catalog.models import Brand, Category, Product, Variant
from ..extensions import db
from ..i18n.translate import lazy_gettext as _l
from ..safety import whole_number
from ..sellers.models import Seller
from . import buybox, price_to_win, rules
from .models import Offer, OfferPrice
from .rules import OfferInputError
from .shipping import DEFAULT_SHIPPING

PAGE_SIZE = 25
STATUSES = ("live", "paused", "suspended")
MAX_QUERY = 100  # characters of a search kept
PICKS = 30  # products shown when picking a model


class NotYours(LookupError):
    """No such offer among the seller's own."""


def counts(seller_id: int) -> dict[str, int]:
    """How many of the seller's offers are live, paused, suspended, and live but out of stock."""
    row = db.session.execute(
        select(
            func.count(case((Offer.status == "live", 1))),
            func.count(case((Offer.status == "paused", 1))),
            func.count(case((Offer.status == "suspended", 1))),
            func.count(case(((Offer.status == "live") & (Offer.stock == 0), 1))),
        ).where(Offer.seller_id == seller_id)
    ).one()
    return dict(zip(("live", "paused", "suspended", "out_of_stock"), row, strict=True))


@dataclass(frozen=True)
class Filters:
    """A validated listing state, read from query arguments: unknown values are dropped, never an error."""

    q: str = ""
    status: str = ""
    grade: str = ""
    category: str = ""
    out_of_stock: bool = False
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Filters:
        status, grade = args.get("status", ""), args.get("grade", "")
        return cls(
            q=" ".join((args.get("q") or "").split())[:MAX_QUERY],
            status=status if status in STATUSES else "",
            grade=grade if grade in GRADES else "",
            category=(args.get("category") or "")[:40],
            out_of_stock=args.get("stock") == "out",
            page=max(whole_number(args.get("page"), 5) or 1, 1),
        )

    def args(self, page: int | None = None) -> dict[str, str]:
        """The query arguments that make this state (empty ones left out), on `page` when given."""
        page = self.page if page is None else page
        pairs = {"q": self.q, "status": self.status, "grade": self.grade, "category": self.category,
                 "stock": "out" if self.out_of_stock else "", "page": str(page) if page > 1 else ""}
        return {key: value for key, value in pairs.items() if value}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.status or self.grade or self.category or self.out_of_stock)


@dataclass
class Listing:
    rows: list[Offer]
    total: int
    page: int
    pages: int
    filters: Filters


def listing(seller_id: int | None, filters: Filters) -> Listing:
    """The seller's offers matching `filters`, a page of PAGE_SIZE, ordered by model, variant and grade.
    No seller (an account linked to none) has no offers."""
    if seller_id is None:
        return Listing([], 0, 1, 1, filters)
    where = [Offer.seller_id == seller_id]
    for word in filters.q.split():
        where.append(or_(Product.name.icontains(word, autoescape=True), Brand.name.icontains(word, autoescape=True),
                         Offer.sku.icontains(word, autoescape=True)))
    if filters.status:
        where.append(Offer.status == filters.status)
    if filters.grade:
        where.append(Offer.grade == filters.grade)
    if filters.category:
        where.append(Category.slug == filters.category)
    if filters.out_of_stock:
        where.append(Offer.stock == 0)
    joined = (select(Offer.id).join(Variant, Variant.id == Offer.variant_id).join(Product, Product.id == Variant.product_id)
              .join(Brand, Brand.id == Product.brand_id).join(Category, Category.id == Product.category_id).where(*where))
    total = db.session.scalar(select(func.count()).select_from(joined.subquery()))
    pages = max(math.ceil(total / PAGE_SIZE), 1)
    page = min(filters.page, pages)
    grade_rank = case({code: grade.rank for code, grade in GRADES.items()}, value=Offer.grade)
    ids = db.session.scalars(joined.order_by(Brand.name, Product.name, Variant.storage_gb, Variant.color_name,
                                             Variant.keyboard, grade_rank, Offer.id)
                             .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    by_id = {offer.id: offer for offer in db.session.scalars(
        select(Offer).where(Offer.id.in_(ids)).options(
            selectinload(Offer.prices), selectinload(Offer.variant).selectinload(Variant.product).selectinload(Product.brand)))}
    return Listing([by_id[i] for i in ids], total, page, pages, filters)


def categories() -> list[str]:
    """The category slugs, in the shop's order (for the filter)."""
    return list(db.session.scalars(select(Category.slug).order_by(Category.position, Category.slug)))


def markets_of(seller: Seller | None) -> list[tuple[str, str]]:
    """(market code, currency) of each storefront the seller ships to, in the seller's order."""
    registry = current_app.extensions["markets"]
    return [(code, registry[code].currency) for code in (seller.markets if seller else []) if code in registry]


def price_texts(offer: Offer) -> dict[str, str]:
    """The offer's prices as a seller types them, per market: 19990 EUR → "199.90", 12000 JPY → "12000"."""
    registry = current_app.extensions["markets"]
    texts = {}
    for price in offer.prices:
        digits = registry[price.market].currency_digits if price.market in registry else 2
        texts[price.market] = f"{Decimal(price.amount).scaleb(-digits):.{digits}f}"
    return texts


@dataclass(frozen=True)
class MarketBox:
    """Where one offer stands in the buy box of `markets` (the same answer in each: same currency, same rivals'
    prices and records), as `price_to_win.Advice`."""

    markets: tuple[str, ...]
    currency: str
    advice: price_to_win.Advice


def buy_boxes(offers: list[Offer]) -> dict[int, list[MarketBox]]:
    """Per offer, its standing in the buy box of each market it is priced in (the seller's markets first, in their
    order; markets with the same answer together), from what is committed now: one query for every rival of all
    `offers`. Rivals are anonymous: only their prices and records reach the advice, never who they are."""
    if not offers:
        return {}
    registry = current_app.extensions["markets"]
    pairs = sorted({(offer.variant_id, offer.grade) for offer in offers})
    # The variants alone as well: that is what lets the database read through the offers' variant index.
    groups = buybox.candidates_everywhere(Offer.variant_id.in_(sorted({variant for variant, _grade in pairs}))
                                          & tuple_(Offer.variant_id, Offer.grade).in_(pairs))
    advised = {}  # the same offer among the same rivals in several markets: one answer
    boxes = {}
    for offer in offers:
        order = {code: position for position, code in enumerate(offer.seller.markets or [])}
        same = {}  # (currency, advice) → markets
        for code in sorted((p.market for p in offer.prices if p.market in registry), key=lambda c: (order.get(c, len(order)), c)):
            group = groups.get((code, offer.variant_id, offer.grade), [])
            mine = next((c for c in group if c.offer_id == offer.id), None)
            if mine is None:
                continue
            key = (mine, tuple(sorted(group, key=lambda c: c.offer_id)))
            if key not in advised:
                advised[key] = price_to_win.advise(mine, group)
            same.setdefault((registry[code].currency, advised[key]), []).append(code)
        boxes[offer.id] = [MarketBox(tuple(codes), currency, advice) for (currency, advice), codes in same.items()]
    return boxes


def own_offer(seller_id: int | None, offer_id: int) -> Offer:
    """One of the seller's offers, or NotYours."""
    offer = db.session.get(Offer, offer_id)
    if seller_id is None or not rules.may_edit(offer, seller_id):
        raise NotYours(offer_id)
    return offer


def shipping_for(seller_id: int, market: str) -> list:
    """A new price's shipping options in `market`: those of the seller's latest price there, else a free standard
    delivery (an offer without any option could not be checked out)."""
    shipping = db.session.scalar(select(OfferPrice.shipping).join(Offer, Offer.id == OfferPrice.offer_id)
                                 .where((Offer.seller_id == seller_id) & (OfferPrice.market == market))
                                 .order_by(OfferPrice.id.desc()).limit(1))
    return list(shipping or DEFAULT_SHIPPING)


def _prices(markets: list[tuple[str, str]], typed: Mapping[str, str], current: Mapping[str, int],
            errors: dict[str, object]) -> dict[str, int]:
    """The amounts typed per market (key "price-<market>"), checked; a blank one stays absent, but clearing an
    existing price is refused (pausing is how a seller stops selling)."""
    amounts = {}
    shipped = [code for code, _currency in markets]
    for key in typed:
        if key.startswith("price-"):
            try:
                rules.check_market(key.removeprefix("price-"), shipped)
            except OfferInputError as error:
                errors.setdefault("row", error.message)
    for code, currency in markets:
        text = (typed.get(f"price-{code}") or "").strip()
        if not text:
            if code in current:
                errors[f"price-{code}"] = _l("A price can't be removed: pause the offer to stop selling it.")
            continue
        try:
            amounts[code] = rules.parse_price(text, currency)
        except OfferInputError as error:
            errors[f"price-{code}"] = error.message
    return amounts


def _stock(text: str, errors: dict[str, object]) -> int | None:
    try:
        return rules.parse_stock(text)
    except OfferInputError as error:
        errors["stock"] = error.message
        return None


def _set_prices(offer: Offer, amounts: Mapping[str, int]) -> None:
    current = {price.market: price for price in offer.prices}
    for code, amount in amounts.items():
        if code in current:
            current[code].amount = amount
        else:
            offer.prices.append(OfferPrice(market=code, amount=amount, shipping=shipping_for(offer.seller_id, code)))


def update_row(seller_id: int | None, offer_id: int, form: Mapping[str, str]) -> dict[str, object]:
    """Save one row of the listing: its stock ("stock") and its price per market ("price-<market>").
    Returns the errors by field (nothing is saved when there are any); NotYours for another seller's offer."""
    offer = own_offer(seller_id, offer_id)
    errors: dict[str, object] = {}
    if offer.status == "suspended":
        return {"row": _l("The operator suspended this offer: it can't be edited.")}
    stock = _stock(form.get("stock", ""), errors)
    amounts = _prices(markets_of(offer.seller), form, {p.market: p.amount for p in offer.prices}, errors)
    if errors:
        return errors
    offer.stock = stock
    _set_prices(offer, amounts)
    db.session.commit()
    return {}


def set_paused(seller_id: int | None, offer_id: int, paused: bool) -> Offer:
    """Take the offer off sale (paused) or put it back (live). Doing it twice changes nothing; a suspended
    offer stays suspended (OfferInputError): only the operator lifts that."""
    offer = own_offer(seller_id, offer_id)
    if offer.status == "suspended":
        raise OfferInputError(_l("The operator suspended this offer: only the operator can put it back on sale."))
    offer.status = "paused" if paused else "live"
    db.session.commit()
    return offer


def find_products(q: str, limit: int = PICKS) -> list[Product]:
    """Device models whose brand or name holds every word of `q` (the most popular first)."""
    words = " ".join((q or "").split())[:MAX_QUERY].split()
    query = select(Product).join(Brand, Brand.id == Product.brand_id).options(selectinload(Product.brand))
    for word in words:
        query = query.where(or_(Product.name.icontains(word, autoescape=True), Brand.name.icontains(word, autoescape=True)))
    return list(db.session.scalars(query.order_by(Product.popularity.desc(), Product.name).limit(limit)))


def get_product(product_id: int | None) -> Product | None:
    return db.session.get(Product, product_id) if product_id else None


def get_variant(product: Product | None, variant_id: int | None) -> Variant | None:
    """The variant `variant_id` of `product`, or None (a variant of another product is none of its)."""
    variant = db.session.get(Variant, variant_id) if product and variant_id else None
    return variant if variant is not None and variant.product_id == product.id else None


def existing(seller_id: int | None, variant_id: int, grade: str) -> Offer | None:
    """The seller's offer of that variant in that grade, if it has one already (one per variant and grade)."""
    if seller_id is None:
        return None
    return db.session.scalar(select(Offer).where((Offer.seller_id == seller_id) & (Offer.variant_id == variant_id)
                                                 & (Offer.grade == grade)))


@dataclass
class Created:
    offer: Offer | None = None
    errors: dict[str, object] = field(default_factory=dict)
    duplicate: Offer | None = None  # the seller's offer of that variant and grade, when it has one


def _sku(seller: Seller, variant: Variant, grade: str) -> str:
    return f"S{seller.id:03d}-V{variant.id:06d}-{grade[:2].upper()}-{secrets.token_hex(3).upper()}"


def create_offer(seller: Seller, variant: Variant | None, grade: str, form: Mapping[str, str]) -> Created:
    """A new offer of `variant` in `grade` with its stock, battery floor, warranty, SKU (typed, or made) and a
    price in at least one market the seller ships to. Nothing is created when anything is wrong."""
    errors: dict[str, object] = {}
    if variant is None:
        return Created(errors={"variant": _l("Pick the model and its variant first.")})
    if seller.new_offers_paused:
        return Created(errors={"row": rules.PAUSED})
    try:
        grade = rules.parse_grade(grade)
    except OfferInputError as error:
        return Created(errors={"grade": error.message})
    duplicate = existing(seller.id, variant.id, grade)
    if duplicate is not None:
        return Created(errors={"grade": _l("You already sell this variant in this grade (SKU %(sku)s): edit that row instead.",
                                           sku=duplicate.sku)}, duplicate=duplicate)
    stock = _stock(form.get("stock", ""), errors)
    checks = {"battery": rules.parse_battery, "warranty": rules.parse_warranty}
    values = {}
    for name, parse in checks.items():
        try:
            values[name] = parse(form.get(name, ""))
        except OfferInputError as error:
            errors[name] = error.message
    sku = (form.get("sku") or "").strip()
    if sku:  # the same rule as the feed's, so a template downloaded later uploads again
        try:
            sku = rules.parse_sku(sku)
        except OfferInputError as error:
            errors["sku"] = error.message
    if sku and "sku" not in errors and db.session.scalar(select(Offer.id).where(Offer.sku == sku)) is not None:
        errors["sku"] = _l("The SKU %(sku)s is already taken: choose another, or leave it empty to get one made.", sku=sku)
    amounts = _prices(markets_of(seller), form, {}, errors)
    if not amounts and not any(key.startswith("price-") for key in errors):
        errors["prices"] = _l("Set a price in at least one storefront you ship to.")
    if errors:
        return Created(errors=errors)
    offer = Offer(seller_id=seller.id, variant_id=variant.id, grade=grade, stock=stock, battery_floor=values["battery"],
                  warranty_months=values["warranty"], sku=sku or _sku(seller, variant, grade), status="live", prices=[])
    db.session.add(offer)
    _set_prices(offer, amounts)
    try:
        db.session.commit()
    except IntegrityError:  # a double submit or a SKU taken in the meantime: the first one won
        db.session.rollback()
        duplicate = existing(seller.id, variant.id, grade)
        if duplicate is not None:
            return Created(errors={"grade": _l("You already sell this variant in this grade (SKU %(sku)s): edit that row instead.",
                                               sku=duplicate.sku)}, duplicate=duplicate)
        return Created(errors={"sku": _l("The SKU %(sku)s is already taken: choose another, or leave it empty to get one made.",
                                         sku=sku)})
    return Created(offer=offer)
