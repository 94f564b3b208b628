"""Checkout steps in order, address formats, delivery per seller, the sandbox card paths, totals per market."""
import re

from sqlalchemy import select

from storefront.extensions import db
from storefront.orders.models import Order
from tests.integration.cart.test_cart import add, offer_on_page
from tests.integration.conftest import csrf_token
from tests.mailbox import sent_mail


def fill_cart(client, market="fr-fr", path="/p/iphone-13"):
    """Put the product page's offer in the cart; returns the session's CSRF token."""
    add(client, offer_on_page(client, f"/{market}{path}"), market=market)
    return csrf_token(client, f"/{market}/p/iphone-13")


def test_steps_cannot_be_skipped(app):
    client = app.test_client()
    assert client.get("/fr-fr/checkout/").headers["Location"].endswith("/fr-fr/cart/")  # empty cart: nothing to check out
    fill_cart(client)
    assert client.get("/fr-fr/checkout/").headers["Location"].endswith("/fr-fr/checkout/address")
    for step in ("delivery", "payment", "review"):
        assert client.get(f"/fr-fr/checkout/{step}").headers["Location"].endswith("/fr-fr/checkout/address"), step


def test_address_is_checked_the_country_way_and_nothing_typed_is_lost(app):
    client = app.test_client()
    token = fill_cart(client)
    client.get("/fr-fr/checkout/")
    bad = client.post("/fr-fr/checkout/address", data={"email": "nope", "name": "Camille", "line1": "12 rue X",
                                                       "postcode": "7501", "city": "Paris", "phone": "0612345678", "csrf_token": token})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert re.search(r'id="f-postcode"[^>]*aria-invalid="true"', html) and re.search(r'id="f-email"[^>]*aria-invalid="true"', html)
    assert 'value="12 rue X"' in html and 'value="Paris"' in html
    for address in ("a\nb@example.org", "camille@example", "camille@@example.org"):  # no header can hold these
        odd = client.post("/fr-fr/checkout/address", data={"email": address, "name": "Camille", "line1": "12 rue X",
                                                          "postcode": "75011", "city": "Paris", "phone": "0612345678", "csrf_token": token})
        assert odd.status_code == 422, address
    good = client.post("/fr-fr/checkout/address", data={"email": "camille@example.org", "name": "Camille", "line1": "12 rue X",
                                                        "postcode": "75011", "city": "Paris", "phone": "0612345678", "csrf_token": token})
    assert good.headers["Location"].endswith("/fr-fr/checkout/delivery")


def walk_to_payment(client, market, token, address):
    client.get(f"/{market}/checkout/")
    assert client.post(f"/{market}/checkout/address", data={**address, "csrf_token": token}).status_code == 303
    delivery = client.get(f"/{market}/checkout/delivery").get_data(as_text=True)
    choices = {name: "standard" for name in set(re.findall(r'name="(seller-\d+)"', delivery))}
    assert client.post(f"/{market}/checkout/delivery", data={**choices, "csrf_token": token}).status_code == 303


def pay(client, market, token, card, expiry="12/34", cvc="123"):
    to_psp = client.post(f"/{market}/checkout/payment", data={"csrf_token": token})
    pay_page = to_psp.headers["Location"]
    assert "/sandbox-psp/pay/" in pay_page
    return client.post(pay_page, data={"number": card, "expiry": expiry, "cvc": cvc, "csrf_token": token})


FR = {"email": "camille@example.org", "name": "Camille Martin", "line1": "12 rue Oberkampf", "postcode": "75011", "city": "Paris", "phone": "0612345678"}


def test_a_declined_card_charges_nothing_and_lets_the_shopper_retry(app):
    client = app.test_client()
    token = fill_cart(client)
    walk_to_payment(client, "fr-fr", token, FR)
    back = pay(client, "fr-fr", token, "4000 0000 0000 0002")
    assert "/fr-fr/checkout/payment/return?intent=" in back.headers["Location"]
    assert client.get(back.headers["Location"]).headers["Location"].endswith("/fr-fr/checkout/payment")
    assert 'class="form__alert form__alert--error" role="alert"' in client.get("/fr-fr/checkout/payment").get_data(as_text=True)
    assert client.get("/fr-fr/checkout/review").headers["Location"].endswith("/fr-fr/checkout/payment")
    again = pay(client, "fr-fr", token, "4242424242424242")
    assert client.get(again.headers["Location"]).headers["Location"].endswith("/fr-fr/checkout/review")


