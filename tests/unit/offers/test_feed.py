"""Reading a seller's feed file and planning it: pure functions, no database."""
import pytest

from storefront.offers import feed
from storefront.offers.feed import Catalog, Context, Current, FeedFileError, VariantRef

MARKETS = ("fr-fr", "de-de", "ja-jp", "en-gb")
CURRENCIES = {"fr-fr": "EUR", "de-de": "EUR", "ja-jp": "JPY", "en-gb": "GBP"}
CATALOG = Catalog(
    models={"iphone-13": 1, "iphone 13": 1, "apple iphone 13": 1, "macbook-air": 2, "macbook air": 2},
    names={1: "Apple iPhone 13", 2: "Apple MacBook Air"},
    variants={1: [VariantRef(10, 128, "Midnight", ""), VariantRef(11, 256, "Midnight", ""), VariantRef(12, 128, "Starlight", "")],
              2: [VariantRef(20, 256, "Silver", "AZERTY"), VariantRef(21, 256, "Silver", "QWERTY")]},
)
HEADER = "sku,model,storage,colour,grade,stock,price_fr-fr"


def mine(**changes):
    values = dict(id=5, sku="MY-1", variant_id=10, grade="good", stock=3, status="live", battery_floor=85,
                  warranty_months=12, prices={"fr-fr": 30000})
    return Current(**{**values, **changes})


def context(offers=(), foreign=()):
    return Context(["fr-fr", "de-de"], CURRENCIES, CATALOG, list(offers), set(foreign))


def planned(text, offers=None, foreign=()):
    offers = [mine()] if offers is None else offers
    return feed.plan(feed.read(text.encode() if isinstance(text, str) else text, MARKETS), context(offers, foreign))


def problems(plan):
    return [(p.line, p.column) for p in plan.problems]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_a_file_is_read_in_utf8_with_or_without_bom_or_a_windows_encoding(encoding):
    text = "sku,model,storage,colour,grade\nÉTÉ-1,iphone-13,128,Midnight,good\n"
    sheet = feed.read(text.encode(encoding), MARKETS)
    assert sheet.columns[0] == "sku" and sheet.rows == [(2, {"sku": "ÉTÉ-1", "model": "iphone-13", "storage": "128",
                                                              "colour": "Midnight", "grade": "good"})]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_separator_is_sniffed_from_the_header(separator):
    text = separator.join(HEADER.split(",")) + "\n" + separator.join(["MY-1", "iphone-13", "128", "Midnight", "good", "4", "1,5"
                                                                        if separator != "," else "1.5"]) + "\n"
    (change,) = planned(text).changes
    assert change.fields == {"stock": 4} and change.prices == {"fr-fr": 150}


def test_header_names_ignore_case_and_spaces_and_colour_may_be_color():
    sheet = feed.read(b" SKU , Model,STORAGE,Color,Grade ,Price FR-FR\nA,iphone-13,128,Midnight,good,1\n", MARKETS)
    assert sheet.columns == ["sku", "model", "storage", "colour", "grade", "price_fr-fr"] and sheet.markets == ["fr-fr"]


@pytest.mark.parametrize(("data", "words"), [
    (b"\x00\x01\x02PK\x03\x04" * 50, "binary data"),
    (bytes(range(1, 9)) * 100, "binary data"),
    (b"hello,world\n1,2\n", "names none of them"),
    (b"sku,model,storage,colour,grade,price_xx-xx\n", "Unknown columns: price_xx-xx"),
    (b"sku,model,storage,colour,grade,notes\n", "Unknown columns: notes"),
    (b"sku,model,grade,stock\nA,b,good,1\n", "Missing columns: storage, colour"),
    (b"sku,model,storage,colour,grade,sku\nA,b,1,c,good,A\n", "appear twice: sku"),
    (b"sku,model,storage,colour,grade\n\n\n", "no rows"),
    (b"sku,model,storage,colour,grade\nA,\"b,1,c,good\n" + b"x" * 200_000, "cannot be read as CSV"),
    (b"x" * 5000 + b"\n", "does not look like a header"),
    (b"a" * (feed.MAX_BYTES + 1), "over 5 MB"),
    (b"sku,model,storage,colour,grade\n" + b"A,b,1,c,good\n" * (feed.MAX_ROWS + 1), "more than 20000 rows"),
])
def test_an_unusable_file_gets_one_error_for_the_whole_file(data, words):
    with pytest.raises(FeedFileError) as refused:
        feed.read(data, MARKETS)
    assert words in str(refused.value)


def test_a_line_with_too_few_values_is_an_error_of_that_line():
    plan = planned(HEADER + "\nMY-1,iphone-13,128\n")
    assert problems(plan) == [(2, "")] and "3 values" in str(plan.problems[0].why)


def test_a_row_matches_the_offer_with_its_sku_and_updates_only_what_it_gives():
    (change,) = planned("sku,model,storage,colour,grade,stock\nMY-1,iphone 13,128,midnight,GOOD,7\n").changes
    assert (change.action, change.offer_id, change.fields, change.before, change.prices) == ("update", 5, {"stock": 7}, {"stock": 3}, {})


