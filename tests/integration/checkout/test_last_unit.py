"""The last unit of an offer sells exactly once, whoever clicks at the same moment."""
import os
import threading

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.offers.models import BuyBoxEntry, Offer
from storefront.orders.models import Order
from storefront.payments.models import SandboxIntent
from tests.integration.checkout.helpers import attach, ready_checkout

BUYERS = 16
# Each round is a fresh race of BUYERS for one unit. LAST_UNIT_ROUNDS=200 makes a soak run of it; `make test` runs
# 12 (192 checkouts), which costs 40 s instead of 170 s for 50 on a CI machine.
ROUNDS = int(os.environ.get("LAST_UNIT_ROUNDS", "12"))


def test_last_unit_is_sold_once_among_concurrent_checkouts(app):
    with app.app_context():
        offer_id = db.session.scalar(
            select(BuyBoxEntry.offer_id).where((BuyBoxEntry.market == "fr-fr") & (BuyBoxEntry.grade == "fair")).limit(1))
    for round_ in range(ROUNDS):
        with app.app_context():
            db.session.get(Offer, offer_id).stock = 1
            db.session.commit()
        clients, prepared = [], []
        for _ in range(BUYERS):
            cart_id, token, intent = ready_checkout(app, "fr-fr", [offer_id])
            client = app.test_client()
            csrf = attach(client, "fr-fr", cart_id, token)
            clients.append(client)
            prepared.append((token, intent, csrf))
        barrier = threading.Barrier(BUYERS)
        results = [None] * BUYERS

        def buy(i, barrier=barrier, clients=clients, prepared=prepared, results=results):
            barrier.wait()
            response = clients[i].post("/fr-fr/checkout/place", data={"csrf_token": prepared[i][2]})
            results[i] = (response.status_code, response.get_data(as_text=True))

        threads = [threading.Thread(target=buy, args=(i,)) for i in range(BUYERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(code for code, _ in results)
        assert statuses == [303] + [409] * (BUYERS - 1), (round_, statuses)
        assert not any("database is locked" in body for _, body in results)
        assert all("sold out" in body.lower() or "épuisé" in body.lower() for code, body in results if code == 409)
        with app.app_context():
            tokens = [token for token, _, _ in prepared]
            assert db.session.scalar(select(func.count(Order.id)).where(Order.checkout_token.in_(tokens))) == 1
            assert db.session.get(Offer, offer_id).stock == 0
            intents = {row.id: row.status for row in db.session.scalars(
                select(SandboxIntent).where(SandboxIntent.id.in_([i for _, i, _ in prepared])))}
            assert sorted(intents.values()) == ["captured"] + ["voided"] * (BUYERS - 1)
    with app.app_context():
        db.session.get(Offer, offer_id).stock = 5
        db.session.commit()
