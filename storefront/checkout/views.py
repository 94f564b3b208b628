"""Checkout pages: address → delivery → payment → review → confirmation. Steps cannot be skipped."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in

from ..accounts import addresses
from ..accounts import services as accounts
from ..accounts.forms import CreateAccountForm
from ..accounts.throttle import signup_limit
from ..cart import services as carts
from ..cart.current import current_cart, guest_carts
from ..offers.shipping import delivery_window, is_free
from ..orders import services as orders
from ..safety import whole_number
from ..urls import absolute
from . import services

bp = Blueprint("checkout", __name__, url_prefix="/<market:market>/checkout")
PRIVATE = {"Cache-Control": "no-store"}


@user_logged_in.connect
def keep_guest_carts(sender, user, **_):
    """Signing in keeps what the guest put in the cart, and a checkout the guest started follows its lines."""
    for market, cart_id in guest_carts().items():
        carts.merge(carts.get_cart(cart_id, market, None), user.id, moving=services.follow_cart)


def user():
    return current_user if current_user.is_authenticated else None


def state(keep_sold_out: bool = False):
    """The checkout of this session and storefront, priced now, with the steps done.

    Lines that sold out meanwhile are dropped, unless `keep_sold_out` (placing the order must see them).
    """
    checkout = services.get(session.get("checkouts", {}).get(g.market.code), g.market.code)
    if checkout is None or checkout.order_id is not None:
        return None
    cart = current_cart()
    if cart is None or cart.id != checkout.cart_id:
        return None
    priced = [p for p in carts.priced_lines(cart, g.market) if p.available or keep_sold_out]
    if not priced:
        return None
    summary = services.summarise(checkout, priced, g.market)
    payment = services.payment_of(checkout)
    done = services.completed(checkout, payment, summary)
    return {"checkout": checkout, "priced": priced, "summary": summary, "payment": payment, "done": done,
            "options": summary.options, "groups": carts.by_seller(priced, date.today())}


def page(template: str, status: int = 200, **context):
    context.setdefault("today", date.today())
    return (render_template(template, steps=services.STEPS, delivery_window=delivery_window, free_delivery=is_free,
                            **context), status, PRIVATE)


def first_missing(done: list[str]) -> str:
    return next(step for step in services.STEPS if step not in done)


def missing_before(current, step: str):
    """A redirect to the first step not done before `step`, or None."""
    missing = services.missing_step(current["done"], step)
    return redirect(url_for(f"checkout.{missing}"), code=303) if missing else None


def require(step: str):
    """The checkout state if every step before `step` is done; else a redirect to the first missing one."""
    current = state()
    if current is None:
        return None, redirect(url_for("cart.show"), code=303)
    redirect_to = missing_before(current, step)
    return (None, redirect_to) if redirect_to else (current, None)


@bp.get("/")
def start():
    """Begin (or resume) checking out the cart."""
    current = state()
    if current is None:
        cart = current_cart()
        if cart is None or not any(p.available for p in carts.priced_lines(cart, g.market)):
            return redirect(url_for("cart.show"), code=303)
        checkout = services.start(cart, g.market.code, user())
        session["checkouts"] = {**session.get("checkouts", {}), g.market.code: checkout.token}
        return redirect(url_for("checkout.address"), code=303)
    return redirect(url_for(f"checkout.{first_missing(current['done'])}"), code=303)


@bp.route("/address", methods=["GET", "POST"])
def address():
    """Who receives the parcel, and where (in the country's own address format)."""
    current, redirect_to = require("address")
    if redirect_to:
        return redirect_to
    checkout = current["checkout"]
    fmt = addresses.address_format(g.market.country)
    fields, errors = checkout.address.get("fields", {}), {}
    email = checkout.email
    if request.method == "POST":
        saved_id = whole_number(request.form.get("saved"))
        if user() and saved_id is not None:
            chosen = accounts.owned_address(current_user, saved_id)
            if chosen is None or chosen.country != g.market.country:
                abort(404)
            fields, errors = addresses.validate(g.market.country, chosen.fields)
        else:
            fields, errors = addresses.validate(g.market.country, request.form)
        email = current_user.email if user() else accounts.normalise_email(request.form.get("email", ""))[:254]
        if not user() and not email:
            errors["email"] = _("Please enter your e-mail address.")
        elif not user() and not accounts.is_email(email):
            errors["email"] = _("This doesn't look like an e-mail address.")
        if not errors:
            services.set_address(checkout, email, g.market.country, fields)
            return redirect(url_for("checkout.delivery"), code=303)
    saved = [a for a in (current_user.addresses if user() else []) if a.country == g.market.country]
    return page("checkout/address.html", 422 if errors else 200, fmt=fmt, fields=fields, errors=errors, email=email,
                saved=saved, **current)


@bp.route("/delivery", methods=["GET", "POST"])
def delivery():
    """How each seller ships its parcel: options with price and estimated dates."""
    current, redirect_to = require("delivery")
    if redirect_to:
        return redirect_to
    error = False
    if request.method == "POST":
        choices = {seller_id: request.form.get(f"seller-{seller_id}", "") for seller_id in current["options"]}
        if services.set_delivery(current["checkout"], choices, current["options"]):
            return redirect(url_for("checkout.payment"), code=303)
        error = True
    return page("checkout/delivery.html", 422 if error else 200, error=error, **current)


@bp.route("/payment", methods=["GET", "POST"])
def payment():
    """Pay on the provider's secure page; the card never touches this site."""
    current, redirect_to = require("payment")
    if redirect_to:
        return redirect_to
    if request.method == "POST":
        pay_at = services.payment_url(current["checkout"], current["summary"].totals.total, g.market.currency,
                                      absolute("checkout.payment_return"))
        return redirect(pay_at or url_for("checkout.review"), code=303)  # None: paid already, for this very amount
    declined = current["payment"] is not None and current["payment"].status == "declined"
    return page("checkout/payment.html", declined=declined, unconfirmed="unconfirmed" in request.args, **current)


@bp.get("/payment/return")
def payment_return():
    """Back from the provider: authorized → review; declined → try again."""
    current = state()
    intent_id = request.args.get("intent", "")[:40]
    if current is None or intent_id != current["checkout"].payment_intent:
        return redirect(url_for("checkout.start"), code=303)
    intent = services.returned_intent(current["checkout"], intent_id)
    if intent is None:
        abort(404)
    if intent.status == "authorized":
        return redirect(url_for("checkout.review"), code=303)
    return redirect(url_for("checkout.payment"), code=303)


@bp.get("/review")
def review():
    """Everything at a glance before the order is placed."""
    current, redirect_to = require("review")
    if redirect_to:
        return redirect_to
    return page("checkout/review.html", **current)


@bp.post("/place")
def place():
    """Place the order: idempotent on the checkout, only with a payment the provider confirms, and the
    last unit goes to one shopper only."""
    current = state(keep_sold_out=True) or {}  # none: placed already (by this submit's twin, or before a crash), or no cart
    placement = services.place_order(
        session.get("checkouts", {}).get(g.market.code), current.get("checkout"), current.get("priced", []),
        current.get("summary"), current.get("done", []), g.market, current_user.id if user() else None)
    if placement.order is not None:
        session["placed"] = placement.order.checkout_token
        return redirect(url_for("checkout.confirmation", number=placement.order.number), code=303)
    if placement.refusal == "sold_out":  # sold out before the click; the payment was released
        return page("checkout/sold_out.html", 409, **current)
    if placement.refusal == "unconfirmed":
        return redirect(url_for("checkout.payment", unconfirmed=1), code=303)
    if placement.refusal in services.STEPS:
        return redirect(url_for(f"checkout.{placement.refusal}"), code=303)
    return redirect(url_for("cart.show"), code=303)


@bp.route("/confirmation/<number>", methods=["GET", "POST"])
@signup_limit
def confirmation(number: str):
    """The order is placed: its number, what ships when, and (for guests) an account in one step.

    The account is a sign-up like any other: a link e-mailed to the order's address creates it, with this
    order in it. The page says "check your inbox" whether or not that address already has an account.
    """
    order = orders.order_for(number[:20], current_user.id if user() else None, session.get("placed"))
    if order is None:
        abort(404)
    form = CreateAccountForm()
    if not user() and form.validate_on_submit():
        accounts.sign_up(order.email, form.password.data, order_token=order.checkout_token)
        return page("checkout/confirmation.html", order=order, form=form, signup_sent=True)
    return page("checkout/confirmation.html", 422 if form.errors else 200, order=order, form=form, signup_sent=False)
