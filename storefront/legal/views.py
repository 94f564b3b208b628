"""Legal pages: returns and withdrawal, warranty and guarantee, legal notice."""
from flask import Blueprint, abort, render_template

bp = Blueprint("legal", __name__, url_prefix="/<market:market>/legal")

PAGES = ("returns", "warranty", "notice")


@bp.get("/<page>")
def page(page: str):
    """One legal page of the storefront."""
    if page not in PAGES:
        abort(404)
    return render_template(f"legal/{page}.html", page=page)
