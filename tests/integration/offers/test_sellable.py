"""One rule decides whether an offer can be sold: the buy box, the other offers and the cart apply it alike."""
import pytest
from sqlalchemy import select

from storefront.cart import services as carts
from storefront.extensions import db
from storefront.offers import services as offers
from storefront.offers.availability import sellable
from storefront.offers.models import BuyBoxEntry, Offer
from storefront.sellers.models import Seller
from tests.integration.offers.helpers import run_jobs


def test_python_and_sql_agree_on_every_offer(app):
    with app.app_context():
        rows = db.session.execute(select(Offer.stock, Offer.status, Seller.status,
                                         sellable(Offer.stock, Offer.status, Seller.status))
                                  .join(Seller, Seller.id == Offer.seller_id)).all()
    assert {bool(in_sql) for *_, in_sql in rows} == {True, False}  # the seed has both
    assert all(bool(in_sql) == sellable(stock, offer_status, status) for stock, offer_status, status, in_sql in rows)


def contested_winner(app):
    """A fr-fr buy box that other offers compete for: (offer id, variant id, grade)."""
    with app.app_context():
        return tuple(db.session.execute(
            select(BuyBoxEntry.offer_id, BuyBoxEntry.variant_id, BuyBoxEntry.grade)
            .join(Offer, Offer.id == BuyBoxEntry.offer_id).join(Seller, Seller.id == Offer.seller_id)
            .where((BuyBoxEntry.market == "fr-fr") & (BuyBoxEntry.contenders >= 2) & (Offer.stock >= 2))
            .order_by(BuyBoxEntry.id).limit(1)).one())


CHANGES = {  # what makes an offer unsellable: (read the value, set it)
    "seller suspended": (lambda offer: offer.seller.status, lambda offer, value: setattr(offer.seller, "status", value), "suspended"),
    "stock at zero": (lambda offer: offer.stock, lambda offer, value: setattr(offer, "stock", value), 0),
    "offer paused": (lambda offer: offer.status, lambda offer, value: setattr(offer, "status", value), "paused"),
}


def where_offered(app, offer_id, variant_id, grade, cart_id):
    """(markets whose buy box it wins, whether fr-fr lists it among the offers, cart takes it, cart line is available)."""
    fr = app.extensions["markets"]["fr-fr"]
    with app.app_context():
        boxes = set(db.session.scalars(select(BuyBoxEntry.market).where(BuyBoxEntry.offer_id == offer_id)))
        listed = offer_id in {view.offer.id for view in offers.other_offers("fr-fr", variant_id, grade, None)}
        takes = carts.offer_price(offer_id, "fr-fr") is not None
        cart = carts.get_cart(cart_id, "fr-fr", None)
        line = next(p for p in carts.priced_lines(cart, fr) if p.offer.id == offer_id)
        return boxes, listed, takes, line.available


@pytest.mark.parametrize("change", CHANGES)
def test_an_offer_that_cannot_be_sold_is_gone_from_buy_box_other_offers_and_cart(app, change):
    get, put, unsellable = CHANGES[change]
    offer_id, variant_id, grade = contested_winner(app)
    run_jobs(app)
    with app.app_context():
        cart_id = carts.add(None, "fr-fr", None, offer_id).id
        offer = db.session.get(Offer, offer_id)
        seller_offers = set(db.session.scalars(select(Offer.id).where(Offer.seller_id == offer.seller_id)))
    boxes, listed, takes, available = where_offered(app, offer_id, variant_id, grade, cart_id)
    assert "fr-fr" in boxes and listed and takes and available
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        before = get(offer)
        put(offer, unsellable)
        db.session.commit()
    try:
        run_jobs(app)
        assert where_offered(app, offer_id, variant_id, grade, cart_id) == (set(), False, False, False)
        with app.app_context():
            assert carts.add(carts.get_cart(cart_id, "fr-fr", None), "fr-fr", None, offer_id) is None
            if change == "seller suspended":  # every offer of the seller left every buy box
                assert db.session.scalar(select(BuyBoxEntry.id).where(BuyBoxEntry.offer_id.in_(seller_offers)).limit(1)) is None
    finally:
        with app.app_context():
            put(db.session.get(Offer, offer_id), before)
            db.session.commit()
        run_jobs(app)
    assert "fr-fr" in where_offered(app, offer_id, variant_id, grade, cart_id)[0]
