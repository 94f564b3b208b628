"""A refurbisher's side of an order: accept or refuse each line in time, ship parcels with each unit's
IMEI or serial, cancel before shipping. A cancelled line gives the shopper back its share, to the cent.

Every change starts by locking the seller order (one UPDATE on its row), so two clicks, two tabs or the
expiry job never act on the same lines at once; each line moves on with a conditional UPDATE from the state
the action expects, and anything else is refused with a `Conflict` that says why.

Money: `SellerOrder.amount` stays what the shopper paid for the part; a cancelled line moves its share into
`refunded` (devices + protection + their share of tax; the rest of the part, delivery and fee included, once
no line of it is left) and takes its commission out, so `commission + payout + refunded = amount` holds and
Σ amounts of an order = its total = what was captured = kept + refunded. The refund itself is a `Refund`
row written with the cancellation and sent to the provider after the commit under the line's own
idempotency key: a crash between the provider's answer and our record is retried without paying twice.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import mail
from ..extensions import db
from ..i18n.translate import lazy_gettext as _l
from ..offers.models import Offer
from ..payments.provider import PaymentError, provider
from ..safety import luhn_ok
from . import carriers, emails
from .labels import SELLER_REASONS
from .models import Order, OrderLine, Parcel, Refund, SellerOrder, Unit
from .money import shares

log = logging.getLogger(__name__)
PAGE_SIZE = 20
URGENT = timedelta(hours=4)  # less time left than this to accept: shown in red
# Filters of the seller's list → the seller order statuses they show.
STATES = {
    "to_accept": ("awaiting_acceptance",),
    "to_ship": ("accepted",),
    "shipped": ("shipped", "delivered", "returned"),
    "cancelled": ("cancelled",),
}
TRACKING = re.compile(r"[A-Z0-9-]{6,40}")
SERIAL = re.compile(r"[A-Z0-9-]{6,40}")
OPEN = ("awaiting_acceptance", "accepted", "shipped")


class Conflict(Exception):
    """The action no longer applies (accepted twice, shipped after a refusal, too late…); `message` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ShipInputError(ValueError):
    """What the seller typed to ship a parcel: `errors` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors


class ReasonError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def fault(step: str) -> None:
    """A seam for fault-injection tests: they make it raise at a given step of a refund."""


def now() -> datetime:
    return datetime.utcnow()


def accept_hours() -> timedelta:
    return timedelta(hours=current_app.config["SELLER_ACCEPT_HOURS"])


def deadline(seller_order: SellerOrder) -> datetime:
    """When the lines still to accept are cancelled (the clock starts when the order is placed)."""
    return seller_order.order.created_at + accept_hours()


def time_left(seller_order: SellerOrder, at: datetime | None = None) -> timedelta:
    return max(deadline(seller_order) - (at or now()), timedelta(0))


def urgent(seller_order: SellerOrder, at: datetime | None = None) -> bool:
    return time_left(seller_order, at) < URGENT


def _paid():
    return SellerOrder.order.has(Order.payment_status == "captured")


@dataclass
class Page:
    seller_orders: list[SellerOrder]
    page: int
    pages: int
    counts: dict[str, int]  # per filter of STATES


def page_of(seller_id: int | None, state: str | None, page: int) -> Page:
    """One page of the seller's paid seller orders in `state` (a key of STATES; None: all), the ones to accept
    first by deadline, then the newest; with how many there are in each state."""
    if seller_id is None:
        return Page([], 1, 1, dict.fromkeys(STATES, 0))
    mine = (SellerOrder.seller_id == seller_id) & _paid()
    by_status = dict(db.session.execute(select(SellerOrder.status, func.count()).where(mine).group_by(SellerOrder.status)).all())
    counts = {name: sum(by_status.get(s, 0) for s in statuses) for name, statuses in STATES.items()}
    where = mine & SellerOrder.status.in_(STATES[state]) if state in STATES else mine
    total = db.session.scalar(select(func.count()).select_from(SellerOrder).where(where))
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    stmt = (select(SellerOrder).join(Order, Order.id == SellerOrder.order_id).where(where)
            .options(selectinload(SellerOrder.lines), selectinload(SellerOrder.order))
            .order_by((SellerOrder.status == "awaiting_acceptance").desc(), Order.created_at.desc(), SellerOrder.id.desc())
            .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    rows = list(db.session.scalars(stmt))
    return Page(rows, page, pages, counts)


def seller_order_for(seller_id: int | None, seller_order_id: int) -> SellerOrder | None:
    """One of the seller's paid seller orders, with its lines, units and parcels; None for anyone else's."""
    if seller_id is None:
        return None
    return db.session.scalar(
        select(SellerOrder).where((SellerOrder.id == seller_order_id) & (SellerOrder.seller_id == seller_id) & _paid())
        .options(selectinload(SellerOrder.lines).selectinload(OrderLine.units),
                 selectinload(SellerOrder.parcels).selectinload(Parcel.units)))


def _locked(seller_id: int | None, seller_order_id: int) -> SellerOrder | None:
    """The seller order, its row locked until the commit (it waits for another action on it), read afresh."""
    if seller_id is None:
        return None
    locked = db.session.execute(
        update(SellerOrder).where((SellerOrder.id == seller_order_id) & (SellerOrder.seller_id == seller_id) & _paid())
        .values(status=SellerOrder.status).execution_options(synchronize_session=False)).rowcount
    if locked != 1:
        db.session.rollback()
        return None
    seller_order = db.session.get(SellerOrder, seller_order_id, populate_existing=True)
    db.session.scalars(select(OrderLine).where(OrderLine.seller_order_id == seller_order_id)
                       .execution_options(populate_existing=True)).all()
    return seller_order


def _line(seller_order: SellerOrder, line_id: int) -> OrderLine | None:
    return next((line for line in seller_order.lines if line.id == line_id), None)


def _move_line(line: OrderLine, expected: str, **values) -> None:
    """Move one line on from `expected` in one conditional UPDATE; Conflict if it had moved already."""
    moved = db.session.execute(update(OrderLine).where((OrderLine.id == line.id) & (OrderLine.status == expected))
                               .values(**values).execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        db.session.rollback()
        raise Conflict(_already(line))
    db.session.refresh(line)


def _already(line: OrderLine):
    return {
        "accepted": _l("This line was accepted already."),
        "shipped": _l("This line was shipped already."),
        "refused": _l("This line was refused already: it can't ship and its money went back to the shopper."),
        "expired": _l("This line was cancelled because it wasn't accepted in time."),
        "cancelled": _l("This line was cancelled already."),
    }.get(line.status, _l("This line can't do that now."))


def status_of(lines: list[OrderLine]) -> str:
    """A seller order's status from its lines: the least advanced open line; cancelled once none is open."""
    open_statuses = {line.status for line in lines if line.status in OPEN}
    for status in OPEN:
        if status in open_statuses:
            return status
    return "cancelled"


