"""Market routing: the `<market:market>` URL converter, url processors and per-request context."""
from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal, format_percent
from flask import Flask, current_app, g, request, url_for
from jinja2 import pass_context
from markupsafe import Markup, escape
from werkzeug.routing import BaseConverter

from ..i18n.translate import in_locale
from ..urls import public_url
from .labels import TAX_NOTES, prices_note
from .money import format_money
from .registry import Market, MarketRegistry


def registry() -> MarketRegistry:
    return current_app.extensions["markets"]


def current_locale() -> str:
    """The storefront's Babel locale; on staff pages (no storefront) the staff member's language; else "en"."""
    market = g.get("market")
    return market.locale if market else g.get("staff_language", "en")


@contextmanager
def in_market(market: Market):
    """Render as the storefront `market` does (its language, dates, numbers and links), inside a request or a
    job, then back: for what is written outside its own storefront's request, such as an order's e-mail."""
    kept = g.get("market")
    g.market = market
    try:
        with in_locale(market.locale):
            yield
    finally:
        if kept is None:
            g.pop("market", None)
        else:
            g.market = kept


def day_long(value) -> str:
    """A date in the storefront's medium format ("25 nov. 2026")."""
    return _formatted("day_long", value, current_locale())


def percent(value: int) -> str:
    """A whole percentage (42 → "42 %" in fr, "42%" in en) in the storefront's locale."""
    return _formatted("percent", value, current_locale())


def per_request(format_value):
    """`format_value` as a filter Jinja never folds into a constant when it compiles a template: its result
    depends on the request's storefront (`{{ 85|percent }}` would keep the first request's locale for good)."""

    @pass_context
    def formatted(_context, *args, **kwargs):
        return format_value(*args, **kwargs)

    return formatted


# Babel costs 15–40 µs a call and a page formats a few dozen numbers and dates: each result is kept.
FORMATS = {
    "percent": lambda value, locale: format_percent(value / 100, locale=locale),
    "share": lambda value, locale: format_percent(round(value, 4), locale=locale, decimal_quantization=False),
    "decimal": lambda value, locale: format_decimal(value, locale=locale),
    "day": lambda value, locale: format_skeleton("MMMEd", value, locale=locale),
    "day_long": lambda value, locale: format_date(value, "medium", locale=locale),
}


@lru_cache(maxsize=8192)
def _formatted(kind: str, value, locale: str) -> str:
    return FORMATS[kind](value, locale)


def link(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` (relative), memoised: url_for costs ~10 µs, and a product page
    builds the same breadcrumb and buy-box links on every request. Values must be hashable."""
    market = g.get("market")
    return _link(request.script_root, market.code if market else None, endpoint, tuple(values.items()))


@lru_cache(maxsize=8192)
def _link(_root: str, _market: str | None, endpoint: str, values: tuple) -> str:
    """A URL for the app's root and storefront of the request (both part of the memo key)."""
    return url_for(endpoint, **dict(values))


def make_converter(markets: MarketRegistry) -> type[BaseConverter]:
    """A converter that matches only configured storefront codes, so others 404 before any view."""

    class MarketConverter(BaseConverter):
        regex = "(?:" + "|".join(re.escape(code) for code in markets.routable_codes) + ")"

    return MarketConverter


def init_app(app: Flask, markets: MarketRegistry) -> None:
    """Register the converter and the processors that move the market between URL and `g`."""
    app.extensions["markets"] = markets
    app.url_map.converters["market"] = make_converter(markets)
    for helper in (hreflang_links, link):
        app.add_template_global(helper)

    @app.url_value_preprocessor
    def pull_market(endpoint, values):
        if values and "market" in values:
            g.market = markets[values.pop("market")]

    @app.url_defaults
    def add_market(endpoint, values):
        if "market" not in values and g.get("market") and app.url_map.is_endpoint_expecting(endpoint, "market"):
            values["market"] = g.market.code

    @app.template_filter("money")
    @per_request
    def money_filter(amount_minor: int, market: Market | None = None) -> str:
        market = market or g.market
        return format_money(amount_minor, market.currency, market.locale)

    @app.template_filter("money_in")
    @per_request
    def money_in_filter(amount_minor: int, currency: str) -> str:
        """An amount in `currency`, written the current locale's way (staff pages show every market's prices)."""
        return format_money(amount_minor, currency, current_locale())

    app.add_template_filter(per_request(percent), "percent")

    @app.template_filter("share")
    @per_request
    def share_filter(value: float) -> str:
        """A share as a percentage with up to two decimals (0.0725 → "7.25%", "7,25 %" in fr)."""
        return _formatted("share", value, current_locale())

    @app.template_filter("decimal")
    @per_request
    def decimal_filter(value) -> str:
        """A number in the storefront's locale (4.5 → "4,5" in fr)."""
        return _formatted("decimal", value, current_locale())

    @app.template_filter("day")
    @per_request
    def day_filter(value) -> str:
        """A short date with weekday in the storefront's locale ("Wed, Nov 25", "mer. 25 nov.")."""
        return _formatted("day", value, current_locale())

    app.add_template_filter(per_request(day_long), "day_long")

    @app.template_filter("moment")
    @per_request
    def moment_filter(value) -> str:
        """A stored (UTC) date and time in the current locale's short format ("07/12/2026 15:30" in fr)."""
        return format_datetime(value, "short", locale=current_locale())

    @app.context_processor
    def market_context():
        market = g.get("market")
        return {
            "country_name": lambda code: (market.babel_locale if market else markets.x_default.babel_locale).territories.get(code, code),
            "market": market,
            "markets": markets,
            "tax_note": TAX_NOTES[market.tax_display] if market else None,
            "prices_note": (lambda: prices_note(market)) if market else None,
            "market_alternates": market_alternates,
        }


def market_alternates(market_codes=None, query: bool = True) -> dict[str, str]:
    """URL of the current page in each storefront (all, or only `market_codes`), query kept unless told.

    Empty when the current page is not a market page. Memoised for the request: the head, the
    header and the footer all ask.
    """
    tail = page_tail(query)
    if tail is None:
        return {}
    memo = g.setdefault("alternates", {})
    key = (tuple(market_codes) if market_codes is not None else None, query)
    if key not in memo:
        root = request.script_root
        memo[key] = {code: f"{root}/{code}{tail}" for code in (registry().codes if market_codes is None else market_codes)}
    return memo[key]


def page_tail(query: bool = True) -> str | None:
    """This page's URL after its /<market> segment, the same in every storefront (None off market pages)."""
    market = g.get("market")
    if not request.endpoint or market is None or request.view_args is None:
        return None
    tails = g.setdefault("page_tails", {})
    if query not in tails:
        # Built once for this storefront, not once per storefront: only the market segment differs.
        path = url_for(request.endpoint, **request.view_args)[len(request.script_root) + len(market.code) + 1:]
        qs = request.query_string.decode("latin-1") if query else ""
        tails[query] = f"{path}?{qs}" if qs else path
    return tails[query]


def hreflang_links(urls: dict[str, str]) -> Markup:
    """A <link rel="alternate" hreflang> for each storefront in `urls` (code → URL of this page there)."""
    host, markets = public_url(), registry()
    return Markup("".join(f'\n<link rel="alternate" hreflang="{markets[code].html_lang}" href="{escape(host + url)}">'
                          for code, url in urls.items()))