def test_the_psp_refuses_invalid_cards_with_422_and_never_echoes_the_number(app):
    client = app.test_client()
    token = fill_cart(client)
    walk_to_payment(client, "fr-fr", token, FR)
    response = pay(client, "fr-fr", token, "4242 4242 4242 4241", expiry="13/20", cvc="1")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "4242 4242 4242 4241" not in html and "424242424242424" not in html


def test_3ds_confirmation_then_order_and_guest_account(app):
    client = app.test_client()
    token = fill_cart(client)
    walk_to_payment(client, "fr-fr", token, FR)
    challenge = pay(client, "fr-fr", token, "4000000000003220")
    assert "/sandbox-psp/challenge/" in challenge.headers["Location"]
    back = client.post(challenge.headers["Location"], data={"decision": "approve", "csrf_token": token})
    assert client.get(back.headers["Location"]).headers["Location"].endswith("/fr-fr/checkout/review")
    placed = client.post("/fr-fr/checkout/place", data={"csrf_token": token})
    confirmation = placed.headers["Location"]
    assert "/fr-fr/checkout/confirmation/EC-" in confirmation
    page = client.get(confirmation).get_data(as_text=True)
    assert "EC-" in page and 'id="f-password"' in page
    number = confirmation.rsplit("/", 1)[-1]
    # The suite shares one outbox, and another test's queued mail may go out with this one: find this order's.
    mail = next(m for m in reversed(sent_mail(app)) if number in m.subject)
    assert mail.to == ["camille@example.org"] and number in mail.body
    sent = client.post(confirmation, data={"password": "correct horse battery", "csrf_token": token})
    assert sent.status_code == 200 and 'role="status"' in sent.get_data(as_text=True)  # "check your inbox"
    from tests.integration.accounts.test_accounts import confirm, last_mail, link_in

    created = confirm(client, link_in(last_mail(app, "camille@example.org", "/account/signup/")))  # the e-mailed link creates the account
    assert created.headers["Location"].endswith(f"/fr-fr/account/orders/{number}")
    assert number in client.get(f"/fr-fr/account/orders/{number}").get_data(as_text=True)
    stranger = app.test_client()
    assert stranger.get(confirmation).status_code == 404


def test_yen_totals_are_whole_and_us_totals_add_sales_tax_by_state(app):
    client = app.test_client()
    token = fill_cart(client, "ja-jp")
    walk_to_payment(client, "ja-jp", token, {"postcode": "150-0001", "region": "東京都", "city": "渋谷区", "line1": "神宮前1-2-3",
                                             "name": "山田 花子", "phone": "090-1234-5678", "email": "hanako@example.org"})
    summary = client.get("/ja-jp/checkout/payment").get_data(as_text=True)
    assert re.search(r"￥[\d,]+</dd>", summary) and not re.search(r"￥[\d,]+\.\d", summary)
    us = app.test_client()
    token = fill_cart(us, "en-us")
    walk_to_payment(us, "en-us", token, {"name": "Alex", "line1": "1 Main St", "city": "Austin", "region": "TX", "postcode": "78701",
                                         "phone": "+1 512 555 0100", "email": "alex@example.org"})
    html = us.get("/en-us/checkout/payment").get_data(as_text=True)
    items = float(re.search(r"<dt>Items</dt><dd>\$([\d,.]+)</dd>", html).group(1).replace(",", ""))
    tax = float(re.search(r"<dt>Sales tax \(6.25%\)</dt><dd>\$([\d,.]+)</dd>", html).group(1).replace(",", ""))
    assert abs(tax - round(items * 0.0625, 2)) < 0.011


def test_an_order_of_someone_else_is_a_404(app):
    with app.app_context():
        number = db.session.scalar(select(Order.number).limit(1))
    client = app.test_client()
    from tests.integration.accounts.test_accounts import email, signup

    signup(client, email())
    assert number, "an earlier test placed an order"
    assert client.get(f"/en-gb/account/orders/{number}").status_code == 404
