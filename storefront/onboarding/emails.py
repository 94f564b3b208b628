"""Onboarding's e-mails, each a (subject, body) written in the current locale: the caller picks the language
(`in_market`/`in_locale`), sends it, and `flask mail preview` shows it."""
from __future__ import annotations

from flask import current_app, render_template

from ..i18n.translate import text as _


def applied(application) -> tuple[str, str]:
    # NOTE: subject of the e-mail confirming that a refurbisher's application arrived.
    subject = _("We got your application to sell on %(brand)s", brand=current_app.config["BRAND_NAME"])
    return subject, render_template("portal/email/applied.txt", application=application)


def approved(application, link: str, new: bool, days: int) -> tuple[str, str]:
    # NOTE: subject of the e-mail telling a refurbisher its application was approved.
    subject = _("Welcome to %(brand)s: you can sell with us", brand=current_app.config["BRAND_NAME"])
    return subject, render_template("portal/email/approved.txt", application=application, link=link, new=new, days=days)


def rejected(application) -> tuple[str, str]:
    # NOTE: subject of the e-mail telling a refurbisher its application was turned down.
    subject = _("Your application to sell on %(brand)s", brand=current_app.config["BRAND_NAME"])
    return subject, render_template("portal/email/rejected.txt", application=application)


def invited(inviter, seller_name: str, link: str, days: int) -> tuple[str, str]:
    # NOTE: subject of the e-mail inviting someone to a refurbisher's team on the seller portal.
    subject = _("You're invited to sell on %(brand)s", brand=current_app.config["BRAND_NAME"])
    return subject, render_template("portal/email/invited.txt", inviter=inviter, inviter_seller=seller_name, link=link,
                                    days=days)
