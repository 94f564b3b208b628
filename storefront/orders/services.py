"""Placing orders: the last unit sells once, the whole order commits at once, a retry returns the same order."""
from __future__ import annotations

import base64
import hashlib
import logging
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import mail
from ..cart.models import CartLine
from ..catalog.labels import variant_summary
from ..commerce import commerce
from ..extensions import db
from ..offers.models import Offer
from ..offers.shipping import delivery_window
from ..payments.provider import PaymentError, provider
from . import emails
from .labels import PAYMENT_PROBLEM, SHIPMENT_STATUSES
from .models import Order, OrderLine, Parcel, SellerOrder

log = logging.getLogger(__name__)


class SoldOut(Exception):
    """Another shopper bought the last unit first."""


def fault(step: str) -> None:
    """A seam for fault-injection tests: they make it raise at a given step of placing or settling an order."""


def order_number(checkout_token: str) -> str:
    digest = hashlib.sha256(checkout_token.encode()).digest()
    return "EC-" + base64.b32encode(digest)[:10].decode()


def exists_number(number: str) -> bool:
    return bool(db.session.scalar(select(exists().where(Order.number == number))))


def find_by_token(checkout_token: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.checkout_token == checkout_token))


def uses_intent(intent_id: str) -> bool:
    """Whether an order was placed with this payment (it must then never be voided)."""
    return bool(db.session.scalar(select(exists().where(Order.payment_intent == intent_id))))


def place(checkout, priced, totals, delivery, intent, market, user_id) -> tuple[Order, bool]:
    """Turn a checkout into an order in one transaction: (order, whether this call created it).

    Idempotent on the checkout token: a second call returns the first call's order.

    Stock is taken with one conditional UPDATE per offer (in offer order, so concurrent orders
    never deadlock): if any is short, nothing is written and SoldOut is raised. A last unit sold leaves
    the buy box through the refresh job the commit queues (offers.sync), not here.
    """
    existing = find_by_token(checkout.token)
    if existing is not None:
        return existing, False
    today = date.today()
    quantities = {line.offer_id: line.quantity for part in totals.parts for line in part.lines}
    priced = [p for p in priced if p.offer.id in quantities]
    try:
        for p in sorted(priced, key=lambda p: p.offer.id):
            fault("stock")
            quantity = quantities[p.offer.id]
            left = db.session.execute(  # the stock the database has left, not the session's copy
                update(Offer).where((Offer.id == p.offer.id) & (Offer.stock >= quantity))
                .values(stock=Offer.stock - quantity).returning(Offer.stock)
            ).scalar_one_or_none()
            if left is None:
                raise SoldOut(p.offer.id)
        fault("order")
        order = Order(
            number=order_number(checkout.token), checkout_token=checkout.token, market=market.code,
            currency=market.currency, user_id=user_id, email=checkout.email, address=checkout.address,
            items_total=totals.items, shipping_total=totals.shipping, protection_total=totals.protection,
            fee=totals.fee, tax=totals.tax, total=totals.total, payment_intent=intent.id,
            payment_status="authorized", cart_id=checkout.cart_id,
        )
        db.session.add(order)
        by_seller = {}
        for p in priced:
            by_seller.setdefault(p.seller.id, []).append(p)
        for part in totals.parts:
            fault("seller_order")
            lines = by_seller[part.seller_id]
            option = delivery[part.seller_id]
            window = delivery_window(option, today)
            seller_order = SellerOrder(
                seller_id=part.seller_id, seller_name=lines[0].seller.name, shipping_option=option["code"],
                delivery_from=window[0], delivery_to=window[1], items=part.items, shipping=part.shipping,
                protection=part.protection, tax=part.tax, fee=part.fee, amount=part.amount,
                commission=part.commission, payout=part.payout,
            )
            order.seller_orders.append(seller_order)
            for p, line, commission in zip(lines, part.lines, part.line_commissions, strict=True):
                fault("line")
                seller_order.lines.append(OrderLine(
                    offer_id=p.offer.id, sku=p.offer.sku, title=p.product.display_name,
                    variant=variant_summary(p.variant), grade=p.offer.grade, seller_name=p.seller.name,
                    quantity=line.quantity, unit_price=line.unit_price, protection_price=line.protection_price,
                    commission_bps=current_commission_bps(p.product.category.slug), commission=commission,
                ))
        fault("commit")
        db.session.flush()
        checkout.order_id = order.id
        db.session.commit()
    except SoldOut:
        db.session.rollback()
        raise
    except IntegrityError:
        # The same checkout placed concurrently: the other request won; return its order.
        db.session.rollback()
        existing = find_by_token(checkout.token)
        if existing is None:
            raise
        return existing, False
    except Exception:
        db.session.rollback()
        raise
    return order, True


def current_commission_bps(category: str) -> int:
    return commerce()["commission_bps"].get(category, 0)


