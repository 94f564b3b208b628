"""A checkout in progress; its token makes placing the order idempotent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Checkout(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    market: Mapped[str] = mapped_column(String(5))
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[dict] = mapped_column(JSON, default=dict)  # {"country": …, "fields": {…}}
    delivery: Mapped[dict] = mapped_column(JSON, default=dict)  # seller id (str) → shipping option code
    payment_intent: Mapped[str] = mapped_column(String(40), default="")
    order_id: Mapped[int | None] = mapped_column(ForeignKey("order.id"))
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
