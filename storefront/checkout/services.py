"""Checkout steps: who and where, how each seller delivers, payment, then the order."""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from .. import queue
from ..accounts import addresses
from ..commerce import commerce
from ..extensions import db
from ..orders import money
from ..orders import services as orders
from ..orders.models import Order
from ..payments.models import Payment
from ..payments.provider import Intent, PaymentError, provider
from .models import Checkout

STEPS = ("address", "delivery", "payment", "review")
log = logging.getLogger(__name__)


def start(cart, market: str, user) -> Checkout:
    """A new checkout for the cart, pre-filled from the account when signed in."""
    checkout = Checkout(token=uuid.uuid4().hex, market=market, cart_id=cart.id, user_id=user.id if user else None,
                        email=user.email if user else "")
    if user:
        saved = next((a for a in user.addresses), None)
        if saved:
            checkout.address = {"country": saved.country, "fields": saved.fields}
    db.session.add(checkout)
    db.session.commit()
    return checkout


def get(token: str | None, market: str) -> Checkout | None:
    if not token:
        return None
    checkout = db.session.scalar(select(Checkout).where(Checkout.token == token))
    return checkout if checkout is not None and checkout.market == market else None


def follow_cart(old_cart_id: int, new_cart_id: int) -> None:
    """The guest's checkouts follow the lines into the account's cart (the guest cart is about to go)."""
    db.session.execute(update(Checkout).where(Checkout.cart_id == old_cart_id).values(cart_id=new_cart_id))


def set_address(checkout: Checkout, email: str, country: str, fields: dict) -> None:
    checkout.email = email
    checkout.address = {"country": country, "fields": fields}
    db.session.commit()


def delivery_options(priced) -> dict[int, list[dict]]:
    """Per seller, the shipping options every one of its lines offers (the seller ships them together)."""
    options: dict[int, list[dict]] = {}
    for p in priced:
        if p.seller.id not in options:
            options[p.seller.id] = p.shipping
        else:
            codes = {o["code"] for o in p.shipping}
            mine = {o["code"]: o for o in options[p.seller.id]}
            options[p.seller.id] = [
                {**o, "days_max": max(o["days_max"], mine[o["code"]]["days_max"])}
                for o in p.shipping if o["code"] in mine and o["code"] in codes
            ]
    return options


def set_delivery(checkout: Checkout, choices: dict[int, str], options: dict[int, list[dict]]) -> bool:
    """Store each seller's chosen option; False when a choice is missing or unknown."""
    clean = {}
    for seller_id, seller_options in options.items():
        code = choices.get(seller_id)
        if code not in {o["code"] for o in seller_options}:
            return False
        clean[str(seller_id)] = code
    checkout.delivery = clean
    db.session.commit()
    return True


def chosen_delivery(checkout: Checkout, options) -> dict[int, dict]:
    return {
        seller_id: next(o for o in seller_options if o["code"] == checkout.delivery.get(str(seller_id)))
        for seller_id, seller_options in options.items()
        if checkout.delivery.get(str(seller_id)) in {o["code"] for o in seller_options}
    }


@dataclass
class Summary:
    totals: money.Totals
    tax_rate: Decimal  # percent; US sales tax only
    options: dict[int, list[dict]]  # per seller, the shipping options (see delivery_options)
    delivery: dict[int, dict]  # per seller, the option chosen
    line_items: dict[int, int]  # per offer in the cart, what its devices cost (unit price × quantity)
    tax_known: bool = True  # False while US sales tax waits for the address's state

    @property
    def tax_share(self) -> float:
        """The sales tax rate as a share (0.0625 for 6.25 %), as the `share` filter prints it."""
        return float(self.tax_rate / 100)


