"""Storefront selection: the root redirect."""
from flask import Blueprint, redirect, request, url_for

from .routing import registry

bp = Blueprint("markets", __name__)


@bp.get("/")
def choose():
    """Send the browser to the storefront that best matches its languages."""
    market = registry().best_for(list(request.accept_languages))
    response = redirect(url_for("home.index", market=market.code), code=302)
    response.vary.add("Accept-Language")
    return response
