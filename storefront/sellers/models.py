"""Sellers: certified refurbishers and their quality record."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
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
    # A notice of termination: the seller sells until this moment (UTC), then a job suspends it for good.
    terminates_at: Mapped[datetime | None]
    notice_reason: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    markets: Mapped[list] = mapped_column(JSON, default=list)  # storefront codes it ships to
    tagline: Mapped[str] = mapped_column(String(200), default="")
    # Quality record over the last 30 days, as shares (0.021 = 2.1 %): the smoothed rates the quality job
    # measures (storefront/quality), which the buy box reads. The return rate is not measured yet.
    defect_rate: Mapped[float]
    return_rate: Mapped[float]
    cancellation_rate: Mapped[float]
    on_time_rate: Mapped[float]
    # The worst level of its quality scores: ok | warn | pause (no new offers) | suspend.
    quality_level: Mapped[str] = mapped_column(String(10), default="ok", server_default="ok")

    @property
    def new_offers_paused(self) -> bool:
        """Its quality scores are past the pause threshold: it may not create offers until they are back under."""
        return self.quality_level in ("pause", "suspend")


APPLICATION_STATUSES = ("pending", "approved", "rejected")


class SellerApplication(db.Model):
    """A refurbisher asking to sell here, as it applied, and the operator's decision on it."""

    __table_args__ = (CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    # The storefront it applied from: its e-mails speak that storefront's language.
    market: Mapped[str] = mapped_column(String(8))
    company: Mapped[str] = mapped_column(String(120))
    registration: Mapped[str] = mapped_column(String(40))  # VAT or company registration number
    country: Mapped[str] = mapped_column(String(2))
    founded: Mapped[int]
    warehouse_address: Mapped[str] = mapped_column(Text)
    return_address: Mapped[str] = mapped_column(Text)
    markets: Mapped[list] = mapped_column(JSON, default=list)  # storefront codes it wants to ship to
    warranty_months: Mapped[int]
    certifications: Mapped[list] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    # Each uploaded file: {"stored": random file name, "name": as uploaded, "type": MIME type, "size", "sha256"}.
    documents: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    # The decision: who, when, and the statement of reasons sent to the applicant on a rejection.
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None]
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("seller.id"))  # the seller an approval created
