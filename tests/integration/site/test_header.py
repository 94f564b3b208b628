"""The header shows the shopper: "Sign in" or their account, and a cart link whose label and badge agree."""
import re
import uuid

import pytest

from tests.integration.conftest import csrf_token, htmx_headers

PASSWORD = "correct horse battery"
CART_LINK = re.compile(r'<a class="site-header__cart" id="cart-link"[^>]*aria-label="([^"]*)"[^>]*>.*?'
                       r'id="cart-badge" aria-hidden="true">(\d+)</span>', re.S)


def cart_link(html: str) -> tuple[str, str]:
    """The header cart link's accessible label and its visible badge."""
    return CART_LINK.search(html).groups()


def account_link(html: str) -> str:
    return re.search(r'<a class="site-header__account[^"]*" id="accounts-link".*?</a>', html, re.S).group(0)


def signed_in(app, name="Ada Lovelace", market="en-gb"):
    from storefront.accounts import services as accounts

    client = app.test_client()
    email = f"header-{uuid.uuid4().hex[:8]}@example.com"
    with app.app_context():
        accounts.create_user(email, PASSWORD, name)
    response = client.post(f"/{market}/account/login", data={
        "email": email, "password": PASSWORD, "csrf_token": csrf_token(client, f"/{market}/account/login")})
    assert response.status_code == 303
    return client, email


def offers(client, market):
    """The offers two product pages put forward."""
    return [re.search(r'name="offer" value="(\d+)"', client.get(f"/{market}/p/{slug}").get_data(as_text=True)).group(1)
            for slug in ("iphone-13", "pixel-7")]


def add(client, market, offer, headers=None):
    token = csrf_token(client, f"/{market}/p/iphone-13")
    return client.post(f"/{market}/cart/add", data={"offer": offer, "csrf_token": token}, headers=headers or {})


def test_a_visitor_is_offered_to_sign_in_and_comes_back_to_the_page(client):
    html = client.application.test_client().get("/fr-fr/p/iphone-13").get_data(as_text=True)
    link = account_link(html)
    assert "Se connecter" in link and 'href="/fr-fr/account/login?next=/fr-fr/p/iphone-13"' in link
    assert cart_link(html) == ("Panier, 0 article", "0")


def test_a_signed_in_shopper_sees_their_account_with_their_first_name(app):
    client, _email = signed_in(app, "Ada Lovelace")
    for path in ("/en-gb/", "/en-gb/p/iphone-13", "/en-gb/cart/"):
        link = account_link(client.get(path).get_data(as_text=True))
        assert 'href="/en-gb/account/"' in link and 'aria-label="Your account, Ada"' in link
        assert "Sign in" not in link and ">Ada</span>" in link


def test_without_a_name_the_header_uses_the_email_before_the_at(app):
    client, email = signed_in(app, "", market="fr-fr")
    link = account_link(client.get("/fr-fr/").get_data(as_text=True))
    assert f">{email.partition('@')[0]}</span>" in link and "Se connecter" not in link


def test_the_account_link_is_not_frozen_in_the_storefront_shell(app):
    anonymous = app.test_client()
    assert "Sign in" in account_link(anonymous.get("/en-gb/legal/returns").get_data(as_text=True))
    client, _email = signed_in(app, "Grace Hopper")
    assert "Grace" in account_link(client.get("/en-gb/legal/returns").get_data(as_text=True))
    assert "Grace" not in anonymous.get("/en-gb/legal/returns").get_data(as_text=True)


@pytest.mark.parametrize(("market", "labels"), [
    ("en-gb", ["Cart, 0 items", "Cart, 1 item", "Cart, 2 items"]),
    ("fr-fr", ["Panier, 0 article", "Panier, 1 article", "Panier, 2 articles"]),
])
def test_the_cart_label_and_badge_agree_as_the_cart_fills(app, market, labels):
    client = app.test_client()
    assert cart_link(client.get(f"/{market}/").get_data(as_text=True)) == (labels[0], "0")
    first, second = offers(client, market)
    add(client, market, first)
    assert cart_link(client.get(f"/{market}/").get_data(as_text=True)) == (labels[1], "1")
    # The htmx answer replaces the whole link out of band, so the label moves with the badge.
    added = add(client, market, second, htmx_headers("cart-added")).get_data(as_text=True)
    assert cart_link(added) == (labels[2], "2") and 'id="cart-link"' in added and 'data-hx-swap-oob="true"' in added
    assert cart_link(client.get(f"/{market}/p/iphone-13").get_data(as_text=True)) == (labels[2], "2")


def test_changing_a_quantity_updates_the_cart_link_label_too(app):
    client = app.test_client()
    first, _second = offers(client, "en-gb")
    add(client, "en-gb", first)
    line = re.search(r'/en-gb/cart/lines/(\d+)"', client.get("/en-gb/cart/").get_data(as_text=True)).group(1)
    removed = client.post(f"/en-gb/cart/lines/{line}/remove", data={"csrf_token": csrf_token(client)},
                          headers=htmx_headers("cart-lines")).get_data(as_text=True)
    assert cart_link(removed) == ("Cart, 0 items", "0") and 'data-hx-swap-oob="true"' in removed


def test_a_signed_in_shoppers_cart_shows_in_the_header(app):
    client, _email = signed_in(app, "Alan Turing", market="fr-fr")
    first, _second = offers(client, "fr-fr")
    add(client, "fr-fr", first)
    html = client.get("/fr-fr/c/smartphones").get_data(as_text=True)
    assert cart_link(html) == ("Panier, 1 article", "1") and "Alan" in account_link(html)
