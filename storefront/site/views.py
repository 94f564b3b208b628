"""Root-level routes that crawlers, browsers and load balancers expect."""
from flask import Blueprint, current_app, g, redirect, render_template

from ..offers.services import sitemap_entries
from ..sellers.services import slugs_on_storefront
from ..urls import absolute
from .health import database_reachable

bp = Blueprint("site", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the app can reach its database."""
    database_reachable()
    return {"status": "ok"}


@bp.get("/robots.txt")
def robots():
    """Crawl the storefronts, not the cart or the offer lists; the sitemap says what exists."""
    lines = ["User-agent: *", "Allow: /", "Disallow: /*/cart/", "Disallow: /*/offers", "",
             f"Sitemap: {absolute('site.sitemap_index')}"]
    return "\n".join(lines) + "\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico; point them at the fingerprinted SVG icon."""
    return redirect(current_app.extensions["assets"].url("img/favicon.svg"), code=301)


@bp.get("/sitemap.xml")
def sitemap_index():
    """The sitemap index: one sitemap per storefront."""
    markets = current_app.extensions["markets"]
    body = render_template("site/sitemap_index.xml", markets=markets)
    return body, 200, {"Content-Type": "application/xml; charset=utf-8"}


@bp.get("/<market:market>/sitemap.xml")
def sitemap():
    """A storefront's pages: home, categories, every product on sale there, and its sellers' pages."""
    categories, products = sitemap_entries(g.market.code)
    body = render_template("site/sitemap.xml", categories=categories, products=products,
                           sellers=slugs_on_storefront(g.market.offers_market))
    return body, 200, {"Content-Type": "application/xml; charset=utf-8"}
