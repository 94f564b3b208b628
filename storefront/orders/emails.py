"""An order's one e-mail, a (subject, body): sent by `services.send_confirmation`, shown by `flask mail preview`."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from ..markets.registry import Market
from ..markets.routing import in_market
from .models import Order


def confirmation(order: Order, market: Market) -> tuple[str, str]:
    """The confirmation, or what to do when the payment could not be taken, as the order's storefront writes it."""
    with in_market(market):
        if order.payment_status == "problem":
            subject = _("We couldn't take the payment for order %(number)s", number=order.number)
        else:
            subject = _("Your order %(number)s is confirmed", number=order.number)
        return subject, render_template("orders/email/confirmation.txt", order=order, market=market)
