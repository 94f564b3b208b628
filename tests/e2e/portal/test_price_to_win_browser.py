"""Price to win in a real browser: the buy-box disclosure of a listing row opens (no script needed) and reads
the advice; axe finds nothing with it open, at phone and desktop widths."""
import uuid

import pytest

from tests.e2e.helpers import accessible
from tests.integration.portal.test_price_to_win import make_duel, remove_duel

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


@pytest.fixture()
def duel(app):
    from sqlalchemy import select

    from storefront.accounts import services as accounts
    from storefront.extensions import db
    from storefront.sellers.models import Seller

    made = make_duel(app)
    made["email"] = f"seller-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        seller_id = db.session.scalar(select(Seller.id).where(Seller.slug == made["ours"]))
        accounts.create_staff(made["email"], PASSWORD, "seller", seller_id, name="Robin Seller", language="en")
        db.session.commit()
    yield made
    remove_duel(app, made)


def test_open_the_buy_box_disclosure_and_read_the_advice(page_at, live_server, duel):
    page = page_at
    page.goto(f"{live_server}/en-gb/account/login")
    page.fill("input[name=email]", duel["email"])
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]", has_text="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/seller/listings/")
    cell = page.locator(f"#listings-row-{duel['offer']} .listings-row__box")
    advice = cell.locator(".box-advice__advice")
    assert "Losing to €103.00" in cell.locator("summary").inner_text()
    assert not advice.is_visible()
    cell.locator("summary").click()
    advice.wait_for()
    text = " ".join(advice.inner_text().split())
    assert "Cut €1.92 (to €100.08), or bring your late-shipment rate from 6% to 4%." in text
    assert "Secret Rival Refurb" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    accessible(page)
