"""What the storefront knows of payments (never a card number), and the sandbox PSP's own records."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

# Later states win; an event that would move a payment back (late or out of order) changes nothing.
RANK = {"requires_payment": 0, "requires_action": 1, "declined": 2, "authorized": 3, "voided": 4, "captured": 4, "refunded": 5}


class Payment(db.Model):
    """A payment intent as the storefront tracks it, moved forward by provider events."""

    id: Mapped[int] = mapped_column(primary_key=True)
    intent: Mapped[str] = mapped_column(String(40), unique=True)
    checkout_token: Mapped[str] = mapped_column(String(40), index=True)
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))  # requires_payment | authorized | captured | voided | refunded | declined
    card: Mapped[str] = mapped_column(String(40), default="")  # brand and last four digits only
    # The last change: an authorization left unused longer than ABANDONED_AUTHORIZATION_HOURS is voided.
    updated_at: Mapped[datetime] = mapped_column(default=datetime.utcnow, index=True)

    @classmethod
    def for_intent(cls, intent_id: str) -> Payment | None:
        return db.session.scalar(select(cls).where(cls.intent == intent_id)) if intent_id else None

    @classmethod
    def advance(cls, intent_id: str, status: str) -> bool:
        """Move the payment to `status` if that is further along, in one conditional UPDATE (no lost update
        between two writers); a late or repeated event never moves it back. True if it moved."""
        rank = RANK.get(status)
        if rank is None:
            return False
        behind = [name for name, r in RANK.items() if r < rank]
        moved = db.session.execute(update(cls).where((cls.intent == intent_id) & cls.status.in_(behind))
                                   .values(status=status, updated_at=datetime.utcnow()))
        return moved.rowcount == 1


class WebhookEvent(db.Model):
    """Provider events already handled: a duplicate delivery changes nothing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(60), unique=True)
    received_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)


class SandboxIntent(db.Model):
    """The sandbox PSP's side of a payment (stands in for the provider's own database)."""

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(60), unique=True)
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default="requires_payment")
    card: Mapped[str] = mapped_column(String(40), default="")
    return_url: Mapped[str] = mapped_column(String(500))
    history: Mapped[list] = mapped_column(JSON, default=list)  # the operations done, for tests and support
    refunded: Mapped[int] = mapped_column(default=0)  # Σ of its refunds: never more than the amount


class SandboxRefund(db.Model):
    """One partial refund the sandbox made, once per idempotency key."""

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    intent_id: Mapped[str] = mapped_column(ForeignKey("sandbox_intent.id"))
    idempotency_key: Mapped[str] = mapped_column(String(60), unique=True)
    amount: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
