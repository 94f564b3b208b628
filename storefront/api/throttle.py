"""Failed authentications on the sellers' API, counted per remote address (RATELIMIT_API_FAILED), as the
sign-in form counts wrong passwords per account (accounts/throttle.py): past the limit, the address waits,
whatever token it sends, so guessing tokens is slowed. In the limiter's storage, shared by every worker and node."""
from __future__ import annotations

import math
import time

from flask import current_app, request
from limits import parse_many

from ..extensions import limiter

FAILED_TOKENS = "api-failed-tokens"


def limits():
    return parse_many(current_app.config["RATELIMIT_API_FAILED"])


def address() -> str:
    return request.remote_addr or ""


def wait() -> int:
    """Seconds this address waits before its next call (0: it may call now)."""
    if not limiter.enabled:
        return 0
    spent = [item for item in limits() if not limiter.limiter.test(item, FAILED_TOKENS, address())]
    if not spent:
        return 0
    resets = [limiter.limiter.get_window_stats(item, FAILED_TOKENS, address()).reset_time for item in spent]
    return max(1, math.ceil(max(resets) - time.time()))


def count_failure() -> None:
    """One more unknown or revoked token from this address."""
    if limiter.enabled:
        for item in limits():
            limiter.limiter.hit(item, FAILED_TOKENS, address())
