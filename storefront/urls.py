"""Absolute URLs, always on the configured PUBLIC_URL: never on the Host header a request happens to carry."""
from __future__ import annotations

from flask import Flask, current_app, url_for


def public_url() -> str:
    """scheme://host where shoppers reach the shop (PUBLIC_URL, no trailing slash)."""
    return current_app.config["PUBLIC_URL"]


def absolute(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` as an absolute URL on PUBLIC_URL (for the head, sitemaps and e-mails)."""
    return current_app.config["PUBLIC_URL"] + url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    app.add_template_global(public_url)
    app.add_template_global(absolute)
