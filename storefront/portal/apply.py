"""Becoming a seller, from the shop's side: the application form (a storefront page, in its language) and
the page where a new seller's account gets its first password."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from ..accounts import services as accounts
from ..accounts.forms import ResetForm
from ..extensions import csrf, limiter
from ..onboarding import services as onboarding

bp = Blueprint("apply", __name__)
NO_STORE = {"Cache-Control": "no-store"}  # the form carries a CSRF token and what was typed


def registry():
    return current_app.extensions["markets"]


@bp.get("/seller/apply")
def start():
    """The application form of `?market=`'s storefront, else of the one that best matches the browser's languages."""
    market = registry().get(request.args.get("market", "")) if request.args.get("market") in registry().codes else None
    market = market or registry().best_for(list(request.accept_languages))
    response = redirect(url_for("apply.form", market=market.code), code=302)
    response.vary.add("Accept-Language")
    return response


@bp.route("/<market:market>/sell", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the body may be as large as the documents allow (the default limit is lower)
@limiter.limit(lambda: current_app.config["RATELIMIT_APPLY"], methods=["POST"])
def form():
    """Apply to sell: a good application is stored and confirmed (303); a bad one comes back, everything typed
    kept, with each error at its field (422)."""
    if request.method == "GET":
        values = {"contact_email": current_user.email, "contact_name": current_user.name} \
            if current_user.is_authenticated else {}
        return page(200, values, {})
    request.max_content_length = onboarding.MAX_UPLOAD_BYTES
    csrf.protect()
    uploads = [onboarding.Upload(f.filename or "", f.stream) for f in request.files.getlist("documents")]
    values, documents, errors = onboarding.check(request.form.to_dict(), request.form.getlist("markets"), uploads,
                                                 registry().codes)
    if errors:
        return page(422, values, errors)
    onboarding.submit(values, documents, g.market.code)
    return redirect(url_for("apply.done"), code=303)


def page(status: int, values: dict, errors: dict):
    return render_template("portal/apply.html", values=values, errors=errors,
                           countries=onboarding.countries(g.market.locale), shop_markets=list(registry()),
                           max_documents=onboarding.MAX_DOCUMENTS,
                           max_mb=onboarding.MAX_DOCUMENT_BYTES // 1024 // 1024), status, NO_STORE


@bp.get("/<market:market>/sell/thanks")
def done():
    """The application arrived: what happens next."""
    return render_template("portal/apply_done.html"), 200, NO_STORE


@bp.route("/<market:market>/sell/welcome/<token>", methods=["GET", "POST"])
def welcome(token: str):
    """A new seller account's first password, from its e-mailed link (single use, a week); then the portal."""
    user = accounts.user_for_welcome(token)
    if user is None or not user.active:
        return render_template("portal/welcome_invalid.html"), 404, NO_STORE
    form = ResetForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)  # the link's token dies with the old hash
        if current_user.is_authenticated:  # whoever was signed in on this browser is signed out first
            accounts.end_session(current_user)
        accounts.start_session(user)
        login_user(user)
        return redirect(url_for("portal.home"), code=303)
    return render_template("portal/welcome.html", form=form, user=user), 422 if form.errors else 200, NO_STORE
