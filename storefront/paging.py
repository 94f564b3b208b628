"""One page of a query's rows, for the staff lists."""
from __future__ import annotations

from sqlalchemy import Select, func, select

from .extensions import db


def paged(stmt: Select, page: int, size: int) -> tuple[list, int, int]:
    """The rows of page `page` of `stmt` (an ordered select of entities), with the page shown and how many there
    are. A page past the end shows the last one, as the pager says; at least one page, even empty."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    return list(db.session.scalars(stmt.limit(size).offset((page - 1) * size))), page, pages
