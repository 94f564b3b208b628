"""Build checkouts that are one click from an order, through the real services."""
from storefront.cart import services as carts
from storefront.checkout import services as checkouts
from storefront.extensions import db
from storefront.payments.models import SandboxIntent
from storefront.payments.provider import provider
from storefront.payments.sandbox import _move
from tests.integration.conftest import csrf_token

FR_ADDRESS = {"name": "Camille Martin", "line1": "12 rue Oberkampf", "postcode": "75011", "city": "Paris", "phone": "0612345678"}


def ready_checkout(app, market_code: str, offer_ids: list[int], address=FR_ADDRESS, authorize=True):
    """(cart id, checkout token, intent id) for a guest checkout at the review step."""
    with app.test_request_context(f"/{market_code}/"):
        app.preprocess_request()
        market = app.extensions["markets"][market_code]
        cart = None
        for offer_id in offer_ids:
            cart = carts.add(cart, market_code, None, offer_id)
        checkout = checkouts.start(cart, market_code, None)
        checkouts.set_address(checkout, "buyer@example.org", market.country, address)
        priced = carts.priced_lines(cart, market)
        options = checkouts.delivery_options(priced)
        checkouts.set_delivery(checkout, {seller: "standard" for seller in options}, options)
        summary = checkouts.summarise(checkout, priced, market)
        intent = provider().create_intent(summary.totals.total, market.currency, checkout.token, "http://localhost/return")
        if authorize:
            row = db.session.get(SandboxIntent, intent.id)
            row.card = "Visa •••• 4242"
            intent = _move(row, "authorized", "authorize", ("requires_payment",))
        checkouts.record_intent(checkout, intent)
        return cart.id, checkout.token, intent.id


def attach(client, market_code: str, cart_id: int, token: str) -> str:
    """Put the cart and checkout in the client's session; returns a CSRF token for it."""
    with client.session_transaction() as session:
        session["carts"] = {market_code: cart_id}
        session["checkouts"] = {market_code: token}
    return csrf_token(client, f"/{market_code}/p/iphone-13")
