"""Browse pages (a category, a search): the grid partial for htmx, the filters of the page the shopper
sees, and links to variations of the page (filters, pages) that build the path once."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import g, request, url_for
from werkzeug.datastructures import MultiDict, iter_multi_items

from ..htmx import render_page_or_partial, wants_partial
from ..offers import listing as browsing

QUERY_SAFE = "!$'()*,/:;?@"  # what Werkzeug leaves unquoted in the query strings it builds


def render_browse(page: str, **context):
    """A browse page, or its grid for htmx: the grid's facet counts depend on the page it replaces."""
    response, status, headers = render_page_or_partial(page, "catalog/partials/grid.html", "catalog-grid",
                                                       counts_oob=wants_partial("catalog-grid"), **context)
    return response, status, {"Vary": headers["Vary"] + ", HX-Current-URL"}


def shown_filters(filters) -> browsing.Filters | None:
    """For an htmx swap of the grid, the filters of the page the shopper sees (htmx sends its URL);
    None when that is another page (other path, search query or category) or not htmx."""
    if not wants_partial("catalog-grid"):
        return None
    current_url = request.headers.get("HX-Current-URL", "")
    if len(current_url) > 2048:  # no page of ours has such a URL (and the memo below keeps what it is given)
        return None
    return _shown_filters(current_url, request.path, _fixed(request.args), g.market.currency_digits,
                          filters.default_sort)


def _fixed(args) -> tuple:
    """The query parameters that are not filters (the search query, the category of a search)."""
    return tuple(sorted((k, v) for k, v in args.items(multi=True) if k not in browsing.FILTER_KEYS))


@lru_cache(maxsize=1024)
def _shown_filters(current_url: str, path: str, fixed: tuple, digits: int, default_sort: str):
    try:
        current = urlsplit(current_url)
    except ValueError:  # not a URL (e.g. "http://[::1"): send every count
        return None
    args = MultiDict(parse_qsl(current.query, keep_blank_values=True))
    if current.path != path or _fixed(args) != fixed:
        return None
    return browsing.parse_filters(args, digits, default_sort)  # frozen: safe to share between requests


def browse_url(filters, **fixed):
    """URL builder for this browse page with some filters changed: browse_url(page=2).

    `fixed` are extra query parameters every URL keeps (the search query).
    """
    path, digits = url_for(request.endpoint, **request.view_args), g.market.currency_digits
    return lambda **changes: with_query(path, {**fixed, **filters.to_args(digits, **changes)})


def with_query(path: str, params: dict) -> str:
    """`path` with `params` as its query, encoded as url_for encodes it (a list repeats its key).

    Pages link to dozens of variations of themselves: the path is built once, only the query per link.
    """
    query = urlencode([(k, v) for k, v in iter_multi_items(params) if v is not None], safe=QUERY_SAFE)
    return f"{path}?{query}" if query else path
