"""A refurbisher's inspections: what the operator found when it inspected the seller's own units (outcome,
grades, battery, defects, notes, photos). Another seller's inspection, or its photos, is a 404."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from ..accounts.roles import role_required
from ..quality import inspections
from ..safety import whole_number
from ..staff import area
from ..staff.files import inline_image
from . import current_seller

bp = area(Blueprint("portal_inspections", __name__, url_prefix="/seller/inspections"), "portal")


bp.context_processor(inspections.template_helpers)


@bp.get("")
@role_required("seller")
def index():
    """The seller's inspections, newest first, each with its photos; paged."""
    seller = current_seller()
    found = inspections.of_seller(seller.id if seller else None, whole_number(request.args.get("page")) or 1)
    return render_template("portal/inspections.html", seller=seller, listing=found)


@bp.get("/<int:inspection_id>/photos/<int:index>")
@role_required("seller")
def photo(inspection_id: int, index: int):
    """One photo of one of the seller's own inspections."""
    inspection = inspections.get(inspection_id)
    if inspection is None or current_user.seller_id is None or inspection.seller_id != current_user.seller_id:
        abort(404)
    return inline_image(inspections.photo(inspection, index))
