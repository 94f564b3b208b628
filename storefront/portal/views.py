"""The seller portal's pages. Every page shows the signed-in seller's own data only (an account linked to no
seller, like an operator's, sees none)."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..accounts.roles import role_required
from ..offers import inventory
from ..orders import fulfilment
from ..staff import area
from . import current_seller

bp = area(Blueprint("portal", __name__, url_prefix="/seller"), "portal")


@bp.get("/")
@role_required("seller")
def home():
    """The seller's overview: its standing with the operator, its offers at a glance, what to ship."""
    seller = current_seller()
    if seller is None:
        return render_template("portal/home.html", seller=None)
    to_ship = fulfilment.page_of(seller.id, "to_ship", 1)  # the first page, and how many there are
    return render_template("portal/home.html", seller=seller, offers=inventory.counts(seller.id), to_ship=to_ship)
