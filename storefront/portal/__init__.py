"""The seller portal (/seller/…): a refurbisher's own screens, in the seller's language."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from ..sellers import services as sellers


def current_seller():
    """The refurbisher the signed-in account works for, looked up once a request. None for an account linked to
    no seller (an operator's): its pages show an empty state and its writes answer 404."""
    if "portal_seller" not in g:
        g.portal_seller = sellers.get(current_user.seller_id)
    return g.portal_seller
