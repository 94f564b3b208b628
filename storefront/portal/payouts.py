"""A refurbisher's payout statements: its months with the net per currency, one month's statement, its CSV.
Every page reaches the signed-in seller's own statements only; a bad or future month is a 404 that says so."""
from __future__ import annotations

from babel.dates import format_date
from flask import Blueprint, Response, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from ..accounts.roles import role_required
from ..payouts import periods
from ..payouts import services as payouts
from ..staff import area

bp = area(Blueprint("portal_payouts", __name__, url_prefix="/seller/payouts"), "portal")


def month_helpers() -> dict:
    """What the payouts templates format: a period's name ("December 2026") in the staff language."""
    return {"month_name": lambda period: format_date(period.start, "LLLL y", locale=get_locale())}


bp.context_processor(month_helpers)


def links(endpoint_prefix: str, **args) -> dict:
    """The URLs the payouts templates link to, for the seller's own pages or an operator's view of them."""
    return {"index": url_for(f"{endpoint_prefix}.index", **args),
            "statement": lambda period: url_for(f"{endpoint_prefix}.statement", period=str(period), **args),
            "csv": lambda period: url_for(f"{endpoint_prefix}.download", period=str(period), **args)}


def csv_download(text: str, filename: str) -> Response:
    # The BOM makes spreadsheet programs read the file as UTF-8 (accents in device and colour names).
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def unknown_period(text: str, urls: dict):
    """A designed 404 that says the month is not one with a statement, with the way back to the list."""
    return render_template("payouts/unknown.html", period=text[:20], example=periods.of(payouts.now()), links=urls), 404


@bp.get("")
@role_required("seller")
def index():
    """The seller's months, newest first, with the net payout of each per currency."""
    return render_template("payouts/index.html", months=payouts.overview(current_user.seller_id), seller=None,
                           linked=current_user.seller_id is not None, links=links("portal_payouts"),
                           current=periods.of(payouts.now()))


@bp.get("/<period>")
@role_required("seller")
def statement(period: str):
    """One month's statement per currency: the sales with their commission, the refunds, the net payout."""
    found = periods.parse(period, payouts.now())
    if found is None or current_user.seller_id is None:
        return unknown_period(period, links("portal_payouts"))
    return render_template("payouts/statement.html", period=found, statements=payouts.statement(current_user.seller_id, found),
                           seller=None, links=links("portal_payouts"), current=periods.of(payouts.now()))


@bp.get("/<period>.csv")
@role_required("seller")
def download(period: str):
    """One month's statement as a CSV file for a spreadsheet."""
    found = periods.parse(period, payouts.now())
    if found is None or current_user.seller_id is None:
        return unknown_period(period, links("portal_payouts"))
    text = payouts.csv_text(payouts.statement(current_user.seller_id, found), found)
    return csv_download(text, f"payouts-{found}.csv")
