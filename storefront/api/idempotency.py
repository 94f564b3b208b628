"""Idempotency keys on API writes: the same key and request get the first answer again, never a second write.

`begin()` claims the key in a transaction of its own (a unique row per seller and key), before the write: a
concurrent request with the same key meets the row and is told to retry, a later one gets the stored answer, a
different request under the same key is refused. Answers are kept API_IDEMPOTENCY_HOURS (a setting): a
seller's own expired keys go when it claims a new one, everyone's with the hourly job `prune()`. An answer
never stored (the first request died half-way) frees the key after PENDING_TIMEOUT.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import IdempotencyRecord

KEY_LENGTH = 255
PENDING_TIMEOUT = timedelta(minutes=2)


class InProgress(Exception):
    """A request with this key is still at work: 409, retry later."""


class Mismatch(Exception):
    """The key was used for another request: 422."""


@dataclass(frozen=True)
class Stored:
    status: int
    body: dict


def valid_key(key: str | None) -> bool:
    return bool(key) and len(key) <= KEY_LENGTH and key.isascii() and key.isprintable()


def fingerprint(method: str, path: str, payload) -> str:
    """The same for the same request, however its JSON was spaced or its keys ordered."""
    canonical = json.dumps([method, path, payload], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def retention() -> timedelta:
    return timedelta(hours=current_app.config["API_IDEMPOTENCY_HOURS"])


def prune() -> int:
    """Delete every seller's keys older than the retention (the job's work); commits. How many went."""
    pruned = db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < datetime.utcnow() - retention()))
    db.session.commit()
    return pruned.rowcount


def begin(seller_id: int, key: str, print_: str) -> int | Stored:
    """Claim `key` for a new write (the claim's id, to `finish`), or the Stored answer of the same request made
    before; InProgress or Mismatch otherwise."""
    now = datetime.utcnow()
    db.session.execute(delete(IdempotencyRecord).where(
        (IdempotencyRecord.seller_id == seller_id)
        & ((IdempotencyRecord.created_at < now - retention())
           | (IdempotencyRecord.status.is_(None) & (IdempotencyRecord.created_at < now - PENDING_TIMEOUT)))))
    record = IdempotencyRecord(seller_id=seller_id, key=key, fingerprint=print_, created_at=now)
    db.session.add(record)
    try:
        db.session.commit()
        return record.id
    except IntegrityError:
        db.session.rollback()
    found = db.session.scalar(select(IdempotencyRecord).where((IdempotencyRecord.seller_id == seller_id)
                                                              & (IdempotencyRecord.key == key)))
    if found is None:  # freed in the meantime: the caller may retry
        raise InProgress()
    if found.fingerprint != print_:
        raise Mismatch()
    if found.status is None:
        raise InProgress()
    return Stored(found.status, found.body)


def finish(claim: int, status: int, body: dict) -> None:
    """Keep the answer given to the request that claimed the key."""
    db.session.rollback()  # whatever the write left unflushed is not ours to commit
    db.session.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == claim).values(status=status, body=body))
    db.session.commit()


def abandon(claim: int) -> None:
    """Free the key of a request that failed on our side, so that a retry does the write."""
    db.session.rollback()
    db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == claim))
    db.session.commit()
