"""Small security helpers shared by several domains."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

ASCII_DIGITS = re.compile(r"[0-9]+")


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback` (no open redirects)."""
    if not target or any(ch in target for ch in "\r\n\t\\") or not target.startswith("/") or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def whole_number(raw: str | None, max_digits: int = 9) -> int | None:
    """A non-negative integer typed as ASCII digits (surrounding spaces allowed), else None.

    `str.isdigit()` also accepts "²" or "٣", which `int()` then refuses or reads as a number the
    shopper never typed: every number from a URL or a form goes through here.
    """
    text = (raw or "").strip()
    return int(text) if len(text) <= max_digits and ASCII_DIGITS.fullmatch(text) else None


def from_this_site(request) -> bool:
    """Whether the browser says this request comes from one of this site's pages.

    Browsers send `Sec-Fetch-Site` (and, before it existed, `Origin`) with every form POST and never let a
    page forge them: a request with neither is not taken as coming from here.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc == request.host


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")


def init_app(app) -> None:
    """Security headers on every response: strict CSP (no inline script or style), HSTS, nosniff, referrer."""

    security = [("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "DENY")]
    if not app.debug:
        security.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def headers(response):
        # A view may set its own (a stricter CSP, a framable page): those stay. One pass over the
        # headers instead of one per setdefault.
        present = {key.lower() for key, _ in response.headers.items()}
        response.headers.extend([(key, value) for key, value in security if key.lower() not in present])
        return response


def luhn_ok(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn check (card numbers, IMEIs)."""
    total = 0
    for i, d in enumerate(int(c) for c in reversed(digits)):
        total += d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2)
    return total % 10 == 0