def summarise(checkout: Checkout, priced, market) -> Summary:
    """Totals in the storefront's currency: items, plans, delivery per seller, fee, sales tax (US)."""
    rules = commerce()
    options = delivery_options(priced)
    delivery = chosen_delivery(checkout, options)
    shipping = {seller_id: option["price"] for seller_id, option in delivery.items()}
    tax_rate, tax_known = Decimal(0), True
    if market.tax_display == "plus_sales_tax":
        state = checkout.address.get("fields", {}).get("region", "")
        tax_rate, tax_known = Decimal(rules["us_sales_tax"].get(state, "0")), bool(state)
    lines = [
        money.Line(p.offer.id, p.seller.id, p.product.category.slug, p.quantity,
                   p.price, p.protection_price if p.line.protection else 0)
        for p in priced if p.available
    ]
    fee = rules.get("buyer_fee", {}).get(market.code, 0)
    totals = money.compute(lines, shipping, tax_rate, fee, rules["commission_bps"])
    # A line sold out meanwhile (shown on the sold-out page) gets what is left of it: nothing, at no price.
    line_items = {p.offer.id: (p.price or 0) * p.quantity for p in priced}
    return Summary(totals, tax_rate, options, delivery, line_items, tax_known)


def completed(checkout: Checkout, payment: Payment | None, summary: Summary) -> list[str]:
    """The steps done, in order; a step counts only when every step before it is done."""
    done = []
    _, errors = addresses.validate(checkout.address.get("country", ""), checkout.address.get("fields", {}))
    if checkout.email and checkout.address and not errors:
        done.append("address")
    else:
        return done
    if len(summary.delivery) == len(summary.options):
        done.append("delivery")
    else:
        return done
    # Captured counts too: a concurrent submit of the same checkout may have placed the order meanwhile.
    if payment is not None and payment.status in ("authorized", "captured") and payment.amount == summary.totals.total:
        done.append("payment")
    return done


def payment_of(checkout: Checkout) -> Payment | None:
    return Payment.for_intent(checkout.payment_intent)


def record_intent(checkout: Checkout, intent: Intent) -> Payment:
    """Remember the provider's intent for this checkout (no card data: brand and last four only)."""
    payment = Payment.for_intent(intent.id)
    if payment is None:
        payment = Payment(intent=intent.id, checkout_token=checkout.token, amount=intent.amount,
                          currency=intent.currency, status=intent.status, card=intent.card)
        db.session.add(payment)
    else:
        Payment.advance(intent.id, intent.status)
        payment.card = intent.card or payment.card
    checkout.payment_intent = intent.id
    db.session.commit()
    return payment


def confirmed_authorization(checkout: Checkout, total: int, currency: str) -> Intent | None:
    """The checkout's intent if the provider itself says it is authorized for exactly `total` in `currency`.

    Asked of the provider at the moment of placing the order: the local status, which webhooks move, is
    never enough on its own.
    """
    if not checkout.payment_intent:
        return None
    seen = db.session.scalar(select(Payment.status).where(Payment.intent == checkout.payment_intent))
    try:
        intent = provider().retrieve(checkout.payment_intent)
    except PaymentError:
        return None
    if seen != intent.status:
        # The provider's word replaces ours (a forged or lost event may have moved it), unless another
        # request changed it since we read it: compare and set, never a stale overwrite.
        db.session.execute(update(Payment).where((Payment.intent == intent.id) & (Payment.status == seen))
                           .values(status=intent.status, updated_at=datetime.utcnow()))
        db.session.commit()
    if intent.status == "authorized" and (intent.amount, intent.currency) == (total, currency):
        return intent
    return None


def follow_up(order: Order) -> None:
    """Settle a placed order now; a step that fails is queued as a job (and the sweep catches a crash)."""
    try:
        orders.settle(order.id)
    except Exception:
        db.session.rollback()
        log.exception("order %s: follow-ups failed, queued for a retry", order.number)
        queue.enqueue("settle_order", order.id)


def release(intent_id: str) -> None:
    """Void an authorization no order uses (an order's payment is never voided)."""
    if intent_id and not orders.uses_intent(intent_id):
        try:
            provider().void(intent_id)
        except PaymentError:  # captured or refunded meanwhile: an order uses it after all, or it is gone
            log.warning("payment %s could not be voided", intent_id)


