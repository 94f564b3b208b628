"""One row per staff decision. Rows are only ever added."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=datetime.utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: the system (a job)
    actor: Mapped[str] = mapped_column(String(254))  # the actor's e-mail then, kept if the account goes
    action: Mapped[str] = mapped_column(String(60))  # e.g. "seller.suspend", "application.approve"
    subject_type: Mapped[str] = mapped_column(String(40))  # "seller", "offer", "application" …
    subject_id: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")  # the statement of reasons, as the subject was told
    details: Mapped[dict] = mapped_column(JSON, default=dict)
