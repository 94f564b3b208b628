"""HTTP caching of storefront pages, decided in one place: what a shared cache may keep, and for how long.

A storefront page rendered for a visitor with no session (not signed in, no cart, no message waiting)
is the same for every such visitor of that URL: a shared cache (a CDN, a reverse proxy) may keep it a
short while and revalidate it with its ETag (a 304 instead of the page). Everything else a storefront
answers, and whatever a view already gave a Cache-Control (no-store, immutable assets), stays as it is
or is private.

A revalidation is answered without rendering when this app rendered that page, with that ETag, less than
REVALIDATE_SECONDS ago (`answer_revalidation`): the visitor keeps a copy at most that old, as a shared cache
keeps one for s-maxage. The memo is per app: an ETag per URL and htmx headers, invalidated by its age.
"""
from __future__ import annotations

import time
from collections import OrderedDict

from flask import Flask, current_app, g, request, session
from flask_login import COOKIE_NAME as REMEMBER_COOKIE
from werkzeug.wrappers import Response

from .htmx import HTMX_VARY
from .memo import remember

# A page differs by the visitor's cookies (their header, a cart) and by the htmx headers a view may
# answer a partial for.
SHARED_VARY = ("Cookie", *HTMX_VARY)
# The shopper's own pages: never in a shared cache, even when a view forgets to say so.
PRIVATE_BLUEPRINTS = frozenset({"accounts", "cart", "checkout", "orders", "payments"})


MEMO_SIZE = 4096  # URLs whose last ETag is remembered; past it the oldest goes


def init_app(app: Flask) -> None:
    # Registered after assets.init_app, so it runs before compress_response (after_request runs in
    # reverse order): the ETag is taken on the page as rendered, and a 304 has nothing to compress.
    app.after_request(cache_headers)
    app.before_request(answer_revalidation)
    app.extensions["etags"] = OrderedDict()  # memo key → (ETag, monotonic time it expires)


def memo_key() -> tuple:
    return (request.host, request.full_path, *(request.headers.get(name) for name in HTMX_VARY))


def answer_revalidation() -> Response | None:
    """A 304 without rendering for an anonymous revalidation of a page rendered here in the last REVALIDATE_SECONDS."""
    if (not request.if_none_match or request.method not in ("GET", "HEAD") or visitor_has_cookies()
            or not current_app.config["REVALIDATE_SECONDS"]):
        return None
    seen = current_app.extensions["etags"].get(memo_key())
    if seen is None or seen[1] < time.monotonic() or not request.if_none_match.contains_weak(seen[0]):
        return None
    response = current_app.response_class(status=304)
    response.set_etag(seen[0], weak=True)
    response.vary.update(SHARED_VARY)
    public(response)
    return response


def public(response: Response) -> None:
    config = current_app.config
    response.cache_control.public = True
    response.cache_control.max_age = 0  # browsers ask again each time (cheap: a 304); shared caches keep it s-maxage
    response.cache_control.s_maxage = config["SHARED_CACHE_SECONDS"]
    response.cache_control.stale_while_revalidate = config["SHARED_CACHE_STALE_SECONDS"]


def visitor_has_cookies() -> bool:
    """The visitor sent a session or a remember-me cookie: their pages are theirs."""
    config = current_app.config
    return (config["SESSION_COOKIE_NAME"] in request.cookies
            or config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE) in request.cookies)


def cache_headers(response: Response) -> Response:
    """Public caching with a weak ETag (and a 304 on If-None-Match) for an anonymous page; private otherwise."""
    if g.get("market") is None or "Cache-Control" in response.headers:
        return response
    response.vary.update(SHARED_VARY)
    if not is_anonymous_page(response):
        response.cache_control.private = True
        response.cache_control.no_cache = True
        return response
    public(response)
    # Weak: the same page is sent gzipped or not (compress_response), and both carry this one tag.
    response.add_etag(weak=True)
    if seconds := current_app.config["REVALIDATE_SECONDS"]:
        remember(current_app.extensions["etags"], memo_key(), (response.get_etag()[0], time.monotonic() + seconds), MEMO_SIZE)
    return response.make_conditional(request)


def is_anonymous_page(response: Response) -> bool:
    """A successful GET/HEAD of a shopper page, for a visitor who sent no session and is given none."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and request.blueprint not in PRIVATE_BLUEPRINTS
        and not visitor_has_cookies()
        # A session started while rendering (a CSRF token, a cart, a flashed message) is saved after this,
        # as a Set-Cookie: that page is this visitor's.
        and not session.modified
        and "Set-Cookie" not in response.headers
    )
