"""Provider events: signed, each handled once, never moving a payment backwards."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Payment, WebhookEvent

log = logging.getLogger(__name__)
TOLERANCE = 300  # seconds a signature stays valid
def sign(body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(current_app.config["PAYMENT_WEBHOOK_SECRET"].encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verified(body: bytes, header: str) -> bool:
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (ValueError, KeyError):
        return False
    if abs(time.time() - timestamp) > TOLERANCE:
        return False
    return hmac.compare_digest(sign(body, timestamp), header)


def receive(body: bytes, header: str) -> tuple[int, str]:
    """Handle one delivery; returns (HTTP status, short reason)."""
    if not verified(body, header or ""):
        return 400, "bad signature"
    try:
        event = json.loads(body)
        event_id, intent, status = str(event["id"]), str(event["intent"]), str(event["status"])
        amount, currency = int(event["amount"]), str(event["currency"])
    except (ValueError, KeyError, TypeError):
        return 400, "malformed event"
    payment = Payment.for_intent(intent)
    if payment is None:
        return 200, "unknown payment"
    if (payment.amount, payment.currency) != (amount, currency):
        log.warning("payment event %s for %s: amount %s %s does not match %s %s",
                    event_id, intent, amount, currency, payment.amount, payment.currency)
        return 400, "amount mismatch"
    db.session.add(WebhookEvent(event_id=event_id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return 200, "duplicate"
    Payment.advance(intent, status)
    db.session.commit()
    return 200, "ok"
