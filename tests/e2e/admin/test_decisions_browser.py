"""An operator suspends one of a refurbisher's offers with its reasons; the refurbisher, in another browser,
reads them on its listings. Every screen on the way passes axe."""
import re

import pytest
from sqlalchemy import select, update

from tests.e2e.helpers import accessible, account, sign_in

pytestmark = pytest.mark.e2e
SLUG = "bottega-digitale-napoli"
REASON = "The photos show another colour than the device shipped."


@pytest.fixture
def offer(app):
    """(seller id, offer id, sku) of a live offer of the demo refurbisher, put back on sale afterwards."""
    from storefront.extensions import db
    from storefront.offers.models import Offer
    from storefront.sellers.models import Seller

    with app.app_context():
        seller_id = db.session.scalar(select(Seller.id).where(Seller.slug == SLUG))
        found = db.session.execute(select(Offer.id, Offer.sku).where((Offer.seller_id == seller_id) & (Offer.status == "live"))
                                   .order_by(Offer.id).limit(1)).one()
    yield seller_id, found.id, found.sku
    with app.app_context():
        db.session.execute(update(Offer).where(Offer.id == found.id).values(status="live", status_reason=""))
        db.session.commit()


def test_an_operator_suspends_an_offer_and_the_seller_reads_why(browser, live_server, app, viewport, offer):
    _name, size = viewport
    seller_id, offer_id, sku = offer
    office = browser.new_context(viewport=size)
    desk = office.new_page()
    sign_in(desk, live_server, account(app, "quality"))
    desk.goto(f"{live_server}/admin/sellers/?q=bottega")
    accessible(desk)
    desk.get_by_role("link", name=re.compile("Bottega")).click()
    desk.wait_for_url(re.compile(rf"/admin/sellers/{seller_id}$"))
    accessible(desk)
    desk.fill("#f-offer-q", sku)
    desk.get_by_role("button", name="Find").click()
    desk.get_by_text("Suspend this offer").click()
    desk.get_by_role("button", name=f"Suspend {sku}").click()  # no reasons yet
    assert desk.locator(f"#r-offer-{offer_id}-error").is_visible()
    accessible(desk)
    desk.fill(f"#r-offer-{offer_id}", REASON)
    desk.get_by_role("button", name=f"Suspend {sku}").click()
    desk.wait_for_url(re.compile(rf"/admin/sellers/{seller_id}$"))
    assert "has been told why" in desk.locator("[role=status]").inner_text()
    assert REASON in desk.locator(".decision-offers").inner_text()
    accessible(desk)
    office.close()

    shop = browser.new_context(viewport=size)
    page = shop.new_page()
    sign_in(page, live_server, account(app, "seller", seller_id))
    page.goto(f"{live_server}/seller/listings/?q={sku}")
    assert REASON in page.locator(f"#listings-row-{offer_id}").inner_text()
    accessible(page)
    shop.close()
