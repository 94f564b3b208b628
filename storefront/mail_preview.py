"""`flask --app app mail preview [--lang xx] [--out DIR]`: every e-mail in every language of the shop, written
as .eml files (open them in a mail client) from realistic sample data, with a summary and a check that
nothing was left unrendered. Nothing is sent."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import mail
from .accounts import emails as account_emails
from .accounts.models import User
from .care import returns as care_returns
from .decisions import services as decisions
from .markets.registry import Market
from .markets.routing import in_market
from .onboarding import emails as onboarding_emails
from .orders import carriers
from .orders import emails as order_emails
from .orders.models import Order, OrderLine, Parcel, Refund, SellerOrder, Unit
from .quality import scoring
from .quality import services as quality
from .sellers.models import Seller, SellerApplication

# What a template or a catalog left unrendered: a Jinja tag, a gettext placeholder.
UNRENDERED = re.compile(r"\{\{|\}\}|\{%|%\}|%\([a-z_]+\)[sd]")
SHOPPER = ("Camille Martin", "camille.martin@example.org")
# About what a euro buys in the storefronts' other currencies, so that sample prices look like prices.
PER_EURO = {"GBP": 0.85, "USD": 1.1, "AUD": 1.7, "SEK": 11.5, "JPY": 160}


@dataclass(frozen=True)
class Preview:
    """One e-mail: its file name, the template its body comes from, and (subject, body) for a storefront."""

    name: str
    template: str
    render: Callable[[Market], tuple[str, str]]


def sample_order(market: Market, payment_status: str) -> Order:
    """An order of two parcels, not stored anywhere: what the confirmation shows."""
    today = date.today()

    def price(euros: int) -> int:
        return round(euros * PER_EURO.get(market.currency, 1)) * 10 ** market.currency_digits

    def parcel(seller: str, title: str, variant: str, euros: int, days: tuple[int, int]) -> SellerOrder:
        line = OrderLine(title=title, variant=variant, seller_name=seller, quantity=1, unit_price=price(euros))
        return SellerOrder(seller_name=seller, delivery_from=today + timedelta(days=days[0]),
                           delivery_to=today + timedelta(days=days[1]), lines=[line])

    parcels = [parcel("ReNew Labs", "iPhone 13", "128 GB · Midnight · Excellent", 459, (2, 4)),
               parcel("Second Byte", "MacBook Air M1", "8 GB · 256 GB · Space Grey", 689, (3, 6))]
    return Order(number="EC-7Q4M2K", market=market.code, currency=market.currency, email=SHOPPER[1],
                 payment_status=payment_status, total=sum(line.unit_price for p in parcels for line in p.lines),
                 seller_orders=parcels)


def previews() -> list[Preview]:
    link = mail.link
    return [
        Preview("accounts-signup", "accounts/email/signup.txt",
                lambda market: account_emails.signup(link("accounts.confirm_signup", token="preview-token"))),
        Preview("accounts-signup-taken", "accounts/email/signup_taken.txt",
                lambda market: account_emails.signup_taken(link("accounts.login"), link("accounts.reset_request"))),
        Preview("accounts-reset", "accounts/email/reset.txt",
                lambda market: account_emails.reset(link("accounts.reset", token="preview-token"))),
        Preview("orders-confirmation", "orders/email/confirmation.txt",
                lambda market: order_emails.confirmation(sample_order(market, "captured"), market)),
        Preview("orders-payment-problem", "orders/email/confirmation.txt",
                lambda market: order_emails.confirmation(sample_order(market, "problem"), market)),
        Preview("orders-shipped", "orders/email/shipped.txt",
                lambda market: order_emails.shipped(sample_order(market, "captured"), sample_parcel(market), market)),
        Preview("orders-cancelled", "orders/email/cancelled.txt",
                lambda market: order_emails.cancelled(*sample_cancellation(market), market)),
        Preview("care-return-label", "care/email/label.txt",
                lambda market: care_returns.mail_label(sample_return(market), market)),
        Preview("care-return-on-its-way", "care/email/on_its_way.txt",
                lambda market: care_returns.mail_seller(sample_return(market, link("portal_returns.index")))),
        Preview("care-return-refunded", "care/email/refunded.txt",
                lambda market: care_returns.mail_refunded(sample_return(market), market)),
        Preview("care-return-rejected", "care/email/rejected.txt",
                lambda market: care_returns.mail_rejected(sample_return(market, note=REJECTED_RETURN), market)),
        Preview("sellers-applied", "portal/email/applied.txt",
                lambda market: onboarding_emails.applied(sample_application(market))),
        Preview("sellers-approved", "portal/email/approved.txt",
                lambda market: onboarding_emails.approved(sample_application(market),
                                                          link("apply.welcome", token="preview-token"), True, 7)),
        Preview("sellers-rejected", "portal/email/rejected.txt",
                lambda market: onboarding_emails.rejected(sample_application(market, reason=REJECTION))),
        Preview("sellers-invited", "portal/email/invited.txt",
                lambda market: onboarding_emails.invited(User(name="Sam Okafor", email="sam@renewlabs.example"),
                                                         "ReNew Labs", link("apply.welcome", token="preview-token"), 7)),
        Preview("sellers-quality", "portal/email/quality.txt",
                lambda market: quality.email(User(name="Sam Okafor", email="sam@renewlabs.example"),
                                             Seller(name="ReNew Labs", status="approved"), "ok", "pause",
                                             SAMPLE_SCORES, link("portal_quality.dashboard"))),
        Preview("sellers-decision", "portal/email/decision.txt",
                lambda market: decisions.email(User(name="Sam Okafor", email="sam@renewlabs.example"),
                                               Seller(name="ReNew Labs", status="suspended"), "seller.suspend",
                                               SUSPENSION, None, link("portal.home"))),
    ]


# A seller whose defect rate passed the pause threshold (an inspection found a grade miss).
SAMPLE_SCORES = {"defects": scoring.Score(3.0, 62, 0.048387, 0.035957, 0.031, "pause"),
                 "cancellations": scoring.Score(1, 60, 0.016667, 0.016111, 0.016, "ok")}


SUSPENSION = "Three units in a row arrived with a battery below the grade's minimum: 71 %, 74 % and 76 % for Premium."
REJECTION = "The VAT number does not match the company name in the EU's VIES register."


def sample_application(market: Market, reason: str = "") -> SellerApplication:
    """A refurbisher's application from the storefront, not stored anywhere."""
    return SellerApplication(
        market=market.code, company="ReNew Labs", registration="FR40123456789", country=market.country, founded=2016,
        warehouse_address="12 rue des Ateliers, 69007 Lyon", return_address="12 rue des Ateliers, 69007 Lyon",
        markets=[market.code], warranty_months=18, certifications=["R2v3"], contact_name=SHOPPER[0],
        contact_email=SHOPPER[1], documents=[{"name": "kbis.pdf"}], reason=reason)


