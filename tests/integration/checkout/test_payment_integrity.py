"""No order without a payment the provider confirms; every placed order ends captured (or flagged), its
cart emptied and one e-mail sent, whatever crashes; one live authorization per checkout."""
import json
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from storefront.cart.models import CartLine
from storefront.checkout import services as checkouts
from storefront.checkout.models import Checkout
from storefront.extensions import db
from storefront.offers.models import Offer
from storefront.orders import services as orders
from storefront.orders.models import Order
from storefront.payments import webhooks
from storefront.payments.models import Payment, SandboxIntent
from storefront.payments.provider import PaymentError
from storefront.payments.sandbox import SandboxProvider
from tests.integration.checkout.helpers import attach, ready_checkout
from tests.integration.checkout.test_order_integrity import offers_from_sellers
from tests.mailbox import sent_mail


def forged_event(app, intent, status, amount):
    """An event signed with the configured secret: what anyone who knows a default secret can send."""
    with app.app_context():
        body = json.dumps({"id": f"evt_forged_{intent}", "intent": intent, "status": status, "amount": amount,
                           "currency": "EUR", "type": f"payment.{status}"}).encode()
        return body, webhooks.sign(body)


def order_count(app, token):
    with app.app_context():
        return db.session.scalar(select(func.count(Order.id)).where(Order.checkout_token == token))


def place(client, csrf, market="fr-fr"):
    return client.post(f"/{market}/checkout/place", data={"csrf_token": csrf})


def said(app, market, message, html=True, **variables):
    """`message` as the storefront says it (HTML-escaped as a page prints it, unless `html` is False)."""
    from flask_babel import gettext
    from markupsafe import escape

    with app.test_request_context(f"/{market}/"):
        app.preprocess_request()
        text = gettext(message, **variables)
        return str(escape(text)) if html else text


def mails_for(app, number):
    return [m for m in sent_mail(app) if number in m.subject]


def test_a_forged_authorization_event_places_no_order(app):
    cart_id, token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1), authorize=False)
    with app.app_context():
        amount = db.session.get(SandboxIntent, intent).amount
    client = app.test_client()
    csrf = attach(client, "fr-fr", cart_id, token)
    body, signature = forged_event(app, intent, "authorized", amount)
    assert client.post("/payments/webhook", data=body, headers={"X-Sandbox-Signature": signature}).status_code == 200
    assert client.get("/fr-fr/checkout/review").status_code == 200  # the local status believed it

    response = place(client, csrf)

    assert response.status_code == 303 and response.headers["Location"].endswith("/fr-fr/checkout/payment?unconfirmed=1")
    assert order_count(app, token) == 0
    with app.app_context():
        assert db.session.get(SandboxIntent, intent).status == "requires_payment"
        assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "requires_payment"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert said(app, "fr-fr", "Your bank hasn't confirmed this payment, so the order isn't placed yet. Please pay again: nothing was charged.") in page


def test_an_authorization_for_another_amount_or_currency_places_no_order(app):
    for change in ({"amount": SandboxIntent.amount - 1}, {"currency": "SEK"}):
        cart_id, token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
        with app.app_context():  # the provider holds another amount than the checkout's total
            db.session.execute(update(SandboxIntent).where(SandboxIntent.id == intent).values(**change))
            db.session.commit()
        client = app.test_client()
        response = place(client, attach(client, "fr-fr", cart_id, token))
        assert response.headers["Location"].endswith("/checkout/payment?unconfirmed=1"), change
        assert order_count(app, token) == 0, change


def test_a_refused_capture_flags_the_order_tells_the_shopper_and_nothing_ships(app, monkeypatch):
    cart_id, token, _intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    client = app.test_client()
    csrf = attach(client, "fr-fr", cart_id, token)

    def refuse(self, intent_id):
        raise PaymentError("authorization expired")

    monkeypatch.setattr(SandboxProvider, "capture", refuse)
    response = place(client, csrf)
    assert response.status_code == 303
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.checkout_token == token))
        assert (order.payment_status, order.ships) == ("problem", False)
        assert order.settled_at is not None
        number = order.number
        seller_id = order.seller_orders[0].seller_id
        assert number not in {so.order.number for so in orders.seller_orders(seller_id)}  # nothing to ship
        assert number in {so.order.number for so in orders.seller_orders_all()}  # the operator sees it
    problem = ("We couldn't take the payment for this order, so nothing will ship and nothing was charged. "
               "Our care team will get in touch; you can also order again.")
    assert said(app, "fr-fr", problem) in client.get(response.headers["Location"]).get_data(as_text=True)
    [mail] = mails_for(app, number)
    assert mail.subject == said(app, "fr-fr", "We couldn't take the payment for order %(number)s", number=number, html=False)


