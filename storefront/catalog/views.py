"""Category pages and product pages: where a shopper decides."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, request

from ..htmx import render_page_or_partial, wants_partial
from ..i18n.translate import text as _
from ..markets.money import to_major
from ..markets.routing import link
from ..offers import listing as browsing
from ..offers import services as offers
from ..offers.aggregate import price_range
from ..offers.scopes import category_listing
from ..offers.shipping import deliveries
from ..safety import whole_number
from ..urls import public_url
from . import services
from .browse import browse_url, render_browse, shown_filters
from .grades import CODES, GRADES
from .impact import SAVINGS, co2e_saved_kg
from .labels import CATEGORY_NAMES, KEYBOARDS, storage_label

bp = Blueprint("catalog", __name__, url_prefix="/<market:market>")


@bp.get("/c/<slug>")
def category(slug: str):
    """A category's device models with facets, sort and pages; htmx swaps only the grid."""
    category = services.category_by_slug(slug)
    if category is None:
        abort(404)
    filters = browsing.parse_filters(request.args, g.market.currency_digits)
    listing, products = category_listing(g.market.offers_market, category.id, filters, shown_filters(filters))
    return render_browse(
        "catalog/category.html", category=category, filters=filters, listing=listing, products=products,
        browse_url=browse_url(filters), clear_url=link("catalog.category", slug=category.slug),
    )


def choice_url(product, choice):
    """URL builder for the product page with some picks changed: choice_url(grade="fair")."""
    picks = {d: choice.get(d) for d in offers.DIMENSIONS}

    def build(**changes):
        # link() memoises: a page has a dozen of these and its neighbours share them.
        return link("catalog.product", slug=product.slug,
                    **{k: v for k, v in (picks | changes).items() if v not in (None, "", 0)})

    return build


def parse_choice(args, product) -> offers.Choice:
    """The grade, storage, colour and keyboard asked in the query; unknown values are ignored."""
    storages = {v.storage_gb for v in product.variants}
    colors = {v.color_name for v in product.variants}
    keyboards = {v.keyboard for v in product.variants} - {""}
    storage = whole_number(args.get("storage"), 5)
    return offers.Choice(
        grade=args.get("grade") if args.get("grade") in CODES else None,
        storage=storage if storage in storages else None,
        color=args.get("color") if args.get("color") in colors else None,
        keyboard=args.get("keyboard") if args.get("keyboard") in keyboards else None,
    )


def product_selection(slug: str):
    """The device model of the URL, its buy boxes in this storefront, and the shopper's resolved choice."""
    product = services.product_view(slug)
    if product is None:
        abort(404)
    entries = offers.product_entries(g.market.offers_market, product.id)
    selection = offers.select_entry(product.variants, entries, parse_choice(request.args, product), g.market.keyboard)
    return product, entries, selection


@bp.get("/p/<slug>")
def product(slug: str):
    """A device model: pickers, buy box with why it wins, price ladder, grades, promises, specs, reviews."""
    product, entries, selection = product_selection(slug)
    winner = offers.winner(selection.entry.offer_id, g.market.offers_market) if selection.entry else None
    page = {} if wants_partial("catalog-buy") else {  # what only the whole page shows
        "sold_in": offers.product_markets(product.id), "product_jsonld": product_jsonld(product, entries),
        "reviews": services.recent_reviews(product.id, g.market.language),
        "savings": SAVINGS, "co2e_saved_kg": co2e_saved_kg(product.footprint_kg)}
    return render_page_or_partial(
        "catalog/product.html", "catalog/partials/buy.html", "catalog-buy",
        product=product, selection=selection, winner=winner,
        deliveries=deliveries(winner.shipping if winner else [], date.today()),
        pickers=pickers(product, selection), choice_url=choice_url(product, selection.choice), **page,
    )


@bp.get("/p/<slug>/offers")
def other_offers(slug: str):
    """Other sellers' offers for the chosen variant and grade (lazy-loaded into the product page)."""
    product, _entries, selection = product_selection(slug)
    others = []
    if selection.entry is not None and selection.exact:
        entry = selection.entry
        others = offers.other_offers(g.market.offers_market, entry.variant_id, entry.grade, entry.offer_id)
    return render_page_or_partial(
        "catalog/offers.html", "catalog/partials/offers.html", "catalog-offers",
        product=product, selection=selection, others=others,
    )


def pickers(product, selection) -> list[dict]:
    """The option lists of the product page, with availability for the current choice."""
    chosen = selection.choice
    lists = [("grade", _("Condition"), [(g.code, g.name, None) for g in GRADES])]
    storages = sorted({v.storage_gb for v in product.variants} - {0})
    if storages:
        lists.append(("storage", _("Storage"), [(s, storage_label(s), None) for s in storages]))
    colors = dict.fromkeys((v.color_name, v.color_hex) for v in product.variants)
    lists.append(("color", _("Colour"), [(name, name, hex_) for name, hex_ in colors]))
    keyboards = list(dict.fromkeys(v.keyboard for v in product.variants if v.keyboard))
    if keyboards:
        lists.append(("keyboard", _("Keyboard"), [(k, KEYBOARDS.get(k, k), None) for k in keyboards]))
    return [
        {
            "dimension": dimension,
            "label": label,
            "options": [
                {"value": value, "text": text, "swatch": swatch, "current": chosen.get(dimension) == value,
                 "available": selection.available[dimension].get(value, False)}
                for value, text, swatch in options
            ],
        }
        for dimension, label, options in lists
    ]


def product_jsonld(product, entries) -> dict:
    """schema.org Product with an AggregateOffer over the buy boxes on sale in this market."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.display_name,
        "brand": {"@type": "Brand", "name": product.brand_name},
        "category": str(CATEGORY_NAMES.get(product.category_slug, product.category_slug)),
        "url": public_url() + link("catalog.product", slug=product.slug),
    }
    prices = price_range(entries)
    if prices:
        data["offers"] = {
            "@type": "AggregateOffer",
            "lowPrice": str(to_major(prices.low, g.market.currency)),
            "highPrice": str(to_major(prices.high, g.market.currency)),
            "priceCurrency": g.market.currency,
            "offerCount": prices.offer_count,
            "itemCondition": "https://schema.org/RefurbishedCondition",
            "availability": "https://schema.org/InStock",
        }
    if product.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating_avg / 100:.2f}",
            "reviewCount": product.rating_count,
        }
    return data
