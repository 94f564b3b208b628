"""Sellers as the staff areas read them."""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .models import STATUSES, Seller


def get(seller_id: int | None) -> Seller | None:
    return db.session.get(Seller, seller_id) if seller_id is not None else None


def find_by_slug(slug: str) -> Seller | None:
    return db.session.scalar(select(Seller).where(Seller.slug == slug))


def count_by_status() -> dict[str, int]:
    """How many sellers are in each status (every status listed, zeros included)."""
    counts = dict(db.session.execute(select(Seller.status, func.count(Seller.id)).group_by(Seller.status)).all())
    return {status: counts.get(status, 0) for status in STATUSES}
