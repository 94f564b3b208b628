"""A refurbisher's orders: what to accept (before the deadline), what to ship, what went out. Every page and
action reaches the signed-in seller's own paid seller orders only; anyone else's is a 404.

Accepting and refusing a line work as plain forms (303 back to the order) and, with htmx, swap the order's
panel (#portal-seller-order) in place. htmx swaps only 2xx answers, so an htmx request that fails
validation or comes too late gets the panel with the message at 200; without JavaScript it is 422 or 409.
"""
from __future__ import annotations

from babel.dates import format_timedelta
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from ..accounts.roles import role_required
from ..care import returns as care
from ..care import timeline
from ..htmx import HTMX_VARY, wants_partial
from ..orders import carriers, fulfilment
from ..orders.labels import LINE_STATUSES, SELLER_REASONS, SHOPPER_REASONS
from ..safety import whole_number
from ..staff import area

bp = area(Blueprint("portal_orders", __name__, url_prefix="/seller/orders"), "portal")
PANEL = "portal-seller-order"
MAX_UNITS = 50  # unit fields read per line: no order line holds more


@bp.context_processor
def order_helpers():
    return {"line_status": lambda status: LINE_STATUSES.get(status, status), "seller_reasons": SELLER_REASONS,
            "shopper_reasons": SHOPPER_REASONS, "carrier_name": carriers.name, "time_left": _time_left,
            "urgent": fulfilment.urgent, "deadline": fulfilment.deadline, "return_reasons": care.REASON_LABELS,
            "verdicts": care.VERDICTS, "confirm_by": care.confirm_by, "back_by": care.back_by,
            "return_status": lambda status: care.STATUS_LABELS.get(status, status)}


def _time_left(seller_order) -> str:
    return format_timedelta(fulfilment.time_left(seller_order), granularity="minute", threshold=1.5, format="short",
                            locale=get_locale())


@bp.get("")
@role_required("seller")
def index():
    """The seller's orders, those to accept first (with the time left), filtered by state and paged."""
    state = request.args.get("state", "")
    state = state if state in fulfilment.STATES else ""
    page = whole_number(request.args.get("page", "1"), 6) or 1
    listing = fulfilment.page_of(current_user.seller_id, state or None, page)
    return render_template("portal/orders.html", listing=listing, state=state, linked=current_user.seller_id is not None)


@bp.get("/<int:seller_order_id>")
@role_required("seller")
def detail(seller_order_id: int):
    """One seller order: its lines to accept or refuse, the parcel form, the parcels sent."""
    return _panel(seller_order_id)


@bp.post("/<int:seller_order_id>/lines/<int:line_id>/accept")
@role_required("seller")
def accept(seller_order_id: int, line_id: int):
    """Accept one line (the seller will ship it)."""
    return _act(seller_order_id, line_id, lambda: fulfilment.accept(current_user.seller_id, seller_order_id, line_id))


@bp.post("/<int:seller_order_id>/lines/<int:line_id>/refuse")
@role_required("seller")
def refuse(seller_order_id: int, line_id: int):
    """Refuse one line with a reason: the shopper is refunded and told why."""
    reason, note = request.form.get("reason", ""), request.form.get("note", "")
    return _act(seller_order_id, line_id, lambda: fulfilment.refuse(current_user.seller_id, seller_order_id, line_id, reason, note))


@bp.post("/<int:seller_order_id>/lines/<int:line_id>/cancel")
@role_required("seller")
def cancel(seller_order_id: int, line_id: int):
    """Cancel an accepted line before it ships, with a reason: the shopper is refunded and told why."""
    reason, note = request.form.get("reason", ""), request.form.get("note", "")
    return _act(seller_order_id, line_id, lambda: fulfilment.cancel(current_user.seller_id, seller_order_id, line_id, reason, note))


@bp.post("/<int:seller_order_id>/ship")
@role_required("seller")
def ship(seller_order_id: int):
    """Send a parcel: carrier, tracking number and the IMEI or serial of each unit in it."""
    identifiers = {}
    for key in request.form:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "unit":
            line_id, index = whole_number(parts[1], 12), whole_number(parts[2], 3)
            if line_id is not None and index is not None and index < MAX_UNITS:
                identifiers.setdefault(line_id, {})[index] = request.form[key][:60]
    units = {line_id: [by_index.get(i, "") for i in range(max(by_index) + 1)] for line_id, by_index in identifiers.items()}
    try:
        fulfilment.ship(current_user.seller_id, seller_order_id, request.form.get("carrier", ""),
                        request.form.get("tracking", "")[:80], units)
    except fulfilment.Missing:
        abort(404)
    except fulfilment.ShipInputError as error:
        return _panel(seller_order_id, status=422, ship_errors=error.errors, form=request.form)
    except fulfilment.Conflict as error:
        return _panel(seller_order_id, status=409, notice=error.message)
    return redirect(url_for("portal_orders.detail", seller_order_id=seller_order_id, _anchor="parcels"), code=303)


def _act(seller_order_id: int, line_id: int, action):
    """Run a line's action; the panel (htmx) or a 303 back to the order, the message where it failed."""
    try:
        action()
    except fulfilment.Missing:
        abort(404)
    except fulfilment.ReasonError as error:
        return _panel(seller_order_id, status=422, line_errors={line_id: error.message}, form=request.form)
    except fulfilment.Conflict as error:
        return _panel(seller_order_id, status=409, notice=error.message)
    if wants_partial(PANEL):
        return _panel(seller_order_id)
    return redirect(url_for("portal_orders.detail", seller_order_id=seller_order_id, _anchor=f"line-{line_id}"), code=303)


def _panel(seller_order_id: int, status: int = 200, **context):
    """The seller order's page, or its panel alone for htmx (at 200 even for a refusal: htmx swaps only 2xx)."""
    seller_order = fulfilment.seller_order_for(current_user.seller_id, seller_order_id)
    if seller_order is None:
        abort(404)
    order = seller_order.order
    returns = care.of_seller_order(seller_order.id)
    taken = care.by_line(returns)
    market = current_app.extensions["markets"][order.market]
    context = {"so": seller_order, "order": order, "ship_errors": {}, "line_errors": {}, "form": {},
               "notice": None, "carriers": fulfilment.carrier_choices(seller_order), "returns": returns,
               "timelines": {line.id: timeline.steps(order, seller_order, line, taken.get(line.id), market) for line in seller_order.lines},
               **context}
    headers = {"Vary": ", ".join(HTMX_VARY)}
    if wants_partial(PANEL):
        return render_template("portal/partials/seller_order.html", **context), 200, headers
    return render_template("portal/order.html", **context), status, headers

