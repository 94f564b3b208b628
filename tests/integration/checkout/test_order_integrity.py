"""Orders commit whole or not at all; retries return the same order; payment events apply once."""
import json
import threading

import pytest
from sqlalchemy import MetaData, func, select

from storefront.extensions import db
from storefront.offers.models import BuyBoxEntry, Offer
from storefront.orders import services as orders
from storefront.orders.models import Order, OrderLine, SellerOrder
from storefront.payments import webhooks
from storefront.payments.models import Payment, SandboxIntent
from tests.integration.checkout.helpers import attach, ready_checkout


def offers_from_sellers(app, count):
    """`count` in-stock offers on sale in fr-fr, from different sellers."""
    with app.app_context():
        rows = db.session.execute(
            select(BuyBoxEntry.offer_id, Offer.seller_id).join(Offer, Offer.id == BuyBoxEntry.offer_id)
            .where((BuyBoxEntry.market == "fr-fr") & (Offer.stock >= 3)).limit(400)).all()
    chosen, sellers = [], set()
    for offer_id, seller_id in rows:
        if seller_id not in sellers:
            sellers.add(seller_id)
            chosen.append(offer_id)
        if len(chosen) == count:
            return chosen
    raise AssertionError("not enough sellers")


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Order, SellerOrder, OrderLine))


def stocks(app, offer_ids):
    with app.app_context():
        return [db.session.get(Offer, i).stock for i in offer_ids]


