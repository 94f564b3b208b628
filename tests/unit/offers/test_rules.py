"""What a seller may type for an offer: the same checks for the portal, the CSV feed and the API."""
import pytest

from storefront.offers.rules import (
    OfferInputError,
    check_market,
    parse_battery,
    parse_grade,
    parse_price,
    parse_sku,
    parse_status,
    parse_stock,
    parse_warranty,
)


@pytest.mark.parametrize(("text", "currency", "minor"), [
    ("199", "EUR", 19900), ("199.90", "EUR", 19990), ("199,9", "EUR", 19990), (" 1 299,00 ", "EUR", 129900),
    ("45800", "JPY", 45800), ("0.01", "GBP", 1), ("1\u00a0499", "SEK", 149900),
])
def test_prices_are_read_as_typed_into_minor_units(text, currency, minor):
    assert parse_price(text, currency) == minor


@pytest.mark.parametrize(("text", "currency"), [
    ("", "EUR"), ("-5", "EUR"), ("0", "EUR"), ("0,00", "EUR"), ("12.345", "EUR"), ("12.5", "JPY"), ("1e3", "EUR"),
    ("€199", "EUR"), ("199.90.1", "EUR"), ("100001", "EUR"), ("١٢٣", "EUR"), ("NaN", "EUR"),
])
def test_bad_prices_are_refused_with_a_reason(text, currency):
    with pytest.raises(OfferInputError) as refused:
        parse_price(text, currency)
    assert str(refused.value)


@pytest.mark.parametrize(("text", "stock"), [("0", 0), (" 12 ", 12), ("100000", 100_000)])
def test_stock(text, stock):
    assert parse_stock(text) == stock


@pytest.mark.parametrize("text", ["", "-1", "1.5", "²", "100001", "ten"])
def test_bad_stock(text):
    with pytest.raises(OfferInputError):
        parse_stock(text)


def test_grade_warranty_battery_and_market():
    assert parse_grade(" Excellent ") == "excellent"
    assert parse_warranty("24") == 24 and parse_battery("85 %") == 85 and parse_battery("0") == 0
    assert check_market("fr-fr", ["fr-fr", "de-de"]) == "fr-fr"
    for bad in (lambda: parse_grade("mint"), lambda: parse_warranty("6"), lambda: parse_warranty("61"),
                lambda: parse_battery("101"), lambda: check_market("ja-jp", ["fr-fr"])):
        with pytest.raises(OfferInputError):
            bad()


@pytest.mark.parametrize(("text", "sku"), [("ABC-123", "ABC-123"), ("  s/1.2_x ", "s/1.2_x"), ("x" * 64, "x" * 64)])
def test_skus_are_kept_as_typed_without_surrounding_spaces(text, sku):
    assert parse_sku(text) == sku


@pytest.mark.parametrize("text", ["", "   ", "AB C", "x" * 65, "a\x00b"])
def test_bad_skus_are_refused_with_a_reason(text):
    with pytest.raises(OfferInputError) as refused:
        parse_sku(text)
    assert str(refused.value)


@pytest.mark.parametrize(("text", "status"), [("live", "live"), (" Paused ", "paused"), ("LIVE", "live")])
def test_a_seller_sets_live_or_paused(text, status):
    assert parse_status(text) == status


@pytest.mark.parametrize("text", ["", "suspended", "on", "deleted"])
def test_a_seller_cannot_set_any_other_status(text):
    with pytest.raises(OfferInputError):
        parse_status(text)


def test_a_negative_price_is_called_what_it_is():
    with pytest.raises(OfferInputError) as refused:
        parse_price("-5", "EUR")
    assert str(refused.value) == "A price must be more than zero."
