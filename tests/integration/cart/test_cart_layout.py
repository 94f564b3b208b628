"""The cart's summary says the market's promises beside the total; an empty cart leads back to shopping."""
import html

from tests.integration.cart.test_cart import add, offer_on_page


def test_the_total_comes_with_the_markets_warranty_and_free_returns(app):
    client = app.test_client()
    add(client, offer_on_page(client))
    market = app.extensions["markets"]["en-gb"]
    page = html.unescape(client.get("/en-gb/cart/").get_data(as_text=True))
    summary = page[page.index('class="cart__summary'):]
    promise = f"{market.warranty_months}-month warranty · {market.free_return_days} days of free returns"
    assert promise in summary[:summary.index("cart__checkout")]  # beside the total, before the button


def test_an_empty_cart_shows_a_drawing_and_a_way_back_to_shopping(app):
    page = app.test_client().get("/en-gb/cart/").get_data(as_text=True)
    assert '<svg class="cart-empty__art"' in page
    assert '<a class="button button--primary" href="/en-gb/">' in page