def _missing(seller_order, line):
    return seller_order is None or line is None


class Missing(LookupError):
    """No such seller order or line for this seller."""


def accept(seller_id: int | None, seller_order_id: int, line_id: int) -> OrderLine:
    """The seller will ship this line. Conflict if it was accepted, refused or expired already."""
    seller_order = _locked(seller_id, seller_order_id)
    line = _line(seller_order, line_id) if seller_order else None
    if _missing(seller_order, line):
        raise Missing(line_id)
    if line.status == "awaiting_acceptance" and now() >= deadline(seller_order):
        db.session.rollback()
        raise Conflict(_l("Too late: the %(hours)s hours to accept this line are over, so it is being cancelled.",
                          hours=int(current_app.config["SELLER_ACCEPT_HOURS"])))
    _move_line(line, "awaiting_acceptance", status="accepted", accepted_at=now())
    seller_order.status = status_of(seller_order.lines)
    db.session.commit()
    return line


def parse_reason(reason: str, note: str) -> tuple[str, str]:
    """A refusal's or cancellation's reason (a key of SELLER_REASONS) and, for "other", the seller's words."""
    note = " ".join((note or "").split())[:300]
    if reason not in SELLER_REASONS:
        raise ReasonError(_l("Pick a reason: the shopper is told why."))
    if reason == "other" and not note:
        raise ReasonError(_l("Say in a few words why: the shopper is told."))
    return reason, note if reason == "other" else ""


