"""The sandbox carrier's tracking: offline and deterministic, so the whole flow runs on one machine.

A parcel is delivered `transit_days` (config/commerce.toml [returns]) after it was sent, or at the end of its
seller order's promised window (`delivery_to`) when that comes first, never before it was sent. The hourly
job (`record_deliveries`) writes what the carrier says: the parcel's `delivered_at`, a line's once every
parcel holding its units is delivered, and a seller order moves to `delivered` once all its open lines are.
A real carrier's tracking would replace `delivered_at` here, behind the same function.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ..commerce import commerce
from ..extensions import db
from .models import OrderLine, Parcel, SellerOrder


def transit() -> timedelta:
    return timedelta(days=commerce()["returns"]["transit_days"])


def delivered_at(parcel: Parcel) -> datetime:
    """When the sandbox carrier delivers this parcel."""
    window_end = datetime.combine(parcel.seller_order.delivery_to, time(18))
    return max(parcel.shipped_at, min(parcel.shipped_at + transit(), window_end))


def record_deliveries(now: datetime, limit: int = 500) -> int:
    """Record every parcel delivered by `now` (the job's clock), its lines and seller orders; how many parcels."""
    parcels = list(db.session.scalars(
        select(Parcel).where(Parcel.delivered_at.is_(None) & (Parcel.shipped_at <= now))
        .options(selectinload(Parcel.seller_order).selectinload(SellerOrder.lines).selectinload(OrderLine.units))
        .order_by(Parcel.id).limit(limit)))
    done = 0
    for parcel in parcels:
        at = delivered_at(parcel)
        if at > now:
            continue
        # Conditional: a job running twice at once records a parcel once.
        if db.session.execute(update(Parcel).where((Parcel.id == parcel.id) & Parcel.delivered_at.is_(None))
                              .values(delivered_at=at).execution_options(synchronize_session=False)).rowcount != 1:
            continue
        parcel.delivered_at = at
        done += 1
        seller_order = parcel.seller_order
        for line in seller_order.lines:
            if line.status != "shipped" or line.delivered_at is not None or not line.units:
                continue
            times = [unit.parcel.delivered_at for unit in line.units]
            if len(line.units) == line.quantity and all(times):
                line.delivered_at = max(times)
        if seller_order.status == "shipped" and all(line.delivered_at for line in seller_order.lines if line.open):
            seller_order.status = "delivered"
        db.session.commit()
    return done
