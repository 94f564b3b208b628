"""Carts priced afresh on every read: what changed since the shopper added it is said, not hidden."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from ..catalog.models import Product, Variant
from ..commerce import commerce, protection_price
from ..extensions import db, read
from ..offers.availability import sellable
from ..offers.models import Offer, OfferPrice
from ..offers.services import purchasable_offers
from ..offers.shipping import delivery_window
from ..sellers.models import Seller
from .models import Cart, CartLine

MAX_LINES = 20
MAX_QUANTITY = 5


@dataclass
class PricedLine:
    line: CartLine
    offer: Offer
    product: Product
    variant: Variant
    seller: Seller
    price: int | None  # today's unit price in the storefront; None: not sold here any more
    protection_price: int
    shipping: list  # the offer's shipping options in this storefront
    seen_price: int  # what the shopper was last shown (read before it is updated)

    @property
    def available(self) -> bool:
        return self.price is not None and sellable(self.offer.stock, self.offer.status, self.seller.status)

    @property
    def enough_stock(self) -> bool:
        return self.offer.stock >= self.line.quantity

    @property
    def price_changed(self) -> bool:
        return self.price is not None and self.price != self.seen_price

    @property
    def quantity(self) -> int:
        """What the shopper gets: the quantity asked, capped at the stock left (the cart says so)."""
        return min(self.line.quantity, self.offer.stock)

    @property
    def total(self) -> int:
        return ((self.price or 0) + (self.protection_price if self.line.protection else 0)) * self.quantity


@dataclass
class SellerGroup:
    seller: Seller
    lines: list[PricedLine]
    delivery: tuple[date, date] | None  # standard delivery window of the slowest line


# Whose cart it is: the signed-in shopper's for this storefront, else the session's guest cart. One
# rule for the cart and for the header's count, so the two cannot disagree.
_USER_CART = (Cart.user_id == bindparam("user_id")) & (Cart.market == bindparam("market"))
_GUEST_CART = (Cart.id == bindparam("cart_id")) & (Cart.market == bindparam("market")) & Cart.user_id.is_(None)


def get_cart(cart_id: int | None, market: str, user_id: int | None) -> Cart | None:
    """The signed-in shopper's cart, else the session's guest cart, for this storefront."""
    if user_id:
        return db.session.scalar(select(Cart).where(_USER_CART), {"user_id": user_id, "market": market})
    if cart_id:
        return db.session.scalar(select(Cart).where(_GUEST_CART), {"cart_id": cart_id, "market": market})
    return None


_COUNT = select(func.coalesce(func.sum(CartLine.quantity), 0)).join(Cart, Cart.id == CartLine.cart_id)
_USER_COUNT = _COUNT.where(_USER_CART)
_GUEST_COUNT = _COUNT.where(_GUEST_CART)


def device_count(cart_id: int | None, market: str, user_id: int | None) -> int:
    """How many devices the cart of `get_cart` holds, in one column read (the header asks on every page)."""
    if user_id:
        return read(_USER_COUNT, user_id=user_id, market=market).scalar()
    return read(_GUEST_COUNT, cart_id=cart_id, market=market).scalar() if cart_id else 0


def offer_price(offer_id: int, market: str) -> tuple[Offer, int] | None:
    """A purchasable offer and its price in `market`, or None."""
    row = db.session.execute(purchasable_offers(market).where(Offer.id == offer_id)).first()
    return (row[0], row[2].amount) if row else None


def add(cart: Cart | None, market: str, user_id: int | None, offer_id: int, prices_from: str | None = None) -> Cart | None:
    """Put one unit of an offer in the cart (creating the cart); None when the offer can't be bought here.

    `prices_from`: the storefront whose prices apply, when it is not `market` (the pseudo-locale).
    """
    found = offer_price(offer_id, prices_from or market)
    if found is None:
        return None
    offer, price = found
    if cart is None:
        cart = Cart(market=market, user_id=user_id)
        db.session.add(cart)
    existing = next((line for line in cart.lines if line.offer_id == offer_id), None)
    if existing:
        existing.quantity = min(existing.quantity + 1, MAX_QUANTITY, max(offer.stock, 1))
        existing.seen_price = price
    elif len(cart.lines) < MAX_LINES:
        cart.lines.append(CartLine(offer_id=offer_id, quantity=1, seen_price=price))
    db.session.commit()
    return cart


def update(cart: Cart, line_id: int, quantity: int | None = None, protection: bool | None = None) -> None:
    """Change a line's quantity (0 removes it) or its protection plan."""
    line = next((line for line in cart.lines if line.id == line_id), None)
    if line is None:
        return
    if quantity is not None:
        if quantity <= 0:
            cart.lines.remove(line)
        else:
            line.quantity = min(quantity, MAX_QUANTITY)
    if protection is not None:
        line.protection = protection
    db.session.commit()


def acknowledge_prices(priced: list[PricedLine]) -> None:
    """The shopper has now seen today's prices (commits only when one changed)."""
    changed = [p for p in priced if p.price_changed]
    for p in changed:
        p.line.seen_price = p.price
    if changed:
        db.session.commit()


def priced_lines(cart: Cart | None, market, today: date | None = None) -> list[PricedLine]:
    if cart is None or not cart.lines:
        return []
    ids = [line.offer_id for line in cart.lines]
    rows = db.session.execute(
        select(Offer, OfferPrice)
        .options(joinedload(Offer.seller), joinedload(Offer.variant).joinedload(Variant.product).joinedload(Product.brand),
                 joinedload(Offer.variant).joinedload(Variant.product).joinedload(Product.category))
        .outerjoin(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == market.offers_market))
        .where(Offer.id.in_(ids))
    ).all()
    by_id = {offer.id: (offer, price) for offer, price in rows}
    rate = commerce()["protection"]["rate_bps"]
    result = []
    for line in cart.lines:
        offer, price = by_id[line.offer_id]
        amount = price.amount if price else None
        result.append(PricedLine(
            line, offer, offer.variant.product, offer.variant, offer.seller, amount,
            protection_price(amount, rate, market.currency_digits) if amount else 0, price.shipping if price else [],
            line.seen_price))
    return result


def by_seller(priced: list[PricedLine], today: date) -> list[SellerGroup]:
    groups: dict[int, SellerGroup] = {}
    for p in priced:
        group = groups.setdefault(p.seller.id, SellerGroup(p.seller, [], None))
        group.lines.append(p)
        standard = next((o for o in p.shipping if o["code"] == "standard"), None)
        if standard:
            window = delivery_window(standard, today)
            group.delivery = max(group.delivery, window) if group.delivery else window
    return list(groups.values())


def merge(guest: Cart | None, user_id: int, moving=None) -> None:
    """On sign-in: move the guest cart's lines into the account's cart for the same storefront.

    `moving(guest_id, account_cart_id)` is called before the guest cart goes, for what refers to it.
    """
    if guest is None or guest.user_id is not None:
        return
    mine = db.session.scalar(select(Cart).where((Cart.user_id == user_id) & (Cart.market == guest.market)))
    if mine is None:
        guest.user_id = user_id
    else:
        have = {line.offer_id for line in mine.lines}
        for line in list(guest.lines):
            if line.offer_id not in have and len(mine.lines) < MAX_LINES:
                guest.lines.remove(line)
                mine.lines.append(CartLine(offer_id=line.offer_id, quantity=line.quantity, protection=line.protection,
                                           seen_price=line.seen_price))
        if moving is not None:
            moving(guest.id, mine.id)
        db.session.delete(guest)
    db.session.commit()