@pytest.mark.parametrize("round_", range(20))
def test_a_double_click_on_the_last_unit_places_one_paid_order(app, round_):
    offer_id = offers_from_sellers(app, 1)[0]
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        stock, offer.stock = offer.stock, 1
        db.session.commit()
    try:
        cart_id, token, intent = ready_checkout(app, "fr-fr", [offer_id])
        tabs = 2 + round_ % 3
        clients = [app.test_client() for _ in range(tabs)]
        csrfs = [attach(c, "fr-fr", cart_id, token) for c in clients]
        barrier, results = threading.Barrier(tabs), [None] * tabs

        def click(i):
            barrier.wait()
            response = place(clients[i], csrfs[i])
            results[i] = (response.status_code, response.headers.get("Location", ""))

        threads = [threading.Thread(target=click, args=(i,)) for i in range(tabs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert {code for code, _ in results} == {303}, results
        assert len({location for _, location in results}) == 1 and "/checkout/confirmation/EC-" in results[0][1]
        with app.app_context():
            assert order_count(app, token) == 1
            row = db.session.get(SandboxIntent, intent)
            assert row.status == "captured" and "void" not in row.history and row.history.count("capture") == 1
            assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "captured"
            assert db.session.scalar(select(Order.payment_status).where(Order.checkout_token == token)) == "captured"
        for client in clients:  # every tab shows the order, none the cart lines it took
            assert client.get(results[0][1]).status_code == 200
    finally:
        with app.app_context():
            db.session.get(Offer, offer_id).stock = stock
            db.session.commit()


def cart_lines(app, cart_id):
    with app.app_context():
        return db.session.scalar(select(func.count(CartLine.id)).where(CartLine.cart_id == cart_id))


@pytest.mark.parametrize("retry", ["the shopper submits again", "the job runs"])
@pytest.mark.parametrize("step", ["capture", "cart", "email"])
def test_a_crash_after_the_order_commits_is_completed_by_a_retry(app, monkeypatch, step, retry):
    cart_id, token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 2))
    client = app.test_client()
    csrf = attach(client, "fr-fr", cart_id, token)
    jobs = app.extensions["jobs"]
    jobs.queue.flush()

    def crash(at):
        if at == step:
            raise RuntimeError(f"crash at {at}")

    monkeypatch.setattr(orders, "fault", crash)
    first = place(client, csrf)
    assert first.status_code == 303 and "/checkout/confirmation/EC-" in first.headers["Location"]
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.checkout_token == token))
        assert order.settled_at is None
        number = order.number
    assert jobs.queue.pending_count() == 1  # the retry is queued

    monkeypatch.setattr(orders, "fault", lambda at: None)
    if retry == "the job runs":
        assert jobs.run_pending() == 1
    else:
        assert place(client, csrf).headers["Location"] == first.headers["Location"]
    jobs.run_pending()  # whatever is still queued finds the work done

    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.checkout_token == token))
        assert order.settled_at is not None and order.payment_status == "captured"
        assert db.session.get(SandboxIntent, intent).history.count("capture") == 1
    assert cart_lines(app, cart_id) == 0
    assert len(mails_for(app, number)) == 1


