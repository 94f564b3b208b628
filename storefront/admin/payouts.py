"""An operator's view of any refurbisher's payout statements, from its record: the seller's own pages."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..accounts.roles import role_required
from ..decisions import services as decisions
from ..payouts import periods
from ..payouts import services as payouts
from ..portal.payouts import csv_download, links, month_helpers, unknown_period
from ..staff import area

bp = area(Blueprint("admin_payouts", __name__, url_prefix="/admin/sellers/<int:seller_id>/payouts"), "admin")
bp.context_processor(month_helpers)


def found(seller_id: int):
    seller = decisions.get(seller_id)
    if seller is None:
        abort(404)
    return seller


@bp.get("")
@role_required("admin")
def index(seller_id: int):
    """The seller's months with the net payout of each per currency."""
    seller = found(seller_id)
    return render_template("payouts/index.html", months=payouts.overview(seller.id), seller=seller, linked=True,
                           links=links("admin_payouts", seller_id=seller.id), current=periods.of(payouts.now()))


@bp.get("/<period>")
@role_required("admin")
def statement(seller_id: int, period: str):
    """One month of the seller's statement, as the seller sees it."""
    seller = found(seller_id)
    month = periods.parse(period, payouts.now())
    if month is None:
        return unknown_period(period, links("admin_payouts", seller_id=seller.id))
    return render_template("payouts/statement.html", period=month, statements=payouts.statement(seller.id, month),
                           seller=seller, links=links("admin_payouts", seller_id=seller.id),
                           current=periods.of(payouts.now()))


@bp.get("/<period>.csv")
@role_required("admin")
def download(seller_id: int, period: str):
    """One month of the seller's statement as CSV."""
    seller = found(seller_id)
    month = periods.parse(period, payouts.now())
    if month is None:
        return unknown_period(period, links("admin_payouts", seller_id=seller.id))
    return csv_download(payouts.csv_text(payouts.statement(seller.id, month), month), f"{seller.slug}-payouts-{month}.csv")
