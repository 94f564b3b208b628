"""Sellers: certified refurbishers and their quality record."""
from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

STATUSES = ("pending", "approved", "suspended")


class Seller(db.Model):
    __table_args__ = (CheckConstraint("status IN ('pending', 'approved', 'suspended')", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2))
    founded: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="pending")
    # Why the operator suspended (or reinstated) it: the statement of reasons shown to the seller.
    status_reason: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    markets: Mapped[list] = mapped_column(JSON, default=list)  # storefront codes it ships to
    tagline: Mapped[str] = mapped_column(String(200), default="")
    # Quality record over the last 90 days, as shares (0.021 = 2.1 %).
    defect_rate: Mapped[float]
    return_rate: Mapped[float]
    cancellation_rate: Mapped[float]
    on_time_rate: Mapped[float]
