"""Catalog layers: the language's catalog, then the storefront's overrides on top.

Flask-Babel can merge several folders, but it takes the plural rule of the last one it tried, even when
that folder has no catalog for the locale: French would count like English. This domain merges only
catalogs that exist and always keeps the language's plural rule.
"""
from __future__ import annotations

from babel import support
from flask import Flask
from flask_babel import Domain, _get_current_context, get_locale


class LayeredDomain(Domain):
    def __init__(self, base: str, overrides: str):
        super().__init__(translation_directories=[base])
        self.base, self.overrides = base, overrides

    def get_translations(self):
        # Kept in Flask-Babel's per-request namespace, which refresh() and force_locale() reset.
        ctx = _get_current_context()
        if ctx is None:
            return support.NullTranslations()
        translations = getattr(ctx, "babel_translations", None)
        if translations is None:
            translations = ctx.babel_translations = self._load(get_locale())
        return translations

    def _load(self, locale):
        if locale is None:
            return support.NullTranslations()
        key = str(locale)
        if key not in self.cache:
            base = support.Translations.load(self.base, [locale], "messages")
            override = support.Translations.load(self.overrides, [locale], "messages")
            if isinstance(override, support.Translations):
                if isinstance(base, support.Translations):
                    base.merge(override)  # entries only: the base keeps its plural rule
                else:
                    base = override  # an English storefront: the overrides are the whole catalog
            self.cache[key] = base
        return self.cache[key]


def init_app(app: Flask, babel) -> None:
    locale_dir = app.config["LOCALE_DIR"]
    babel.domain_instance = LayeredDomain(locale_dir, f"{locale_dir}/markets")


def forget(babel) -> None:
    """Drop loaded catalogs (after `i18n compile`)."""
    babel.domain_instance.cache.clear()