def test_empty_cells_and_absent_columns_leave_values_alone():
    (change,) = planned(HEADER + "\nMY-1,Apple iPhone 13,128 GB,Midnight,good,,\n").changes
    assert change.action == "unchanged" and change.fields == {} and change.prices == {}


def test_a_new_sku_for_the_same_device_and_grade_renames_the_offer():
    (change,) = planned(HEADER + "\nMY-NEW,iphone-13,128,Midnight,good,3,\n").changes
    assert (change.offer_id, change.fields, change.before) == (5, {"sku": "MY-NEW"}, {"sku": "MY-1"})


def test_a_row_for_a_device_the_seller_does_not_sell_creates_an_offer_with_defaults():
    (change,) = planned(HEADER + "\nNEW-1,iphone-13,256,Midnight,excellent,2,199.90\n").changes
    assert (change.action, change.offer_id, change.variant_id, change.grade) == ("create", None, 11, "excellent")
    assert change.fields == {"sku": "NEW-1", "battery_floor": 85, "warranty_months": 12, "status": "live", "stock": 2}
    assert change.prices == {"fr-fr": 19990} and change.prices_before == {"fr-fr": None}


def test_status_paused_is_a_pause():
    (change,) = planned("sku,model,storage,colour,grade,status\nMY-1,iphone-13,128,Midnight,good,Paused\n").changes
    assert change.action == "pause" and change.fields == {"status": "paused"}


def test_yen_prices_have_no_decimals_and_each_market_uses_its_currency():
    plan = feed.plan(feed.read(b"sku,model,storage,colour,grade,price_de-de\nMY-1,iphone-13,128,Midnight,good,249\n", MARKETS),
                     Context(["fr-fr", "de-de", "ja-jp"], CURRENCIES, CATALOG, [mine()], set()))
    assert plan.changes[0].prices == {"de-de": 24900}


@pytest.mark.parametrize(("row", "column", "words"), [
    ("MY-1,iphone-13,128,Midnight,good,1,-5", "price_fr-fr", "more than zero"),
    ("MY-1,iphone-13,128,Midnight,good,1,abc", "price_fr-fr", "as a number"),
    ("MY-1,iphone-13,128,Midnight,good,-1,", "stock", "whole number"),
    ("MY-1,iphone-13,128,Midnight,mint,1,", "grade", "grade is one of"),
    ("MY-1,iphone-99,128,Midnight,good,1,", "model", "No device model"),
    ("MY-1,iphone-13,64,Midnight,good,1,", "storage", "does not come with 64 GB"),
    ("MY-1,iphone-13,lots,Midnight,good,1,", "storage", "number of GB"),
    ("MY-1,iphone-13,128,Purple,good,1,", "colour", "comes in Midnight, Starlight"),
    ("MY 1,iphone-13,128,Midnight,good,1,", "sku", "without spaces"),
    ("THEIRS-1,iphone-13,128,Midnight,good,1,", "sku", "Not your offer"),
    ("MY-1,iphone-13,256,Midnight,good,1,", "sku", "another device or grade"),
    ("NEW-1,iphone-13,256,Midnight,good,,", "stock", "needs its stock"),
    ("NEW-1,macbook-air,256,Silver,good,1,", "keyboard", "several keyboards"),
])
def test_each_bad_value_is_an_error_with_its_line_column_and_why(row, column, words):
    plan = planned(HEADER + "\n" + row + "\n", foreign={"THEIRS-1"})
    assert plan.changes == [] and problems(plan) == [(2, column)]
    assert words in str(plan.problems[0].why)


def test_a_price_for_a_market_the_seller_does_not_ship_to_is_an_error():
    plan = planned("sku,model,storage,colour,grade,price_ja-jp\nMY-1,iphone-13,128,Midnight,good,5000\n")
    assert problems(plan) == [(2, "price_ja-jp")] and "ja-jp" in str(plan.problems[0].why)


def test_the_same_sku_or_offer_twice_in_a_file_is_an_error_on_the_second_line():
    plan = planned(HEADER + "\nMY-1,iphone-13,128,Midnight,good,1,\nMY-1,iphone-13,128,Midnight,good,2,\n"
                   "OTHER,iphone-13,128,Midnight,good,3,\n")
    assert [c.line for c in plan.changes] == [2] and problems(plan) == [(3, "sku"), (4, "sku")]
    assert "line 2" in str(plan.problems[0].why)


def test_a_keyboard_column_picks_a_laptops_variant():
    (change,) = planned("sku,model,storage,colour,keyboard,grade,stock\nL-1,macbook-air,256,Silver,qwerty,good,1\n").changes
    assert change.variant_id == 21


def test_the_status_of_an_offer_the_operator_suspended_is_not_the_feeds():
    plan = planned("sku,model,storage,colour,grade,status,stock\nMY-1,iphone-13,128,Midnight,good,live,4\n",
                   offers=[mine(status="suspended")])
    assert problems(plan) == [(2, "status")]
    (change,) = planned("sku,model,storage,colour,grade,stock\nMY-1,iphone-13,128,Midnight,good,4\n",
                        offers=[mine(status="suspended")]).changes
    assert change.fields == {"stock": 4}
