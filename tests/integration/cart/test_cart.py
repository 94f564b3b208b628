"""The minimal cart: add from the product page, see it priced now, remove it."""
import re

from tests.integration.conftest import csrf_token


def test_add_to_cart_then_remove(client):
    html = client.get("/en-gb/p/iphone-13").get_data(as_text=True)
    offer = re.search(r'name="offer" value="(\d+)"', html).group(1)
    token = csrf_token(client)
    response = client.post("/en-gb/cart/add", data={"offer": offer, "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith("/en-gb/cart/")
    cart = client.get("/en-gb/cart/")
    body = cart.get_data(as_text=True)
    assert "iPhone 13" in body and "Sold by" in body and cart.headers["Cache-Control"] == "no-store"
    assert 'class="site-header__badge" aria-hidden="true">1<' in body
    client.post("/en-gb/cart/remove", data={"offer": offer, "csrf_token": token})
    assert "as empty as a drawer" in client.get("/en-gb/cart/").get_data(as_text=True)


def test_a_cart_post_without_csrf_token_is_refused(client):
    assert client.post("/en-gb/cart/add", data={"offer": "1"}).status_code == 400


def test_adding_an_unknown_offer_is_a_404(client):
    token = csrf_token(client)
    assert client.post("/en-gb/cart/add", data={"offer": "999999", "csrf_token": token}).status_code == 404
    assert client.post("/en-gb/cart/add", data={"offer": "abc", "csrf_token": token}).status_code == 404
