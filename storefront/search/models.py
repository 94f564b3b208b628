"""The search change log: which products' search documents changed, in the order the changes committed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SearchChange(db.Model):
    """A product whose search document changed (added, edited, removed), written in the transaction that
    changed it. Every node re-indexes the products of the rows after the last one its index applied."""

    # Ids are never reused (SQLite would reuse the highest after a delete): a node compares them with its own.
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int]  # no foreign key: a removed product's row tells the nodes to drop its document
    at: Mapped[datetime] = mapped_column(default=datetime.utcnow, index=True)
