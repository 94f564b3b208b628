"""A seller's team: its staff accounts, inviting a colleague, taking one off the team."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.roles import role_required
from ..onboarding import services as onboarding
from ..staff import area
from . import current_seller

bp = area(Blueprint("team", __name__, url_prefix="/seller/team"), "portal")


def page(status: int = 200, **context):
    seller = current_seller()
    members = onboarding.team(seller.id) if seller else []
    return render_template("portal/team.html", seller=seller, members=members, **{"errors": {}, "values": {}, **context}), status


@bp.get("/")
@role_required("seller")
def members():
    """The seller's staff accounts and the invitation form."""
    return page()


@bp.post("/invite")
@role_required("seller")
def invite():
    """Invite a colleague by e-mail: an account of this seller's, whose owner sets the password from the e-mail."""
    if current_seller() is None:
        abort(404)
    values = {"email": request.form.get("email", ""), "name": request.form.get("name", "")}
    try:
        user = onboarding.invite(current_user, values["email"], values["name"].strip())
    except onboarding.OnboardingError as error:
        return page(422, errors={"email": error.message}, values=values)
    flash(_("Invitation sent to %(email)s.", email=user.email))
    return redirect(url_for("team.members"), code=303)


@bp.post("/<int:user_id>/remove")
@role_required("seller")
def remove(user_id: int):
    """Take a colleague off the team (never oneself); another seller's member is a 404."""
    member = onboarding.member(current_user.seller_id, user_id) if current_user.seller_id else None
    if member is None:
        abort(404)
    try:
        onboarding.remove(current_user, member)
    except onboarding.OnboardingError as error:
        return page(422, remove_error=error.message)
    flash(_("%(email)s is no longer on your team.", email=member.email))
    return redirect(url_for("team.members"), code=303)
