"""The API's offers: read a seller's listing, create an offer as a feed row would, change one's prices, stock or
status, or create and change many in one batch (planned together, as the rows of one feed file). Every value goes through the bulk feed's plan (`offers.feed`, `offers.rules`) and every write through
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


def identity(offer: Offer) -> dict[str, str]:
    """The columns by which a feed row names `offer`: its SKU, model, variant and grade."""
    variant: Variant = offer.variant
    return {"sku": offer.sku, "model": variant.product.slug, "storage": str(variant.storage_gb or ""),
            "colour": variant.color_name, "keyboard": variant.keyboard, "grade": offer.grade}


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
    row = {**identity(offer), **given}
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


# The batch: many create-or-update rows in one call, planned together by the feed's plan (as rows of one file).
MAX_BATCH = 500
BATCH_FIELDS = ("offers", "dry_run")
OUTCOMES = {"create": "created", "update": "updated", "pause": "updated", "unchanged": "unchanged"}


class BatchRefused(ApiError):
    """A batch with rows in error: 422, every row's outcome or error, nothing written."""

    def __init__(self, rows: list[dict], errors: int):
        super().__init__(422, "invalid_rows", _l("Rows in error: %(num)d. Nothing was written: fix or leave out "
                                                 "those rows and send the batch again.", num=errors), "offers")
        self.rows = rows

    def as_json(self) -> dict:
        return {**super().as_json(), "dry_run": False, "written": False, "rows": self.rows}


def batch_rows(payload) -> tuple[list, bool]:
    """The rows and the dry-run flag of a batch body; ApiError for a body of the wrong shape."""
    if not isinstance(payload, dict):
        raise ApiError(400, "bad_request", _l("The body must be a JSON object."))
    for name in payload:
        if name not in BATCH_FIELDS:
            raise ApiError(422, "unknown_field", _l("No such field here: the fields are %(fields)s.",
                                                    fields=", ".join(BATCH_FIELDS)), str(name)[:80])
    dry_run = payload.get("dry_run", False)
    if not isinstance(dry_run, bool):
        raise ApiError(422, "invalid", _l("dry_run is true or false."), "dry_run")
    rows = payload.get("offers")
    if not isinstance(rows, list) or not rows:
        raise ApiError(422, "invalid", _l("offers is a list of offers, from 1 to %(num)d.", num=MAX_BATCH), "offers")
    if len(rows) > MAX_BATCH:
        raise ApiError(422, "too_many_rows", _l("A batch holds up to %(num)d offers: split it.", num=MAX_BATCH), "offers")
    return rows, dry_run


def own_offers(seller_id: int, rows: list) -> tuple[dict[int, Offer], dict[str, Offer]]:
    """The seller's offers the rows name, by id and by SKU (another seller's are not among them)."""
    ids = [row["id"] for row in rows if isinstance(row, dict) and type(row.get("id")) is int]
    skus = [text(row["sku"]).strip() for row in rows if isinstance(row, dict) and "sku" in row]
    found = db.session.scalars(select(Offer).where((Offer.seller_id == seller_id)
                                                   & (Offer.id.in_(ids) | Offer.sku.in_(skus)))).all()
    return {offer.id: offer for offer in found}, {offer.sku: offer for offer in found}


def batch_row(item, by_id: dict[int, Offer], by_sku: dict[str, Offer]) -> tuple[dict[str, str], list[str], str | None]:
    """The feed row of one batch row, its storefronts and its SKU: by `id`, one of the seller's offers (PATCH's
    fields, the others left alone); by `sku`, the seller's offer with it (fields left out are left alone) or a
    new one (POST's fields). ApiError for a row PATCH or POST would refuse the same way."""
    if isinstance(item, dict) and "id" in item:
        offer = by_id.get(item["id"]) if type(item["id"]) is int else None
        if offer is None:  # none, or another seller's: the same answer
            raise ApiError(404, "not_found", _l("No such offer among yours."), "id")
        given, markets = row_of({name: value for name, value in item.items() if name != "id"}, PATCH_FIELDS)
        return {**identity(offer), **given}, markets, offer.sku
    given, markets = row_of(item, CREATE_FIELDS)
    offer = by_sku.get(given.get("sku", "").strip())
    return ({**identity(offer), **given} if offer is not None else given), markets, given.get("sku", "").strip() or None


def batch(seller: Seller, payload) -> dict:
    """Create or update up to MAX_BATCH offers, all or nothing: the rows are planned together as the rows of one
    feed file, and written in one transaction only when none is in error (BatchRefused otherwise). A dry run
    answers the same and writes nothing."""
    items, dry_run = batch_rows(payload)
    by_id, by_sku = own_offers(seller.id, items)
    answers, rows, markets = [], [], []
    for index, item in enumerate(items):
        answer = {"index": index, "sku": None, "outcome": "error", "id": None, "error": None}
        answers.append(answer)
        try:
            row, row_markets, answer["sku"] = batch_row(item, by_id, by_sku)
        except ApiError as error:
            answer["error"] = error.as_json()["error"]
            continue
        rows.append((index + 1, row))  # line = index + 1: a message naming another row counts from 1
        markets.extend(market for market in row_markets if market not in markets)
    columns = list(dict.fromkeys(column for _line, row in rows for column in row))
    skus = [row.get("sku", "").strip() for _line, row in rows]
    plan = feed.plan(feed.Sheet(columns, markets, rows),
                     context(seller, feed_imports.catalog(), feed_imports.current_offers(seller.id),
                             feed_imports.foreign_skus(seller.id, [sku for sku in skus if sku])))
    for problem in plan.problems:
        answer = answers[problem.line - 1]
        if answer["error"] is None:
            answer["error"] = refuse([problem]).as_json()["error"]
    for change in plan.changes:
        answer = answers[change.line - 1]
        answer.update(outcome=OUTCOMES[change.action], id=change.offer_id, sku=change.sku)
    errors = sum(1 for answer in answers if answer["error"] is not None)
    for answer in answers:
        if answer["error"] is not None:
            answer.update(outcome="error", id=None)
    if errors and not dry_run:
        raise BatchRefused(answers, errors)
    if not dry_run:
        changes = [change.as_json() for change in plan.changes if change.action != "unchanged"]
        if changes:
            feed_imports.write_changes(seller, changes)
            try:
                db.session.commit()
            except IntegrityError:  # an offer made in the meantime, by another request or a feed
                db.session.rollback()
                raise ApiError(409, "exists", _l("An offer of this batch was just created by another request: "
                                                 "send the batch again."), "offers") from None
        made = [answer["sku"] for answer in answers if answer["outcome"] == "created"]
        ids = dict(db.session.execute(select(Offer.sku, Offer.id).where(
            (Offer.seller_id == seller.id) & Offer.sku.in_(made))).all()) if made else {}
        for answer in answers:
            if answer["outcome"] == "created":
                answer["id"] = ids.get(answer["sku"])
    counts = {outcome: sum(1 for answer in answers if answer["outcome"] == outcome)
              for outcome in ("created", "updated", "unchanged", "error")}
    return {"dry_run": dry_run, "written": not dry_run, "counts": counts, "rows": answers}
