"""Placing orders: the last unit sells once, the whole order commits at once, a retry returns the same order."""
from __future__ import annotations

import base64
import hashlib
import logging
from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale, gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import mail
from ..cart.services import commerce
from ..catalog.templating import variant_summary
from ..extensions import db
from ..offers import buybox
from ..offers.models import Offer
from ..offers.shipping import delivery_window
from .labels import SHIPMENT_STATUSES
from .models import Order, OrderLine, SellerOrder

log = logging.getLogger(__name__)


class SoldOut(Exception):
    """Another shopper bought the last unit first."""


def fault(step: str) -> None:
    """A seam for fault-injection tests: they make it raise at a given step of placing an order."""


def order_number(checkout_token: str) -> str:
    digest = hashlib.sha256(checkout_token.encode()).digest()
    return "EC-" + base64.b32encode(digest)[:10].decode()


def find_by_token(checkout_token: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.checkout_token == checkout_token))


def place(checkout, priced, totals, delivery, intent, market, user_id) -> tuple[Order, bool]:
    """Turn a checkout into an order in one transaction: (order, whether this call created it).

    Idempotent on the checkout token: a second call returns the first call's order.

    Stock is taken with one conditional UPDATE per offer (in offer order, so concurrent orders
    never deadlock): if any is short, nothing is written and SoldOut is raised.
    """
    existing = find_by_token(checkout.token)
    if existing is not None:
        return existing, False
    today = date.today()
    quantities = {line.offer_id: line.quantity for part in totals.parts for line in part.lines}
    priced = [p for p in priced if p.offer.id in quantities]
    sold_out_products = set()
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
            if left == 0:
                sold_out_products.add(p.product.id)
        fault("order")
        order = Order(
            number=order_number(checkout.token), checkout_token=checkout.token, market=market.code,
            currency=market.currency, user_id=user_id, email=checkout.email, address=checkout.address,
            items_total=totals.items, shipping_total=totals.shipping, protection_total=totals.protection,
            fee=totals.fee, tax=totals.tax, total=totals.total, payment_intent=intent.id,
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
    if sold_out_products:
        buybox.refresh(current_app.extensions["markets"], sorted(sold_out_products))
        db.session.commit()
    return order, True


def current_commission_bps(category: str) -> int:
    return commerce()["commission_bps"].get(category, 0)


def send_confirmation(order: Order, market) -> None:
    """The order confirmation e-mail, in the storefront's language (failures are logged, not raised)."""
    with force_locale(market.locale):
        subject = _("Your order %(number)s is confirmed", number=order.number)
        body = render_template("orders/email/confirmation.txt", order=order, market=market)
    mail.send(order.email, subject, body)


def orders_of(user_id: int) -> list[Order]:
    """The user's orders, newest first, with their seller orders (each order's status reads them)."""
    stmt = (select(Order).options(selectinload(Order.seller_orders))
            .where(Order.user_id == user_id).order_by(Order.id.desc()))
    return list(db.session.scalars(stmt))


def order_for(number: str, user_id: int | None, allowed_token: str | None = None) -> Order | None:
    """An order its owner may see: the signed-in buyer's, or the guest's who just placed it. Else None."""
    order = db.session.scalar(
        select(Order).options(selectinload(Order.seller_orders).selectinload(SellerOrder.lines)).where(Order.number == number))
    if order is None:
        return None
    if (user_id is not None and order.user_id == user_id) or (allowed_token and order.checkout_token == allowed_token):
        return order
    return None


def attach_user(order: Order, user_id: int) -> None:
    order.user_id = user_id
    db.session.commit()


def seller_orders(seller_id: int | None, limit: int = 100) -> list[SellerOrder]:
    """Newest seller orders of one seller (None: all sellers)."""
    stmt = (select(SellerOrder).options(selectinload(SellerOrder.lines), joinedload(SellerOrder.order))
            .order_by(SellerOrder.id.desc()).limit(limit))
    if seller_id is not None:
        stmt = stmt.where(SellerOrder.seller_id == seller_id)
    return list(db.session.scalars(stmt))


def order_status_label(order: Order) -> str:
    """The least advanced shipment's status names the order's status."""
    ranks = list(SHIPMENT_STATUSES)  # in the order a parcel goes through them
    status = min((so.status for so in order.seller_orders), key=ranks.index, default=ranks[0])
    return str(SHIPMENT_STATUSES[status])
