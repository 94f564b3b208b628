"""htmx conventions: one helper decides page or partial, and says so in `Vary`."""
from __future__ import annotations

from flask import render_template, request

HTMX_VARY = ("HX-Request", "HX-Boosted", "HX-Target")


def is_htmx() -> bool:
    """True for a request htmx made (the HX-Request header); answers that branch on it send `Vary` for it."""
    return request.headers.get("HX-Request") == "true"


def wants_partial(partial_id: str) -> bool:
    """True for a non-boosted htmx request that targets the partial's root element."""
    return (
        is_htmx()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-Target") == partial_id
    )


def render_page_or_partial(page: str, partial: str, partial_id: str, **context):
    """Render `partial` for htmx requests that target `partial_id`, else the full `page`."""
    template = partial if wants_partial(partial_id) else page
    response = render_template(template, **context)
    return response, 200, {"Vary": ", ".join(HTMX_VARY)}
