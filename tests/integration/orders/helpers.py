"""Paid orders from a chosen seller, placed through the real checkout, for the fulfilment tests."""
from __future__ import annotations

import itertools

from sqlalchemy import select

from storefront.extensions import db
from storefront.offers.models import Offer, OfferPrice
from storefront.orders.models import Order
from storefront.sellers.models import Seller
from tests.integration.checkout.helpers import FR_ADDRESS, attach, ready_checkout

_IMEI_SERIAL = itertools.count(100000)


def approved_sellers(app, count: int = 2) -> list[int]:
    """The first approved sellers, by id: the first is the one `staff_client(app, "seller")` works for."""
    with app.app_context():
        return list(db.session.scalars(select(Seller.id).where(Seller.status == "approved").order_by(Seller.id).limit(count)))


def seller_slug(app, seller_id: int) -> str:
    with app.app_context():
        return db.session.get(Seller, seller_id).slug


def offers_of(app, seller_id: int, count: int, market: str = "fr-fr") -> list[int]:
    """`count` of the seller's live offers with stock, priced in `market`."""
    with app.app_context():
        ids = list(db.session.scalars(
            select(Offer.id).join(OfferPrice, OfferPrice.offer_id == Offer.id)
            .where((Offer.seller_id == seller_id) & (OfferPrice.market == market) & (Offer.stock >= 5) & (Offer.status == "live"))
            .order_by(Offer.id).limit(count)))
    assert len(ids) == count, "not enough offers"
    return ids


def paid_order(app, offer_ids: list[int], market: str = "fr-fr", address=FR_ADDRESS) -> str:
    """Place and pay (capture) an order of these offers (an id twice: two units) as a guest; its number."""
    cart_id, token, _intent = ready_checkout(app, market, offer_ids, address=address)
    client = app.test_client()
    csrf = attach(client, market, cart_id, token)
    response = client.post(f"/{market}/checkout/place", data={"csrf_token": csrf})
    assert response.status_code == 303, response.status_code
    number = response.headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        assert db.session.scalar(select(Order.payment_status).where(Order.number == number)) == "captured"
    return number


def seller_order_of(app, number: str, seller_id: int) -> tuple[int, list[int]]:
    """(seller order id, its line ids) of `seller_id` in order `number`."""
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == number))
        so = next(so for so in order.seller_orders if so.seller_id == seller_id)
        return so.id, [line.id for line in so.lines]


def imei() -> str:
    """A fresh valid IMEI (15 digits, Luhn check digit), never used before in this test session."""
    body = f"35693803{next(_IMEI_SERIAL):06d}"
    total = 0
    for i, d in enumerate(int(c) for c in reversed(body)):
        total += d * 2 - 9 if i % 2 == 0 and d > 4 else (d * 2 if i % 2 == 0 else d)
    return body + str((10 - total % 10) % 10)
