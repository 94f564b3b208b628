"""Catalog layers: the language's catalog, then the storefront's overrides on top.

Flask-Babel can merge several folders, but it takes the plural rule of the last one it tried, even when
that folder has no catalog for the locale: French would count like English. This domain merges only
catalogs that exist and always keeps the language's plural rule.
"""
from __future__ import annotations

from babel import support
from flask import Flask, current_app
from flask_babel import Domain, get_locale


class LayeredDomain(Domain):
    """The app's catalogs: the language's (LOCALE_DIR) with the storefront's overrides (LOCALE_DIR/markets)."""

    def get_translations_cache(self, ctx=None) -> dict:
        # Per app (each reads its own LOCALE_DIR), by locale; emptied by forget() after `i18n compile`.
        return current_app.extensions["catalog_layers"]

    def get_translations(self):
        locale = get_locale()  # None outside an app context
        if locale is None:
            return support.NullTranslations()
        cache, key = self.get_translations_cache(), str(locale)
        if key not in cache:
            cache[key] = load(current_app.config["LOCALE_DIR"], locale)
        return cache[key]


def load(locale_dir: str, locale) -> support.NullTranslations:
    """The language's catalog for `locale` with the storefront's overrides merged in, or what exists of them."""
    base = support.Translations.load(locale_dir, [locale], "messages")
    override = support.Translations.load(f"{locale_dir}/markets", [locale], "messages")
    if not isinstance(override, support.Translations):
        return base
    if not isinstance(base, support.Translations):
        return override  # an English storefront: the overrides are the whole catalog
    base.merge(override)  # entries only: the base keeps its plural rule
    return base


def init_app(app: Flask, babel) -> None:
    app.extensions["catalog_layers"] = {}
    babel.domain_instance = LayeredDomain()


def forget(babel) -> None:
    """Drop the app's loaded catalogs (after `i18n compile`)."""
    babel.domain_instance.get_translations_cache().clear()
