"""htmx conventions: one helper decides page or partial, and says so in `Vary`."""
from __future__ import annotations

from flask import render_template, request

HTMX_VARY = ("HX-Request", "HX-Boosted", "HX-Target")


def wants_partial(partial_id: str) -> bool:
    """True for a non-boosted htmx request that targets the partial's root element."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-Target") == partial_id
    )


def render_page_or_partial(page: str, partial: str, partial_id: str, **context):
    """Render `partial` for htmx requests that target `partial_id`, else the full `page`."""
    template = partial if wants_partial(partial_id) else page
    response = render_template(template, **context)
    return response, 200, {"Vary": ", ".join(HTMX_VARY)}
