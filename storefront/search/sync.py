"""Keep the search index in step with the catalog: re-index products changed by a commit."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..catalog.models import Product, Variant
from . import services

KEY = "search_changed_products"


def _collect(session: Session, _context, _instances) -> None:
    changed = session.info.setdefault(KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Product) and obj.id is not None:
            changed.add(obj.id)
        elif isinstance(obj, Variant) and obj.product_id is not None:
            changed.add(obj.product_id)


def _after_flush(session: Session, _context) -> None:
    changed = session.info.setdefault(KEY, set())
    for obj in session.new:  # new products got their ids in this flush
        if isinstance(obj, Product):
            changed.add(obj.id)


def _after_commit(session: Session) -> None:
    changed = session.info.pop(KEY, set())
    if changed:
        services.products_changed(changed)


def _after_soft_rollback(session: Session, _transaction) -> None:
    session.info.pop(KEY, None)


LISTENERS = (("before_flush", _collect), ("after_flush", _after_flush), ("after_commit", _after_commit),
             ("after_soft_rollback", _after_soft_rollback))


def init_app(app: Flask) -> None:
    for name, listener in LISTENERS:  # session events are global: register once per process
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
