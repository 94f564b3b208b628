"""Jokes and brand copy: their own gettext domain, one catalog per storefront, no fallback between markets.

Also the gettext calls of templates and lazy labels: one catalog lookup per request, not per call.

A joke is written for its market (BRAND.md), so fr-be does not borrow fr-fr's and en-gb does not get the
source text: `flask --app app i18n check` fails when a shipped storefront's joke catalog misses one.
"""
from __future__ import annotations

from pathlib import Path

from babel.support import Translations
from flask import current_app, g, has_app_context
from flask_babel import LazyString, get_translations
from markupsafe import Markup, escape

DOMAIN = "jokes"
_catalogs: dict[str, Translations] = {}


def catalog(locale: str) -> Translations:
    if locale not in _catalogs:
        directory = Path(current_app.config["LOCALE_DIR"]) / DOMAIN
        _catalogs[locale] = Translations.load(str(directory), [locale], domain=DOMAIN)
    return _catalogs[locale]


def joke(message: str, **variables) -> str:
    """The storefront's own version of a joke (the English source outside a storefront)."""
    market = g.get("market")
    text = catalog(market.locale).ugettext(message) if market else message
    return text % variables if variables else text


def lazy_joke(message: str, **variables) -> LazyString:
    return LazyString(joke, message, **variables)


def forget() -> None:
    """Drop loaded catalogs (after `i18n compile`)."""
    _catalogs.clear()


def init_app(app) -> None:
    app.add_template_global(joke, "joke")
    # Jinja's i18n extension wraps each call twice through the template context (`_` → gettext → ours):
    # a page asks a hundred times, so the templates call these directly, with the same newstyle rules.
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext, pgettext=pgettext,
                                 npgettext=npgettext)


# A translation is text, never markup: a catalog that slipped `<script>` past `i18n check` still renders
# harmless (the extension would mark every translation safe). As in Jinja's newstyle gettext, the
# message is always a format string ("%%" is "%") and the variables are escaped.

def gettext(message: str, **variables) -> Markup:
    return _format(request_translations().ugettext(message), variables)


def ngettext(singular: str, plural: str, num: int, **variables) -> Markup:
    variables.setdefault("num", num)
    return _format(request_translations().ungettext(singular, plural, num), variables)


def pgettext(context: str, message: str, **variables) -> Markup:
    variables.setdefault("context", context)
    return _format(request_translations().upgettext(context, message), variables)


def npgettext(context: str, singular: str, plural: str, num: int, **variables) -> Markup:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _format(request_translations().unpgettext(context, singular, plural, num), variables)


def _format(text: str, variables: dict) -> Markup:
    text = escape(text)
    return text % variables if "%" in text else text


def lazy_gettext(message: str, **variables) -> LazyString:
    """Flask-Babel's lazy_gettext, looked up like the templates' gettext: labels are read dozens of times a page."""
    return LazyString(_plain_gettext, message, **variables)


def _plain_gettext(message: str, **variables) -> str:
    text = request_translations().ugettext(message)
    return text % variables if variables else text


def request_translations():
    """The catalog of this request (a page asks a few hundred times): Flask-Babel's, kept per request."""
    ctx = g.get("_flask_babel") if has_app_context() else None
    translations = getattr(ctx, "babel_translations", None)
    return translations if translations is not None else get_translations()
