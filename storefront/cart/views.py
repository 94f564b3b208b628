"""Cart page, add, quantity, protection plan and removal; htmx swaps, or 303s without JavaScript."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, generate_csrf

from ..caching import visitor_has_cookies
from ..extensions import csrf
from ..htmx import HTMX_VARY, is_htmx, wants_partial
from ..safety import from_this_site, whole_number
from . import services
from .current import current_cart, remember, user_id
from .totals import total_before_delivery

bp = Blueprint("cart", __name__, url_prefix="/<market:market>/cart")
PRIVATE = {"Cache-Control": "no-store", "Vary": ", ".join(HTMX_VARY)}


@bp.app_template_global()
def cart_count() -> int:
    """The number of devices in the cart, for the header badge (a function: partials without one skip it)."""
    if not g.get("market"):
        return 0
    if "cart" in g:  # the cart pages have it loaded already
        return sum(line.quantity for line in g.cart.lines) if g.cart else 0
    return services.device_count(session.get("carts", {}).get(g.market.code), g.market.code, user_id())


@bp.app_template_global()
def add_to_cart_token() -> str:
    """The CSRF token of the add-to-cart forms, only for a visitor who has a session already.

    Making a token starts a session: a cookie that would keep the product pages of a visitor who only
    browses out of shared caches. `add` takes a form without a token from this site's pages only.
    """
    return generate_csrf() if visitor_has_cookies() else ""


def render_lines():
    """The cart region for htmx, or the whole cart page."""
    priced = services.priced_lines(current_cart(), g.market)
    partial = wants_partial("cart-lines")
    html = render_template(
        "cart/partials/lines.html" if partial else "cart/show.html", oob_badge=partial, priced=priced,
        groups=services.by_seller(priced, date.today()), total=total_before_delivery(priced))
    # After rendering: the commit expires every loaded row, and the page would load them all again.
    services.acknowledge_prices(priced)
    return html, 200, PRIVATE


def lines_or_cart():
    """After a change: the new cart region for htmx, else back to the cart page (303)."""
    return render_lines() if is_htmx() else redirect(url_for("cart.show"), code=303)


@bp.get("/")
def show():
    """The cart, priced now and grouped by seller, with each seller's delivery estimate."""
    return render_lines()


@bp.post("/add")
@csrf.exempt  # checked here: a token when the form has one (add_to_cart_token), else where the form comes from
def add():
    """Put an offer in the cart: htmx gets a confirmation and the new cart link; others go to the cart (303)."""
    if request.form.get("csrf_token"):
        csrf.protect()
    elif not from_this_site(request):
        raise CSRFError("The add-to-cart form came from another site.")
    offer = whole_number(request.form.get("offer"))
    cart = services.add(current_cart(), g.market.code, user_id(), offer, g.market.offers_market) if offer else None
    if cart is None:
        abort(404)
    g.cart = cart
    remember(cart)
    if is_htmx():
        return render_template("cart/partials/added.html"), 200, PRIVATE  # its cart link calls `cart_count()`
    return redirect(url_for("cart.show"), code=303)


@bp.post("/lines/<int:line_id>")
def update(line_id: int):
    """Change a line's quantity or protection plan."""
    cart = current_cart()
    if cart is None:
        abort(404)
    quantity = whole_number(request.form.get("quantity"), 2)
    # A hidden "off" precedes the checkbox, so an unticked box still says so; a ticked one adds "on" after it.
    protection = (request.form.getlist("protection") or [None])[-1]
    services.update(cart, line_id, quantity=quantity,
                    protection=(protection == "on") if protection in ("on", "off") else None)
    return lines_or_cart()


@bp.post("/lines/<int:line_id>/remove")
def remove(line_id: int):
    """Take a line out of the cart."""
    cart = current_cart()
    if cart is not None:
        services.update(cart, line_id, quantity=0)
    return lines_or_cart()
