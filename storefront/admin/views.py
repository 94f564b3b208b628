"""The back office's pages."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from ..accounts.roles import role_required
from ..audit import services as audit
from ..safety import whole_number
from ..sellers import services as sellers
from ..staff import area

bp = area(Blueprint("admin", __name__, url_prefix="/admin"), "admin")


@bp.get("/")
@role_required("quality", "care")
def home():
    """Where the operator starts: sellers by status and the latest decisions."""
    latest, _pages = audit.entries()
    return render_template("admin/home.html", sellers=sellers.count_by_status(), latest=latest[:8])


@bp.get("/audit")
@role_required("admin")
def audit_log():
    """Every staff decision, newest first, paged; `?type=seller&id=3` narrows it to one subject."""
    page = whole_number(request.args.get("page")) or 1
    subject_type = request.args.get("type") or None
    subject_id = whole_number(request.args.get("id"))
    entries, pages = audit.entries(page, subject_type, subject_id)
    return render_template("admin/audit.html", entries=entries, page=min(page, pages), pages=pages,
                           subject_type=subject_type, subject_id=subject_id)
