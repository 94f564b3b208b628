"""The seller portal's bulk feed: upload a CSV, read its dry run, apply it as a job, download a template and
the error report. Every import shown is the signed-in seller's own (another's answers 404)."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts.roles import role_required
from ..extensions import csrf
from ..htmx import render_page_or_partial
from ..i18n.translate import lazy_gettext as _l
from ..offers import feed, feed_imports
from ..staff import area
from . import current_seller

bp = area(Blueprint("portal_feed", __name__, url_prefix="/seller/feed"), "portal")
# The form's other fields and the multipart framing on top of the file itself.
UPLOAD_OVERHEAD = 64 * 1024
TOO_BIG = _l("This file is over %(num)d MB: split it into smaller files.", num=feed.MAX_BYTES // 2 ** 20)


def markets():
    return current_app.extensions["markets"]


def upload_page(seller, error=None, status=200):
    imports = feed_imports.recent(seller.id) if seller is not None else []
    return render_template("portal/feed.html", seller=seller, imports=imports, error=error), status


@bp.get("/")
@role_required("seller")
def upload():
    """The upload form, the template to start from, what the feed does and leaves alone, and recent imports."""
    return upload_page(current_seller())


def big_upload(view):
    """The upload form's own size limit (the site-wide one is lower), then its CSRF check, before anything else
    (a signed-out visitor's forged post is a 400 like everywhere). A body over the limit is refused unread:
    the view says so (413), having changed nothing."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        request.max_content_length = feed.MAX_BYTES + UPLOAD_OVERHEAD
        try:
            csrf.protect()
        except RequestEntityTooLarge:
            g.feed_too_big = True
        return view(*args, **kwargs)

    return wrapped


@bp.post("/")
@csrf.exempt  # checked by big_upload, once the upload limit is raised for this form
@big_upload
@role_required("seller")
def dry_run():
    """Read an uploaded CSV and store its dry run (nothing changes yet); 422 with the reason for an unusable file."""
    seller = current_seller()
    if seller is None:
        abort(404)
    if g.get("feed_too_big"):
        return upload_page(seller, TOO_BIG, 413)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return upload_page(seller, _l("Choose a CSV file to upload."), 422)
    try:
        found = feed_imports.dry_run(seller, current_user.id, upload.filename, upload.read(feed.MAX_BYTES + 1), markets())
    except feed.FeedFileError as error:
        return upload_page(seller, error.message, 422)
    return redirect(url_for(".show", import_id=found.id), 303)


def own_import(import_id: int):
    found = feed_imports.get(import_id, current_user.seller_id)
    if found is None:
        abort(404)
    return found


@bp.get("/<int:import_id>")
@role_required("seller")
def show(import_id: int):
    """A dry run: what would change, the buy boxes won and lost, the rows in error; then the job's progress."""
    found = own_import(import_id)
    currencies = {market.code: market.currency for market in markets()}
    return render_page_or_partial("portal/feed_import.html", "portal/partials/feed_status.html", "portal-feed-status",
                                  found=found, boxes=feed_imports.grouped_boxes(found.boxes), currencies=currencies,
                                  shown=feed_imports.SHOWN)


@bp.post("/<int:import_id>/apply")
@role_required("seller")
def apply(import_id: int):
    """Queue the dry run to be applied as shown (a second click changes nothing), then back to it."""
    if feed_imports.queue(import_id, current_user.seller_id) is None:
        abort(404)
    return redirect(url_for(".show", import_id=import_id), 303)


def csv_download(text: str, filename: str) -> Response:
    # The BOM makes spreadsheet programs read the file as UTF-8 (accents in colour names); the feed skips it.
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<int:import_id>/errors.csv")
@role_required("seller")
def error_report(import_id: int):
    """The rows in error as CSV: line, column, value, why."""
    return csv_download(feed_imports.error_report_csv(own_import(import_id)), f"feed-{import_id}-errors.csv")


@bp.get("/template.csv")
@role_required("seller")
def template():
    """The seller's offers as a feed file to start from."""
    seller = current_seller()
    if seller is None:
        abort(404)
    return csv_download(feed_imports.template_csv(seller, markets()), f"{seller.slug}-offers.csv")
