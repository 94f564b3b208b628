"""The seller portal's listings (/seller/listings/…): the seller's offers in a searchable, paged table whose
rows are edited in place (price per market and stock, one row per save), paused and resumed; and a new offer
picked model → variant → grade. Each form works as a plain form; htmx swaps the table, one row or the picker.
An account linked to no seller (an operator's) sees an empty state; another seller's offer is a 404."""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.roles import role_required
from ..htmx import HTMX_VARY, is_htmx, render_page_or_partial
from ..offers import inventory
from ..offers.rules import OfferInputError
from ..safety import whole_number
from ..staff import area
from . import current_seller

bp = area(Blueprint("listings", __name__, url_prefix="/seller/listings"), "portal")
VARY = {"Vary": ", ".join(HTMX_VARY)}


@bp.context_processor
def helpers():
    return {"price_texts": inventory.price_texts}


def _context(filters: inventory.Filters, **extra) -> dict:
    seller = current_seller()
    listing = inventory.listing(seller.id if seller else None, filters)
    return {"seller": seller, "seller_markets": inventory.markets_of(seller), "filters": filters,
            "listing": listing, "boxes": inventory.buy_boxes(listing.rows),
            "categories": inventory.categories(), "statuses": inventory.STATUSES, "row_errors": {}, "typed": {},
            "notices": get_flashed_messages(), **extra}


def _back() -> inventory.Filters:
    """The listing state a row's form came from (its hidden "back" field), to return to after a write."""
    return inventory.Filters.parse(dict(parse_qsl(request.form.get("back", ""))))


def _row(offer_id: int, status: int = 200, **extra):
    """One row of the table, as htmx swaps it in place."""
    seller = current_seller()
    try:
        offer = inventory.own_offer(current_user.seller_id, offer_id)
    except inventory.NotYours:
        abort(404)
    context = {"offer": offer, "seller_markets": inventory.markets_of(seller), "back": request.form.get("back", ""),
               "errors": {}, "typed": None, "saved": False, "boxes": inventory.buy_boxes([offer]), **extra}
    return render_template("portal/listings/partials/row.html", **context), status, VARY


@bp.get("/")
@role_required("seller")
def index():
    """The seller's offers: searchable, filtered by status, grade, category or empty stock, paged."""
    return render_page_or_partial("portal/listings/index.html", "portal/listings/partials/table.html",
                                  "listings-table", **_context(inventory.Filters.parse(request.args)))


@bp.get("/<int:offer_id>")
@role_required("seller")
def row(offer_id: int):
    """One row as it is saved (htmx puts it back when the seller presses Escape); the list without JS."""
    if is_htmx():
        return _row(offer_id)
    try:
        inventory.own_offer(current_user.seller_id, offer_id)
    except inventory.NotYours:
        abort(404)
    return redirect(url_for(".index"), 303)


@bp.post("/<int:offer_id>")
@role_required("seller")
def update(offer_id: int):
    """Save one row's stock and prices: the row again (htmx), or back to the list; errors at the fields (422)."""
    try:
        errors = inventory.update_row(current_user.seller_id, offer_id, request.form)
    except inventory.NotYours:
        abort(404)
    if is_htmx():
        return _row(offer_id, 422 if errors else 200, errors=errors, typed=request.form if errors else None,
                    saved=not errors)
    filters = _back()
    if errors:
        page = render_template("portal/listings/index.html", **_context(
            filters, row_errors={offer_id: errors}, typed={offer_id: request.form}))
        return page, 422, VARY
    flash(_("Saved."))
    return redirect(url_for(".index", **filters.args()), 303)


def _pause(offer_id: int, paused: bool):
    try:
        inventory.set_paused(current_user.seller_id, offer_id, paused)
        errors = {}
    except inventory.NotYours:
        abort(404)
    except OfferInputError as error:
        errors = {"row": error.message}
    if is_htmx():
        return _row(offer_id, 422 if errors else 200, errors=errors)
    if errors:
        return render_template("portal/listings/index.html", **_context(_back(), row_errors={offer_id: errors})), 422, VARY
    return redirect(url_for(".index", **_back().args()), 303)


@bp.post("/<int:offer_id>/pause")
@role_required("seller")
def pause(offer_id: int):
    """Take an offer off sale; it stays listed here, paused."""
    return _pause(offer_id, True)


@bp.post("/<int:offer_id>/resume")
@role_required("seller")
def resume(offer_id: int):
    """Put a paused offer back on sale (never a suspended one)."""
    return _pause(offer_id, False)


def _picker(errors=None, typed=None, status=200):
    """The new-offer page at the step the query (or the posted form) has reached: model, variant, grade."""
    source = request.form if request.method == "POST" else request.args
    seller = current_seller()
    q = " ".join((source.get("q") or "").split())[: inventory.MAX_QUERY]
    product = inventory.get_product(whole_number(source.get("product")))
    variant = inventory.get_variant(product, whole_number(source.get("variant")))
    grade = source.get("grade", "") if variant else ""
    grade = grade if grade in inventory.GRADES else ""
    products = inventory.find_products(q)
    if product is not None and product not in products:
        products.insert(0, product)
    duplicate = inventory.existing(seller.id if seller else None, variant.id, grade) if variant and grade else None
    context = {"seller": seller, "seller_markets": inventory.markets_of(seller), "q": q, "products": products,
               "product": product, "variant": variant, "grade_code": grade, "duplicate": duplicate,
               "errors": errors or {}, "typed": typed or {}}
    response, _status, headers = render_page_or_partial("portal/listings/new.html", "portal/listings/partials/picker.html",
                                                        "listings-picker", **context)
    return response, status, headers


@bp.get("/new")
@role_required("seller")
def new():
    """Pick the model (search), then its variant, then the grade; then stock, warranty and prices."""
    return _picker()


@bp.post("/new")
@role_required("seller")
def create():
    """Create the offer and show it in the list; errors at the fields (422), nothing created."""
    seller = current_seller()
    if seller is None:
        abort(404)
    product = inventory.get_product(whole_number(request.form.get("product")))
    variant = inventory.get_variant(product, whole_number(request.form.get("variant")))
    created = inventory.create_offer(seller, variant, request.form.get("grade", ""), request.form)
    if created.errors:
        return _picker(created.errors, request.form, 422)
    flash(_("Offer %(sku)s created: it is live.", sku=created.offer.sku))
    return redirect(url_for(".index", q=created.offer.sku), 303)
