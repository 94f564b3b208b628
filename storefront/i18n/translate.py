"""The translations pages ask for: templates' gettext and lazy labels, one catalog lookup per request.

Jinja's i18n extension wraps each template call twice through the template context (`_` → gettext →
the callable), and Flask-Babel's lazy strings look up the domain, the locale and the catalog on every
use: a page translates a few hundred times, so both go through `request_translations()` instead.
"""
from __future__ import annotations

from numbers import Number

from flask.globals import _cv_app
from flask_babel import LazyString, get_translations
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
    """Flask-Babel's gettext for Python code on hot paths, through the request's catalog (a quarter of the cost)."""
    translated = request_translations().ugettext(message)
    return translated % variables if variables else translated


def request_translations():
    """The catalog of this request (a page asks a few hundred times): Flask-Babel's, kept per request.

    Read from the app context directly: through the `g` proxy each ask costs twice as much.
    """
    app_ctx = _cv_app.get(None)
    babel_ctx = app_ctx.g.__dict__.get("_flask_babel") if app_ctx is not None else None
    translations = getattr(babel_ctx, "babel_translations", None)
    return translations if translations is not None else get_translations()
