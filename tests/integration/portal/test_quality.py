"""The seller's quality dashboard: its own scores against the thresholds, the level, the unmeasured return rate."""
from datetime import datetime

import pytest

from storefront.extensions import db
from storefront.quality import services as quality
from storefront.quality.models import Inspection
from storefront.sellers.models import Seller
from tests.integration.staff.helpers import staff_client


def new_seller(app, name):
    with app.app_context():
        seller = Seller(slug=f"{name.lower()}-{datetime.utcnow():%H%M%S%f}", name=name, country="FR", founded=2021,
                        status="approved", markets=["fr-fr"], tagline="", defect_rate=0.008, return_rate=0.042,
                        cancellation_rate=0.015, on_time_rate=0.97)
        db.session.add(seller)
        db.session.commit()
        return seller.id, seller.slug


@pytest.fixture
def shop(app):
    seller_id, slug = new_seller(app, "Dashboard")
    client, user_id = staff_client(app, "seller", seller_slug=slug)
    return {"id": seller_id, "client": client, "user": user_id}


def test_a_new_seller_sees_its_starting_rates_each_against_its_thresholds(shop):
    html = shop["client"].get("/seller/quality/").get_data(as_text=True)
    assert "Your quality scores" in html and "Good standing" in html
    assert "Small samples are smoothed" in html
    assert "Warning from 1%, new offers paused from 3%, suspension from 6%." in html
    assert "Warning under 96%, new offers paused under 90%, suspension under 80%." in html
    assert "Not measured yet." not in html  # returns are measured too (care/returns.py)
    assert html.count('class="quality-bar"') == 5 and "no sample yet" in html


def test_the_dashboard_shows_the_latest_scores_and_the_level(app, shop):
    with app.app_context():
        db.session.add(Inspection(seller_id=shop["id"], kind="spot_check", device="A phone", grade_claimed="good",
                                  grade_found="good", defects=["screen"], inspector_id=shop["user"]))
        db.session.commit()
        quality.recompute(shop["id"])
    html = shop["client"].get("/seller/quality/").get_data(as_text=True)
    assert "New offers paused" in html and "quality-card--pause" in html
    assert "5.61%" in html  # (1.5 + 30 × 0.8 %) / 31
    assert "1 order line" in html and "100%" in html  # the unsmoothed rate of a one-unit sample


def test_a_seller_sees_only_its_own_scores(app, shop):
    other_id, other_slug = new_seller(app, "Elsewhere")
    with app.app_context():
        db.session.add(Inspection(seller_id=shop["id"], kind="spot_check", device="A phone", grade_claimed="good",
                                  grade_found="good", defects=["body"], inspector_id=shop["user"]))
        db.session.commit()
        quality.recompute(shop["id"])
        quality.recompute(other_id)
    client, _user = staff_client(app, "seller", seller_slug=other_slug)
    html = client.get("/seller/quality/").get_data(as_text=True)
    assert "Elsewhere" in html and "Dashboard" not in html
    assert "Good standing" in html and "5.61%" not in html


def test_the_operator_sees_the_quality_level_on_the_sellers_record(app, shop):
    with app.app_context():
        db.session.add(Inspection(seller_id=shop["id"], kind="spot_check", device="A phone", grade_claimed="good",
                                  grade_found="good", defects=["body"], inspector_id=shop["user"]))
        db.session.commit()
        quality.recompute(shop["id"])
    client, _user = staff_client(app, "quality")
    html = client.get(f"/admin/sellers/{shop['id']}").get_data(as_text=True)
    assert "Quality level" in html and "New offers paused" in html and "(not measured yet)" in html
