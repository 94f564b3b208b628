"""Order history and detail for buyers; seller orders for refurbishers."""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..accounts.roles import role_required
from . import services

bp = Blueprint("orders", __name__, url_prefix="/<market:market>/account/orders")
PRIVATE = {"Cache-Control": "no-store"}


@bp.app_context_processor
def order_helpers():
    return {"order_status": services.order_status_label, "shipment_status": lambda s: services.SHIPMENT_STATUSES[s]}


@bp.get("/<number>")
@role_required()
def detail(number: str):
    """One of the shopper's orders, with each seller shipment's status. Someone else's is a 404."""
    order = services.order_for(number[:20], current_user.id)
    if order is None:
        abort(404)
    return render_template("orders/detail.html", order=order), 200, PRIVATE


@bp.get("/sold")
@role_required("seller")
def sold():
    """A refurbisher's seller orders to ship (the operator sees everyone's; an account linked to no seller, none)."""
    if current_user.role == "admin":
        sold_orders = services.seller_orders_all()
    else:
        sold_orders = services.seller_orders(current_user.seller_id)
    return render_template("orders/sold.html", seller_orders=sold_orders), 200, PRIVATE
