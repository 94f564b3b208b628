"""Helpers for integration tests."""
import re

import pytest
from sqlalchemy import event

from storefront.extensions import db

HTMX = {"HX-Request": "true"}


def htmx_headers(target: str) -> dict:
    """Headers htmx sends for a non-boosted request swapping `#target`."""
    return {**HTMX, "HX-Target": target}


@pytest.fixture
def count_queries(app):
    """Call with a function; returns how many SQL statements it ran."""

    def run(fn):
        statements = []

        def listener(*_):
            statements.append(1)

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                fn()
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    return run


def csrf_token(client, path="/en-gb/p/iphone-13"):
    """The session's CSRF token, from a form on `path` (else on a product page: it always has one)."""
    for page in (path, "/en-gb/p/iphone-13"):
        found = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', client.get(page).get_data(as_text=True))
        if found:
            return found.group(1)
    raise AssertionError("no CSRF token on the page")
