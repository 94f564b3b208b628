"""The storefront registry built from config/markets.toml."""
from pathlib import Path

import pytest

from storefront.markets.registry import MarketRegistry

MARKETS = MarketRegistry.from_toml(Path(__file__).resolve().parents[3] / "config" / "markets.toml")
EXPECTED = {
    "fr-fr": ("fr_FR", "EUR"), "fr-be": ("fr_BE", "EUR"), "nl-be": ("nl_BE", "EUR"), "de-de": ("de_DE", "EUR"),
    "de-at": ("de_AT", "EUR"), "es-es": ("es_ES", "EUR"), "it-it": ("it_IT", "EUR"), "nl-nl": ("nl_NL", "EUR"),
    "pt-pt": ("pt_PT", "EUR"), "en-ie": ("en_IE", "EUR"), "el-gr": ("el_GR", "EUR"), "sk-sk": ("sk_SK", "EUR"),
    "fi-fi": ("fi_FI", "EUR"), "sv-se": ("sv_SE", "SEK"), "en-gb": ("en_GB", "GBP"), "en-us": ("en_US", "USD"),
    "ja-jp": ("ja_JP", "JPY"), "en-au": ("en_AU", "AUD"),
}


def test_all_eighteen_storefronts_are_configured_with_locale_and_currency():
    assert {m.code: (m.locale, m.currency) for m in MARKETS} == EXPECTED


def test_only_the_us_shows_prices_before_tax():
    assert [m.code for m in MARKETS if m.tax_display == "plus_sales_tax"] == ["en-us"]


def test_eu_storefronts_give_fourteen_days_of_withdrawal():
    for market in MARKETS:
        if market.currency in ("EUR", "SEK") or market.code == "en-gb":
            assert market.withdrawal_days == 14, market.code


def test_yen_has_no_decimals():
    assert MARKETS["ja-jp"].currency_digits == 0 and MARKETS["fr-fr"].currency_digits == 2


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ([("fr-BE", 1), ("fr", 0.8)], "fr-be"),
        ([("fr", 1)], "fr-fr"),
        ([("fr-CA", 1)], "fr-fr"),
        ([("nl-BE", 1)], "nl-be"),
        ([("nl", 1)], "nl-nl"),
        ([("de-AT", 1), ("de", 0.9)], "de-at"),
        ([("ja", 1)], "ja-jp"),
        ([("en-US", 1)], "en-us"),
        ([("en", 1)], "en-gb"),
        ([("zh-CN", 1), ("de", 0.5)], "de-de"),
        ([("zh-CN", 1)], "en-gb"),
        ([], "en-gb"),
        ([("sv", 0), ("fi", 0.4)], "fi-fi"),
    ],
)
def test_the_browser_languages_choose_the_storefront(header, expected):
    assert MARKETS.best_for(header).code == expected


def test_a_broken_market_file_fails_loudly(tmp_path):
    bad = tmp_path / "markets.toml"
    bad.write_text('[xx-yy]\ncountry = "XX"\nlocale = "xx_YY"\ncurrency = "EUR"\ntax_display = "incl_vat"\n'
                   'vat_rate = "20"\nwithdrawal_days = 14\nfree_return_days = 30\nwarranty_months = 12\n'
                   'legal_guarantee_months = 24\nx_default = true\n')
    with pytest.raises(ValueError, match=r"\[xx-yy\] unknown locale"):
        MarketRegistry.from_toml(bad)
