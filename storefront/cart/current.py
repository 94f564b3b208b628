"""The shopper's cart in this request: found through the account or the session, remembered for guests."""
from __future__ import annotations

from flask import g, session
from flask_login import current_user

from . import services


def user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def current_cart():
    """The shopper's cart in this storefront, looked up once per request (the header badge asks too)."""
    if "cart" not in g:
        g.cart = services.get_cart(session.get("carts", {}).get(g.market.code), g.market.code, user_id())
    return g.cart


def remember(cart) -> None:
    if cart is not None and cart.user_id is None:
        session["carts"] = {**session.get("carts", {}), g.market.code: cart.id}


def guest_carts() -> dict[str, int]:
    """The guest carts of this session by storefront, forgotten as they are handed over (on sign-in)."""
    return session.pop("carts", {})
