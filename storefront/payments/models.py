"""What the storefront knows of payments (never a card number), and the sandbox PSP's own records."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, select
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

    @classmethod
    def for_intent(cls, intent_id: str) -> Payment | None:
        return db.session.scalar(select(cls).where(cls.intent == intent_id)) if intent_id else None

    def advance(self, status: str) -> None:
        """Take `status` if it is further along: a late or repeated event never moves a payment back."""
        if RANK.get(status, -1) > RANK.get(self.status, -1):
            self.status = status


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
