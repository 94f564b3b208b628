"""Sign up, sign in and out, password reset, password and e-mail changes, the address book."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import mail
from ..extensions import limiter, login_manager
from ..htmx import is_htmx
from ..safety import safe_next, whole_number
from . import addresses, emails, services, throttle
from .forms import ChangeEmailForm, ChangePasswordForm, ConfirmSignupForm, LoginForm, ResetForm, ResetRequestForm, SignupForm
from .models import User
from .roles import role_required

bp = Blueprint("accounts", __name__, url_prefix="/<market:market>/account")
NO_STORE = {"Cache-Control": "no-store"}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """"id:token": only a live sign-in of that user loads (not one signed out, ended or expired)."""
    uid, _sep, token = user_id.partition(":")
    uid = whole_number(uid)
    return services.user_for_session(uid, token) if uid is not None and token else None


def sign_in(user: User, remember: bool = False) -> None:
    """Start a server-side sign-in and hand its id to Flask-Login's cookies (ending the sign-in it replaces)."""
    if current_user.is_authenticated:
        services.end_session(current_user)
    services.start_session(user)
    login_user(user, remember=remember)


@login_manager.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to the sign-in page of their storefront, then back (htmx: HX-Redirect)."""
    market = g.get("market") or current_app.extensions["markets"].x_default
    target = url_for("accounts.login", market=market.code, next=request.full_path.rstrip("?"))
    if is_htmx():
        return "", 401, {"HX-Redirect": target}
    return redirect(target, code=303 if request.method == "POST" else 302)


def page(template: str, status: int = 200, **context):
    return render_template(template, **context), status, NO_STORE


def current_password_ok(form) -> bool:
    """Whether `form.current` is the signed-in user's password; if not, the field says so."""
    if services.authenticate(current_user.email, form.current.data):
        return True
    form.current.errors.append(_("That's not your current password."))
    return False


@bp.app_context_processor
def address_helpers():
    return {"address_lines": addresses.lines}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_IP"], methods=["POST"])
def login():
    """Sign in; a wrong password keeps the e-mail typed and says so without telling which part was wrong."""
    form = LoginForm()
    if form.validate_on_submit():
        # Wrong passwords count per account too: past the limit the account waits (429), whatever the
        # address trying, and its owner gets in at once by resetting the password.
        if throttle.account_locked(form.email.data):
            return page("accounts/login.html", 429, form=form, failed=False, locked=True)
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            throttle.forget_failures(form.email.data)
            sign_in(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("accounts.overview")), code=303)
        throttle.count_failure(form.email.data)
        return page("accounts/login.html", 422, form=form, failed=True)
    return page("accounts/login.html", 422 if form.is_submitted() else 200, form=form, failed=False)


@bp.post("/logout")
def logout():
    """Sign out of this device: its session and remember cookies stop working, copies included."""
    if current_user.is_authenticated:
        services.end_session(current_user)
    logout_user()
    return redirect(url_for("home.index"), code=303)


@bp.post("/logout-everywhere")
@role_required()
def logout_everywhere():
    """Sign out of every device, this one included."""
    services.end_sessions(current_user)
    logout_user()
    flash(_("You're signed out on every device."))
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/signup", methods=["GET", "POST"])
@throttle.signup_limit
def signup():
    """Start a sign-up: the same "check your inbox" answer whether or not the e-mail has an account."""
    form = SignupForm()
    if form.validate_on_submit():
        services.sign_up(form.email.data, form.password.data, form.name.data)
        return page("accounts/signup_sent.html")
    return page("accounts/signup.html", 422 if form.errors else 200, form=form)