def test_the_sweep_completes_an_order_whose_request_died_after_the_commit(app):
    cart_id, token, _intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    with app.test_request_context("/fr-fr/"):
        app.preprocess_request()
        market = app.extensions["markets"]["fr-fr"]
        checkout = checkouts.get(token, "fr-fr")
        from storefront.cart import services as carts

        priced = carts.priced_lines(db.session.get(carts.Cart, cart_id), market)
        summary = checkouts.summarise(checkout, priced, market)
        order, created = orders.place(checkout, priced, summary.totals, summary.delivery,
                                      checkouts.confirmed_authorization(checkout, summary.totals.total, "EUR"), market, None)
        assert created  # ... and the process dies here: no capture, no cart, no e-mail
        db.session.execute(update(Order).where(Order.id == order.id).values(created_at=datetime.utcnow() - timedelta(minutes=5)))
        db.session.commit()
        number = order.number
    app.extensions["jobs"].tasks["settle_orders"].call_local()
    with app.app_context():
        assert db.session.scalar(select(Order.payment_status).where(Order.number == number)) == "captured"
    assert cart_lines(app, cart_id) == 0 and len(mails_for(app, number)) == 1


def test_paying_again_keeps_one_live_authorization(app):
    cart_id, token, first = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    client = app.test_client()
    csrf = attach(client, "fr-fr", cart_id, token)
    again = client.post("/fr-fr/checkout/payment", data={"csrf_token": csrf})  # back button, pay again
    assert again.headers["Location"].endswith("/fr-fr/checkout/review")
    with app.app_context():
        assert db.session.scalar(select(func.count(Payment.id)).where(Payment.checkout_token == token)) == 1
        line = db.session.scalar(select(CartLine).where(CartLine.cart_id == cart_id))
        line.quantity += 1  # the total changes: the old authorization no longer fits
        db.session.commit()
    to_psp = client.post("/fr-fr/checkout/payment", data={"csrf_token": csrf})
    assert "/sandbox-psp/pay/" in to_psp.headers["Location"]
    with app.app_context():
        assert db.session.get(SandboxIntent, first).status == "voided"
        live = db.session.scalars(select(SandboxIntent.status).where(SandboxIntent.idempotency_key.like(f"{token}%"))).all()
        assert sorted(live) == ["requires_payment", "voided"]


def test_abandoned_and_superseded_authorizations_are_voided_but_never_an_orders(app):
    _, _abandoned_token, abandoned = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    _, _recent_token, recent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    cart_id, placed_token, placed = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    _, moved_token, superseded = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    client = app.test_client()
    assert place(client, attach(client, "fr-fr", cart_id, placed_token)).status_code == 303
    with app.app_context():
        long_ago = datetime.utcnow() - timedelta(hours=30)
        db.session.execute(update(Payment).where(Payment.intent.in_([abandoned, placed])).values(updated_at=long_ago))
        # The shopper of `moved_token` started paying again: the checkout now points at another intent.
        db.session.execute(update(Checkout).where(Checkout.token == moved_token).values(payment_intent="pi_other"))
        db.session.commit()
    app.extensions["jobs"].tasks["release_authorizations"].call_local()
    with app.app_context():
        status = {i: db.session.get(SandboxIntent, i).status for i in (abandoned, recent, placed, superseded)}
    assert status == {abandoned: "voided", recent: "authorized", placed: "captured", superseded: "voided"}


def test_payment_status_changes_are_conditional(app):
    _, _token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    with app.app_context():
        assert Payment.advance(intent, "captured") is True
        assert Payment.advance(intent, "voided") is False  # a void racing a capture loses: no lost update
        assert Payment.advance(intent, "authorized") is False
        db.session.commit()
        assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "captured"


@pytest.mark.parametrize("round_", range(5))
def test_a_capture_racing_a_void_leaves_the_shop_and_the_provider_agreeing(app, round_):
    _, _token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    barrier, outcomes = threading.Barrier(6), []

    def operate(operation):
        with app.test_request_context("/fr-fr/"):
            from storefront.payments.provider import provider

            barrier.wait()
            try:
                outcomes.append((operation, getattr(provider(), operation)(intent).status))
            except PaymentError:
                outcomes.append((operation, "refused"))

    threads = [threading.Thread(target=operate, args=(op,)) for op in ("capture", "void") * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        row = db.session.get(SandboxIntent, intent)
        local = db.session.scalar(select(Payment.status).where(Payment.intent == intent))
    assert row.status in ("captured", "voided") and local == row.status
    assert row.history.count("capture") + row.history.count("void") == 1
    winner = "capture" if row.status == "captured" else "void"
    assert all(status == ("refused" if op != winner else row.status) for op, status in outcomes), outcomes
