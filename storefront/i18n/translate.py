"""The translations pages ask for: templates' gettext and lazy labels, one catalog lookup per request and locale.

Jinja's i18n extension wraps each template call twice through the template context (`_` → gettext →
the callable), and Flask-Babel's lazy strings look up the domain, the locale and the catalog on every
use: a page translates dozens of times, so both go through `request_translations()` instead.
"""
from __future__ import annotations

from contextlib import contextmanager
from numbers import Number

from flask import g, has_app_context
from flask_babel import LazyString, force_locale, get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup, escape


def init_app(app) -> None:
    # The same newstyle rules as the extension's callables (Flask-Babel installs those; these replace them).
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext, pgettext=pgettext,
                                 npgettext=npgettext)


# A translation is text, never markup: a catalog that slipped `<script>` past `i18n check` still renders
# harmless (the extension would mark every translation safe). As in Jinja's newstyle gettext, the
# message is always a format string ("%%" is "%"); in autoescaped templates the message and the
# variables are escaped, in plain-text ones (e-mails) neither is.

@pass_eval_context
def gettext(eval_ctx, message: str, **variables) -> str:
    return _format(eval_ctx, request_translations().ugettext(message), variables)


@pass_eval_context
def ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _format(eval_ctx, request_translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def pgettext(eval_ctx, context: str, message: str, **variables) -> str:
    variables.setdefault("context", context)
    return _format(eval_ctx, request_translations().upgettext(context, message), variables)


@pass_eval_context
def npgettext(eval_ctx, context: str, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _format(eval_ctx, request_translations().unpgettext(context, singular, plural, num), variables)


def _format(eval_ctx, translated: str, variables: dict) -> str:
    if "%" not in translated:
        return escape(translated) if eval_ctx.autoescape else translated
    if not eval_ctx.autoescape:
        return translated % variables
    # What `escape(translated) % variables` gives, in half the time: numbers need no escaping.
    return Markup(str.__mod__(escape(translated), {k: v if isinstance(v, Number) else escape(v)
                                                   for k, v in variables.items()}))


class LazyText(LazyString):
    """A translation looked up when used, and text where markup is expected: Flask-Babel's LazyString
    passes itself off as markup (`__html__` returns it unescaped)."""

    def __html__(self) -> str:
        return escape(str(self))


def lazy_gettext(message: str, **variables) -> LazyText:
    """Flask-Babel's lazy_gettext, looked up like the templates' gettext: labels are read dozens of times a page."""
    return LazyText(text, message, **variables)


def text(message: str, **variables) -> str:
    """Flask-Babel's gettext for Python code on hot paths, through the request's catalog (half the cost)."""
    translated = request_translations().ugettext(message)
    return translated % variables if variables else translated


def request_translations():
    """The catalog of the current locale (a page asks dozens of times): Flask-Babel's, looked up once and
    kept in `g` until `in_locale()` switches the locale."""
    if not has_app_context():
        return get_translations()
    kept = g.get("translations")
    if kept is None:
        kept = g.translations = get_translations()
    return kept


@contextmanager
def in_locale(locale):
    """Flask-Babel's force_locale(), with the catalog kept in `g` switched along and back: use this one."""
    kept = g.pop("translations", None)
    try:
        with force_locale(locale):
            yield
    finally:
        g.pop("translations", None)
        if kept is not None:
            g.translations = kept
