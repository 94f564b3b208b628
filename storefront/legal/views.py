"""Legal pages: returns and withdrawal, warranty and guarantee, legal notice."""
from flask import Blueprint, abort, g, render_template

from ..commerce import commerce

bp = Blueprint("legal", __name__, url_prefix="/<market:market>/legal")

PAGES = ("returns", "warranty", "notice")
# Pages the law of one country asks for, written for it (not translated): market code → pages.
MARKET_PAGES = {"ja-jp": ("tokushoho",)}


@bp.get("/<page>")
def page(page: str):
    """One legal page of the storefront: shared pages, or one written for this market."""
    if page in MARKET_PAGES.get(g.market.code, ()):
        return render_template(f"legal/markets/{g.market.code}/{page}.html", page=page, operator=commerce()["operator"])
    if page not in PAGES:
        abort(404)
    return render_template(f"legal/{page}.html", page=page, operator=commerce()["operator"])
