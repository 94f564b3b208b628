"""A refurbisher opens its quality dashboard: every metric against its thresholds, the level, no accessibility violation."""
import uuid
from datetime import datetime

from storefront.accounts import services as accounts
from storefront.extensions import db
from storefront.quality import services as quality
from storefront.quality.models import Inspection
from storefront.sellers.models import Seller
from tests.e2e.helpers import accessible

PASSWORD = "correct horse battery"


def test_the_quality_dashboard_shows_each_metric_and_the_level(page_at, live_server, app, viewport):
    page = page_at
    email = f"quality-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        seller = Seller(slug=f"scored-{uuid.uuid4().hex[:8]}", name="Scored Refurbs", country="FR", founded=2020,
                        status="approved", markets=["fr-fr"], tagline="", defect_rate=0.008, return_rate=0.03,
                        cancellation_rate=0.015, on_time_rate=0.97)
        db.session.add(seller)
        db.session.commit()
        user = accounts.create_staff(email, PASSWORD, "seller", seller.id, name="Quality Tester")
        db.session.add(Inspection(seller_id=seller.id, kind="spot_check", device="A phone", grade_claimed="good",
                                  grade_found="good", defects=["screen"], inspector_id=user.id, inspected_at=datetime.utcnow()))
        db.session.commit()
        quality.recompute(seller.id)
    page.goto(f"{live_server}/en-gb/account/login")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/seller/quality/")
    assert page.locator("h1").inner_text() == "Your quality scores"
    assert page.locator(".quality-card").count() == 5
    assert page.locator(".quality-card--pause h2").inner_text() == "Defects"
    assert page.locator(".quality-lede .chip").inner_text() == "New offers paused"
    assert page.get_by_role("link", name="Quality").count() >= 1
    accessible(page)
