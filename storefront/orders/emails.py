"""An order's e-mails, each a (subject, body): the confirmation (sent by `services.send_confirmation`), a parcel
shipped and a line cancelled (sent by `fulfilment`); shown by `flask mail preview`."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from ..markets.registry import Market
from ..markets.routing import in_market
from . import access, carriers
from .labels import SHOPPER_REASONS
from .models import Order


def confirmation(order: Order, market: Market) -> tuple[str, str]:
    """The confirmation, or what to do when the payment could not be taken, as the order's storefront writes it."""
    with in_market(market):
        if order.payment_status == "problem":
            subject = _("We couldn't take the payment for order %(number)s", number=order.number)
        else:
            subject = _("Your order %(number)s is confirmed", number=order.number)
        return subject, render_template("orders/email/confirmation.txt", order=order, market=market,
                                        link=access.order_link(order))


def shipped(order: Order, parcel, market: Market) -> tuple[str, str]:
    """A parcel of the order is on its way: carrier, tracking number and link, what is in it."""
    with in_market(market):
        subject = _("Your order %(number)s is on its way", number=order.number)
        return subject, render_template("orders/email/shipped.txt", order=order, parcel=parcel, market=market,
                                        carrier=carriers.name(parcel.carrier),
                                        tracking_url=carriers.tracking_url(parcel.carrier, parcel.tracking))


def cancelled(order: Order, line, refund, market: Market) -> tuple[str, str]:
    """A line of the order was cancelled (refused, not confirmed in time): why, and what is refunded."""
    with in_market(market):
        subject = _("A device of your order %(number)s was cancelled and refunded", number=order.number)
        reason = SHOPPER_REASONS["shopper" if line.cancelled_by == "shopper" else line.cancel_reason]
        return subject, render_template("orders/email/cancelled.txt", order=order, line=line, refund=refund,
                                        market=market, reason=reason)
