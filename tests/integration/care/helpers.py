"""Delivered orders for the returns tests: placed and paid through the real checkout, accepted and shipped by
the seller's services, delivered by the sandbox carrier's job on a test clock."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select, update

from storefront.extensions import db
from storefront.jobs import tasks
from storefront.orders import access, carriers, fulfilment
from storefront.orders.models import Order, Parcel
from tests.integration.conftest import csrf_token
from tests.integration.orders.helpers import imei, offers_of, paid_order, seller_order_of


def run(app, fn, *args, **kwargs):
    """A service call as a request or a job makes it: in the app, with a fresh session after."""
    with app.test_request_context("/"):
        try:
            return fn(*args, **kwargs)
        finally:
            db.session.remove()


def shipped_order(app, seller_id: int, count: int = 2, market: str = "fr-fr", **place) -> tuple[str, int, list[int]]:
    """A guest's paid order of `count` of the seller's offers, every line accepted and shipped in one parcel with
    the storefront's first carrier: (number, seller order id, line ids). `place`: paid_order's address."""
    number = paid_order(app, offers_of(app, seller_id, count, market), market, **place)
    so_id, line_ids = seller_order_of(app, number, seller_id)
    for line_id in line_ids:
        run(app, fulfilment.accept, seller_id, so_id, line_id)
    with app.test_request_context("/"):
        carrier = carriers.choices(app.extensions["markets"][market].country)[0][0]
    run(app, fulfilment.ship, seller_id, so_id, carrier, "6A" + imei()[:11], {line_id: [imei()] for line_id in line_ids})
    return number, so_id, line_ids


def deliver(app, so_id: int, days_ago: float = 3) -> None:
    """The parcels of `so_id` left `days_ago` days ago; the carrier's hourly job runs now."""
    with app.app_context():
        db.session.execute(update(Parcel).where(Parcel.seller_order_id == so_id)
                           .values(shipped_at=datetime.utcnow() - timedelta(days=days_ago)))
        db.session.commit()
    run(app, tasks.track_parcels, datetime.utcnow())


def delivered_order(app, seller_id: int, count: int = 2, days_ago: float = 3, market: str = "fr-fr", **place):
    number, so_id, line_ids = shipped_order(app, seller_id, count, market, **place)
    deliver(app, so_id, days_ago)
    return number, so_id, line_ids


def guest(app, number: str, market: str = "fr-fr"):
    """A client that opened the order's signed link (as a guest does from the confirmation e-mail)."""
    with app.test_request_context("/"):
        token = access.token_for(number)
    client = app.test_client()
    response = client.get(f"/{market}/account/orders/{number}/access/{token}")
    assert response.status_code == 303, response.status_code
    return client


def csrf_of(client, number: str, market: str = "fr-fr") -> str:
    """The session's CSRF token, from the order page's return form (or the sign-in page's when it has none)."""
    html = client.get(f"/{market}/account/orders/{number}").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else csrf_token(client)


def order_id(app, number: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Order.id).where(Order.number == number))
