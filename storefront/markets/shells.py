"""Storefront shells: page parts rendered once per storefront, with slots for what varies per request.

The header, the footer and the market switcher depend on the storefront (language, currency, links)
and barely on the request: the switcher's links share this page's URL tail (path and query after the
/<market> segment), the header shows the search query and the cart count. Each is rendered once per
storefront with markers where those go, and filled in per request, instead of rendered on every page.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask, current_app, g, render_template, request
from markupsafe import Markup, escape

from .routing import page_tail, registry

SLOT = "\x00"  # where the page's URL tail goes (never in real markup)


def _slot(name: str) -> str:
    return f"\x01{name}\x01"


def init_app(app: Flask) -> None:
    # The development server reloads templates: no memo there.
    app.extensions["shells"] = _render_shell if app.debug else lru_cache(maxsize=256)(_render_shell)
    for helper in (market_switcher, storefront_shell):
        app.add_template_global(helper)


def market_switcher(dom_id: str) -> Markup:
    """The country and language picker, each link keeping the shopper on this page.

    Everything in it depends on the storefront alone except the links' common tail, so it is rendered
    once per storefront with a slot for the tail, which `storefront_shell` fills (the header and the
    footer each show one). Outside a storefront there is nothing to switch.
    """
    if g.get("market") is None:
        return Markup()
    return Markup(current_app.extensions["shells"]("switcher", dom_id, g.market.code, request.script_root))


def storefront_shell(template: str, **slots) -> Markup:
    """An included template that depends on nothing but the storefront, its market switchers and the
    `slots` given (the header, the footer). A slot is printed as is, never tested or filtered."""
    if g.get("market") is None:
        return Markup(render_template(template, **slots))
    # A page with no URL of its own (a 404) switches to each storefront's home.
    tail = page_tail() or "/"
    texts, names = current_app.extensions["shells"]("template", template, g.market.code, request.script_root, tuple(slots))
    # A value filled in is never searched for markers (a search for "\x01cart_label\x01" stays text).
    values = {"": escape(tail), **{name: escape(value) for name, value in slots.items()}}
    filled = [""] * (len(texts) + len(names))
    filled[::2], filled[1::2] = texts, [values[name] for name in names]
    return Markup("".join(filled))


_MARKER = re.compile("\x00|\x01(\\w+)\x01")


def _render_shell(kind: str, name: str, _market_code: str, root: str, slots: tuple = ()):
    """A switcher (`name`: its DOM id): its markup with markers. A template: its markup cut at the markers, as
    (the texts around them, each marker's slot name, "" for the URL tail), to be filled in per request."""
    if kind == "switcher":
        urls = {code: f"{root}/{code}{SLOT}" for code in registry().codes}
        macro = current_app.jinja_env.get_template("components/market_switcher.html").module.market_switcher
        return str(macro(g.market, registry(), urls, name))
    parts = _MARKER.split(render_template(name, **{slot: Markup(_slot(slot)) for slot in slots}))
    return tuple(parts[::2]), tuple(name or "" for name in parts[1::2])
