"""The shopper's order page as both its views render it (orders.detail, and care's return form on a failed
request): shipments, one timeline per line, the return form for the lines that may go back."""
from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from ..orders import access
from ..orders import services as orders
from . import returns as care
from . import timeline

PRIVATE = {"Cache-Control": "no-store"}


def viewable(number: str):
    """The order if this visitor may see it (its signed-in buyer, or a browser that opened its link), else None."""
    user_id = current_user.id if current_user.is_authenticated else None
    return orders.order_for(number[:20], user_id, linked=access.granted(number[:20]))


def order_page(order, status: int = 200, **context):
    returns = care.returns_of(order.id)
    market = current_app.extensions["markets"][order.market]
    context = {"returnable": care.returnable(order, returns=returns), "returns": returns, "returned": care.by_line(returns),
               "timelines": timeline.for_order(order, returns, market), "reasons": care.REASON_LABELS,
               "return_status": lambda status: care.STATUS_LABELS.get(status, status),
               "order_lines": {line.id: line for so in order.seller_orders for line in so.lines},
               "return_errors": {}, "form": {}, "window_days": care.window_days(market), **context}
    return render_template("orders/detail.html", order=order, **context), status, PRIVATE
