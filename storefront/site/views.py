"""Root-level routes that crawlers, browsers and load balancers expect."""
from flask import Blueprint, current_app, redirect, url_for
from sqlalchemy import text

from ..extensions import db

bp = Blueprint("site", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the app can reach its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/robots.txt")
def robots():
    """Crawl everything in the storefronts."""
    return "User-agent: *\nAllow: /\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico; point them at the fingerprinted SVG icon."""
    return redirect(current_app.extensions["assets"].url("img/favicon.svg"), code=301)
