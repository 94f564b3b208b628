"""What checkout says around the form: which required field is empty, sales tax before the address is known,
and an address printed the country's way."""
import html
import re

from tests.integration.cart.test_cart import offer_on_page
from tests.integration.checkout.helpers import attach, ready_checkout
from tests.integration.checkout.test_checkout_steps import fill_cart


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def error_of(page: str, name: str) -> str:
    return re.search(rf'id="f-{name}-error">([^<]*)<', page).group(1)


def test_an_empty_required_field_says_it_is_required(app):
    client = app.test_client()
    token = fill_cart(client, "en-gb")
    client.get("/en-gb/checkout/")
    empty = client.post("/en-gb/checkout/address", data={"email": "", "line2": "", "csrf_token": token})
    page = text_of(empty)
    assert empty.status_code == 422
    assert error_of(page, "email") == "Please enter your e-mail address."
    assert "doesn't look like" not in page
    assert {name: error_of(page, name) for name in ("name", "line1", "postcode", "city", "phone")} == {
        "name": "Please enter the recipient's full name.", "line1": "Please enter the street and number.",
        "postcode": "Please enter the postcode.", "city": "Please enter the city.",
        "phone": "Please enter a phone number for the courier."}
    assert 'id="f-line2-error"' not in page  # optional
    typo = text_of(client.post("/en-gb/checkout/address", data={"email": "camille@", "csrf_token": token}))
    assert error_of(typo, "email") == "This doesn't look like an e-mail address."


def test_us_required_fields_name_the_state_and_the_zip_code(app):
    client = app.test_client()
    token = fill_cart(client, "en-us", "/p/galaxy-s21")
    client.get("/en-us/checkout/")
    page = text_of(client.post("/en-us/checkout/address", data={"email": "jo@example.org", "csrf_token": token}))
    assert error_of(page, "region") == "Please choose the state."
    assert error_of(page, "postcode") == "Please enter the ZIP code."


def summary_of(response) -> str:
    return re.search(r'<div id="checkout-summary">.*?</dl>', text_of(response), re.S).group(0)


def test_sales_tax_is_worked_out_from_the_address_not_shown_as_zero_before_it(app):
    client = app.test_client()
    token = fill_cart(client, "en-us", "/p/galaxy-s21")
    client.get("/en-us/checkout/")
    before = summary_of(client.get("/en-us/checkout/address"))
    assert "worked out from your address" in before and "Total before sales tax" in before
    assert not re.search(r"Sales tax[^<]*</dt><dd>\$0\.00", before)
    address = {"email": "jo@example.org", "name": "Jo Lee", "line1": "350 Fifth Avenue", "city": "New York",
               "region": "NY", "postcode": "10001", "phone": "212 555 0100", "csrf_token": token}
    assert client.post("/en-us/checkout/address", data=address).status_code == 303
    after = summary_of(client.get("/en-us/checkout/delivery"))
    assert re.search(r"Sales tax \(4%\)</dt><dd>\$\d+\.\d\d</dd>", after)
    assert "worked out from your address" not in after and ">Total<" in after


def test_vat_markets_have_no_sales_tax_line(app):
    client = app.test_client()
    fill_cart(client, "en-gb")
    client.get("/en-gb/checkout/")
    summary = summary_of(client.get("/en-gb/checkout/address"))
    assert "Sales tax" not in summary and "worked out" not in summary


ADDRESSES = {
    "en-us": ({"name": "Jo Lee", "line1": "350 Fifth Avenue", "line2": "Suite 3", "city": "New York", "region": "NY",
               "postcode": "10001", "phone": "212 555 0100"},
              ["Jo Lee", "350 Fifth Avenue", "Suite 3", "New York, NY 10001", "212 555 0100"]),
    "fr-fr": ({"name": "Camille Martin", "line1": "12 rue Oberkampf", "line2": "", "postcode": "75011", "city": "Paris",
               "phone": "0612345678"},
              ["Camille Martin", "12 rue Oberkampf", "75011 Paris", "0612345678"]),
    "de-de": ({"name": "Jonas Weber", "line1": "Hauptstraße 5", "line2": "Hinterhaus", "postcode": "10115",
               "city": "Berlin", "phone": "030 1234567"},
              ["Jonas Weber", "Hauptstraße 5", "Hinterhaus", "10115 Berlin", "030 1234567"]),
    "ja-jp": ({"postcode": "150-0001", "region": "東京都", "city": "渋谷区", "line1": "神宮前1-2-3", "line2": "",
               "name": "山田 花子", "phone": "090-1234-5678"},
              ["〒150-0001", "東京都渋谷区神宮前1-2-3", "山田 花子", "090-1234-5678"]),
}


def test_review_prints_the_address_the_way_each_country_writes_it(app):
    for market, (fields, printed) in ADDRESSES.items():
        client = app.test_client()
        offer = int(offer_on_page(client, f"/{market}/p/iphone-13"))
        cart_id, token, _ = ready_checkout(app, market, [offer], address=fields)
        attach(client, market, cart_id, token)
        review = text_of(client.get(f"/{market}/checkout/review"))
        block = re.search(r'<address class="address-lines"[^>]*>(.*?)</address>', review, re.S).group(1)
        lines = re.findall(r"<span>([^<]*)</span>", block)
        assert lines[:-1] == printed, market  # the country's name closes the address
