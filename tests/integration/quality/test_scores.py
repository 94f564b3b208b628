"""Quality scores from real rows: an inspection moves the buy box, the levels pause new offers and suspend through an
operator decision, the seller is told once per level, and a rerun with nothing new changes nothing."""
import itertools
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from storefront.audit.models import AuditEntry
from storefront.demo.history import seed_history
from storefront.extensions import db
from storefront.offers import feed_imports
from storefront.offers.models import BuyBoxEntry, Offer, OfferPrice
from storefront.offers.pricing import Candidate, adjusted_price
from storefront.quality import services as quality
from storefront.quality.models import Inspection, QualityScore
from storefront.sellers.models import Seller
from tests.integration.offers.helpers import run_jobs
from tests.integration.staff.helpers import staff_client, staff_csrf
from tests.mailbox import address_of, sent_mail

MARKET = "fr-fr"
_SERIAL = itertools.count(1)


def run_all(app):
    """Every queued job, and the jobs those queue (an inspection → a rescore → a buy-box refresh)."""
    while run_jobs(app):
        pass


def contested_box(app):
    """A fr-fr buy box won by a demo seller: (entry id, variant id, grade, winner's quality-adjusted price, shipping)."""
    with app.app_context():
        entry = db.session.scalar(select(BuyBoxEntry).where(BuyBoxEntry.market == MARKET, BuyBoxEntry.grade == "good",
                                                            BuyBoxEntry.contenders >= 2)
                                  .order_by(BuyBoxEntry.popularity, BuyBoxEntry.id).limit(1))
        offer = db.session.get(Offer, entry.offer_id)
        seller = offer.seller
        shipping = db.session.scalar(select(OfferPrice.shipping).where(OfferPrice.offer_id == offer.id, OfferPrice.market == MARKET))
        winner = Candidate(offer.id, entry.price, entry.shipping, offer.stock, offer.status, seller.status, seller.defect_rate,
                           seller.return_rate, seller.cancellation_rate, seller.on_time_rate, offer.warranty_months)
        return entry.variant_id, entry.grade, adjusted_price(winner), entry.shipping, shipping


@pytest.fixture
def newcomer(app):
    """A new approved seller (its rates the starting ones) with one offer that wins a contested fr-fr buy box while
    its record is clean: priced so that a defect inspection (smoothed defects ≈ 5.6 %) makes it lose."""
    variant_id, grade, winner_adjusted, cheapest_shipping, shipping = contested_box(app)
    serial = next(_SERIAL)
    with app.app_context():
        seller = Seller(slug=f"newcomer-{serial}-{datetime.utcnow():%H%M%S%f}", name=f"Newcomer {serial}", country="FR",
                        founded=2020, status="approved", markets=[MARKET], tagline="", defect_rate=0.008, return_rate=0.03,
                        cancellation_rate=0.015, on_time_rate=0.97)
        db.session.add(seller)
        db.session.flush()
        landed = int(winner_adjusted / Decimal("1.14"))
        offer = Offer(seller_id=seller.id, variant_id=variant_id, grade=grade, stock=5, battery_floor=80, warranty_months=12,
                      sku=f"NEWCOMER-{seller.id}", status="live")
        db.session.add(offer)
        db.session.flush()
        db.session.add(OfferPrice(offer_id=offer.id, market=MARKET, amount=landed - cheapest_shipping, shipping=shipping))
        db.session.commit()
        ids = {"id": seller.id, "slug": seller.slug, "offer": offer.id, "variant": variant_id, "grade": grade}
    run_all(app)
    assert winner_of(app, ids) == ids["offer"]
    yield ids
    with app.app_context():  # off sale again: the shared database's buy boxes are as the other tests expect them
        db.session.get(Offer, ids["offer"]).status = "paused"
        db.session.commit()
    run_all(app)


def winner_of(app, ids):
    with app.app_context():
        return db.session.scalar(select(BuyBoxEntry.offer_id).where(
            BuyBoxEntry.market == MARKET, BuyBoxEntry.variant_id == ids["variant"], BuyBoxEntry.grade == ids["grade"]))


@pytest.fixture
def inspector(app):
    _client, user_id = staff_client(app, "quality")
    return user_id


def inspect(app, seller, inspector, grade_found="good", defects=(), at=None):
    """An operator records an inspection of one of the seller's units (as the inspections screen does: a commit)."""
    with app.app_context():
        db.session.add(Inspection(seller_id=seller["id"], offer_id=seller["offer"], kind="spot_check", device="A phone",
                                  grade_claimed="good", grade_found=grade_found, defects=list(defects),
                                  inspector_id=inspector, inspected_at=at or datetime.utcnow()))
        db.session.commit()


def seller_row(app, seller_id) -> Seller:
    with app.app_context():
        return db.session.get(Seller, seller_id)


