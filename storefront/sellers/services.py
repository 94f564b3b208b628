"""Sellers as the staff areas read them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from ..catalog.models import Review
from ..extensions import db, read
from .models import STATUSES, Seller


def get(seller_id: int | None) -> Seller | None:
    return db.session.get(Seller, seller_id) if seller_id is not None else None


def find_by_slug(slug: str) -> Seller | None:
    return db.session.scalar(select(Seller).where(Seller.slug == slug))


def count_by_status() -> dict[str, int]:
    """How many sellers are in each status (every status listed, zeros included)."""
    counts = dict(db.session.execute(select(Seller.status, func.count(Seller.id)).group_by(Seller.status)).all())
    return {status: counts.get(status, 0) for status in STATUSES}


def on_storefront(slug: str, market: str) -> Seller | None:
    """The seller a shopper of `market` may look at: approved and shipping there. None for any other
    (unknown, pending, suspended, or not selling in that storefront)."""
    seller = find_by_slug(slug)
    return seller if seller is not None and seller.status == "approved" and market in seller.markets else None


def slugs_on_storefront(market: str) -> list[str]:
    """Slugs of the sellers whose public page `market` shows (`on_storefront`), for its sitemap."""
    rows = db.session.execute(select(Seller.slug, Seller.markets).where(Seller.status == "approved").order_by(Seller.slug))
    return [slug for slug, markets in rows if market in markets]


@dataclass(frozen=True)
class Ratings:
    """What verified buyers of a seller's units gave it: the average in hundredths of a star, the count,
    and the 1★ … 5★ counts (the shape the rating components take)."""

    avg: int
    count: int
    hist: list[int]


_STARS = (select(Review.rating, func.count()).where(Review.seller_id == bindparam("seller_id"))
          .group_by(Review.rating))
_REVIEWS = (
    select(Review.rating, Review.grade, Review.language, Review.author, Review.title, Review.body, Review.created_on)
    .where(Review.seller_id == bindparam("seller_id"))
    .order_by((Review.language == bindparam("language")).desc(), Review.created_on.desc(), Review.id)
    .limit(bindparam("limit"))
)


def ratings(seller_id: int) -> Ratings:
    """The seller's ratings from the reviews of units it sold."""
    hist = [0] * 5
    for stars, count in read(_STARS, seller_id=seller_id):
        hist[stars - 1] = count
    count = sum(hist)
    avg = round(sum(stars * n for stars, n in enumerate(hist, 1)) * 100 / count) if count else 0
    return Ratings(avg, count, hist)


def recent_reviews(seller_id: int, language: str, limit: int = 3) -> list:
    """The newest reviews (rows) of units the seller sold, those in the shopper's language first."""
    return read(_REVIEWS, seller_id=seller_id, language=language, limit=limit).all()
