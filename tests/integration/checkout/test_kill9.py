"""kill -9 at random moments while orders are placed: nothing partial, and once the sweep has run every
placed order is captured, its lines are out of the cart, and it has its one e-mail."""
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from storefront.cart.models import CartLine
from storefront.checkout.models import Checkout
from storefront.extensions import db
from storefront.offers.models import Offer
from storefront.orders import services as orders
from storefront.orders.models import Order, OrderLine, SellerOrder
from storefront.payments.models import SandboxIntent
from tests.integration.checkout.test_order_integrity import offers_from_sellers
from tests.mailbox import sent_mail

KILLS = 6  # each a new buyer process killed at a random moment (each start costs seconds)
ROOT = Path(__file__).resolve().parents[3]


def mailed(app, outbox: Path, number: str) -> bool:
    """Whether the order's e-mail went out: from a buyer (a file in its outbox) or from the sweep here."""
    message_id = f"<order-{number}@"
    return (any(message_id in path.read_text() for path in outbox.iterdir())
            or any(m.extra_headers["Message-ID"].startswith(message_id) for m in sent_mail(app)))


def test_kill_9_while_ordering_leaves_nothing_partial_and_every_order_settled(app, tmp_path):
    offer_ids = offers_from_sellers(app, 2)
    with app.app_context():
        stocks = {i: db.session.get(Offer, i).stock for i in offer_ids}
        for i in offer_ids:
            db.session.get(Offer, i).stock = 1000
        db.session.commit()
        started = datetime.utcnow()
    env = {**os.environ, "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"], "KILL9_OUTBOX": str(tmp_path)}
    rng = random.Random(9)
    try:
        for _ in range(KILLS):
            buyer = subprocess.Popen([sys.executable, "-m", "tests.integration.checkout.kill9_buyer", *map(str, offer_ids)],
                                     cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                assert buyer.stdout.readline().strip() == "ready"
                buyer.stdout.readline()  # one order placed: the kill lands somewhere in the next ones
                time.sleep(rng.uniform(0.0, 0.6))
            finally:
                buyer.send_signal(signal.SIGKILL)
                buyer.wait(timeout=30)
                buyer.stdout.close()
        with app.app_context():
            placed = list(db.session.scalars(select(Order).where(Order.created_at >= started)))
            assert len(placed) >= KILLS
            for order_id in orders.unsettled(timedelta(seconds=-1)):  # the sweep, as the worker runs it
                orders.settle(order_id)
            db.session.expire_all()
            for order in placed:
                parts = order.seller_orders
                assert len(parts) == 2 and all(len(part.lines) == 1 for part in parts), order.number
                assert sum(part.amount for part in parts) == order.total
                assert all(part.commission + part.payout == part.amount for part in parts)
                assert order.payment_status == "captured" and order.settled_at is not None
                assert db.session.get(SandboxIntent, order.payment_intent).status == "captured"
                assert order.confirmation_sent_at is not None
                assert mailed(app, tmp_path, order.number), order.number
                cart_id = db.session.scalar(select(Checkout.cart_id).where(Checkout.token == order.checkout_token))
                assert not db.session.scalar(select(func.count(CartLine.id)).where(CartLine.cart_id == cart_id))
            sold = dict(db.session.execute(
                select(OrderLine.offer_id, func.sum(OrderLine.quantity)).join(SellerOrder).join(Order)
                .where(Order.created_at >= started).group_by(OrderLine.offer_id)).all())
            for i in offer_ids:
                assert db.session.get(Offer, i).stock + sold.get(i, 0) == 1000
    finally:
        with app.app_context():
            for i, stock in stocks.items():
                db.session.get(Offer, i).stock = stock
            db.session.commit()
