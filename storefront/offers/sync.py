"""Keep the stored buy boxes in step with what they are computed from: a commit queues one refresh job.

Read from every flush, for the rows that can move a buy box: an offer's variant, seller, grade, warranty,
battery floor or status, or its stock crossing zero (`availability.sellable`: 3 → 2 changes nothing shown); a
price's amount, shipping or market; a seller's status or quality rates (all its offers' products); a
new-device price; the catalog columns BuyBoxEntry copies (variant and product). New and deleted rows
count. Bulk statements run through the session count too: an UPDATE or DELETE by the rows its WHERE
matches, read just before it runs (the checkout's conditional stock UPDATE: its offer's stock is read
again at commit, to see whether it crossed zero); an INSERT by its parameters.

When the transaction commits, ONE job `refresh_buy_boxes(product_ids)` is queued; a rollback queues
nothing. Past MAX_PRODUCTS the job is queued with None, "all products": a seller suspended with
thousands of offers rebuilds every buy box in one pass instead of binding thousands of ids. The job
writes BuyBoxEntry and BuyBoxVersion, which are no source here, so it never queues itself. A full
`buybox.refresh()` inside the transaction (the seed) covers everything flushed before it (`covered()`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from ..catalog.models import NewPrice, Product, Variant
from ..queue import enqueue
from ..sellers.models import Seller
from .models import Offer, OfferPrice

KEY = "buy_boxes_touched"
READY = "buy_boxes_to_refresh"
JOB = "refresh_buy_boxes"
MAX_PRODUCTS = 2000

# The columns each source feeds into a buy box (BuyBoxEntry copies the catalog's; pricing reads the rest).
WATCHED = {
    Offer: ("variant_id", "seller_id", "grade", "warranty_months", "battery_floor", "stock", "status"),
    OfferPrice: ("offer_id", "market", "amount", "shipping"),
    Seller: ("status", "defect_rate", "return_rate", "cancellation_rate", "on_time_rate"),
    NewPrice: ("product_id", "market", "storage_gb", "amount"),
    Variant: ("product_id", "storage_gb", "color_family", "color_hex", "keyboard"),
    Product: ("category_id", "brand_id", "release_year", "popularity"),
}


@dataclass
class Touched:
    """What a transaction touched so far, by the keys at hand; resolved to product ids at commit."""

    products: set = field(default_factory=set)
    variants: set = field(default_factory=set)
    offers: set = field(default_factory=set)
    sellers: set = field(default_factory=set)
    # Offers changed by a bulk UPDATE → their buy-box state before it (re-read at commit to compare).
    offers_before: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.products or self.variants or self.offers or self.sellers or self.offers_before)


def touched(session: Session) -> Touched:
    return session.info.setdefault(KEY, Touched())


def covered(session: Session) -> None:
    """A full refresh ran in this transaction: what was flushed before it needs no job."""
    session.info[KEY] = Touched()


def _offer_state():
    """An offer as the buy box sees it: the columns that matter, stock only as "in stock or not"."""
    return (Offer.id, Variant.product_id, Offer.variant_id, Offer.seller_id, Offer.grade, Offer.warranty_months,
            Offer.battery_floor, Offer.stock > 0, Offer.status)


def _changed(obj, names) -> set[str]:
    state = inspect(obj)
    changed = {name for name in names if state.attrs[name].history.has_changes()}
    if "stock" in changed:
        history = state.attrs["stock"].history
        if history.deleted and history.added and (history.deleted[0] > 0) == (history.added[0] > 0):
            changed.discard("stock")  # still in stock, or still out of it: no buy box moves
    return changed


def _note(into: Touched, obj, how: str) -> None:
    """Record one flushed object of a watched class (`how`: "new", "dirty" or "deleted")."""
    if how == "new" and isinstance(obj, (Seller, Variant, Product)):
        return  # nothing is on sale from it yet
    if how == "dirty" and not _changed(obj, WATCHED[type(obj)]):
        return
    attrs = inspect(obj).attrs

    def old_and_new(name):  # a row moved to another variant or product leaves a buy box behind too
        return (value for value in (*attrs[name].history.deleted, getattr(obj, name)) if value is not None)

    if isinstance(obj, Offer):
        into.variants.update(old_and_new("variant_id"))
    elif isinstance(obj, OfferPrice):
        into.offers.update(old_and_new("offer_id"))
    elif isinstance(obj, Seller):
        into.sellers.add(obj.id)
    elif isinstance(obj, (NewPrice, Variant)):
        into.products.update(old_and_new("product_id"))
    else:
        into.products.add(obj.id)


def _after_flush(session: Session, _context) -> None:
    # After the flush, new rows have their ids and keys; history and the new/deleted lists are still there.
    into = touched(session)
    for objects, how in ((session.new, "new"), (session.dirty, "dirty"), (session.deleted, "deleted")):
        for obj in objects:
            if type(obj) in WATCHED:
                _note(into, obj, how)


def _bulk_statement(state: ORMExecuteState) -> None:
    """Bulk INSERT/UPDATE/DELETE of a source: note its rows (read before an UPDATE or DELETE runs)."""
    if not (state.is_insert or state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    entity = state.bind_mapper.class_
    if entity not in WATCHED:
        return
    into = touched(state.session)
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    if state.is_insert:
        key = {Offer: "variant_id", OfferPrice: "offer_id", NewPrice: "product_id"}.get(entity)
        target = {"variant_id": into.variants, "offer_id": into.offers, "product_id": into.products}.get(key)
        if target is not None:
            target.update(row[key] for row in rows if row.get(key) is not None)
        return
    where = state.statement.whereclause
    if where is None and isinstance(state.parameters, list):  # an UPDATE by primary key, one row per parameter set
        where = entity.id.in_([row["id"] for row in rows])
    if entity is Offer and state.is_update:
        query = select(*_offer_state()).join(Variant, Variant.id == Offer.variant_id)
        for row in state.session.execute(query if where is None else query.where(where)):
            into.offers_before.setdefault(row[0], tuple(row))
        return
    query = {
        Offer: select(Variant.product_id).join(Offer, Offer.variant_id == Variant.id),
        OfferPrice: select(Variant.product_id).join(Offer, Offer.variant_id == Variant.id)
        .join(OfferPrice, OfferPrice.offer_id == Offer.id),
        Seller: select(Variant.product_id).join(Offer, Offer.variant_id == Variant.id)
        .join(Seller, Seller.id == Offer.seller_id),
        NewPrice: select(NewPrice.product_id),
        Variant: select(Variant.product_id),
        Product: select(Product.id),
    }[entity]
    into.products.update(state.session.scalars(query if where is None else query.where(where)))


def _product_ids(session: Session, into: Touched) -> set[int]:
    """Everything touched, as product ids (a few queries, in the committing transaction)."""
    products = set(into.products)
    if into.offers_before:
        now = {row[0]: tuple(row) for row in session.execute(
            select(*_offer_state()).join(Variant, Variant.id == Offer.variant_id)
            .where(Offer.id.in_(list(into.offers_before))))}
        for offer_id, before in into.offers_before.items():
            after = now.get(offer_id)
            if after != before:
                products.add(before[1])
                if after is not None:
                    products.add(after[1])
    offer_variants = select(Offer.variant_id)
    if into.offers:
        products.update(session.scalars(select(Variant.product_id).where(
            Variant.id.in_(offer_variants.where(Offer.id.in_(list(into.offers)))))))
    if into.sellers:
        products.update(session.scalars(select(Variant.product_id).where(
            Variant.id.in_(offer_variants.where(Offer.seller_id.in_(list(into.sellers)))))))
    if into.variants:
        products.update(session.scalars(select(Variant.product_id).where(Variant.id.in_(list(into.variants)))))
    return products


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the outer transaction may still roll back
        return
    session.flush()  # commit flushes after this event; what is still pending must be read now
    into = session.info.pop(KEY, None)
    if into:
        products = _product_ids(session, into)
        if products:
            session.info[READY] = None if len(products) > MAX_PRODUCTS else sorted(products)


def _after_commit(session: Session) -> None:
    if READY in session.info:
        enqueue(JOB, session.info.pop(READY))


def _after_soft_rollback(session: Session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction is gone (a savepoint's rows are kept: at worst one refresh too many)
        session.info.pop(KEY, None)
        session.info.pop(READY, None)


LISTENERS = (("after_flush", _after_flush), ("do_orm_execute", _bulk_statement), ("before_commit", _before_commit),
             ("after_commit", _after_commit), ("after_soft_rollback", _after_soft_rollback))


def init_app(app: Flask) -> None:
    for name, listener in LISTENERS:  # session events are global: register once per process
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
