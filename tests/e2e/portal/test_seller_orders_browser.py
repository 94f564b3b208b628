"""A refurbisher accepts a line and ships it with an IMEI in a real browser; the shopper's order page then
shows the tracking. The portal's order screens have no axe violations at 360 and 1280 px."""
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from storefront.accounts import services as accounts
from storefront.extensions import db
from storefront.orders import services as orders
from storefront.orders.models import Order
from tests.e2e.helpers import accessible
from tests.integration.orders.helpers import approved_sellers, imei, offers_of, paid_order, seller_order_of
from tests.integration.portal.test_seller_orders import IE_ADDRESS

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


def account(app, role, seller_id=None):
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        if role == "customer":
            user = accounts.create_user(email, PASSWORD, "Aoife Byrne")
        else:
            user = accounts.create_staff(email, PASSWORD, role, seller_id, name="Sam Seller", language="en")
        return email, user.id


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/en-ie/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_seller_accepts_and_ships_with_an_imei_and_the_shopper_sees_the_tracking(app, live_server, browser, page_at):
    (seller_id,) = approved_sellers(app, 1)
    number = paid_order(app, offers_of(app, seller_id, 1, "en-ie"), "en-ie", address=IE_ADDRESS)
    so_id, (line_id,) = seller_order_of(app, number, seller_id)
    seller_email, _ = account(app, "seller", seller_id)
    page = page_at
    sign_in(page, live_server, seller_email)

    page.goto(f"{live_server}/seller/orders?state=to_accept")
    expect(page.get_by_role("link", name=number)).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    page.locator(f"#line-{line_id} summary").click()  # the refusal form opens, and is accessible too
    expect(page.get_by_label("Why? The shopper is told.")).to_be_visible()
    accessible(page)

    page.locator(f"#line-{line_id}").get_by_role("button", name="Accept").click()  # htmx swaps the order panel
    expect(page.locator(f"#line-{line_id} .chip")).to_have_text("Accepted, to ship")
    assert page.url.endswith(f"/seller/orders/{so_id}")  # swapped in place, no navigation
    accessible(page)

    page.get_by_label("Carrier").select_option("an_post")
    page.get_by_label("Tracking number").fill("cx 1234 5678 ie")
    page.get_by_label("Device 1 of 1: IMEI or serial number").fill("356938035643808")  # a wrong check digit
    page.get_by_role("button", name="Mark as shipped").click()
    expect(page.locator(f"#unit-{line_id}-0-error")).to_contain_text("15 digits")
    expect(page.get_by_label("Tracking number")).to_have_value("cx 1234 5678 ie")  # nothing typed is lost
    accessible(page)
    code = imei()
    page.get_by_label("Device 1 of 1: IMEI or serial number").fill(code)
    page.get_by_role("button", name="Mark as shipped").click()
    expect(page.locator("#parcels")).to_contain_text(code)
    expect(page.locator("#parcels")).to_contain_text("CX12345678IE")
    accessible(page)

    shopper_email, shopper_id = account(app, "customer")
    with app.app_context():
        token = db.session.scalar(select(Order.checkout_token).where(Order.number == number))
        orders.attach_user(orders.find_by_token(token), shopper_id)
    shopper = browser.new_context(viewport=page.viewport_size).new_page()
    try:
        sign_in(shopper, live_server, shopper_email)
        shopper.goto(f"{live_server}/en-ie/account/orders/{number}")
        link = shopper.get_by_role("link", name="Track parcel CX12345678IE")
        expect(link).to_be_visible()
        assert link.get_attribute("href") == "https://www.anpost.com/Post-Parcels/Track/History?item=CX12345678IE"
        expect(shopper.locator("#orders-shipments")).to_contain_text("On its way")
        accessible(shopper)
    finally:
        shopper.context.close()
