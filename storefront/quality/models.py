"""An inspection: the operator's look at one unit a seller sold (a mystery order or a spot check)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

KINDS = ("mystery_order", "spot_check")


class Inspection(db.Model):
    __table_args__ = (
        CheckConstraint("kind IN ('mystery_order', 'spot_check')", name="kind"),
        CheckConstraint("grade_claimed IN ('premium', 'excellent', 'good', 'fair')", name="grade_claimed"),
        # "broken": the unit does not reach the lowest grade at all.
        CheckConstraint("grade_found IN ('premium', 'excellent', 'good', 'fair', 'broken')", name="grade_found"),
        CheckConstraint("battery_health IS NULL OR battery_health BETWEEN 0 AND 100", name="battery_health"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id"))  # the listing the unit was sold from
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_line.id"))  # a mystery order's line
    kind: Mapped[str] = mapped_column(String(16))
    device: Mapped[str] = mapped_column(String(200))  # model and variant as inspected
    identifier: Mapped[str] = mapped_column(String(40), default="")  # the unit's IMEI or serial
    grade_claimed: Mapped[str] = mapped_column(String(12))
    grade_found: Mapped[str] = mapped_column(String(12))
    battery_health: Mapped[int | None]  # percent of design capacity
    defects: Mapped[list] = mapped_column(JSON, default=list)  # codes of the defects found
    notes: Mapped[str] = mapped_column(Text, default="")
    # Each photo: {"stored": random file name, "name": as uploaded, "type": MIME type, "size", "sha256"}.
    photos: Mapped[list] = mapped_column(JSON, default=list)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    inspected_at: Mapped[datetime] = mapped_column(default=datetime.utcnow, index=True)
    # The recording form's one-time token: the same form sent twice records one inspection.
    token: Mapped[str | None] = mapped_column(String(32), unique=True)


class QualityScore(db.Model):
    """A seller's latest score on one metric over the rolling window (rewritten only when a value changes)."""

    __table_args__ = (UniqueConstraint("seller_id", "metric"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    metric: Mapped[str] = mapped_column(String(16))  # defects | cancellations | late | acceptance
    events: Mapped[float]  # weighted (defects); successes for acceptance
    n: Mapped[int]  # the sample: order lines (and inspections) the rate is over
    raw: Mapped[float | None]  # events / n; None without a sample
    smoothed: Mapped[float]
    forecast: Mapped[float]
    level: Mapped[str] = mapped_column(String(10))  # ok | warn | pause | suspend
    computed_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
