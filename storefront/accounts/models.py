"""Users and their addresses."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

# Shoppers; refurbishers' staff; marketing (marketing_lead publishes); translators; the operator's care team,
# quality control and admins (admin passes every role check).
ROLES = ("customer", "seller", "marketing", "marketing_lead", "translator", "care", "quality", "admin")
STAFF_ROLES = ROLES[1:]


class User(UserMixin, db.Model):
    __table_args__ = (CheckConstraint("role IN (" + ", ".join(f"'{role}'" for role in ROLES) + ")", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default="customer")
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("seller.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # The language of staff pages (/seller, /admin …), which belong to no storefront: a profile setting.
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    addresses: Mapped[list[Address]] = relationship(back_populates="user", order_by="Address.id")

    # The token of the sign-in this instance acts for (not a column): set by services.start_session/user_for_session.
    session_token = None

    def get_id(self) -> str:
        """"id:token": what Flask-Login keeps in the session and remember cookies."""
        return f"{self.id}:{self.session_token or ''}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def short_name(self) -> str:
        """What the header calls the user: the first word of their name, else their e-mail before the @."""
        return (self.name.split() or [self.email.partition("@")[0]])[0]


class UserSession(db.Model):
    """One sign-in: its cookies carry the token, whose SHA-256 is stored; signing out deletes the row."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)


class PendingSignup(db.Model):
    """A sign-up waiting for its e-mailed link: the account is created only once the address is proven."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The guest order to attach once confirmed (sign-up from the checkout confirmation page), by its checkout token.
    order_token: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    expires_at: Mapped[datetime] = mapped_column()


class Address(db.Model):
    """A delivery address; `fields` holds the country's own fields (state, prefecture …)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    fields: Mapped[dict] = mapped_column(JSON)

    user: Mapped[User] = relationship(back_populates="addresses")