REJECTED_RETURN = "The screen was cracked across when it reached the refurbisher, and the courier's photos show it intact."


def sample_return(market: Market, link: str = "", note: str = "The speaker crackles at any volume.") -> care_returns.ReturnMail:
    """The sample order's first device, sent back because it doesn't work properly; `link`: the e-mail's link
    (default: the order's signed link, as a shopper gets it)."""
    line = sample_order(market, "captured").seller_orders[0].lines[0]
    return care_returns.ReturnMail(number="EC-7Q4M2K", label_number="ERT3F9A2C71B0D4", devices=[f"{line.title} ({line.variant})"],
                                   seller="ReNew Labs", reason=str(care_returns.REASON_LABELS["doesnt_work"]),
                                   note=note,
                                   link=link or mail.link("orders.access", market=market.code, number="EC-7Q4M2K",
                                                          token="preview-token"),
                                   amount=line.unit_price, confirm_days=3)


def sample_parcel(market: Market) -> Parcel:
    """The first parcel of the sample order, shipped with the storefront's first carrier."""
    seller_order = sample_order(market, "captured").seller_orders[0]
    line = seller_order.lines[0]
    carrier = carriers.choices(market.country)[0][0]
    return Parcel(seller_order=seller_order, carrier=carrier, tracking="JD014600006281230",
                  units=[Unit(line=line, imei="356938035643809")])


def sample_cancellation(market: Market) -> tuple[Order, OrderLine, Refund]:
    """The sample order's first line, refused by its seller for a defect found."""
    order = sample_order(market, "captured")
    line = order.seller_orders[0].lines[0]
    line.cancelled_by, line.cancel_reason = "seller", "defect"
    return order, line, Refund(amount=line.unit_price)


def languages() -> dict[str, Market]:
    """Each language the shop is in, with the storefront that stands for it (`MarketRegistry.languages`)."""
    return current_app.extensions["markets"].languages()


@click.group("mail")
def mail_cli() -> None:
    """E-mail: preview every e-mail in every language."""


@mail_cli.command("preview")
@click.option("--lang", "langs", multiple=True, help="Only this language (e.g. fr); repeat for several. Default: all.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the .eml files (one folder per language). Default: instance/mail-preview.")
@with_appcontext
def preview(langs: tuple[str, ...], out: Path | None) -> None:
    """Render every e-mail with sample data in every language, write one .eml each and check them."""
    every = languages()
    unknown = sorted(set(langs) - set(every))
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: the shop's languages are {', '.join(every)}",
                                 param_hint="--lang")
    out = out or Path(current_app.instance_path) / "mail-preview"
    problems = []
    written = 0
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"] or None):
        for language, market in every.items():
            if langs and language not in langs:
                continue
            folder = out / language
            folder.mkdir(parents=True, exist_ok=True)
            for item in previews():
                with in_market(market):
                    subject, body = item.render(market)
                    message = mail.compose(SHOPPER[1], subject, body, name=SHOPPER[0], message_id=f"preview-{language}-{item.name}")
                    (folder / f"{item.name}.eml").write_bytes(mail.email(message).message().as_bytes())
                written += 1
                click.echo(f"{language}  {market.code}  {item.name:<24} {subject}")
                if UNRENDERED.search(subject) or UNRENDERED.search(body) or not body.strip():
                    problems.append(f"{language} {item.name}: unrendered text or an empty body")
    click.echo(f"wrote {written} e-mail(s) to {out}")
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.exceptions.Exit(1)
