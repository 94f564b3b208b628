"""The storefront registry: one immutable Market per entry of config/markets.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_precision

TAX_DISPLAYS = {"incl_vat", "incl_gst", "incl_consumption_tax", "plus_sales_tax"}


@dataclass(frozen=True)
class Market:
    """A storefront: a country in one language, with its currency and legal periods."""

    code: str  # URL prefix, e.g. "fr-be"
    country: str  # ISO 3166-1 alpha-2
    locale: str  # Babel locale id, e.g. "fr_BE"
    currency: str
    tax_display: str
    vat_rate: Decimal
    withdrawal_days: int
    free_return_days: int
    warranty_months: int
    legal_guarantee_months: int
    guarantee_reasonable_time: bool = False
    claim_years: int = 0
    reject_days: int = 0
    presumption_months: int = 0
    keyboard: str = "qwerty"  # laptop keyboard layout shown first
    language_default: bool = False
    x_default: bool = False
    offers_from: str = ""  # show another storefront's offers and prices (the pseudo-locale borrows en-ie's)

    @property
    def offers_market(self) -> str:
        """The storefront whose offers and prices this one shows (itself, normally)."""
        return self.offers_from or self.code

    @property
    def language(self) -> str:
        return self.locale.split("_")[0]

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for `<html lang>` and `hreflang`, e.g. "fr-BE"."""
        return self.locale.replace("_", "-")

    @property
    def currency_digits(self) -> int:
        return get_currency_precision(self.currency)

    @cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale)

    @cached_property
    def country_name(self) -> str:
        """The country's name in the storefront's own language ("Belgique", "België")."""
        return self.babel_locale.territories[self.country]

    @cached_property
    def language_name(self) -> str:
        """The language's name in itself, capitalised ("Français", "日本語")."""
        name = self.babel_locale.languages[self.language]
        return name[:1].upper() + name[1:]


class MarketRegistry:
    """All storefronts, in config order, looked up by URL code."""

    def __init__(self, markets: list[Market], hidden: list[Market] = ()):
        if not markets:
            raise ValueError("no storefront configured")
        self._listed = {m.code: m for m in markets}
        # Hidden storefronts route and render but are never listed (switcher, hreflang, sitemaps).
        self._by_code = {**self._listed, **{m.code: m for m in hidden}}
        defaults = [m for m in markets if m.x_default]
        if len(defaults) != 1:
            raise ValueError("exactly one storefront must set x_default = true")
        self.x_default = defaults[0]

    @classmethod
    def from_toml(cls, path: Path, pseudo: str | None = None) -> MarketRegistry:
        """The storefronts of a markets.toml; `pseudo` adds a hidden pseudo-locale storefront under that code."""
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        markets = []
        for code, entry in data.items():
            try:
                market = Market(code=code, vat_rate=Decimal(entry.pop("vat_rate")), **entry)
            except TypeError as exc:
                raise ValueError(f"{path}: [{code}] {exc}") from exc
            if market.tax_display not in TAX_DISPLAYS:
                raise ValueError(f"{path}: [{code}] unknown tax_display {market.tax_display!r}")
            try:
                Locale.parse(market.locale)
            except (ValueError, UnknownLocaleError) as exc:
                raise ValueError(f"{path}: [{code}] unknown locale {market.locale!r}") from exc
            markets.append(market)
        hidden = [PSEUDO(pseudo)] if pseudo else []
        return cls(markets, hidden)

    def __iter__(self):
        return iter(self._listed.values())

    def __len__(self):
        return len(self._listed)

    def __contains__(self, code):
        return code in self._by_code

    def get(self, code: str) -> Market | None:
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Market:
        return self._by_code[code]

    @property
    def codes(self) -> list[str]:
        return list(self._listed)

    @property
    def routable_codes(self) -> list[str]:
        return list(self._by_code)

    def languages(self) -> dict[str, Market]:
        """Each language the shop is in, with the storefront that stands for it (the one a browser naming only
        the language gets), in the registry's order."""
        found = {}
        for market in self:
            if market.language_default or market.language not in found:
                found[market.language] = market
        return found

    def best_for(self, accept_languages: list[tuple[str, float]]) -> Market:
        """The storefront for a browser's languages, best quality first.

        An exact language-country match wins ("fr-BE" → fr-be); a bare or unknown-region
        language goes to that language's default storefront ("fr", "fr-CA" → fr-fr).
        """
        ranked = sorted(accept_languages, key=lambda item: -item[1])
        for tag, quality in ranked:
            if quality <= 0:
                continue
            tag = tag.strip().lower().replace("_", "-")
            if tag in self._by_code:
                return self._by_code[tag]
            language = tag.split("-")[0]
            for market in self:
                if market.language == language and market.language_default:
                    return market
            for market in self:
                if market.language == language:
                    return market
        return self.x_default


def PSEUDO(code: str) -> Market:
    """The pseudo-locale storefront: English structure, every string accented, longer and bracketed."""
    return Market(code=code, country="001", locale="en_001", currency="EUR", tax_display="incl_vat",
                  vat_rate=Decimal(20), withdrawal_days=14, free_return_days=30, warranty_months=12,
                  legal_guarantee_months=24, offers_from="en-ie")
