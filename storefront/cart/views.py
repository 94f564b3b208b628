"""Cart page. Adding to the cart arrives with product pages; until then every cart is empty."""
from flask import Blueprint, render_template

from ..catalog.services import categories_with_counts

bp = Blueprint("cart", __name__, url_prefix="/<market:market>/cart")


@bp.get("/")
def show():
    """The shopper's cart, with a way back to the categories when it is empty."""
    return render_template("cart/show.html", categories=categories_with_counts())
