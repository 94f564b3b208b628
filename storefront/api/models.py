"""API tokens (stored as hashes only) and the stored answers to writes made with an idempotency key."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ApiToken(db.Model):
    """A seller's API token: its name, the SHA-256 of its secret (the secret itself is shown once, never stored)."""

    __table_args__ = (UniqueConstraint("seller_id", "form_nonce"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    # The creation form's one-time value: the same form sent twice makes one token.
    form_nonce: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))  # who made it; it acts as them
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))  # the secret's first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class IdempotencyRecord(db.Model):
    """One write made with an `Idempotency-Key`: the request's fingerprint and, once done, the answer given.

    Unique per seller and key: a second request with the key finds the row (and waits for the first's commit)
    instead of writing again. `status` is None while the first request is still at work."""

    __table_args__ = (UniqueConstraint("seller_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the method, path and body
    status: Mapped[int | None]
    body: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow, index=True)
