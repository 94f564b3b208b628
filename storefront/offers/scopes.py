"""The scopes a browse page lists: a category's device models, or the device models a search found.

Each names its rows for listing's caches and builds their condition only when the rows are read.
"""
from __future__ import annotations

from .listing import Filters, Listing, listing_for
from .models import BuyBoxEntry


def category_listing(market: str, category_id: int, filters: Filters,
                     shown: Filters | None = None) -> tuple[Listing, dict]:
    """The device models of a category on sale in `market`, filtered, faceted, sorted and paged."""
    return listing_for(market, ("category", category_id), lambda: BuyBoxEntry.category_id == category_id,
                       filters, shown=shown)


def found_listing(market: str, product_ids: list[int], category_id: int | None, filters: Filters,
                  shown: Filters | None = None) -> tuple[Listing, dict]:
    """The device models a search found (best first), within a category if given, on sale in `market`."""

    def where():
        matched = BuyBoxEntry.product_id.in_(product_ids)
        return matched & (BuyBoxEntry.category_id == category_id) if category_id is not None else matched

    rank = {product_id: position for position, product_id in enumerate(product_ids)}
    return listing_for(market, ("search", tuple(product_ids), category_id), where, filters, rank, shown)
