"""Search results and autocomplete: the same facets, sort and URL state as category pages."""
from collections import Counter

from flask import Blueprint, g, redirect, request, url_for

from ..catalog.browse import browse_url, render_browse, shown_filters
from ..catalog.services import category_by_slug, products_by_ids
from ..htmx import render_page_or_partial
from ..offers import listing as browsing
from ..offers.scopes import found_listing
from . import services
from .query import MAX_QUERY

bp = Blueprint("search", __name__, url_prefix="/<market:market>/search")


@bp.get("")
def results():
    """Device models matching `q`, best first, with facets; filter words in `q` become facets."""
    raw = request.args.get("q", "")[:MAX_QUERY]
    filters = browsing.parse_filters(request.args, g.market.currency_digits, default_sort="relevance")
    found = services.find(raw, g.market.language)
    understood = found.understood
    extra = {
        name: sorted(set(getattr(filters, name)) | set(values))
        for name, values in (("storage", understood.storage), ("grade", understood.grade),
                             ("color", understood.color), ("keyboard", understood.keyboard))
        if values and not set(values) <= set(getattr(filters, name))
    }
    slug = request.args.get("category", "")[:40]
    if extra:
        # "iphone 13 128go" → q=iphone 13&storage=128: the filter shows as a facet the shopper can remove.
        args = filters.to_args(g.market.currency_digits, **extra)
        return redirect(url_for("search.results", q=understood.rest, category=slug or None, **args), code=303)
    query = raw.strip()
    category = category_by_slug(slug) if slug else None
    listing, products = found_listing(g.market.offers_market, found.product_ids, category.id if category else None,
                                      filters, shown_filters(filters))
    fixed = {"q": query, "category": category.slug if category else None}
    context = dict(query=query, category=category, filters=filters, listing=listing, products=products,
                   suggestion=found.suggestion, browse_url=browse_url(filters, **fixed),
                   clear_url=url_for("search.results", **fixed))
    if not listing.total and not filters.active:
        context["popular"] = products_by_ids(browsing.popular_products(g.market.offers_market, 8))
    return render_browse("search/results.html", **context)


@bp.get("/suggest")
def suggest():
    """Autocomplete: models, categories and "in <category>" searches for what is typed so far."""
    raw = request.args.get("q", "")[:MAX_QUERY]
    ids = services.suggest(raw, g.market.language) if len(raw.strip()) >= 2 else []
    products = products_by_ids(ids)
    response, status, headers = render_page_or_partial(
        "search/suggest.html", "search/partials/suggestions.html", "search-suggestions",
        query=raw.strip(), products=products, categories=suggested_categories(products))
    return response, status, {**headers, "Cache-Control": "public, max-age=60"}


def suggested_categories(products) -> list[str]:
    """The categories of the suggested models, most frequent first."""
    return [slug for slug, _count in Counter(p.category.slug for p in products).most_common(2)]
