"""A seller's public page: who the refurbisher is, how well it does, and what it has on sale here."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request

from ..offers.showcase import seller_showcase
from ..safety import whole_number
from . import services

bp = Blueprint("sellers", __name__, url_prefix="/<market:market>")


@bp.get("/s/<slug>")
def profile(slug: str):
    """An approved seller shipping to this storefront: rates, warranty, ratings, and its offers, paged."""
    seller = services.on_storefront(slug, g.market.offers_market)
    if seller is None:
        abort(404)
    showcase = seller_showcase(g.market.offers_market, seller.id, whole_number(request.args.get("page"), 6) or 1)
    return render_template(
        "sellers/profile.html", seller=seller, showcase=showcase, ratings=services.ratings(seller.id),
        reviews=services.recent_reviews(seller.id, g.market.language),
    )
