"""The offline sandbox PSP: behaves like a real provider, runs on this machine.

Its hosted payment page (/sandbox-psp/…) takes the card, so the storefront never sees a card
number; it authorizes, asks for a 3-D Secure-style confirmation, or declines depending on the test
card, and tells the storefront what happened through signed webhook events.

Test cards: 4242 4242 4242 4242 succeeds · 4000 0000 0000 3220 asks for confirmation ·
4000 0000 0000 0002 is declined · 4000 0000 0000 9995 is declined for insufficient funds.
"""
from __future__ import annotations

import json
import secrets
import uuid
from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..markets.money import format_money
from ..safety import luhn_ok, whole_number
from . import webhooks
from .models import SandboxIntent, SandboxRefund
from .provider import Intent, PaymentError, Refunded

SUCCESS, CHALLENGE, DECLINE, NO_FUNDS = "4242424242424242", "4000000000003220", "4000000000000002", "4000000000009995"
bp = Blueprint("sandbox", __name__, url_prefix="/sandbox-psp")


def _intent(row: SandboxIntent) -> Intent:
    return Intent(row.id, row.amount, row.currency, row.status, row.card)


def _move(row: SandboxIntent, status: str, operation: str, allowed: tuple[str, ...]) -> Intent | None:
    """Move the intent to `status` if it is in one of the `allowed` states, in one conditional UPDATE (two
    concurrent operations never both succeed), then tell the storefront. None if it had moved meanwhile."""
    moved = db.session.execute(update(SandboxIntent).where((SandboxIntent.id == row.id) & SandboxIntent.status.in_(allowed))
                               .values(status=status))
    if moved.rowcount != 1:
        db.session.rollback()
        db.session.refresh(row)
        return None
    db.session.refresh(row)  # the row is ours until the commit: its history can be extended safely
    row.history = [*row.history, operation]
    db.session.commit()
    body = json.dumps({"id": f"evt_{uuid.uuid4().hex}", "type": f"payment.{status}", "intent": row.id,
                       "status": status, "amount": row.amount, "currency": row.currency}).encode()
    webhooks.receive(body, webhooks.sign(body))  # delivered in-process through the endpoint's own code path
    return _intent(row)


class SandboxProvider:
    """The sandbox as a PaymentProvider."""

    def create_intent(self, amount: int, currency: str, idempotency_key: str, return_url: str) -> Intent:
        existing = db.session.query(SandboxIntent).filter_by(idempotency_key=idempotency_key).first()
        if existing and (existing.amount, existing.currency) == (amount, currency) and existing.status in ("requires_payment", "declined"):
            existing.return_url = return_url
            db.session.commit()
            return _intent(existing)
        if existing:  # the amount changed, or the old one is used up: a new intent under a fresh key
            idempotency_key = f"{idempotency_key}:{secrets.token_hex(4)}"
        row = SandboxIntent(id=f"pi_{uuid.uuid4().hex[:24]}", idempotency_key=idempotency_key, amount=amount,
                            currency=currency, return_url=return_url, history=["created"])
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            row = db.session.query(SandboxIntent).filter_by(idempotency_key=idempotency_key).one()
        return _intent(row)

    def payment_page(self, intent_id: str) -> str:
        return url_for("sandbox.pay", intent_id=intent_id)

    def _row(self, intent_id: str) -> SandboxIntent:
        row = db.session.get(SandboxIntent, intent_id)
        if row is None:
            raise PaymentError("unknown intent")
        return row

    def retrieve(self, intent_id: str) -> Intent:
        return _intent(self._row(intent_id))

    def capture(self, intent_id: str) -> Intent:
        return self._operate(intent_id, "captured", "capture", ("authorized",))

    def void(self, intent_id: str) -> Intent:
        # An intent not yet paid is cancelled too, so an old tab can no longer authorize it.
        return self._operate(intent_id, "voided", "void", ("requires_payment", "requires_action", "declined", "authorized"))

    def refund(self, intent_id: str, amount: int, idempotency_key: str) -> Refunded:
        """A partial refund, once per key: the running total is raised in one conditional UPDATE, so two
        concurrent refunds never give back more than was captured. The last cent refunded moves the payment
        to "refunded" (its event tells the storefront)."""
        done = db.session.scalar(select(SandboxRefund).where(SandboxRefund.idempotency_key == idempotency_key))
        if done is not None:
            if (done.intent_id, done.amount) != (intent_id, amount):
                raise PaymentError("this idempotency key was used for another refund")
            return Refunded(done.id, done.intent_id, done.amount)
        row = self._row(intent_id)
        if amount <= 0:
            raise PaymentError("a refund is of a positive amount")
        raised = db.session.execute(
            update(SandboxIntent).where((SandboxIntent.id == intent_id) & (SandboxIntent.status == "captured")
                                        & (SandboxIntent.refunded + amount <= SandboxIntent.amount))
            .values(refunded=SandboxIntent.refunded + amount))
        if raised.rowcount != 1:
            db.session.rollback()
            raise PaymentError(f"cannot refund {amount} of a {row.status} payment of {row.amount} ({row.refunded} refunded)")
        refund = SandboxRefund(id=f"re_{uuid.uuid4().hex[:24]}", intent_id=intent_id, idempotency_key=idempotency_key,
                               amount=amount)
        db.session.add(refund)
        try:
            db.session.commit()
        except IntegrityError:  # the same key concurrently: the other one refunded
            db.session.rollback()
            return self.refund(intent_id, amount, idempotency_key)
        db.session.refresh(row)
        if row.refunded == row.amount:
            self._operate(intent_id, "refunded", "refund", ("captured",))
        return Refunded(refund.id, intent_id, amount)

    def _operate(self, intent_id: str, status: str, operation: str, allowed: tuple[str, ...]) -> Intent:
        """`status` from one of the `allowed` states; repeating a done operation is a no-op, else PaymentError."""
        row = self._row(intent_id)
        while True:
            if row.status == status:
                return _intent(row)
            if row.status not in allowed:
                raise PaymentError(f"cannot {operation} a {row.status} payment")
            moved = _move(row, status, operation, allowed)
            if moved is not None:
                return moved


