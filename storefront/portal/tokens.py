"""A seller's API tokens: make one (its secret shown once, on the page that answers the form) and revoke one.
Every token shown is the signed-in seller's own (another's answers 404)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.roles import role_required
from ..api import tokens
from ..staff import area
from . import current_seller

bp = area(Blueprint("api_tokens", __name__, url_prefix="/seller/tokens"), "portal")


def page(status: int = 200, **context):
    seller = current_seller()
    return render_template("portal/tokens.html", seller=seller, tokens=tokens.of_seller(seller.id if seller else None),
                           nonce=tokens.form_nonce(), prefix=tokens.PREFIX,
                           **{"error": None, "name": "", "secret": None, "made": None, **context}), status


@bp.get("/")
@role_required("seller")
def index():
    """The seller's tokens (name, made, last used, revoked) and the form that makes one."""
    return page()


@bp.post("/")
@role_required("seller")
def create():
    """Make a token. The page answering the form shows its secret, once: never stored, never redirected through
    a cookie. The same form sent again shows the token it made, without the secret."""
    if current_seller() is None:
        abort(404)
    name = request.form.get("name", "")
    try:
        token, secret = tokens.create(current_user, name, request.form.get("nonce", ""))
    except tokens.TokenError as error:
        return page(422, error=error.message, name=name)
    return page(201 if secret else 200, secret=secret, made=token)


@bp.post("/<int:token_id>/revoke")
@role_required("seller")
def revoke(token_id: int):
    """Revoke a token: calls with it fail from now on."""
    token = tokens.revoke(current_user, token_id)
    if token is None:
        abort(404)
    flash(_("The token %(name)s is revoked: calls with it are refused from now on.", name=token.name))
    return redirect(url_for("api_tokens.index"), code=303)