def refuse(seller_id: int | None, seller_order_id: int, line_id: int, reason: str, note: str = "") -> Refund:
    """The seller will not ship this line: it is cancelled, its stock goes back, the shopper is refunded."""
    reason, note = parse_reason(reason, note)
    return _cancel(seller_id, seller_order_id, line_id, expected="awaiting_acceptance", status="refused",
                   by="seller", reason=reason, note=note)


def cancel(seller_id: int | None, seller_order_id: int, line_id: int, reason: str, note: str = "") -> Refund:
    """The seller cancels a line it accepted but has not shipped: as a refusal, counted as a cancellation."""
    reason, note = parse_reason(reason, note)
    return _cancel(seller_id, seller_order_id, line_id, expected="accepted", status="cancelled",
                   by="seller", reason=reason, note=note)


def _cancel(seller_id, seller_order_id, line_id, expected, status, by, reason, note) -> Refund:
    seller_order = _locked(seller_id, seller_order_id)
    line = _line(seller_order, line_id) if seller_order else None
    if _missing(seller_order, line):
        raise Missing(line_id)
    at = now()
    _move_line(line, expected, status=status, cancelled_at=at, cancelled_by=by, cancel_reason=reason, cancel_note=note,
               **({"refused_at": at} if status == "refused" else {}))
    refund = _take_back(seller_order, line)
    db.session.commit()
    after_cancel(refund.id)
    return refund


def _take_back(seller_order: SellerOrder, line: OrderLine, restock: bool = True) -> Refund:
    """Undo the sale of a line that was just cancelled (or returned): its units back in stock (a returned unit
    goes back to the seller, who lists it again or not), its commission out, its share of the money to refund
    (in the caller's transaction)."""
    if restock:
        db.session.execute(update(Offer).where(Offer.id == line.offer_id).values(stock=Offer.stock + line.quantity))
    amount = give_back(seller_order, line)
    seller_order.status = status_of(seller_order.lines)
    refund = Refund(order_id=seller_order.order_id, seller_order_id=seller_order.id, line_id=line.id, amount=amount,
                    idempotency_key=f"order-line-{line.id}")
    db.session.add(refund)
    db.session.flush()
    return refund


def refund_returned(seller_order_id: int, line_ids: list[int]) -> list[Refund]:
    """A return accepted (care/returns.py): each delivered line moves from shipped to returned and gives its share
    back through the cancellation's path, without going back to stock; the seller order stays delivered while a
    line of it is kept, and is returned once none is. In the caller's transaction (it commits, then calls
    `send_refund` for each). Conflict if a line is no longer shipped."""
    locked = db.session.execute(update(SellerOrder).where(SellerOrder.id == seller_order_id)
                                .values(status=SellerOrder.status).execution_options(synchronize_session=False)).rowcount
    if locked != 1:
        raise Missing(seller_order_id)
    seller_order = db.session.get(SellerOrder, seller_order_id, populate_existing=True)
    db.session.scalars(select(OrderLine).where(OrderLine.seller_order_id == seller_order_id)
                       .execution_options(populate_existing=True)).all()
    refunds = []
    for line_id in line_ids:
        line = _line(seller_order, line_id)
        if line is None:
            raise Missing(line_id)
        _move_line(line, "shipped", status="returned")
        refunds.append(_take_back(seller_order, line, restock=False))
    seller_order.status = "delivered" if any(line.open for line in seller_order.lines) else "returned"
    return refunds


def give_back(seller_order: SellerOrder, line: OrderLine) -> int:
    """The arithmetic of undoing a line's sale (no database): its share moves to `refunded`, its commission
    out, the payout is what is left; the amount to refund."""
    amount = refund_amount(seller_order, line)
    seller_order.refunded += amount
    seller_order.commission -= line.commission
    seller_order.payout = seller_order.amount - seller_order.commission - seller_order.refunded
    return amount


