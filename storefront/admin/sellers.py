"""Refurbishers in the back office: every seller, one seller's record, and the operator's decisions on it."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.roles import role_required
from ..audit import services as audit
from ..decisions import services as decisions
from ..offers import inventory
from ..onboarding import services as onboarding
from ..quality import services as quality
from ..safety import whole_number
from ..sellers.models import STATUSES
from ..staff import area

bp = area(Blueprint("admin_sellers", __name__, url_prefix="/admin/sellers"), "admin")

SELLER_DECISIONS = {
    "suspend": decisions.suspend_seller, "reinstate": decisions.reinstate_seller,
    "notice": decisions.give_notice, "withdraw-notice": decisions.withdraw_notice,
}
OFFER_DECISIONS = {"suspend": decisions.suspend_offer, "reinstate": decisions.reinstate_offer}


@bp.get("/")
@role_required("quality")
def index():
    """Every seller by name, with its status and live offers; searchable by name, narrowed by status, paged."""
    q = " ".join((request.args.get("q") or "").split())[:80]
    status = request.args.get("status") if request.args.get("status") in STATUSES else ""
    rows, page, pages = decisions.sellers_page(q, status, whole_number(request.args.get("page")) or 1)
    return render_template("admin/sellers/index.html", rows=rows, q=q, status=status, statuses=STATUSES,
                           page=page, pages=pages)


def found(seller_id: int):
    seller = decisions.get(seller_id)
    if seller is None:
        abort(404)
    return seller


def seller_page(seller, status: int = 200, error=None, form: str = "", reason: str = "", reason_error=None):
    """The seller's record; `form` names the decision form an error belongs to (its reason is kept)."""
    q = " ".join((request.args.get("q") or "").split())[:80]
    suspended = inventory.listing(seller.id, inventory.Filters(status="suspended"))
    found_offers = inventory.listing(seller.id, inventory.Filters(q=q)).rows if q else []
    entries, _pages = audit.entries(subject_type="seller", subject_id=seller.id)
    return render_template("admin/sellers/detail.html", seller=seller, offers=inventory.counts(seller.id),
                           team=onboarding.team(seller.id), entries=entries[:10], suspended=suspended,
                           q=q, found_offers=found_offers, error=error, form=form, reason=reason,
                           reason_error=reason_error, min_reason=decisions.MIN_REASON,
                           quality_level=quality.LEVEL_LABELS.get(seller.quality_level, seller.quality_level)), status


@bp.get("/<int:seller_id>")
@role_required("quality")
def detail(seller_id: int):
    """One seller's record, its suspended offers, the latest decisions about it, and the decision forms."""
    return seller_page(found(seller_id))


def decided(seller, form: str, decide):
    reason = request.form.get("reason", "")
    try:
        decide(reason)
    except decisions.DecisionError as error:
        seller = decisions.get(seller.id)
        if error.status == 422:
            return seller_page(seller, 422, form=form, reason=reason, reason_error=error.message)
        return seller_page(seller, 409, error=error.message)
    return None


@bp.post("/<int:seller_id>/<any(suspend, reinstate, notice, 'withdraw-notice'):decision>")
@role_required("quality")
def seller_decision(seller_id: int, decision: str):
    """Suspend or reinstate the seller, give or withdraw notice: with reasons, e-mailed to its team."""
    seller = found(seller_id)
    failed = decided(seller, decision, lambda reason: SELLER_DECISIONS[decision](current_user, seller.id, reason))
    if failed:
        return failed
    flash(_("Done: %(seller)s has been told why, by e-mail and on its portal.", seller=seller.name))
    return redirect(url_for("admin_sellers.detail", seller_id=seller.id), code=303)


@bp.post("/<int:seller_id>/offers/<int:offer_id>/<any(suspend, reinstate):decision>")
@role_required("quality")
def offer_decision(seller_id: int, offer_id: int, decision: str):
    """Suspend one of the seller's offers, or reinstate it: with reasons shown on the seller's listing."""
    seller = found(seller_id)
    offer = decisions.offer_of(seller.id, offer_id)
    if offer is None:
        abort(404)
    failed = decided(seller, f"offer-{offer.id}",
                     lambda reason: OFFER_DECISIONS[decision](current_user, seller.id, offer.id, reason))
    if failed:
        return failed
    flash(_("Done: offer %(sku)s is %(status)s, and %(seller)s has been told why.", sku=offer.sku,
            status=_("suspended") if decision == "suspend" else _("back on sale"), seller=seller.name))
    return redirect(url_for("admin_sellers.detail", seller_id=seller.id), code=303)
