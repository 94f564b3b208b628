"""Users and their addresses."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

ROLES = ("customer", "seller", "marketing", "translator", "admin")


class User(UserMixin, db.Model):
    __table_args__ = (CheckConstraint("role IN ('customer', 'seller', 'marketing', 'translator', 'admin')", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default="customer")
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("seller.id"))
    # Bumped on password change and "log out everywhere": old sessions and remember cookies stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    addresses: Mapped[list["Address"]] = relationship(back_populates="user", order_by="Address.id")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active


class Address(db.Model):
    """A delivery address; `fields` holds the country's own fields (state, prefecture …)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    fields: Mapped[dict] = mapped_column(JSON)

    user: Mapped[User] = relationship(back_populates="addresses")
