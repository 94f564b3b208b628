"""The account e-mails, each a (subject, body) in the current language: sent by the services and views,
shown by `flask mail preview`."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _


def signup(link: str) -> tuple[str, str]:
    """The link that creates the account."""
    brand = current_app.config["BRAND_NAME"]
    return _("Confirm your %(brand)s account", brand=brand), render_template("accounts/email/signup.txt", link=link)


def signup_taken(login_link: str, reset_link: str) -> tuple[str, str]:
    """To an account's owner when someone signs up again with their address."""
    brand = current_app.config["BRAND_NAME"]
    # NOTE: subject of the e-mail to an account's owner when someone signs up again with their address.
    subject = _("Someone tried to sign up to %(brand)s with your e-mail", brand=brand)
    return subject, render_template("accounts/email/signup_taken.txt", login_link=login_link, reset_link=reset_link)


def reset(link: str) -> tuple[str, str]:
    """The link that chooses a new password."""
    brand = current_app.config["BRAND_NAME"]
    return _("Reset your %(brand)s password", brand=brand), render_template("accounts/email/reset.txt", link=link)
