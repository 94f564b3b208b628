"""Carts: one per shopper and storefront; guests' carts are found through their session."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Cart(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(5))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=datetime.utcnow, onupdate=datetime.utcnow)

    lines: Mapped[list[CartLine]] = relationship(back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id")


class CartLine(db.Model):
    __table_args__ = (UniqueConstraint("cart_id", "offer_id"), CheckConstraint("quantity BETWEEN 1 AND 5", name="quantity"))
    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    protection: Mapped[bool] = mapped_column(default=False)  # never pre-ticked
    seen_price: Mapped[int]  # the unit price the shopper saw when adding: we say so when it changes

    cart: Mapped[Cart] = relationship(back_populates="lines")
