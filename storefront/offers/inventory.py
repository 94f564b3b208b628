"""A seller's own offers, as its portal reads and edits them."""
from __future__ import annotations

from sqlalchemy import case, func, select

from ..extensions import db
from .models import Offer


def counts(seller_id: int) -> dict[str, int]:
    """How many of the seller's offers are live, paused, suspended, and live but out of stock."""
    row = db.session.execute(
        select(
            func.count(case((Offer.status == "live", 1))),
            func.count(case((Offer.status == "paused", 1))),
            func.count(case((Offer.status == "suspended", 1))),
            func.count(case(((Offer.status == "live") & (Offer.stock == 0), 1))),
        ).where(Offer.seller_id == seller_id)
    ).one()
    return dict(zip(("live", "paused", "suspended", "out_of_stock"), row, strict=True))