def card_errors(number: str, expiry: str, cvc: str) -> dict:
    errors = {}
    if whole_number(number, 19) is None or len(number) < 12 or not luhn_ok(number):
        errors["number"] = _("This card number isn't valid.")
    month, _sep, year = expiry.partition("/")
    month, year = whole_number(month, 2), whole_number(year, 4)
    if month is None or year is None or not 1 <= month <= 12:
        errors["expiry"] = _("Use the MM/YY format.")
    elif (2000 + year % 100, month) < (date.today().year, date.today().month):
        errors["expiry"] = _("This card has expired.")
    if whole_number(cvc, 4) is None or len(cvc) not in (3, 4):
        errors["cvc"] = _("3 or 4 digits, on the back of the card.")
    return errors


def _amount(row: SandboxIntent) -> str:
    """The amount as the (English-speaking) sandbox shows it."""
    return format_money(row.amount, row.currency, "en")


def _back(row: SandboxIntent):
    separator = "&" if "?" in row.return_url else "?"
    return redirect(f"{row.return_url}{separator}intent={row.id}", code=303)


@bp.route("/pay/<intent_id>", methods=["GET", "POST"])
def pay(intent_id: str):
    """The hosted payment page: the card is typed here, never on the storefront."""
    row = db.session.get(SandboxIntent, intent_id) or abort(404)
    if row.status not in ("requires_payment", "declined"):
        return _back(row)
    errors, declined = {}, row.status == "declined"
    if request.method == "POST":
        number = "".join(ch for ch in request.form.get("number", "") if "0" <= ch <= "9")[:19]
        errors = card_errors(number, request.form.get("expiry", ""), request.form.get("cvc", "").strip())
        if not errors:
            row.card = f"{'Visa' if number.startswith('4') else 'Card'} •••• {number[-4:]}"
            payable = ("requires_payment", "declined")
            if number == SUCCESS:
                _move(row, "authorized", "authorize", payable)
                return _back(row)
            if number == CHALLENGE and _move(row, "requires_action", "challenge", payable):
                return redirect(url_for("sandbox.challenge", intent_id=row.id), code=303)
            _move(row, "declined", "decline:insufficient_funds" if number == NO_FUNDS else "decline", payable)
            return _back(row)
    return render_template("payments/pay.html", intent=row, amount=_amount(row), errors=errors, declined=declined), 422 if errors else 200


@bp.route("/challenge/<intent_id>", methods=["GET", "POST"])
def challenge(intent_id: str):
    """The bank's confirmation step (3-D Secure style): approve or refuse."""
    row = db.session.get(SandboxIntent, intent_id) or abort(404)
    if row.status != "requires_action":
        return _back(row)
    if request.method == "POST":
        _move(row, "authorized" if request.form.get("decision") == "approve" else "declined",
              "challenge:" + request.form.get("decision", ""), ("requires_action",))
        return _back(row)
    return render_template("payments/challenge.html", intent=row, amount=_amount(row))
