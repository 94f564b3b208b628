"""Placing an order is one service call (no HTTP): it says what came of it, and a second call changes nothing."""
from sqlalchemy import func, select

from storefront.cart import services as carts
from storefront.checkout import services as checkouts
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.payments.models import SandboxIntent
from tests.integration.checkout.helpers import ready_checkout
from tests.integration.checkout.test_order_integrity import offers_from_sellers


def place(app, cart_id, token, user_id=None):
    """place_order as the view calls it, for the fr-fr checkout `token` of cart `cart_id`."""
    with app.test_request_context("/fr-fr/"):
        app.preprocess_request()
        market = app.extensions["markets"]["fr-fr"]
        checkout = checkouts.get(token, "fr-fr")
        if checkout is None or checkout.order_id is not None:  # placed already: the view has no checkout left
            placement = checkouts.place_order(token, None, [], None, [], market, user_id)
        else:
            priced = carts.priced_lines(db.session.get(carts.Cart, cart_id), market)
            summary = checkouts.summarise(checkout, priced, market)
            done = checkouts.completed(checkout, checkouts.payment_of(checkout), summary)
            placement = checkouts.place_order(token, checkout, priced, summary, done, market, user_id)
        return placement.order.number if placement.order else None, placement.refusal


def test_placing_twice_returns_the_same_order_and_charges_once(app):
    cart_id, token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 2))
    number, refusal = place(app, cart_id, token)
    assert number and refusal is None
    assert place(app, cart_id, token) == (number, None)
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id)).where(Order.checkout_token == token)) == 1
        assert db.session.get(SandboxIntent, intent).history.count("capture") == 1


def test_a_checkout_without_an_authorized_payment_is_refused_at_the_payment_step(app):
    cart_id, token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1), authorize=False)
    assert place(app, cart_id, token) == (None, "payment")
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id)).where(Order.checkout_token == token)) == 0
        assert "void" not in db.session.get(SandboxIntent, intent).history


def test_no_checkout_and_no_order_is_gone(app):
    with app.test_request_context("/fr-fr/"):
        app.preprocess_request()
        placement = checkouts.place_order("no-such-token", None, [], None, [], app.extensions["markets"]["fr-fr"], None)
    assert placement == checkouts.Placement(None, "gone")
