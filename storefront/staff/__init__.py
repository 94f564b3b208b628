"""What every staff area shares (the seller portal, the back office): the staff member's language, private
pages, and the sections each role can reach."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, g, request
from flask_login import current_user

from ..audit import services as audit
from ..i18n.translate import LazyText
from ..i18n.translate import lazy_gettext as _l

# The words for a seller's, an application's or an offer's status, wherever staff pages show one.
STATUS_LABELS = {
    "approved": _l("Approved"), "pending": _l("Waiting for review"), "suspended": _l("Suspended"),
    "rejected": _l("Rejected"), "live": _l("Live"), "paused": _l("Paused"),
}
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@dataclass(frozen=True)
class Section:
    endpoint: str
    label: LazyText
    roles: tuple[str, ...]  # who sees it besides admin; () = admin only


# Each area's sections, in menu order. A section appears for the roles it names (admin sees all).
AREAS = {
    "portal": (_l("Seller portal"), (
        Section("portal.home", _l("Overview"), ("seller",)),
        Section("listings.index", _l("Listings"), ("seller",)),
        Section("portal_feed.upload", _l("Bulk feed"), ("seller",)),
        Section("portal_orders.index", _l("Orders"), ("seller",)),
        # NOTE: the seller portal's section with the devices shoppers are sending back.
        Section("portal_returns.index", _l("Returns"), ("seller",)),
        Section("portal_payouts.index", _l("Payouts"), ("seller",)),
        Section("portal_inspections.index", _l("Inspections"), ("seller",)),
        # NOTE: the seller portal's section with its quality scores (defects, cancellations, late shipments…).
        Section("portal_quality.dashboard", _l("Quality"), ("seller",)),
        Section("team.members", _l("Team"), ("seller",)),
        Section("api_tokens.index", _l("API tokens"), ("seller",)),
    )),
    "admin": (_l("Back office"), (
        Section("admin.home", _l("Overview"), ("quality", "care")),
        Section("applications.index", _l("Applications"), ("quality",)),
        Section("admin_sellers.index", _l("Refurbishers"), ("quality",)),
        Section("admin_inspections.index", _l("Inspections"), ("quality",)),
        # NOTE: the back office's list of returns a seller found not as sold, for the care team to decide.
        Section("admin_returns.index", _l("Returns to decide"), ("care",)),
        Section("admin.audit_log", _l("Audit log"), ()),
        Section("reference.index", _l("Reference data"), ()),
    )),
}


def sections(area: str) -> list[Section]:
    """The sections of `area` the signed-in staff member may open."""
    role = current_user.role
    return [s for s in AREAS[area][1] if role == "admin" or role in s.roles]


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def languages() -> list[tuple[str, str]]:
    """The languages staff pages can speak, each named in itself: the shop's languages."""
    return [(code, market.language_name) for code, market in current_app.extensions["markets"].languages().items()]


def area(bp: Blueprint, name: str) -> Blueprint:
    """Make `bp` a staff area: its pages speak the staff member's language, are never cached nor indexed,
    and its templates know the area's name and sections."""

    @bp.before_request
    def speak_their_language():
        if current_user.is_authenticated:
            g.staff_language = current_user.language

    @bp.after_request
    def private(response):
        response.headers.update(PRIVATE)
        return response

    @bp.context_processor
    def area_context():
        return {"staff_area": name, "staff_area_name": AREAS[name][0],
                "staff_sections": sections(name) if current_user.is_authenticated else [],
                "staff_endpoint": request.endpoint, "staff_language": g.get("staff_language", "en"),
                "staff_languages": languages}

    return bp


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
    app.add_template_global(status_label)
    app.add_template_global(audit.action_label, "audit_action")
