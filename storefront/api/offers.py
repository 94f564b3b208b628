"""The API's offers: read a seller's listing, create an offer as a feed row would, change one's prices, stock or
status. Every value goes through the bulk feed's plan (`offers.feed`, `offers.rules`) and every write through
the feed's writer (`feed_imports.write_changes`): one set of rules and one way offers are written."""
from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..catalog.models import Variant
from ..extensions import db
from ..i18n.translate import lazy_gettext as _l
from ..offers import feed, feed_imports, inventory
from ..offers.models import Offer
from ..sellers.models import Seller

# JSON field → feed column, for each write. "prices" is an object: storefront → amount.
CREATE_FIELDS = ("sku", "model", "storage", "colour", "keyboard", "grade", "stock", "battery", "warranty", "status",
                 "prices")
PATCH_FIELDS = ("stock", "battery", "warranty", "status", "prices")
REFUSED = "\x00"  # stands for a value of the wrong JSON type: every rule refuses it, with the rule's own message


class ApiError(Exception):
    """A 4xx answer: its status, a stable code, a message for people, and the field at fault (or None)."""

    def __init__(self, status: int, code: str, message, field: str | None = None):
        super().__init__(str(message))
        self.status, self.code, self.message, self.field = status, code, message, field

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": str(self.message), "field": self.field}}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _l("No such offer among yours."))


def text(value) -> str:
    """A JSON value as the feed's cell would hold it: strings as they are, whole numbers and decimals as digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return REFUSED


def offer_json(offer: Offer) -> dict:
    """An offer as the API shows it: prices in major units as text ("199.90"), with their currency."""
    registry = current_app.extensions["markets"]
    variant = offer.variant
    prices = {market: {"amount": amount, "currency": registry[market].currency if market in registry else None}
              for market, amount in sorted(inventory.price_texts(offer).items())}
    return {"id": offer.id, "sku": offer.sku, "model": variant.product.slug, "title": variant.product.display_name,
            "storage": variant.storage_gb or None, "colour": variant.color_name, "keyboard": variant.keyboard or None,
            "grade": offer.grade, "stock": offer.stock, "status": offer.status, "status_reason": offer.status_reason,
            "battery": offer.battery_floor, "warranty": offer.warranty_months, "prices": prices}


def listing(seller_id: int, args: Mapping[str, str]) -> dict:
    """A page of the seller's offers, filtered as the portal's listing is (q, status, grade, category, stock=out)."""
    found = inventory.listing(seller_id, inventory.Filters.parse(args))
    return {"offers": [offer_json(offer) for offer in found.rows], "page": found.page, "pages": found.pages,
            "total": found.total, "per_page": inventory.PAGE_SIZE}


def get(seller_id: int, offer_id: int) -> dict:
    try:
        return offer_json(inventory.own_offer(seller_id, offer_id))
    except inventory.NotYours:
        raise not_found() from None


def row_of(payload, allowed: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """The feed row a JSON body stands for, and the storefronts it prices; ApiError for a body of the wrong shape."""
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_request", _l("The body must be a JSON object."))
    for name in payload:
        if name not in allowed:
            raise ApiError(422, "unknown_field", _l("No such field here: the fields are %(fields)s.",
                                                    fields=", ".join(allowed)), str(name)[:80])
    prices = payload.get("prices", {})
    if not isinstance(prices, dict):
        raise ApiError(422, "invalid", _l("Prices are an object: storefront → amount, like {\"fr-fr\": \"199.90\"}."),
                       "prices")
    row = {name: text(value) for name, value in payload.items() if name != "prices"}
    row.update({feed.PRICE + market: text(amount) for market, amount in prices.items()})
    return row, list(prices)


def refuse(problems: list[feed.Problem]) -> ApiError:
    """The first problem the feed's plan found, as a 422 naming the JSON field."""
    problem = problems[0]
    field = problem.column
    if field.startswith(feed.PRICE):
        field = "prices." + field.removeprefix(feed.PRICE)
    return ApiError(422, "invalid", problem.why, field or None)


def context(seller: Seller, catalog: feed.Catalog, offers: list[feed.Current], foreign: set[str]) -> feed.Context:
    registry = current_app.extensions["markets"]
    return feed.Context(list(seller.markets), {market.code: market.currency for market in registry}, catalog, offers,
                        foreign, seller.new_offers_paused)


def create(seller: Seller, payload) -> dict:
    """A new offer, from fields named as the feed's columns; ApiError (nothing written) when anything is wrong,
    409 when the seller has that offer already (same SKU, or same variant and grade)."""
    row, markets = row_of(payload, CREATE_FIELDS)
    sheet = feed.Sheet(list(row), markets, [(1, row)])
    sku = row.get("sku", "").strip()
    plan = feed.plan(sheet, context(seller, feed_imports.catalog(), feed_imports.current_offers(seller.id),
                                    feed_imports.foreign_skus(seller.id, [sku])))
    if plan.problems:
        raise refuse(plan.problems)
    change = plan.changes[0]
    if change.action != "create":
        raise ApiError(409, "exists", _l("You have this offer already (id %(id)d): change it with PATCH.",
                                         id=change.offer_id), "sku")
    feed_imports.write_changes(seller, [change.as_json()])
    try:
        db.session.commit()
    except IntegrityError:  # made in the meantime, by another request or a feed
        db.session.rollback()
        raise ApiError(409, "exists", _l("This offer was just created by another request."), "sku") from None
    return offer_json(db.session.scalar(select(Offer).where(Offer.sku == change.sku)))


def update(seller: Seller, offer_id: int, payload) -> dict:
    """Set some of an offer's stock, prices, battery floor, warranty and status; fields left out are left alone."""
    try:
        offer = inventory.own_offer(seller.id, offer_id)
    except inventory.NotYours:
        raise not_found() from None
    given, markets = row_of(payload, PATCH_FIELDS)
    variant: Variant = offer.variant
    product = variant.product
    # The offer names itself, as a feed row naming it would: its SKU, model, variant and grade.
    row = {"sku": offer.sku, "model": product.slug, "storage": str(variant.storage_gb or ""),
           "colour": variant.color_name, "keyboard": variant.keyboard, "grade": offer.grade, **given}
    catalog = feed.Catalog({product.slug.lower(): product.id}, {product.id: product.display_name},
                           {product.id: [feed.VariantRef(variant.id, variant.storage_gb, variant.color_name, variant.keyboard)]})
    plan = feed.plan(feed.Sheet(list(row), markets, [(1, row)]),
                     context(seller, catalog, feed_imports.current_offers(seller.id, offer.id), set()))
    if plan.problems:
        raise refuse(plan.problems)
    change = plan.changes[0]
    if change.action != "unchanged":
        feed_imports.write_changes(seller, [change.as_json()])
        db.session.commit()
    return get(seller.id, offer_id)
