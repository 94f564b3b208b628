"""Rescore a seller once an inspection of its units commits: a commit that wrote or removed Inspection rows
queues one `recompute_quality(seller_ids)` job; a rollback queues nothing. The periodic job
(`recompute_all_quality`) catches everything else (orders accepted, shipped, cancelled; the window moving)."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..queue import enqueue
from .models import Inspection

KEY = "quality_sellers_touched"
JOB = "recompute_quality"


def _after_flush(session: Session, _context) -> None:
    for objects in (session.new, session.dirty, session.deleted):
        for obj in objects:
            if isinstance(obj, Inspection) and obj.seller_id is not None:
                session.info.setdefault(KEY, set()).add(obj.seller_id)


def _after_commit(session: Session) -> None:
    sellers = session.info.pop(KEY, None)
    if sellers:
        enqueue(JOB, sorted(sellers))


def _after_soft_rollback(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(KEY, None)


LISTENERS = (("after_flush", _after_flush), ("after_commit", _after_commit), ("after_soft_rollback", _after_soft_rollback))


def init_app(app: Flask) -> None:
    for name, listener in LISTENERS:  # session events are global: register once per process
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