def refund_amount(seller_order: SellerOrder, line: OrderLine) -> int:
    """What a line just cancelled gives back: its devices, protection and share of the part's tax; and
    everything left of the part (delivery, fee, rounding) when no line of it is left to sell."""
    if not any(other.open for other in seller_order.lines):
        return seller_order.amount - seller_order.refunded
    taxes = shares(seller_order.tax, [other.items + other.protection for other in seller_order.lines])
    index = [other.id for other in seller_order.lines].index(line.id)
    return line.items + line.protection + taxes[index]


def after_cancel(refund_id: int) -> None:
    """After a cancellation commits: refund now (a failure is left to the sweep) and tell the shopper."""
    try:
        send_refund(refund_id)
    except Exception:
        db.session.rollback()
        log.exception("refund %s: not sent now, retried by the sweep", refund_id)
    refund = db.session.get(Refund, refund_id)
    _mail_cancelled(refund)


def send_refund(refund_id: int) -> bool:
    """Give a recorded refund back through the provider, once: its idempotency key makes a repeat after a
    crash return the first refund. True once done; a refusal by the provider marks it for an operator."""
    refund = db.session.get(Refund, refund_id)
    if refund is None or refund.status != "pending":
        return True
    intent = db.session.scalar(select(Order.payment_intent).where(Order.id == refund.order_id))
    fault("refund")
    try:
        refunded = provider().refund(intent, refund.amount, refund.idempotency_key)
    except PaymentError as error:
        log.error("refund %s of order %s: refused by the provider: %s", refund.id, refund.order_id, error)
        db.session.execute(update(Refund).where((Refund.id == refund_id) & (Refund.status == "pending")).values(status="problem"))
        db.session.commit()
        return False
    fault("recorded")
    db.session.execute(update(Refund).where((Refund.id == refund_id) & (Refund.status == "pending"))
                       .values(status="done", provider_id=refunded.id, refunded_at=now()))
    db.session.commit()
    return True


def pending_refunds(older_than: timedelta, limit: int = 200) -> list[int]:
    """Refunds recorded but not sent after `older_than` (a crash or a provider outage after the commit)."""
    cutoff = now() - older_than
    return list(db.session.scalars(select(Refund.id).where((Refund.status == "pending") & (Refund.created_at < cutoff))
                                   .order_by(Refund.id).limit(limit)))


def overdue_lines(limit: int = 200) -> list[tuple[int, int, int]]:
    """(seller id, seller order id, line id) of paid lines still to accept after the limit."""
    cutoff = now() - accept_hours()
    return list(db.session.execute(
        select(SellerOrder.seller_id, SellerOrder.id, OrderLine.id)
        .join(SellerOrder, SellerOrder.id == OrderLine.seller_order_id).join(Order, Order.id == SellerOrder.order_id)
        .where((OrderLine.status == "awaiting_acceptance") & (Order.payment_status == "captured") & (Order.created_at < cutoff))
        .order_by(OrderLine.id).limit(limit)).all())


def expire(seller_id: int, seller_order_id: int, line_id: int) -> Refund | None:
    """Cancel a line not accepted in time (counted as expired); None if it moved meanwhile."""
    try:
        return _cancel(seller_id, seller_order_id, line_id, expected="awaiting_acceptance", status="expired",
                       by="timeout", reason="expired", note="")
    except (Conflict, Missing):
        return None


