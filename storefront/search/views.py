"""Search results: the same facets, sort and URL state as category pages."""
from flask import Blueprint, g, request, url_for

from ..catalog.services import categories_with_counts
from ..catalog.views import browse_url
from ..htmx import render_page_or_partial
from ..offers import listing as browsing
from ..offers.models import BuyBoxEntry
from . import services

bp = Blueprint("search", __name__, url_prefix="/<market:market>/search")


@bp.get("")
def results():
    """Device models matching `q`, with facets; htmx swaps only the grid."""
    query = request.args.get("q", "")[: services.MAX_QUERY].strip()
    filters = browsing.parse_filters(request.args, g.market.currency_digits)
    ids = services.find(query, g.market.code)
    listing, products = browsing.listing_for(g.market.code, ("search", tuple(ids)), BuyBoxEntry.product_id.in_(ids), filters)
    return render_page_or_partial(
        "search/results.html", "catalog/partials/grid.html", "catalog-grid",
        query=query, filters=filters, listing=listing, products=products, browse_url=browse_url(filters, q=query),
        clear_url=url_for("search.results", q=query),
        categories=categories_with_counts(),
    )
