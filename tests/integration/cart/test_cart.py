"""The cart: add from the product page (htmx or not), quantities, plans, notices, guest carts that survive sign-in."""
import re
import uuid

from sqlalchemy import select

from storefront.extensions import db
from storefront.markets.money import format_money
from storefront.offers.models import Offer, OfferPrice
from tests.integration.conftest import csrf_token, htmx_headers


def offer_on_page(client, path="/en-gb/p/iphone-13"):
    return re.search(r'name="offer" value="(\d+)"', client.get(path).get_data(as_text=True)).group(1)


def add(client, offer, headers=None, market="en-gb"):
    token = csrf_token(client, f"/{market}/p/iphone-13")
    return client.post(f"/{market}/cart/add", data={"offer": offer, "csrf_token": token}, headers=headers or {})


def test_add_without_javascript_redirects_to_the_cart(client):
    client = client.application.test_client()
    response = add(client, offer_on_page(client))
    assert response.status_code == 303 and response.headers["Location"].endswith("/en-gb/cart/")
    cart = client.get("/en-gb/cart/")
    body = cart.get_data(as_text=True)
    assert "Sold and shipped by" in body and "Standard delivery" in body and cart.headers["Cache-Control"] == "no-store"
    assert 'id="cart-badge" aria-hidden="true">1<' in body


def test_add_with_htmx_returns_a_confirmation_and_the_new_badge(app):
    client = app.test_client()
    response = add(client, offer_on_page(client), htmx_headers("cart-added"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<div class="cart-added panel" id="cart-added"')
    assert re.search(r'id="cart-link"[^>]*aria-label="Cart, 1 item" data-hx-swap-oob="true">.*id="cart-badge" aria-hidden="true">1<', html, re.S)
    assert "HX-Request" in response.headers["Vary"]


def test_quantity_and_removal_swap_the_cart_region_or_redirect(app):
    client = app.test_client()
    add(client, offer_on_page(client))
    line = re.search(r'/en-gb/cart/lines/(\d+)"', client.get("/en-gb/cart/").get_data(as_text=True)).group(1)
    token = csrf_token(client)
    partial = client.post(f"/en-gb/cart/lines/{line}", data={"quantity": "2", "csrf_token": token}, headers=htmx_headers("cart-lines"))
    html = partial.get_data(as_text=True)
    assert html.lstrip().startswith('<div class="cart__region" id="cart-lines"') and "<html" not in html
    assert '<option selected>2</option>' in html
    assert re.search(r'aria-label="Cart, 2 items" data-hx-swap-oob="true">.*id="cart-badge" aria-hidden="true">2<', html, re.S)
    full = client.post(f"/en-gb/cart/lines/{line}", data={"quantity": "1", "csrf_token": token})
    assert full.status_code == 303
    removed = client.post(f"/en-gb/cart/lines/{line}/remove", data={"csrf_token": token}, headers=htmx_headers("cart-lines"))
    assert 'class="empty-note"' in removed.get_data(as_text=True)


def test_the_protection_plan_is_never_preselected_and_is_priced_per_device(app):
    client = app.test_client()
    add(client, offer_on_page(client))
    html = client.get("/en-gb/cart/").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" name="protection" value="on">', html)
    line = re.search(r'/en-gb/cart/lines/(\d+)"', html).group(1)
    token = csrf_token(client)
    client.post(f"/en-gb/cart/lines/{line}", data={"protection": "on", "csrf_token": token})
    assert 'value="on" checked>' in client.get("/en-gb/cart/").get_data(as_text=True)


def test_a_price_change_and_a_sell_out_are_told_not_hidden(app):
    client = app.test_client()
    offer = offer_on_page(client)
    add(client, offer)
    stock = 1
    with app.app_context():
        price = db.session.scalar(select(OfferPrice).where((OfferPrice.offer_id == int(offer)) & (OfferPrice.market == "en-gb")))
        original, price.amount = price.amount, price.amount + 1000
        db.session.commit()
    try:
        assert "The price changed since you added it" in client.get("/en-gb/cart/").get_data(as_text=True)
        assert "The price changed" not in client.get("/en-gb/cart/").get_data(as_text=True)  # told once
        with app.app_context():
            stock = db.session.get(Offer, int(offer)).stock
            db.session.get(Offer, int(offer)).stock = 0
            db.session.commit()
        assert "Just sold out" in client.get("/en-gb/cart/").get_data(as_text=True)
    finally:
        with app.app_context():
            price = db.session.scalar(select(OfferPrice).where((OfferPrice.offer_id == int(offer)) & (OfferPrice.market == "en-gb")))
            price.amount = original
            db.session.get(Offer, int(offer)).stock = max(stock, 1)
            db.session.commit()


def test_a_quantity_above_the_stock_left_is_sold_and_counted_as_the_stock(app):
    client = app.test_client()
    offer = offer_on_page(client)
    add(client, offer)
    line = re.search(r'/en-gb/cart/lines/(\d+)"', client.get("/en-gb/cart/").get_data(as_text=True)).group(1)
    client.post(f"/en-gb/cart/lines/{line}", data={"quantity": "3", "csrf_token": csrf_token(client)})
    with app.app_context():
        unit = db.session.scalar(select(OfferPrice.amount).where((OfferPrice.offer_id == int(offer)) & (OfferPrice.market == "en-gb")))
        stock, db.session.get(Offer, int(offer)).stock = db.session.get(Offer, int(offer)).stock, 1
        db.session.commit()
        one = format_money(unit, "GBP", "en_GB")
    try:
        html = client.get("/en-gb/cart/").get_data(as_text=True)
        assert "Only 1 left" in html
        assert re.search(r'class="cart__total">.*?<span class="price__amount">([^<]+)<', html, re.S).group(1) == one
    finally:
        with app.app_context():
            db.session.get(Offer, int(offer)).stock = stock
            db.session.commit()


def test_a_guest_cart_merges_into_the_account_on_sign_in(app):
    from storefront.accounts import services as accounts
    from tests.integration.accounts.test_accounts import PASSWORD, login

    address = f"merge-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_user(address, PASSWORD)
    client = app.test_client()
    add(client, offer_on_page(client))
    login(client, address)
    assert 'id="cart-badge" aria-hidden="true">1<' in client.get("/en-gb/cart/").get_data(as_text=True)
    other_device = app.test_client()
    login(other_device, address)
    assert "iPhone 13" in other_device.get("/en-gb/cart/").get_data(as_text=True)


def test_signing_in_with_a_started_guest_checkout_merges_into_the_account_cart(app):
    from storefront.accounts import services as accounts
    from tests.integration.accounts.test_accounts import PASSWORD, login

    address = f"merge-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_user(address, PASSWORD)
    account_device = app.test_client()
    login(account_device, address)
    add(account_device, offer_on_page(account_device))  # the account has a cart of its own
    guest = app.test_client()
    add(guest, offer_on_page(guest, "/en-gb/p/galaxy-s21"))
    assert guest.get("/en-gb/checkout/").status_code in (200, 303)  # the guest starts a checkout
    assert login(guest, address).status_code == 303
    html = guest.get("/en-gb/cart/").get_data(as_text=True)
    assert "iPhone 13" in html and "Galaxy S21" in html


def test_unknown_offers_and_missing_tokens_are_refused(app):
    client = app.test_client()
    token = csrf_token(client)
    assert client.post("/en-gb/cart/add", data={"offer": "999999", "csrf_token": token}).status_code == 404
    assert client.post("/en-gb/cart/add", data={"offer": "abc", "csrf_token": token}).status_code == 404
    assert client.post("/en-gb/cart/add", data={"offer": "1"}).status_code == 400
