"""Inspections in the back office: every inspection recorded, recording one (a mystery order or a spot check of a
refurbisher's unit), and one inspection with its photos.

The recording form works as a plain form: choosing the refurbisher reloads the page with its units and offers. With
htmx, choosing it swaps only the form (#admin-inspection-form) in place."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts.roles import role_required
from ..extensions import csrf
from ..htmx import render_page_or_partial
from ..quality import inspections
from ..safety import whole_number
from ..staff import area
from ..staff.files import inline_image
from ..uploads import Upload

bp = area(Blueprint("admin_inspections", __name__, url_prefix="/admin/inspections"), "admin")
FORM = "admin-inspection-form"


bp.context_processor(inspections.template_helpers)


@bp.get("")
@role_required("quality")
def index():
    """Every inspection, newest first, narrowed to one refurbisher or one outcome, paged."""
    seller = inspections.seller(whole_number(request.args.get("seller")))
    outcome = request.args.get("outcome", "")
    outcome = outcome if outcome in inspections.OUTCOMES else ""
    found = inspections.listing(seller.id if seller else None, outcome, whole_number(request.args.get("page")) or 1)
    return render_template("admin/inspections/index.html", listing=found, seller=seller, outcome=outcome,
                           sellers=inspections.sellers(), counts=inspections.outcome_counts(seller.id if seller else None))


def form_page(seller, status: int = 200, values=None, errors=None, token: str | None = None):
    """The recording page (or, for htmx choosing a refurbisher, only its form) with what was typed and the errors."""
    mystery, offers = inspections.choices(seller.id) if seller else ([], [])
    response, _status, headers = render_page_or_partial(
        "admin/inspections/new.html", "admin/inspections/partials/form.html", FORM,
        seller=seller, sellers=inspections.sellers(), mystery=mystery, offers=offers, values=values or {},
        errors=errors or {}, token=token or inspections.new_token(), grades_found=inspections.GRADES_FOUND,
        max_photos=inspections.MAX_PHOTOS, max_photo_mb=inspections.MAX_PHOTO_BYTES // 1024 // 1024)
    return response, status, headers


@bp.get("/new")
@role_required("quality")
def new():
    """The recording form: choose the refurbisher, then the unit or offer inspected and what was found."""
    return form_page(inspections.seller(whole_number(request.args.get("seller"))))


def photo_sized(view):
    """The form's own size limit (photos: the site-wide one is lower), then its CSRF check, before anything else
    (a forged post is a 400 like everywhere, whoever sends it). A body over the limit is a 413, unread."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        request.max_content_length = inspections.MAX_UPLOAD_BYTES
        csrf.protect()
        return view(*args, **kwargs)

    return wrapped


@bp.post("/new")
@csrf.exempt  # checked by photo_sized, once the body may be as large as the photos allow
@photo_sized
@role_required("quality")
def create():
    """Record an inspection (with its photos): 303 to it, or 422 with the form and the errors at their fields."""
    seller = inspections.seller(whole_number(request.form.get("seller")))
    items = [Upload(f.filename or "", f.stream) for f in request.files.getlist("photos")]
    values, photos, errors = inspections.check(seller.id if seller else None, request.form,
                                               request.form.getlist("defects"), items)
    if errors:
        typed = {**request.form.to_dict(), "defects": values["defects"]}  # as typed, to be corrected
        return form_page(seller, 422, typed, errors, request.form.get("token"))
    inspection, _new = inspections.record(current_user, seller.id, values, photos, request.form.get("token", ""))
    return redirect(url_for("admin_inspections.detail", inspection_id=inspection.id), code=303)


def found(inspection_id: int):
    inspection = inspections.get(inspection_id)
    if inspection is None:
        abort(404)
    return inspection


@bp.get("/<int:inspection_id>")
@role_required("quality")
def detail(inspection_id: int):
    """One inspection: what was claimed and found, the defects, notes and photos."""
    inspection = found(inspection_id)
    return render_template("admin/inspections/detail.html", inspection=inspection,
                           seller_name=inspections.seller_name(inspection.seller_id))


@bp.get("/<int:inspection_id>/photos/<int:index>")
@role_required("quality")
def photo(inspection_id: int, index: int):
    """One photo of an inspection, as its checked image type."""
    return inline_image(inspections.photo(found(inspection_id), index))

