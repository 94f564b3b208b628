"""Can this offer be sold: one rule for the buy box, a product page's other offers and the cart.

`sellable()` is written with operators that mean the same on plain values and on SQLAlchemy columns,
so the one definition is both the check and the filter:

    sellable(offer.stock, offer.status, seller.status)   → True / False
    sellable(Offer.stock, Offer.status, Seller.status)   → a WHERE clause:
        offer.stock > 0 AND offer.status = 'live' AND seller.status = 'approved'

"Here" (a market) is the other half: the offer has a price in that market (a join on OfferPrice in
SQL, a price found in Python).
"""
from __future__ import annotations

APPROVED = "approved"
LIVE = "live"


def sellable(stock, offer_status, seller_status):
    """In stock, live (not paused by its seller nor suspended by the operator) and sold by an approved seller.
    Suspended and pending sellers' offers, paused and suspended offers, and empty stock never sell.

    `&` rather than `and`: on columns it builds SQL, on bools it is the same as `and`.
    """
    return (stock > 0) & (offer_status == LIVE) & (seller_status == APPROVED)
