"""The payment provider interface the checkout talks to. The default provider is the offline sandbox."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import current_app


@dataclass(frozen=True)
class Intent:
    id: str
    amount: int
    currency: str
    status: str  # requires_payment | requires_action | authorized | captured | voided | refunded | declined
    card: str = ""  # "Visa •••• 4242": never more than the last four digits


@dataclass(frozen=True)
class Refunded:
    id: str
    intent_id: str
    amount: int


class PaymentError(RuntimeError):
    """The provider refused an operation (e.g. capturing a declined payment)."""


class PaymentProvider(Protocol):
    def create_intent(self, amount: int, currency: str, idempotency_key: str, return_url: str) -> Intent: ...
    def payment_page(self, intent_id: str) -> str: ...  # where the shopper enters the card (hosted by the provider)
    def retrieve(self, intent_id: str) -> Intent: ...
    def capture(self, intent_id: str) -> Intent: ...
    def void(self, intent_id: str) -> Intent: ...
    # Give back `amount` of a captured payment, once per `idempotency_key` (a repeat returns the first refund);
    # never more than was captured in all. Raises PaymentError otherwise.
    def refund(self, intent_id: str, amount: int, idempotency_key: str) -> Refunded: ...


def provider() -> PaymentProvider:
    """The configured provider (PAYMENT_PROVIDER; "sandbox" by default)."""
    return current_app.extensions["payment_providers"][current_app.config["PAYMENT_PROVIDER"]]
