"""A guest's way back to an order: a link signed with the app's secret, scoped to the order's number.

The confirmation e-mail carries it (a guest has no account to sign in to); opening it lets this browser see
that order's page (and return its devices) for as long as the link lives: the longest return window of any
storefront, counted after the latest delivery a seller may promise, so it outlives every window it serves.
"""
from __future__ import annotations

from flask import current_app, has_request_context, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import mail
from .models import Order

SALT = "order-access"
DELIVERY_MARGIN_DAYS = 60  # an order placed today is delivered well within this, or cancelled
SESSION_KEY = "order_links"  # the links this browser opened: re-checked (signature, age) on every request


def link_days() -> int:
    """How long a link lives: every storefront's longest return window, plus the time to deliver."""
    return max(max(m.free_return_days, m.withdrawal_days) for m in current_app.extensions["markets"]) + DELIVERY_MARGIN_DAYS


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(number: str) -> str:
    return _serializer().dumps(number)


def number_of(token: str, max_age_seconds: int | None = None) -> str | None:
    """The order number a link was made for, or None for a tampered, foreign or expired one."""
    age = max_age_seconds if max_age_seconds is not None else link_days() * 86400
    try:
        number = _serializer().loads(token, max_age=age)
    except BadSignature:  # SignatureExpired is one
        return None
    return number if isinstance(number, str) else None


def order_link(order: Order) -> str:
    """The absolute link for the order's e-mails (on PUBLIC_URL), from a request or a job."""
    values = {"market": order.market, "number": order.number, "token": token_for(order.number)}
    if has_request_context():
        return mail.link("orders.access", **values)
    with current_app.test_request_context():
        return mail.link("orders.access", **values)


def remember(number: str, token: str) -> None:
    """This browser opened a valid link for `number`: keep it in the (signed) session."""
    links = dict(session.get(SESSION_KEY) or {})
    links[number] = token
    session[SESSION_KEY] = dict(list(links.items())[-10:])


def granted(number: str) -> bool:
    """Whether this browser opened a link for `number` that is still valid."""
    token = (session.get(SESSION_KEY) or {}).get(number)
    return bool(token) and number_of(token) == number