def new_intent(checkout: Checkout, total: int, currency: str, return_url: str) -> Intent:
    """One live authorization per checkout: the one that still fits is kept, any other is voided first."""
    current = payment_of(checkout)
    if current is not None and current.status == "authorized":
        kept = confirmed_authorization(checkout, total, currency)
        if kept is not None:
            return kept
    if current is not None:
        release(current.intent)
    intent = provider().create_intent(total, currency, checkout.token, return_url)
    record_intent(checkout, intent)
    return intent


def payment_url(checkout: Checkout, total: int, currency: str, return_url: str) -> str | None:
    """The provider's page where the shopper authorizes `total`; None when the checkout holds a live
    authorization for this very amount already (no second one)."""
    intent = new_intent(checkout, total, currency, return_url)
    return None if intent.status == "authorized" else provider().payment_page(intent.id)


def returned_intent(checkout: Checkout, intent_id: str) -> Intent | None:
    """The provider's word on the intent the shopper comes back from, recorded for the checkout;
    None when the provider knows no such intent."""
    try:
        intent = provider().retrieve(intent_id)
    except PaymentError:
        return None
    record_intent(checkout, intent)
    return intent


def missing_step(done: list[str], step: str) -> str | None:
    """The first step before `step` that is not done, or None."""
    return next((s for s in STEPS[: STEPS.index(step)] if s not in done), None)


@dataclass(frozen=True)
class Placement:
    """What placing a checkout's order came to: the order (placed now or by an earlier submit), or why not.

    `refusal` (only without an order): "gone" (no checkout to place), "sold_out" (a line sold out; the
    payment was released), "unconfirmed" (the provider does not confirm the authorization for the total),
    or the first step still to do ("address", "delivery", "payment").
    """

    order: Order | None
    refusal: str | None = None


def place_order(token: str | None, checkout: Checkout | None, priced, summary: Summary | None, done: list[str],
                market, user_id: int | None) -> Placement:
    """Place the checkout's order: idempotent on the checkout token, only with an authorization the provider
    confirms for the exact total, and the last unit goes to one shopper only.

    `checkout` is None when the session has no checkout left to place (placed already by this submit's twin
    or before a crash, or the cart is gone); `priced` keeps the lines sold out meanwhile.
    """

    def outcome(refusal: str | None) -> Placement:
        # A double submit, a retry or another tab: the same order, its follow-ups done.
        order = orders.find_by_token(token) if token else None
        if order is None:
            return Placement(None, refusal or "gone")
        follow_up(order)
        return Placement(order)

    def sold_out() -> Placement:
        placement = outcome("sold_out")
        if placement.order is None:  # no order uses the payment: release it
            release(checkout.payment_intent)
        return placement

    if checkout is None:
        return outcome("gone")
    if checkout.payment_intent and not all(p.available for p in priced):
        return sold_out()
    missing = missing_step(done, "review")
    if missing:
        return outcome(missing)
    intent = confirmed_authorization(checkout, summary.totals.total, market.currency)
    if intent is None:
        return outcome("unconfirmed")
    try:
        orders.place(checkout, priced, summary.totals, summary.delivery, intent, market, user_id)
    except orders.SoldOut:
        return sold_out()
    return outcome(None)


def release_abandoned(now: datetime, max_age: timedelta) -> int:
    """Void the authorizations that no order uses and that no checkout can use any more: superseded ones
    (their checkout moved to another intent or was placed), and those left alone longer than `max_age`."""
    current = select(Checkout.id).where((Checkout.token == Payment.checkout_token)
                                        & (Checkout.payment_intent == Payment.intent) & Checkout.order_id.is_(None))
    ordered = select(Order.id).where(Order.payment_intent == Payment.intent)
    stale = select(Payment.intent).where(
        Payment.status.in_(("authorized", "requires_payment", "requires_action")) & ~ordered.exists()
        & ((Payment.updated_at < now - max_age) | ((Payment.status == "authorized") & ~current.exists())))
    intents = list(db.session.scalars(stale.limit(500)))
    for intent_id in intents:
        release(intent_id)
    return len(intents)
