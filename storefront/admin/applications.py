"""Seller applications in the back office: the queue, one application with its documents, the decision."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.roles import role_required
from ..onboarding import services as onboarding
from ..safety import whole_number
from ..staff import area

bp = area(Blueprint("applications", __name__, url_prefix="/admin/applications"), "admin")


@bp.get("/")
@role_required("quality")
def index():
    """Every application, those waiting first (the longest waiting on top), with their age."""
    page = whole_number(request.args.get("page")) or 1
    rows, pages = onboarding.applications(page)
    return render_template("admin/applications.html", applications=rows, page=min(page, pages), pages=pages, age=age)


def found(application_id: int):
    application = onboarding.get(application_id)
    if application is None:
        abort(404)
    return application


def detail_page(application, status: int = 200, error=None, reason: str = "", reason_error=None):
    return render_template("admin/application.html", application=application, error=error, reason=reason,
                           reason_error=reason_error, age=age), status


def age(moment: datetime) -> str:
    """How long ago, in words of the staff member's language ("3 days")."""
    return format_timedelta(datetime.utcnow() - moment)


@bp.get("/<int:application_id>")
@role_required("quality")
def detail(application_id: int):
    """One application: everything the refurbisher told, its documents, and the decision (or the buttons)."""
    return detail_page(found(application_id))


@bp.get("/<int:application_id>/documents/<int:index>")
@role_required("quality")
def document(application_id: int, index: int):
    """One uploaded document, as a download of its checked type (never shown inline from here)."""
    stored = onboarding.document(found(application_id), index)
    if stored is None:
        abort(404)
    path, doc = stored
    return send_file(path, mimetype=doc["type"], as_attachment=True, download_name=doc["name"], max_age=0)


@bp.post("/<int:application_id>/approve")
@role_required("quality")
def approve(application_id: int):
    """Approve: the seller and its first account are made, and its contact e-mailed a link to set a password."""
    application = found(application_id)
    try:
        onboarding.approve(application.id, current_user)
    except onboarding.OnboardingError as error:
        return detail_page(onboarding.get(application_id), 409, error=error.message)
    flash(_("Approved: %(company)s can set up its account now.", company=application.company))
    return redirect(url_for("applications.detail", application_id=application_id), code=303)


@bp.post("/<int:application_id>/reject")
@role_required("quality")
def reject(application_id: int):
    """Reject with a statement of reasons, e-mailed to the applicant (a reason is required)."""
    application = found(application_id)
    reason = request.form.get("reason", "")
    try:
        onboarding.reject(application.id, current_user, reason)
    except onboarding.OnboardingError as error:
        if application.status != "pending":  # decided meanwhile (the failed decision reloaded it)
            return detail_page(application, 409, error=error.message)
        return detail_page(application, 422, reason=reason, reason_error=error.message)
    flash(_("Rejected: %(company)s has been told why.", company=application.company))
    return redirect(url_for("applications.detail", application_id=application_id), code=303)
