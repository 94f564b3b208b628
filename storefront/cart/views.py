"""Cart page, add and remove. The cart lives in the session, one list of offers per storefront."""
from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from ..catalog.services import categories_with_counts
from . import services

bp = Blueprint("cart", __name__, url_prefix="/<market:market>/cart")


def current_cart() -> list[int]:
    carts = session.get("cart", {})
    return [i for i in carts.get(g.market.code, []) if isinstance(i, int)]


def save_cart(cart: list[int]) -> None:
    carts = dict(session.get("cart", {}))
    carts[g.market.code] = cart
    session["cart"] = carts


@bp.app_context_processor
def cart_badge():
    """The number of lines in the cart, for the header badge."""
    return {"cart_count": len(current_cart()) if g.get("market") else 0}


@bp.get("/")
def show():
    """The shopper's cart, priced now; an empty cart points back to the categories."""
    lines = services.lines(current_cart(), g.market.code)
    total = sum(line.price for line in lines if line.price and line.in_stock)
    response = render_template("cart/show.html", lines=lines, total=total, categories=categories_with_counts())
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/add")
def add():
    """Put an offer in the cart, then show the cart (303)."""
    offer = request.form.get("offer", "")
    if not offer.isdigit() or not services.purchasable(int(offer), g.market.code):
        abort(404)
    save_cart(services.add(current_cart(), int(offer)))
    return redirect(url_for("cart.show"), code=303)


@bp.post("/remove")
def remove():
    """Take an offer out of the cart (303 back to it)."""
    offer = request.form.get("offer", "")
    save_cart([i for i in current_cart() if str(i) != offer])
    return redirect(url_for("cart.show"), code=303)
