"""Can this offer be sold: one rule for the buy box, a product page's other offers and the cart.

`sellable()` is written with operators that mean the same on plain values and on SQLAlchemy columns,
so the one definition is both the check and the filter:

    sellable(offer.stock, seller.status)   → True / False
    sellable(Offer.stock, Seller.status)   → a WHERE clause: offer.stock > 0 AND seller.status = 'approved'

"Here" (a market) is the other half: the offer has a price in that market (a join on OfferPrice in
SQL, a price found in Python).
"""
from __future__ import annotations

APPROVED = "approved"


def sellable(stock, seller_status):
    """In stock and sold by an approved seller. Suspended and pending sellers' offers, and empty stock, never sell.

    `&` rather than `and`: on columns it builds SQL, on bools it is the same as `and`.
    """
    return (stock > 0) & (seller_status == APPROVED)
