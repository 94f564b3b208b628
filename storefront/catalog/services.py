"""Catalog queries that pages share."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from .models import Category, Product, Review


def categories_with_counts() -> list[tuple[Category, int]]:
    """Every category in display order with its number of device models."""
    stmt = (
        select(Category, func.count(Product.id))
        .outerjoin(Product, Product.category_id == Category.id)
        .group_by(Category.id)
        .order_by(Category.position)
    )
    return [(category, count) for category, count in db.session.execute(stmt)]


def refresh_ratings(product_ids: list[int] | None = None) -> None:
    """Recompute each product's review count, average and star histogram (caller commits)."""
    stmt = select(Review.product_id, Review.rating, func.count()).group_by(Review.product_id, Review.rating)
    products = select(Product)
    if product_ids is not None:
        stmt = stmt.where(Review.product_id.in_(product_ids))
        products = products.where(Product.id.in_(product_ids))
    hist = {}
    for product_id, rating, count in db.session.execute(stmt):
        hist.setdefault(product_id, [0, 0, 0, 0, 0])[rating - 1] = count
    for product in db.session.scalars(products):
        counts = hist.get(product.id, [0, 0, 0, 0, 0])
        total = sum(counts)
        product.rating_hist = counts
        product.rating_count = total
        product.rating_avg = round(100 * sum((i + 1) * c for i, c in enumerate(counts)) / total) if total else 0


def category_by_slug(slug: str) -> Category | None:
    return db.session.scalar(select(Category).where(Category.slug == slug))


def product_by_slug(slug: str) -> Product | None:
    """A device model with its brand, category and variants loaded."""
    return db.session.scalar(
        select(Product)
        .options(joinedload(Product.brand), joinedload(Product.category), selectinload(Product.variants))
        .where(Product.slug == slug)
    )


def recent_reviews(product_id: int, language: str, limit: int = 6) -> list[Review]:
    """The newest reviews, those in the shopper's language first."""
    return list(db.session.scalars(
        select(Review).where(Review.product_id == product_id)
        .order_by((Review.language == language).desc(), Review.created_on.desc(), Review.id).limit(limit)
    ))


def products_by_ids(ids: list[int]) -> list[Product]:
    """Products with brand and category, in the order of `ids`."""
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(
        select(Product).options(joinedload(Product.brand), joinedload(Product.category)).where(Product.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