def scores_of(app, seller_id) -> dict[str, QualityScore]:
    with app.app_context():
        return {row.metric: row for row in db.session.scalars(select(QualityScore).where(QualityScore.seller_id == seller_id))}


def audit_of(app, seller_id) -> list[tuple[str, str]]:
    with app.app_context():
        return list(db.session.execute(select(AuditEntry.action, AuditEntry.reason).where(
            AuditEntry.subject_type == "seller", AuditEntry.subject_id == seller_id).order_by(AuditEntry.id)).all())


def mail_to(app, address) -> list:
    return [message for message in sent_mail(app) if address_of(message) == address]


def test_an_inspection_that_finds_defects_rescores_the_seller_and_moves_the_buy_box(app, newcomer, inspector):
    inspect(app, newcomer, inspector, defects=["screen"])
    run_all(app)
    seller = seller_row(app, newcomer["id"])
    assert seller.defect_rate == pytest.approx((1.5 + 30 * 0.008) / 31, abs=1e-6)
    assert seller.quality_level == "pause"
    defects = scores_of(app, newcomer["id"])["defects"]
    assert (defects.events, defects.n, defects.raw, defects.level) == (1.5, 1, 1.0, "pause")
    assert winner_of(app, newcomer) != newcomer["offer"]


def test_the_pause_level_refuses_new_offers_on_the_form_and_in_the_feed_and_the_seller_is_told_once(app, newcomer, inspector):
    client, user_id = staff_client(app, "seller", seller_slug=newcomer["slug"])
    with app.app_context():
        from storefront.accounts.models import User
        email = db.session.get(User, user_id).email
    inspect(app, newcomer, inspector, defects=["battery"])
    run_all(app)
    told = mail_to(app, email)
    assert [message.subject for message in told] == ["Your new offers on Encore are paused"]
    assert "Defects over the last 30 days: 5.6%" in told[0].body and "/seller/quality" in told[0].body
    assert [action for action, _reason in audit_of(app, newcomer["id"])] == ["quality.level"]
    # The form refuses, with the reason at the top; nothing is created.
    with app.app_context():
        before = db.session.scalar(select(func.count(Offer.id)).where(Offer.seller_id == newcomer["id"]))
        variant = db.session.scalar(select(Offer.variant_id).where(Offer.id != newcomer["offer"]).limit(1))
        from storefront.catalog.models import Variant
        product = db.session.get(Variant, variant).product_id
    token = staff_csrf(client, "/seller/listings/")
    response = client.post("/seller/listings/new", data={
        "csrf_token": token, "product": product, "variant": variant, "grade": "fair", "stock": "3", "battery": "85",
        "warranty": "12", "sku": "", f"price-{MARKET}": "199"})
    assert response.status_code == 422
    assert "you can&#39;t create new offers" in response.get_data(as_text=True)
    assert "See your quality scores" in client.get(f"/seller/listings/new?product={product}").get_data(as_text=True)
    # The feed: a row creating an offer is refused at its line, a row updating one is fine.
    with app.app_context():
        seller = db.session.get(Seller, newcomer["id"])
        own = db.session.get(Offer, newcomer["offer"])
        v = own.variant
        other = db.session.get(Variant, variant)
        csv = ("sku,model,storage,colour,grade,stock,price_fr-fr\n"
               f"{own.sku},{v.product.slug},{v.storage_gb},{v.color_name},{own.grade},7,\n"
               f"NEW-{seller.id},{other.product.slug},{other.storage_gb},{other.color_name},fair,2,199\n")
        found = feed_imports.dry_run(seller, user_id, "feed.csv", csv.encode(), app.extensions["markets"])
        assert (found.creates, found.updates) == (0, 1)
        assert [(line, column) for line, column, _value, _why in found.problems] == [(3, "sku")]
        assert "can't create new offers" in found.problems[0][3]
        assert db.session.scalar(select(func.count(Offer.id)).where(Offer.seller_id == newcomer["id"])) == before
    # A rerun with nothing new changes nothing and tells nobody again.
    with app.app_context():
        outcome = quality.recompute(newcomer["id"])
    assert (outcome.changed, outcome.level) == (False, "pause")
    assert len(mail_to(app, email)) == 1 and len(audit_of(app, newcomer["id"])) == 1


def test_a_feed_dry_run_made_before_the_pause_is_not_applied(app, newcomer, inspector):
    with app.app_context():
        seller = db.session.get(Seller, newcomer["id"])
        from storefront.catalog.models import Variant
        other = db.session.scalar(select(Variant).where(Variant.id != newcomer["variant"]).limit(1))
        csv = ("sku,model,storage,colour,grade,stock,price_fr-fr\n"
               f"NEW-{seller.id},{other.product.slug},{other.storage_gb},{other.color_name},fair,2,199\n")
        found = feed_imports.dry_run(seller, None, "feed.csv", csv.encode(), app.extensions["markets"])
        assert found.creates == 1
        found_id = found.id
    inspect(app, newcomer, inspector, defects=["camera"])
    run_all(app)
    with app.app_context():
        feed_imports.queue(found_id, newcomer["id"])
    run_all(app)
    with app.app_context():
        assert (db.session.get(feed_imports.FeedImport, found_id).status, db.session.get(feed_imports.FeedImport, found_id).message) == ("failed", "paused")
        assert db.session.scalar(select(func.count(Offer.id)).where(Offer.seller_id == newcomer["id"])) == 1