def settle(order_id: int) -> bool:
    """Do what must follow a placed order, each step once however often this runs: capture the payment (a
    refusal flags the order "problem": the shopper is told and nothing ships), take the ordered lines out
    of the cart, send one e-mail. A step that fails raises; the next run (the shopper's retry, the job,
    the sweep) picks up where this one stopped. True once everything is done."""
    order = db.session.get(Order, order_id)
    if order is None or order.settled_at is not None:
        return True
    this = Order.id == order.id
    if order.payment_status == "authorized":
        fault("capture")
        try:
            provider().capture(order.payment_intent)
            outcome = "captured"
        except PaymentError as error:  # the provider refused (voided, expired): an operator must look
            log.error("order %s: capture refused: %s", order.number, error)
            outcome = "problem"
        db.session.execute(update(Order).where(this & (Order.payment_status == "authorized")).values(payment_status=outcome))
        db.session.commit()
    if order.cart_id is not None:
        fault("cart")
        offer_ids = [line.offer_id for seller_order in order.seller_orders for line in seller_order.lines]
        db.session.execute(delete(CartLine).where((CartLine.cart_id == order.cart_id) & CartLine.offer_id.in_(offer_ids)))
        db.session.execute(update(Order).where(this).values(cart_id=None))
        db.session.commit()
    if order.confirmation_sent_at is None:
        fault("email")
        # Claimed and sent in one transaction: a concurrent settle waits on the claim and finds it taken;
        # a failed send rolls the claim back for the next run.
        claimed = db.session.execute(update(Order).where(this & Order.confirmation_sent_at.is_(None))
                                     .values(confirmation_sent_at=datetime.utcnow())).rowcount
        if claimed and not send_confirmation(order):
            db.session.rollback()
            raise MailNotSent(order.number)
        db.session.commit()
    db.session.execute(update(Order).where(this).values(settled_at=datetime.utcnow()))
    db.session.commit()
    return True


class MailNotSent(RuntimeError):
    """The mail backend refused a message; the step is retried."""


def unsettled(older_than: timedelta, limit: int = 200) -> list[int]:
    """Orders whose follow-ups are not all done after `older_than` (a crash, a provider or mail outage)."""
    cutoff = datetime.utcnow() - older_than
    return list(db.session.scalars(select(Order.id).where(Order.settled_at.is_(None) & (Order.created_at < cutoff))
                                   .order_by(Order.id).limit(limit)))


def placed_at(order_id: int) -> datetime:
    return db.session.scalar(select(Order.created_at).where(Order.id == order_id))


def send_confirmation(order: Order) -> bool:
    """The order's one e-mail, in its storefront's language: the confirmation, or what to do when the
    payment could not be taken. Its Message-ID is the order's, so a resend is recognisably the same."""
    subject, body = emails.confirmation(order, current_app.extensions["markets"][order.market])
    # Sent here rather than queued for the send_mail job: settle() already runs as a job (retried with
    # backoff, and the sweep), and only a send that went through may record confirmation_sent_at; a queued
    # message would record it before anything was sent, and a lost job would lose the e-mail.
    return mail.send_now(order.email, subject, body, message_id=f"order-{order.number}")


def orders_of(user_id: int) -> list[Order]:
    """The user's orders, newest first, with their seller orders (each order's status reads them)."""
    stmt = (select(Order).options(selectinload(Order.seller_orders))
            .where(Order.user_id == user_id).order_by(Order.id.desc()))
    return list(db.session.scalars(stmt))


def order_for(number: str, user_id: int | None, allowed_token: str | None = None, linked: bool = False) -> Order | None:
    """An order its owner may see: the signed-in buyer's, the guest's who just placed it, or (`linked`) the one
    whose signed link this browser opened (orders/access.py). Else None."""
    order = db.session.scalar(
        select(Order).options(selectinload(Order.seller_orders).selectinload(SellerOrder.lines),
                              selectinload(Order.seller_orders).selectinload(SellerOrder.parcels).selectinload(Parcel.units))
        .where(Order.number == number))
    if order is None:
        return None
    if (user_id is not None and order.user_id == user_id) or (allowed_token and order.checkout_token == allowed_token) or linked:
        return order
    return None


def attach_user(order: Order, user_id: int) -> None:
    order.user_id = user_id
    db.session.commit()


def seller_orders(seller_id: int | None, limit: int = 100) -> list[SellerOrder]:
    """Newest seller orders of one seller, paid ones only (nothing ships before the capture); no seller (an
    account linked to none) has none."""
    if seller_id is None:
        return []
    paid = (SellerOrder.seller_id == seller_id) & SellerOrder.order.has(Order.payment_status == "captured")
    return list(db.session.scalars(_newest_seller_orders(limit).where(paid)))


def seller_orders_all(limit: int = 100) -> list[SellerOrder]:
    """Newest seller orders of every seller, payment problems included (the operator's view)."""
    return list(db.session.scalars(_newest_seller_orders(limit)))


def _newest_seller_orders(limit: int):
    return (select(SellerOrder).options(selectinload(SellerOrder.lines), joinedload(SellerOrder.order))
            .order_by(SellerOrder.id.desc()).limit(limit))


def order_status_label(order: Order) -> str:
    """The least advanced shipment's status names the order's status (a payment problem comes first)."""
    if order.payment_status == "problem":
        return str(PAYMENT_PROBLEM)
    ranks = list(SHIPMENT_STATUSES)  # in the order a parcel goes through them
    status = min((so.status for so in order.seller_orders), key=ranks.index, default=ranks[0])
    return str(SHIPMENT_STATUSES[status])
