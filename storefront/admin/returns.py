"""Returns a seller found not as sold, for the operator's care team: refund the shopper or reject, with a
reason the audit log keeps."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.roles import role_required
from ..care import returns as care
from ..staff import area

bp = area(Blueprint("admin_returns", __name__, url_prefix="/admin/returns"), "admin")


@bp.get("")
@role_required("care")
def index():
    """Every return waiting for a decision, oldest first."""
    return _page()


def _page(status: int = 200, **context):
    context = {"returns": care.for_care(), "reasons": care.REASON_LABELS, "errors": {}, "form": {}, "failed": None, **context}
    return render_template("admin/returns.html", **context), status


@bp.post("/<int:return_id>/decide")
@role_required("care")
def decide(return_id: int):
    """Refund or reject one return, with the reason."""
    try:
        care.decide(current_user, return_id, request.form.get("outcome", ""), request.form.get("note", "")[:2000])
    except care.Missing:
        abort(404)
    except care.ReturnInputError as error:
        return _page(422, errors=error.errors, form=request.form, failed=return_id)
    return redirect(url_for("admin_returns.index"), code=303)
