"""Rate limits on the account forms: per address (route decorators) and per account (failed sign-ins).

Counters live in the limiter's storage, shared by every worker and node (see storefront/ratelimit.py).
Accounts are keyed by a hash of the normalised e-mail: an address nobody uses counts like one in use,
and the counters hold no e-mail addresses.
"""
from __future__ import annotations

import hashlib

from flask import current_app, request
from limits import parse_many

from ..extensions import limiter
from .services import normalise_email

FAILED_SIGN_INS = "failed-sign-ins"


def email_key(email: str | None) -> str:
    """The counter key of an e-mail address, however it was typed."""
    return hashlib.sha256(normalise_email(email or "").encode()).hexdigest()


def form_email_key() -> str:
    """The counter key of the e-mail in the posted form (a route decorator's key_func)."""
    return email_key(request.form.get("email"))


def _account_limits():
    return parse_many(current_app.config["RATELIMIT_LOGIN_ACCOUNT"])


def account_locked(email: str) -> bool:
    """Whether this account has used up its failed sign-ins for now (a correct password waits too)."""
    if not limiter.enabled:
        return False
    key = email_key(email)
    return not all(limiter.limiter.test(item, FAILED_SIGN_INS, key) for item in _account_limits())


def count_failure(email: str) -> None:
    """One more wrong password for this account."""
    if limiter.enabled:
        key = email_key(email)
        for item in _account_limits():
            limiter.limiter.hit(item, FAILED_SIGN_INS, key)


def forget_failures(email: str) -> None:
    """The owner proved who they are (signed in, or reset the password): the account starts afresh."""
    if limiter.enabled:
        key = email_key(email)
        for item in _account_limits():
            limiter.limiter.clear(item, FAILED_SIGN_INS, key)


# Sign-up sends an e-mail: one budget per address for the sign-up page and the order confirmation's.
signup_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_SIGNUP"], scope="signup", methods=["POST"])