@pytest.mark.parametrize("step", ["stock", "order", "seller_order", "line", "commit"])
def test_a_fault_at_any_step_leaves_no_partial_order(app, monkeypatch, step):
    offer_ids = offers_from_sellers(app, 3)
    cart_id, token, _ = ready_checkout(app, "fr-fr", offer_ids)
    client = app.test_client()
    csrf = attach(client, "fr-fr", cart_id, token)
    before, stock_before = counts(app), stocks(app, offer_ids)
    calls = {"n": 0}

    def fail(at):
        calls["n"] += 1
        if at == step and calls["n"] > 1:  # fail after some writes already happened
            raise RuntimeError(f"injected fault at {at}")

    monkeypatch.setattr(orders, "fault", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.post("/fr-fr/checkout/place", data={"csrf_token": csrf})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "went out for repairs" not in response.get_data(as_text=True)
    assert counts(app) == before
    assert stocks(app, offer_ids) == stock_before
    monkeypatch.setattr(orders, "fault", lambda at: None)
    assert client.post("/fr-fr/checkout/place", data={"csrf_token": csrf}).status_code == 303  # the retry works
    assert counts(app)[0] == before[0] + 1


def test_double_submit_and_retries_give_one_order_and_one_authorization(app):
    offer_ids = offers_from_sellers(app, 2)
    cart_id, token, intent = ready_checkout(app, "fr-fr", offer_ids)
    client = app.test_client()
    csrf = attach(client, "fr-fr", cart_id, token)
    locations, barrier = [], threading.Barrier(10)

    def submit():
        barrier.wait()
        locations.append(client.post("/fr-fr/checkout/place", data={"csrf_token": csrf}).headers.get("Location"))

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in range(5):
        locations.append(client.post("/fr-fr/checkout/place", data={"csrf_token": csrf}).headers.get("Location"))
    assert len(set(locations)) == 1 and "/checkout/confirmation/EC-" in locations[0]
    with app.app_context():
        assert db.session.scalar(select(func.count(Order.id)).where(Order.checkout_token == token)) == 1
        assert db.session.scalar(select(func.count(SandboxIntent.id)).where(SandboxIntent.idempotency_key.like(f"{token}%"))) == 1
        assert db.session.get(SandboxIntent, intent).history.count("authorize") == 1


def event(app, intent, status, amount, currency="EUR", event_id=None):
    with app.app_context():
        body = json.dumps({"id": event_id or f"evt_{status}_{intent}", "intent": intent, "status": status,
                           "amount": amount, "currency": currency, "type": f"payment.{status}"}).encode()
        return body, webhooks.sign(body)


def test_payment_events_apply_once_and_never_go_backwards(app, client):
    offer_ids = offers_from_sellers(app, 1)
    _, _token, intent = ready_checkout(app, "fr-fr", offer_ids)
    with app.app_context():
        payment = db.session.scalar(select(Payment).where(Payment.intent == intent))
        amount = payment.amount
    post = lambda body, sig: client.post("/payments/webhook", data=body, headers={"X-Sandbox-Signature": sig})  # noqa: E731
    captured = event(app, intent, "captured", amount, event_id="evt_cap")
    for _ in range(3):
        assert post(*captured).status_code == 200
    late = event(app, intent, "authorized", amount, event_id="evt_late_auth")
    assert post(*late).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "captured"
    assert post(*event(app, intent, "refunded", amount + 1, event_id="evt_bad")).status_code == 400
    body, _ = event(app, intent, "refunded", amount, event_id="evt_forged")
    assert post(body, "t=1,v1=deadbeef").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "captured"


def test_a_captured_payment_is_refunded_in_parts_once_per_key_and_never_beyond_the_capture(app):
    from storefront.payments.provider import PaymentError, provider

    _, _token, intent = ready_checkout(app, "fr-fr", offers_from_sellers(app, 1))
    with app.test_request_context("/fr-fr/"):
        psp = provider()
        amount = psp.retrieve(intent).amount
        with pytest.raises(PaymentError):  # nothing captured yet
            psp.refund(intent, 1, f"{intent}-early")
        assert psp.capture(intent).status == "captured"
        first = psp.refund(intent, amount - 100, f"{intent}-a")
        assert psp.refund(intent, amount - 100, f"{intent}-a") == first  # idempotent on the key
        with pytest.raises(PaymentError):
            psp.refund(intent, 101, f"{intent}-b")  # one cent more than what is left
        with pytest.raises(PaymentError):
            psp.refund(intent, 50, f"{intent}-a")  # a key names one refund
        assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "captured"
        psp.refund(intent, 100, f"{intent}-c")
        assert psp.retrieve(intent).status == "refunded"  # every cent back: the storefront is told
        assert db.session.scalar(select(Payment.status).where(Payment.intent == intent)) == "refunded"
        assert db.session.get(SandboxIntent, intent).refunded == amount
        assert db.session.get(SandboxIntent, intent).history.count("refund") == 1


def everything_stored() -> str:
    """Every row of every table in the database (read from the database itself, not the models), as text."""
    tables = MetaData()
    tables.reflect(bind=db.session.connection())
    return "\n".join(f"{table.name}: {' | '.join(map(str, row))}"
                     for table in tables.sorted_tables for row in db.session.execute(select(table)))


def test_no_card_number_is_ever_stored(app):
    client = app.test_client()
    from tests.integration.checkout.test_checkout_steps import FR, fill_cart, pay, walk_to_payment

    token = fill_cart(client)
    walk_to_payment(client, "fr-fr", token, FR)
    pay(client, "fr-fr", token, "4242 4242 4242 4242")
    with app.app_context():
        dump = everything_stored()
    assert "4242424242424242" not in dump and "4242 4242 4242 4242" not in dump
    assert "•••• 4242" in dump


def test_the_last_unit_sold_leaves_the_buy_box_through_the_job_the_order_queues(app):
    from storefront.offers import buybox
    from tests.integration.offers.helpers import refresh_jobs, run_jobs

    offer_ids = offers_from_sellers(app, 1)
    with app.app_context():
        offer = db.session.get(Offer, offer_ids[0])
        stock, offer.stock, product_id = offer.stock, 2, offer.variant.product_id
        db.session.commit()
    run_jobs(app)
    with app.app_context():
        before = buybox.version()
    try:
        for expected_stock, rebuilt in ((1, False), (0, True)):
            cart_id, token, _ = ready_checkout(app, "fr-fr", offer_ids)
            client = app.test_client()
            csrf = attach(client, "fr-fr", cart_id, token)
            assert client.post("/fr-fr/checkout/place", data={"csrf_token": csrf}).status_code == 303
            with app.app_context():
                assert db.session.get(Offer, offer_ids[0]).stock == expected_stock
                assert buybox.version() == before  # placing the order refreshes nothing itself
            assert refresh_jobs(app) == ([[product_id]] if rebuilt else [])
            run_jobs(app)
            with app.app_context():
                assert (buybox.version() != before) == rebuilt
                in_box = db.session.scalar(select(BuyBoxEntry.id).where(BuyBoxEntry.offer_id == offer_ids[0]).limit(1))
                assert (in_box is None) == rebuilt
    finally:
        with app.app_context():
            db.session.get(Offer, offer_ids[0]).stock = stock
            db.session.commit()
        run_jobs(app)
