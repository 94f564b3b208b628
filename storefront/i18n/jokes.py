"""Jokes and brand copy: their own gettext domain, one catalog per storefront, no fallback between markets.

A joke is written for its market (BRAND.md), so fr-be does not borrow fr-fr's and en-gb does not get the
source text: `flask --app app i18n check` fails when a shipped storefront's joke catalog misses one.
"""
from __future__ import annotations

from pathlib import Path

from babel.support import Translations
from flask import current_app, g
from flask_babel import get_locale

from .translate import LazyText

DOMAIN = "jokes"


def catalog(locale: str) -> Translations:
    # Per app (each reads its own LOCALE_DIR), by locale; emptied by forget() after `i18n compile`.
    catalogs = current_app.extensions["joke_catalogs"]
    if locale not in catalogs:
        directory = Path(current_app.config["LOCALE_DIR"]) / DOMAIN
        catalogs[locale] = Translations.load(str(directory), [locale], domain=DOMAIN)
    return catalogs[locale]


def joke(message: str, **variables) -> str:
    """The storefront's own version of a joke; outside a storefront, that of the page's locale's storefront if it
    has one (a 404 in the browser's language), else the English source."""
    market = g.get("market")
    locale = market.locale if market else str(get_locale() or "")
    text = catalog(locale).ugettext(message) if locale else message
    return text % variables if variables else text


def lazy_joke(message: str, **variables) -> LazyText:
    return LazyText(joke, message, **variables)


def forget() -> None:
    """Drop the app's loaded catalogs (after `i18n compile`)."""
    current_app.extensions["joke_catalogs"].clear()


def init_app(app) -> None:
    app.extensions["joke_catalogs"] = {}
    app.add_template_global(joke, "joke")
