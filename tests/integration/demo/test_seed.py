"""The demo catalog: real devices, every grade in every storefront, prices that make sense."""
from collections import defaultdict

from sqlalchemy import func, select

from storefront.catalog.models import Category, NewPrice, Product, Variant
from storefront.demo.seed import seed
from storefront.extensions import db
from storefront.offers.models import Offer, OfferPrice
from storefront.offers.services import buy_boxes
from storefront.sellers.models import Seller

GRADE_ORDER = ("premium", "excellent", "good", "fair")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_catalog_is_big_and_varied(app):
    with app.app_context():
        assert count(Product) >= 150
        assert count(Seller) >= 25
        assert len(set(db.session.scalars(select(Seller.country)))) >= 8
        per_category = dict(db.session.execute(
            select(Category.slug, func.count(Product.id)).join(Product).group_by(Category.slug)).all())
        assert set(per_category) == {"smartphones", "laptops", "tablets", "consoles", "smartwatches", "headphones"}
        assert min(per_category.values()) >= 10
        keyboards = set(db.session.scalars(select(Variant.keyboard).where(Variant.keyboard != "")))
        assert {"azerty", "qwertz", "qwerty"} <= keyboards


def test_seeding_again_changes_nothing(app):
    with app.app_context():
        before = [count(m) for m in (Product, Variant, Seller, Offer, OfferPrice, NewPrice)]
        report = seed(app.extensions["markets"])
        assert report.skipped
        assert [count(m) for m in (Product, Variant, Seller, Offer, OfferPrice, NewPrice)] == before


def test_every_grade_is_on_sale_in_every_storefront(app):
    with app.app_context():
        for market in app.extensions["markets"]:
            boxes = buy_boxes(market.code, Product.id.is_not(None))
            assert {grade for (_, grade) in boxes} == set(GRADE_ORDER), market.code


def test_buy_box_prices_fall_with_the_grade_and_stay_below_new(app):
    with app.app_context():
        for market in app.extensions["markets"]:
            new = {(r.product_id, r.storage_gb): r.amount for r in db.session.execute(
                select(NewPrice.product_id, NewPrice.storage_gb, NewPrice.amount).where(NewPrice.market == market.code))}
            by_variant = defaultdict(dict)
            for (variant_id, grade), (box, product_id, storage) in buy_boxes(market.code, Product.id.is_not(None)).items():
                by_variant[variant_id][grade] = box.winner.price
                assert 0 < box.winner.price < new[(product_id, storage)], (market.code, variant_id, grade)
            for variant_id, prices in by_variant.items():
                ladder = [prices[g] for g in GRADE_ORDER if g in prices]
                assert ladder == sorted(ladder, reverse=True) and len(set(ladder)) == len(ladder), (market.code, prices)


def test_prices_are_whole_shelf_prices_in_each_currency(app):
    with app.app_context():
        for market, amount in db.session.execute(select(OfferPrice.market, OfferPrice.amount).limit(20000)):
            if market == "ja-jp":
                assert amount % 10 == 0  # whole yen, rounded to tens
            else:
                assert amount % 100 == 0  # whole units of EUR, SEK, GBP, USD, AUD


def test_suspended_and_pending_sellers_exist_but_never_win(app):
    with app.app_context():
        statuses = set(db.session.scalars(select(Seller.status)))
        assert statuses == {"approved", "pending", "suspended"}
        unapproved = set(db.session.scalars(select(Offer.id).join(Seller).where(Seller.status != "approved")))
        for market in ("fr-fr", "en-gb", "ja-jp"):
            winners = {box.winner.offer_id for box, _, _ in buy_boxes(market, Product.id.is_not(None)).values()}
            assert not winners & unapproved
