"""Order history and detail for buyers (a refurbisher's side is in portal/orders.py)."""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..accounts.roles import role_required
from . import carriers, services
from .labels import SHOPPER_REASONS

bp = Blueprint("orders", __name__, url_prefix="/<market:market>/account/orders")
PRIVATE = {"Cache-Control": "no-store"}


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
@role_required()
def detail(number: str):
    """One of the shopper's orders, with each seller shipment's status. Someone else's is a 404."""
    order = services.order_for(number[:20], current_user.id)
    if order is None:
        abort(404)
    return render_template("orders/detail.html", order=order), 200, PRIVATE

