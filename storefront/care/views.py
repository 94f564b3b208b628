"""The shopper's returns, under the order page: ask for one (a label per seller), download the label.

Reached by the order's signed-in buyer or a guest's browser that opened the order's link; anyone else gets a
404. The request is a plain form: 303 back to the order page, or the page again at 422 with what was wrong
and what was typed.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, redirect, request, url_for

from ..safety import whole_number
from . import label
from . import returns as care
from .templating import PRIVATE, order_page, viewable

bp = Blueprint("care", __name__, url_prefix="/<market:market>/account/orders/<number>/returns")
MAX_LINES = 50


@bp.post("")
def request_return(number: str):
    """Return the picked lines of the order with a reason: labels are made, the sellers told."""
    order = viewable(number)
    if order is None:
        abort(404)
    line_ids = [i for i in (whole_number(v, 12) for v in request.form.getlist("line")[:MAX_LINES]) if i is not None]
    try:
        care.request(order, line_ids, request.form.get("reason", ""), request.form.get("note", "")[:2000])
    except care.ReturnInputError as error:
        return order_page(order, 422, return_errors=error.errors, form=request.form)
    return redirect(url_for("orders.detail", number=order.number, _anchor="returns"), code=303)


@bp.get("/<int:return_id>/label.pdf")
def label_pdf(number: str, return_id: int):
    """The return's sandbox label as a PDF (private: never cached)."""
    order = viewable(number)
    ret = care.label_of(order, return_id) if order else None
    if ret is None:
        abort(404)
    seller = ret.seller_order.seller_name
    devices = [f"{rl.line.title} ({rl.line.variant})" for rl in ret.lines]
    response = make_response(label.pdf(ret.label_number, order.number, seller, devices, current_app.config["BRAND_NAME"]))
    response.headers.update({**PRIVATE, "Content-Type": "application/pdf",
                             "Content-Disposition": f'inline; filename="return-{ret.label_number}.pdf"'})
    return response
