"""Keep every node's search index in step with the catalog, through a change log in the database.

A transaction that adds, edits or removes products or variants also writes one `SearchChange` row per
product, in the same flush: the log commits, or rolls back, with the change. The process that committed
re-indexes those products at once (after the commit); every node, that one included, applies the rows
it has not seen to its own index before a search (`services.follow`).

A node keeps the last id it applied, so ids must become visible in increasing order: a change with id 10
committed after one with id 11 was applied would never be. SQLite has one writer at a time, so they do.
On PostgreSQL two transactions draw ids from the sequence at once and may commit the other way round, so
a transaction about to write products first takes a transaction-scoped advisory lock: transactions that
change products run one after another from their first product write to their commit. Product edits are
rare (prices and stock are offers), so the wait costs nothing a shopper sees.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from ..catalog.models import Product, Variant
from . import services
from .models import SearchChange

KEY = "search_changed_products"
LOCK = 0x5EA2C4  # the advisory lock's key: any number no other part of the app locks on


def _before_flush(session: Session, _context, _instances) -> None:
    if any(isinstance(obj, (Product, Variant)) for obj in (*session.new, *session.dirty, *session.deleted)):
        connection = session.connection()
        if connection.dialect.name == "postgresql":  # held until this transaction ends (re-taking it is a no-op wait)
            connection.execute(select(func.pg_advisory_xact_lock(LOCK)))


def _after_flush(session: Session, _context) -> None:
    """Log the products this flush changed; new ones have their ids now (the lists still hold the flush's objects)."""
    changed = set()
    modified = [obj for obj in session.dirty if session.is_modified(obj)]  # not an attribute set to the value it had
    for obj in (*session.new, *modified, *session.deleted):
        if isinstance(obj, Product) and obj.id is not None:
            changed.add(obj.id)
        elif isinstance(obj, Variant) and obj.product_id is not None:
            changed.add(obj.product_id)
    if changed:
        session.connection().execute(insert(SearchChange), [{"product_id": pid} for pid in sorted(changed)])
        session.info.setdefault(KEY, set()).update(changed)


def _after_commit(session: Session) -> None:
    changed = session.info.pop(KEY, set())
    if changed:
        services.products_changed(changed)


def _after_soft_rollback(session: Session, _transaction) -> None:
    session.info.pop(KEY, None)


LISTENERS = (("before_flush", _before_flush), ("after_flush", _after_flush), ("after_commit", _after_commit),
             ("after_soft_rollback", _after_soft_rollback))


def init_app(app: Flask) -> None:
    for name, listener in LISTENERS:  # session events are global: register once per process
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
    services.init_app(app)
