"""The portal's offer services called directly: a seller's listing, one row saved, pause, a new offer."""
import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.offers import inventory
from storefront.offers.models import Offer
from storefront.offers.rules import OfferInputError
from storefront.sellers.models import Seller
from tests.integration.portal.helpers import make_seller, prices, remove_seller


@pytest.fixture(scope="module")
def shop(app):
    made = make_seller(app, offers=4)
    yield made
    remove_seller(app, made["id"])


def test_no_seller_has_no_offers_and_a_seller_only_its_own(app, shop):
    with app.app_context():
        assert inventory.listing(None, inventory.Filters()).rows == []
        listing = inventory.listing(shop["id"], inventory.Filters())
        assert {o.id for o in listing.rows} == set(shop["offers"]) and listing.pages == 1
        assert inventory.listing(shop["id"], inventory.Filters(q="%")).total == 0  # wildcards are text


def test_another_sellers_offer_is_not_yours(app, shop):
    with app.app_context():
        theirs = db.session.scalar(select(Offer.id).where(Offer.seller_id != shop["id"]).limit(1))
        for call in (lambda: inventory.update_row(shop["id"], theirs, {"stock": "1"}),
                     lambda: inventory.set_paused(shop["id"], theirs, True),
                     lambda: inventory.update_row(None, shop["offers"][2], {"stock": "1"})):
            with pytest.raises(inventory.NotYours):
                call()


def test_a_row_keeps_absent_prices_absent_and_refuses_to_clear_one(app, shop):
    offer = shop["offers"][2]
    with app.app_context():
        errors = inventory.update_row(shop["id"], offer, {"stock": "4", "price-en-gb": "", "price-fr-fr": "350.02"})
        assert set(errors) == {"price-en-gb"}
        assert inventory.update_row(shop["id"], offer, {"stock": "4", "price-en-gb": "300.02", "price-fr-fr": "351"}) == {}
    assert prices(app, offer) == {"en-gb": 30002, "fr-fr": 35100}


def test_a_suspended_offer_stays_suspended(app, shop):
    with app.app_context():
        with pytest.raises(OfferInputError):
            inventory.set_paused(shop["id"], shop["offers"][1], False)
        assert db.session.get(Offer, shop["offers"][1]).status == "suspended"


def test_a_second_offer_of_the_same_variant_and_grade_points_to_the_first(app, shop):
    with app.app_context():
        first = db.session.get(Offer, shop["offers"][3])
        seller = db.session.get(Seller, shop["id"])
        created = inventory.create_offer(seller, first.variant, first.grade,
                                         {"stock": "1", "battery": "90", "warranty": "12", "price-en-gb": "10"})
        assert created.offer is None and created.duplicate.id == first.id and "grade" in created.errors