def test_a_grade_miss_past_the_suspension_threshold_suspends_through_an_operator_decision_once(app, newcomer, inspector):
    _client, user_id = staff_client(app, "seller", seller_slug=newcomer["slug"])
    with app.app_context():
        from storefront.accounts.models import User
        email = db.session.get(User, user_id).email
    inspect(app, newcomer, inspector, grade_found="fair")  # a grade miss weighs 2: (2 + 0.24) / 31 = 7.2 %
    run_all(app)
    seller = seller_row(app, newcomer["id"])
    assert (seller.status, seller.quality_level) == ("suspended", "suspend")
    assert "Defects over the last 30 days: 7.2%" in seller.status_reason and "6.0%" in seller.status_reason
    actions = audit_of(app, newcomer["id"])
    assert [action for action, _ in actions] == ["quality.level", "seller.suspend"]
    assert actions[1][1] == seller.status_reason
    told = mail_to(app, email)
    assert [message.subject for message in told] == ["Your shop on Encore is suspended"]
    assert seller.status_reason in told[0].body
    assert winner_of(app, newcomer) != newcomer["offer"]
    # Nothing new: nothing changes, nobody is told again, and the operator's decision stays theirs.
    with app.app_context():
        assert quality.recompute(newcomer["id"]).changed is False
    run_all(app)
    assert len(mail_to(app, email)) == 1 and len(audit_of(app, newcomer["id"])) == 2


def test_an_old_inspection_leaves_the_window_and_the_level_comes_back_with_one_email(app, newcomer, inspector):
    _client, user_id = staff_client(app, "seller", seller_slug=newcomer["slug"])
    with app.app_context():
        from storefront.accounts.models import User
        email = db.session.get(User, user_id).email
    inspect(app, newcomer, inspector, defects=["body"], at=datetime.utcnow() - timedelta(days=29))
    run_all(app)
    assert seller_row(app, newcomer["id"]).quality_level == "pause"
    with app.app_context():
        outcome = quality.recompute(newcomer["id"], datetime.utcnow() + timedelta(days=2))
    run_all(app)
    assert (outcome.level_before, outcome.level) == ("pause", "ok")
    assert seller_row(app, newcomer["id"]).defect_rate == 0.008
    assert [message.subject for message in mail_to(app, email)] == [
        "Your new offers on Encore are paused", "Your quality scores on Encore are back in good standing"]
    assert winner_of(app, newcomer) == newcomer["offer"]


def test_order_lines_are_counted_per_metric(app, newcomer):
    with app.app_context():
        seller = db.session.get(Seller, newcomer["id"])
        seller.defect_rate, seller.cancellation_rate, seller.on_time_rate = 1 / 60, 4 / 60, 0.9
        db.session.commit()
        assert seed_history(app.extensions["markets"], [seller]) == 60
    run_all(app)
    scores = scores_of(app, newcomer["id"])
    # 1 defect cancellation and 3 refusals out of 60; 56 shipped, 6 of them late; every line answered in time.
    assert (scores["defects"].events, scores["defects"].n) == (1, 57)
    assert (scores["cancellations"].events, scores["cancellations"].n) == (4, 60)
    assert (scores["late"].events, scores["late"].n) == (6, 56)
    assert (scores["acceptance"].events, scores["acceptance"].n) == (60, 60)
    assert scores["late"].smoothed == pytest.approx((6 + 30 * 0.03) / 86, abs=1e-6)
    assert seller_row(app, newcomer["id"]).on_time_rate == pytest.approx(1 - (6 + 0.9) / 86, abs=1e-6)
    assert set(scores) == {"defects", "returns", "cancellations", "late", "acceptance"}
    assert (scores["returns"].events, scores["returns"].n) == (0, 0)  # nothing delivered yet: the prior
    assert seller_row(app, newcomer["id"]).return_rate == 0.03


def test_a_rollback_queues_no_rescore(app, newcomer, inspector):
    jobs = app.extensions["jobs"]
    run_all(app)
    with app.app_context():
        db.session.add(Inspection(seller_id=newcomer["id"], kind="spot_check", device="x", grade_claimed="good",
                                  grade_found="fair", defects=[], inspector_id=inspector))
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert not [task for task in jobs.queue.pending() if task.name == "recompute_quality"]
