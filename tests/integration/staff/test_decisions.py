"""The operator's decisions on a refurbisher or one of its offers: reasons required, stale ones refused (409),
buy boxes following, the seller told by e-mail and on its portal, every decision in the audit log."""
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from storefront.audit.models import AuditEntry
from storefront.extensions import db
from storefront.offers.models import BuyBoxEntry, Offer
from storefront.sellers.models import Seller
from tests.integration.offers.helpers import run_jobs
from tests.integration.staff.helpers import staff_client, staff_csrf
from tests.mailbox import address_of, sent_mail

SLUG = "rheinschiene-tech"  # the demo refurbisher with the fewest offers: its buy boxes refresh fastest
REASON = "Three customers got devices with swollen batteries this week."


@pytest.fixture
def seller(app):
    """The demo refurbisher the decisions are taken on (id), put back as it was afterwards."""
    with app.app_context():
        seller = db.session.scalar(select(Seller).where(Seller.slug == SLUG))
        kept = (seller.id, seller.status, seller.status_reason)
        offers = dict(db.session.execute(select(Offer.id, Offer.status).where(Offer.seller_id == seller.id)).all())
    run_jobs(app)
    yield kept[0]
    with app.app_context():
        db.session.execute(update(Seller).where(Seller.id == kept[0]).values(
            status=kept[1], status_reason=kept[2], terminates_at=None, notice_reason=""))
        for offer_id, status in offers.items():
            db.session.execute(update(Offer).where(Offer.id == offer_id).values(status=status, status_reason=""))
        db.session.commit()
    run_jobs(app)


@pytest.fixture
def operator(app):
    client, _user = staff_client(app, "quality")
    return client


@pytest.fixture
def team_member(app, seller):
    """A seller account on the refurbisher's team, speaking French: (client, its e-mail)."""
    client, user_id = staff_client(app, "seller", seller_slug=SLUG, language="fr")
    with app.app_context():
        from storefront.accounts.models import User
        return client, db.session.get(User, user_id).email


def decide(client, seller_id, path, reason=REASON):
    token = staff_csrf(client, f"/admin/sellers/{seller_id}")
    return client.post(f"/admin/sellers/{seller_id}/{path}", data={"reason": reason, "csrf_token": token})


def seller_row(app, seller_id):
    with app.app_context():
        return db.session.get(Seller, seller_id)


def boxes_won(app, seller_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(BuyBoxEntry.id)).join(Offer, Offer.id == BuyBoxEntry.offer_id)
                                 .where(Offer.seller_id == seller_id))


@pytest.fixture
def since(app):
    """The audit log's last entry before the test: the test's own entries come after it."""
    with app.app_context():
        return db.session.scalar(select(func.max(AuditEntry.id))) or 0


def audit_actions(app, subject_type, subject_id, since) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(
            (AuditEntry.subject_type == subject_type) & (AuditEntry.subject_id == subject_id) & (AuditEntry.id > since))
            .order_by(AuditEntry.id)))


def mail_for(app, address, containing):
    return [m for m in sent_mail(app) if address_of(m) == address and containing in m.body]


def a_winning_offer(app, seller_id) -> int:
    with app.app_context():
        return db.session.scalar(select(BuyBoxEntry.offer_id).join(Offer, Offer.id == BuyBoxEntry.offer_id)
                                 .where(Offer.seller_id == seller_id).order_by(BuyBoxEntry.offer_id).limit(1))


def test_the_sellers_list_searches_and_filters(app, operator, seller):
    html = operator.get("/admin/sellers/?q=rheinschiene").get_data(as_text=True)
    assert "Rheinschiene" in html and f"/admin/sellers/{seller}" in html and "Maison" not in html
    html = operator.get("/admin/sellers/?status=suspended").get_data(as_text=True)
    assert "Elbflorenz" in html and "Rheinschiene" not in html
    assert operator.get("/admin/sellers/?status=nonsense&page=x").status_code == 200
    page = operator.get(f"/admin/sellers/{seller}")
    assert page.status_code == 200 and "Your decision" in page.get_data(as_text=True)
    assert operator.get("/admin/sellers/999999").status_code == 404


def test_suspending_takes_the_sellers_offers_out_of_every_buy_box_and_reinstating_brings_them_back(
        app, operator, seller, team_member, since):
    before = boxes_won(app, seller)
    assert before > 0
    response = decide(operator, seller, "suspend")
    assert response.status_code == 303
    assert seller_row(app, seller).status == "suspended" and seller_row(app, seller).status_reason == REASON
    run_jobs(app)
    assert boxes_won(app, seller) == 0
    client, email = team_member
    assert REASON in client.get("/seller/").get_data(as_text=True)
    assert mail_for(app, email, REASON) and "Bonjour" in mail_for(app, email, REASON)[-1].body  # in its language

    again = decide(operator, seller, "suspend")  # a double submit
    assert again.status_code == 409 and "already suspended" in again.get_data(as_text=True)
    assert audit_actions(app, "seller", seller, since).count("seller.suspend") == 1

    assert decide(operator, seller, "reinstate", "Batteries replaced and checked by our lab.").status_code == 303
    run_jobs(app)
    assert seller_row(app, seller).status == "approved" and boxes_won(app, seller) == before
    assert decide(operator, seller, "reinstate", "Batteries replaced and checked by our lab.").status_code == 409
    assert audit_actions(app, "seller", seller, since)[-2:] == ["seller.suspend", "seller.reinstate"]


