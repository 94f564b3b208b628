"""The demo catalog: real devices, every grade in every storefront, prices that make sense."""
from collections import defaultdict

from sqlalchemy import func, select

from storefront.catalog.models import Category, NewPrice, Product, Variant
from storefront.demo.seed import seed
from storefront.extensions import db
from storefront.offers import buybox
from storefront.offers.models import BuyBoxEntry, Offer, OfferPrice
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
        pairs = set(db.session.execute(select(BuyBoxEntry.market, BuyBoxEntry.grade).distinct()).all())
        for market in app.extensions["markets"]:
            assert {grade for m, grade in pairs if m == market.code} == set(GRADE_ORDER), market.code


def test_buy_box_prices_fall_with_the_grade_and_stay_below_new(app):
    with app.app_context():
        by_variant = defaultdict(dict)
        for e in db.session.scalars(select(BuyBoxEntry)):
            by_variant[(e.market, e.variant_id)][e.grade] = e.price
            assert 0 < e.price < e.new_price, (e.market, e.variant_id, e.grade)
        for key, prices in by_variant.items():
            ladder = [prices[g] for g in GRADE_ORDER if g in prices]
            assert ladder == sorted(ladder, reverse=True) and len(set(ladder)) == len(ladder), (key, prices)


def test_stored_buy_boxes_are_what_the_rule_picks(app):
    with app.app_context():
        # Other tests sell stock; refreshing one storefront must store exactly the rule's winners.
        buybox.refresh([app.extensions["markets"]["sv-se"]])
        db.session.commit()
        stored = {(e.variant_id, e.grade): e.offer_id for e in db.session.scalars(
            select(BuyBoxEntry).where(BuyBoxEntry.market == "sv-se"))}
        computed = {key: box.winner.offer_id for key, box in buybox.compute("sv-se").items()}
        assert stored == computed


def test_reviews_are_seeded_with_a_rating_summary(app):
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.slug == "iphone-13"))
        assert product.rating_count >= 10 and sum(product.rating_hist) == product.rating_count
        assert 100 <= product.rating_avg <= 500


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
            winners = set(db.session.scalars(select(BuyBoxEntry.offer_id).where(BuyBoxEntry.market == market)))
            assert not winners & unapproved