def ship(seller_id: int | None, seller_order_id: int, carrier: str, tracking: str, identifiers: dict[int, list[str]]) -> Parcel:
    """Send a parcel: the accepted lines whose units' IMEIs or serials are given (each unit of such a line
    needs one) go in it with the carrier and tracking number. ShipInputError names each bad field; Conflict
    when a line is not (or no longer) accepted."""
    seller_order = _locked(seller_id, seller_order_id)
    if seller_order is None:
        raise Missing(seller_order_id)
    errors = {}
    choices = dict(carrier_choices(seller_order))
    if carrier not in choices:
        errors["carrier"] = _l("Pick the carrier.")
    tracking = "".join((tracking or "").split()).upper()
    if not TRACKING.fullmatch(tracking):
        errors["tracking"] = _l("A tracking number has 6 to 40 letters, digits or dashes.")
    given = {line_id: values for line_id, values in identifiers.items() if any((v or "").strip() for v in values)}
    by_id = {line.id: line for line in seller_order.lines}
    for line_id in given:
        if line_id not in by_id:
            db.session.rollback()
            raise Missing(line_id)
        if by_id[line_id].status != "accepted":
            status = by_id[line_id].status
            db.session.rollback()
            raise Conflict(_l("Accept a line before you ship it.") if status == "awaiting_acceptance" else _already(by_id[line_id]))
    if not given:
        if not any(line.status == "accepted" for line in seller_order.lines):
            db.session.rollback()
            raise Conflict(_l("Nothing is left to ship in this order."))
        errors["units"] = _l("Type the IMEI or serial number of each device in this parcel.")
    units, seen = [], set()
    for line_id, values in given.items():
        line = by_id[line_id]
        for index in range(line.quantity):
            field = f"unit-{line_id}-{index}"
            raw = values[index] if index < len(values) else ""
            try:
                imei, serial = parse_unit(raw)
            except ValueError as error:
                errors[field] = error.args[0]
                continue
            if (imei or serial) in seen:
                errors[field] = _l("This number is typed twice: each device has its own.")
                continue
            seen.add(imei or serial)
            units.append((field, line, imei, serial))
    imeis = {imei: field for field, _line_, imei, _s in units if imei}
    if imeis:
        for shipped in db.session.scalars(select(Unit.imei).where(Unit.imei.in_(imeis))):
            errors[imeis[shipped]] = _l("A device with this IMEI was shipped already.")
    if errors:
        db.session.rollback()
        raise ShipInputError(errors)
    for line_id in given:
        _move_line(by_id[line_id], "accepted", status="shipped")
    parcel = Parcel(seller_order_id=seller_order.id, carrier=carrier, tracking=tracking, shipped_at=now())
    db.session.add(parcel)
    for _field, line, imei, serial in units:
        parcel.units.append(Unit(line_id=line.id, imei=imei, serial=serial))
    seller_order.status = status_of(seller_order.lines)
    try:
        db.session.commit()
    except IntegrityError:  # the same IMEI shipped by someone else at this very moment
        db.session.rollback()
        raise ShipInputError({field: _l("A device with this IMEI was shipped already.") for field, *_ in units}) from None
    _mail_shipped(parcel)
    return parcel


def carrier_choices(seller_order: SellerOrder) -> list[tuple[str, str]]:
    """The carriers a parcel of this seller order may go with (the storefront's country's, and "other")."""
    return carriers.choices(current_app.extensions["markets"][seller_order.order.market].country)


def parse_unit(text: str) -> tuple[str | None, str | None]:
    """(IMEI, None) for 15 digits with a valid check digit, (None, serial) for 6–40 letters, digits or dashes;
    ValueError with the message otherwise."""
    value = "".join((text or "").split()).upper()
    if value.isascii() and value.isdigit():
        if len(value) == 15 and luhn_ok(value):
            return value, None
        raise ValueError(_l("An IMEI has 15 digits and the last one checks the others: dial *#06# on the device to read it."))
    if SERIAL.fullmatch(value):
        return None, value
    raise ValueError(_l("Type the IMEI (15 digits) or the serial number (6 to 40 letters, digits or dashes)."))


def _market(order: Order):
    return current_app.extensions["markets"][order.market]


def _mail_shipped(parcel: Parcel) -> None:
    order = parcel.seller_order.order
    mail.send(order.email, *emails.shipped(order, parcel, _market(order)))  # written in the order's storefront


def _mail_cancelled(refund: Refund) -> None:
    order = db.session.get(Order, refund.order_id)
    mail.send(order.email, *emails.cancelled(order, db.session.get(OrderLine, refund.line_id), refund, _market(order)))
