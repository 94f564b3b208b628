"""Home page of a storefront."""
from flask import Blueprint, current_app, g, render_template

from ..catalog.grades import GRADES
from ..catalog.impact import SAVINGS
from ..catalog.services import categories_with_counts
from ..offers.services import best_deals

bp = Blueprint("home", __name__, url_prefix="/<market:market>")


@bp.get("/")
def index():
    """Hero, categories, best deals, the grade scale, our promises and the impact band."""
    return render_template(
        "home/index.html",
        categories=categories_with_counts(),
        deals=best_deals(g.market.offers_market, current_app.config["HOME_DEALS"]),
        grades=GRADES,
        savings=SAVINGS,
    )