@pytest.mark.parametrize("reason", ["", "   ", "Too short a reason", "x" * 1001])
def test_every_decision_needs_a_statement_of_reasons(app, operator, seller, reason, since):
    response = decide(operator, seller, "suspend", reason)
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert seller_row(app, seller).status == "approved" and audit_actions(app, "seller", seller, since) == []
    offer_id = a_winning_offer(app, seller)
    assert decide(operator, seller, f"offers/{offer_id}/suspend", reason).status_code == 422


def test_decisions_are_the_operators_and_need_the_csrf_token(app, seller):
    seller_client, _user = staff_client(app, "seller", seller_slug=SLUG)
    token = staff_csrf(seller_client, "/seller/")
    assert seller_client.post(f"/admin/sellers/{seller}/suspend", data={"reason": REASON, "csrf_token": token}).status_code == 403
    operator, _user = staff_client(app, "quality")
    assert operator.post(f"/admin/sellers/{seller}/suspend", data={"reason": REASON}).status_code in (400, 403)
    assert seller_row(app, seller).status == "approved"


def test_suspending_one_offer_shows_the_reasons_on_the_sellers_listing(app, operator, seller, team_member, since):
    offer_id = a_winning_offer(app, seller)
    with app.app_context():
        sku = db.session.get(Offer, offer_id).sku
    assert f"offers/{offer_id}/suspend" in operator.get(f"/admin/sellers/{seller}?q={sku}").get_data(as_text=True)
    assert decide(operator, seller, f"offers/{offer_id}/suspend").status_code == 303
    run_jobs(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert (offer.status, offer.status_reason) == ("suspended", REASON)
        assert db.session.scalar(select(func.count(BuyBoxEntry.id)).where(BuyBoxEntry.offer_id == offer_id)) == 0
    client, email = team_member
    listing = client.get(f"/seller/listings/?q={sku}").get_data(as_text=True)
    assert REASON in listing
    assert mail_for(app, email, sku)
    assert decide(operator, seller, f"offers/{offer_id}/suspend").status_code == 409
    assert REASON in operator.get(f"/admin/sellers/{seller}").get_data(as_text=True)  # among the suspended

    assert decide(operator, seller, f"offers/{offer_id}/reinstate", "The listing photos are fixed now.").status_code == 303
    with app.app_context():
        assert db.session.get(Offer, offer_id).status == "live"
    assert audit_actions(app, "offer", offer_id, since) == ["offer.suspend", "offer.reinstate"]
    # Another seller's offer is not this seller's to decide on.
    with app.app_context():
        other = db.session.scalar(select(Offer.id).where(Offer.seller_id != seller).limit(1))
    assert decide(operator, seller, f"offers/{other}/suspend").status_code == 404


def test_notice_lets_the_seller_sell_for_30_days_then_the_job_terminates_it(app, operator, seller, team_member):
    from storefront.jobs import tasks

    before = boxes_won(app, seller)
    assert decide(operator, seller, "notice").status_code == 303
    noticed = seller_row(app, seller)
    assert noticed.status == "approved" and noticed.notice_reason == REASON
    assert timedelta(days=29, hours=23) < noticed.terminates_at - datetime.utcnow() <= timedelta(days=30)
    assert decide(operator, seller, "notice").status_code == 409
    client, email = team_member
    overview = client.get("/seller/").get_data(as_text=True)
    assert REASON in overview and 'id="notice-title"' in overview
    assert mail_for(app, email, REASON)

    with app.app_context():
        tasks.terminate_sellers()  # not yet due
    assert seller_row(app, seller).status == "approved" and boxes_won(app, seller) == before
    with app.app_context():
        from storefront.decisions import services as decisions
        assert decisions.terminate_due(datetime.utcnow() + timedelta(days=30, minutes=1)) == [seller]
    run_jobs(app)
    ended = seller_row(app, seller)
    assert (ended.status, ended.status_reason, ended.terminates_at) == ("suspended", REASON, None)
    assert boxes_won(app, seller) == 0
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where((AuditEntry.subject_id == seller)
                                                           & (AuditEntry.action == "seller.terminate")))
        assert entry.actor == "system" and entry.reason == REASON
    assert len(mail_for(app, email, REASON)) == 2


def test_a_notice_can_be_withdrawn_once(app, operator, seller, since):
    assert decide(operator, seller, "withdraw-notice").status_code == 409
    assert decide(operator, seller, "notice").status_code == 303
    html = operator.get(f"/admin/sellers/{seller}").get_data(as_text=True)
    assert "withdraw-notice" in html and re.search(r"Under notice of termination until", html)
    assert decide(operator, seller, "withdraw-notice", "We came to an agreement on returns.").status_code == 303
    assert seller_row(app, seller).terminates_at is None
    assert decide(operator, seller, "withdraw-notice", "We came to an agreement on returns.").status_code == 409
    with app.app_context():
        from storefront.decisions import services as decisions
        assert decisions.terminate_due(datetime.utcnow() + timedelta(days=31)) == []
    assert audit_actions(app, "seller", seller, since) == ["seller.notice", "seller.notice_withdrawn"]
