"""Record staff decisions in the caller's transaction, and read them back."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..paging import paged
from .models import AuditEntry

SYSTEM = "system"
PAGE_SIZE = 50

# What each action is called on the audit log's pages; an action not named here shows its code.
ACTIONS = {}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def record(actor, action: str, subject_type: str, subject_id: int, reason: str = "", **details) -> AuditEntry:
    """Add one entry to the caller's transaction (it commits with the decision, or not at all).

    `actor` is a user (anything with `id` and `email`) or None for the system (a job applying thresholds).
    """
    entry = AuditEntry(actor_id=getattr(actor, "id", None), actor=getattr(actor, "email", SYSTEM), action=action,
                       subject_type=subject_type, subject_id=subject_id, reason=reason, details=details)
    db.session.add(entry)
    return entry


def entries(page: int = 1, subject_type: str | None = None, subject_id: int | None = None) -> tuple[list[AuditEntry], int]:
    """A page of entries, newest first, optionally about one subject; and how many pages there are."""
    where = True
    if subject_type:
        where = AuditEntry.subject_type == subject_type
        if subject_id is not None:
            where = where & (AuditEntry.subject_id == subject_id)
    rows, _page, pages = paged(select(AuditEntry).where(where).order_by(AuditEntry.id.desc()), page, PAGE_SIZE)
    return rows, pages
