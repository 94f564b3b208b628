"""Catalog queries that pages share."""
from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .models import Category, Product


def categories_with_counts() -> list[tuple[Category, int]]:
    """Every category in display order with its number of device models."""
    stmt = (
        select(Category, func.count(Product.id))
        .outerjoin(Product, Product.category_id == Category.id)
        .group_by(Category.id)
        .order_by(Category.position)
    )
    return [(category, count) for category, count in db.session.execute(stmt)]
