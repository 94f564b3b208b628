"""Order history and detail for buyers (a refurbisher's side is in portal/orders.py).

The order page is the signed-in buyer's, or a guest's who opened the signed link of the order's e-mails
(orders/access.py). It shows one timeline per line and, for delivered lines within the window, the return form.
"""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.roles import role_required
from ..care import templating
from ..care.templating import PRIVATE
from ..extensions import login_manager
from . import access, carriers, services
from .labels import SHOPPER_REASONS

bp = Blueprint("orders", __name__, url_prefix="/<market:market>/account/orders")


@bp.app_context_processor
def order_helpers():
    return {"order_status": services.order_status_label, "shipment_status": lambda s: services.SHIPMENT_STATUSES[s],
            "carrier_name": carriers.name, "tracking_url": carriers.tracking_url,
            "cancel_reason": lambda line: SHOPPER_REASONS["shopper" if line.cancelled_by == "shopper" else line.cancel_reason]}


@bp.get("/")
@role_required()
def history():
    """The shopper's orders, newest first, each leading to its page."""
    return render_template("orders/history.html", orders=services.orders_of(current_user.id)), 200, PRIVATE


@bp.get("/<number>")
def detail(number: str):
    """One of the shopper's orders, with each line's timeline. Someone else's is a 404; without an account or
    link, sign in first."""
    order = templating.viewable(number)
    if order is None:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(404)
    return templating.order_page(order)


@bp.get("/<number>/access/<token>", endpoint="access")
def access_link(number: str, token: str):
    """The signed link of a guest's e-mails: opens the order's page in this browser, without an account."""
    if access.number_of(token) != number[:20] or not services.exists_number(number[:20]):
        abort(404)
    access.remember(number[:20], token)
    return redirect(url_for("orders.detail", number=number[:20]), code=303)