@bp.route("/signup/<token>", methods=["GET", "POST"])
def confirm_signup(token: str):
    """Create the account from an e-mailed link and sign in; a guest order it came with joins the account."""
    pending = services.pending_signup(token)
    if pending is None:
        return page("accounts/signup_invalid.html", 404)
    form = ConfirmSignupForm()
    # A page with a button rather than an account on GET: mail scanners that open links must not use
    # the link up before its owner does.
    if not form.validate_on_submit():
        return page("accounts/signup_confirm.html", 422 if form.errors else 200, form=form, email=pending.email)
    order_token = pending.order_token
    try:
        user = services.confirm_signup(pending)
    except services.AccountError:  # another link for this address was used first
        return page("accounts/signup_invalid.html", 404)
    sign_in(user)
    if order_token:
        from ..orders import services as orders

        order = orders.find_by_token(order_token)
        if order is not None and order.user_id is None and order.email == user.email:
            orders.attach_user(order, user.id)
            return redirect(url_for("orders.detail", number=order.number), code=303)
    flash(_("Welcome! Your account is ready."))
    return redirect(url_for("accounts.overview"), code=303)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET_ACCOUNT"], methods=["POST"], key_func=throttle.form_email_key,
               exempt_when=lambda: not services.is_email(request.form.get("email", "")))  # refused by the form anyway
def reset_request():
    """E-mail a reset link; the answer is the same whether or not the account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user:
            subject, body = emails.reset(mail.link("accounts.reset", token=services.reset_token(user)))
            mail.send(user.email, subject, body, name=user.name)
        return page("accounts/reset_sent.html")
    return page("accounts/reset_request.html", 422 if form.errors else 200, form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from an e-mailed link (single use, one hour)."""
    user = services.user_for_reset(token)
    if user is None:
        return page("accounts/reset_invalid.html", 404)
    form = ResetForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)  # ends every session: whoever else got in is out
        throttle.forget_failures(user.email)
        sign_in(user)
        flash(_("Password changed. Welcome back!"))
        return redirect(url_for("accounts.overview"), code=303)
    return page("accounts/reset.html", 422 if form.errors else 200, form=form)


@bp.get("/")
@role_required()
def overview():
    """The account home: orders, addresses, settings."""
    from ..orders.services import orders_of

    return page("accounts/overview.html", orders=orders_of(current_user.id))


@bp.route("/password", methods=["GET", "POST"])
@role_required()
def password():
    """Change the password; every other session is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit() and current_password_ok(form):
        services.set_password(current_user, form.password.data, keep_token=current_user.session_token)
        flash(_("Password changed."))
        return redirect(url_for("accounts.overview"), code=303)
    return page("accounts/password.html", 422 if form.errors else 200, form=form)


@bp.route("/email", methods=["GET", "POST"])
@role_required()
def email():
    """Change the sign-in e-mail (asks for the password)."""
    form = ChangeEmailForm()
    if form.validate_on_submit() and current_password_ok(form):
        try:
            services.set_email(current_user, form.email.data)
        except services.AccountError:
            form.email.errors.append(_("An account already uses this e-mail."))
        else:
            flash(_("E-mail changed."))
            return redirect(url_for("accounts.overview"), code=303)
    return page("accounts/email.html", 422 if form.errors else 200, form=form)


@bp.get("/addresses")
@role_required()
def address_book():
    """Saved delivery addresses."""
    return page("accounts/addresses.html", addresses=current_user.addresses)


@bp.route("/addresses/new", methods=["GET", "POST"])
@bp.route("/addresses/<int:address_id>", methods=["GET", "POST"])
@role_required()
def address(address_id: int | None = None):
    """Add or edit an address, in the country's own format."""
    existing = services.owned_address(current_user, address_id) if address_id is not None else None
    if address_id is not None and existing is None:
        abort(404)
    country = existing.country if existing else g.market.country
    fields, errors = (existing.fields if existing else {}), {}
    if request.method == "POST":
        fields, errors = addresses.validate(country, request.form)
        if not errors:
            services.save_address(current_user, country, fields, existing)
            return redirect(url_for("accounts.address_book"), code=303)
    return page("accounts/address.html", 422 if errors else 200, fmt=addresses.address_format(country),
                fields=fields, errors=errors, existing=existing)


@bp.post("/addresses/<int:address_id>/delete")
@role_required()
def delete_address(address_id: int):
    """Remove a saved address."""
    existing = services.owned_address(current_user, address_id)
    if existing is None:
        abort(404)
    services.delete_address(existing)
    return redirect(url_for("accounts.address_book"), code=303)
