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


def csrf_token(client, path="/en-gb/account/login"):
    """The session's CSRF token, from a form on `path`, else from the sign-in page (which always has one:
    a product page has one only for a visitor who has a session already)."""
    html = client.get(path).get_data(as_text=True)
    if found := re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html):
        return found.group(1)
    return csrf_token(client, "/en-gb/account/login")
