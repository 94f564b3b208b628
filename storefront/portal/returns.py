"""A refurbisher's returns: the parcels coming back, with the deadline to confirm receipt, and the form that
confirms it (as sold → the shopper is refunded; not as sold, with why → the care team decides). Another
seller's return is a 404."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.roles import role_required
from ..care import returns as care
from ..staff import area

bp = area(Blueprint("portal_returns", __name__, url_prefix="/seller/returns"), "portal")


@bp.context_processor
def return_helpers():
    return {"return_reasons": care.REASON_LABELS, "verdicts": care.VERDICTS, "confirm_by": care.confirm_by,
            "back_by": care.back_by,
            "return_status": lambda status: care.STATUS_LABELS.get(status, status)}


@bp.get("")
@role_required("seller")
def index():
    """The returns to receive, nearest deadline first."""
    return _page()


def _page(status: int = 200, **context):
    context = {"returns": care.for_seller(current_user.seller_id), "errors": {}, "form": {}, "failed": None, **context}
    return render_template("portal/returns.html", **context), status


@bp.post("/<int:return_id>/receive")
@role_required("seller")
def receive(return_id: int):
    """Confirm a return's receipt and condition; back to where the form was (the list or the order)."""
    try:
        ret = care.receive(current_user.seller_id, return_id, request.form.get("verdict", ""), request.form.get("note", "")[:2000])
    except care.Missing:
        abort(404)
    except care.ReturnInputError as error:
        return _page(422, errors=error.errors, form=request.form, failed=return_id)
    if request.form.get("back") == "order":
        return redirect(url_for("portal_orders.detail", seller_order_id=ret.seller_order_id, _anchor="returns"), code=303)
    return redirect(url_for("portal_returns.index"), code=303)
