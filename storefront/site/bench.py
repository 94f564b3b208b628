"""The reference routes benchmarks compare real pages against (bench mode only).

"Fortunes-like", like TechEmpower's Fortunes: one query through the ORM (12 rows), a Jinja template with
24 cards, no Babel, no session. "Pre-rendered": that page rendered once and returned as it is, the
ceiling a cached page is measured against. Registered only when ENCORE_BENCH_ROUTES is set.
"""
from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from ..catalog.models import Product
from ..extensions import db

bp = Blueprint("bench", __name__, url_prefix="/_bench")


@bp.get("/fortunes")
def fortunes():
    """12 products read through the ORM, shown as 24 cards."""
    products = db.session.scalars(select(Product).order_by(Product.popularity.desc()).limit(12)).all()
    return render_template("site/fortunes.html", cards=products + products)


@bp.get("/prerendered")
def prerendered():
    """The fortunes page, rendered on the first request and kept per app (nothing invalidates it: a bench fixture)."""
    page = current_app.extensions.get("bench_prerendered")
    if page is None:
        page = current_app.extensions["bench_prerendered"] = fortunes()
    return page
