"""The "fortunes-like" reference route benchmarks compare real pages against (bench mode only).

Like TechEmpower's Fortunes: one query through the ORM (12 rows), a Jinja template with 24 cards,
no Babel, no session. Registered only when ENCORE_BENCH_ROUTES is set.
"""
from flask import Blueprint, render_template
from sqlalchemy import select

from ..catalog.models import Product
from ..extensions import db

bp = Blueprint("bench", __name__, url_prefix="/_bench")


@bp.get("/fortunes")
def fortunes():
    """12 products read through the ORM, shown as 24 cards."""
    products = db.session.scalars(select(Product).order_by(Product.popularity.desc()).limit(12)).all()
    return render_template("site/fortunes.html", cards=products + products)
