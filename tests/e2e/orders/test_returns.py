"""A guest returns one of two devices from the confirmation e-mail's link, the seller confirms receipt, and the
shopper sees that line refunded only. The order page and the portal's returns have no axe violations."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from storefront.extensions import db
from storefront.orders import access
from storefront.orders.models import OrderLine
from tests.e2e.helpers import accessible, account, sign_in
from tests.integration.care.helpers import delivered_order
from tests.integration.orders.helpers import approved_sellers
from tests.integration.portal.test_seller_orders import IE_ADDRESS

pytestmark = pytest.mark.e2e


def test_a_shopper_returns_one_of_two_lines_and_is_refunded_that_line_only(app, live_server, browser, page_at):
    (seller_id,) = approved_sellers(app, 1)
    number, so_id, (first, second) = delivered_order(app, seller_id, 2, market="en-ie", address=IE_ADDRESS)
    with app.app_context():
        title, paid = db.session.execute(select(OrderLine.title, OrderLine.unit_price * OrderLine.quantity)
                                         .where(OrderLine.id == first)).one()
    with app.test_request_context("/"):
        link = f"{live_server}/en-ie/account/orders/{number}/access/{access.token_for(number)}"
    page = page_at
    page.goto(link)  # the guest's link from the confirmation e-mail
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator(f"#timeline-{first} [aria-current=step]")).to_contain_text("Closed")
    accessible(page)

    page.locator(f"input[name=line][value='{first}']").check()
    page.get_by_label("Why?").select_option("doesnt_work")
    page.get_by_label("Tell us more").fill("The speaker crackles at any volume.")
    page.get_by_role("button", name="Get my free return label").click()
    expect(page.get_by_role("link", name="Download the return label (PDF)")).to_be_visible()
    expect(page.locator(f"#timeline-{first}")).to_contain_text("Return requested")
    expect(page.locator(f"input[name=line][value='{second}']")).to_be_visible()  # the other line may still go back
    accessible(page)

    seller = browser.new_context(viewport=page.viewport_size).new_page()
    try:
        sign_in(seller, live_server, account(app, "seller", seller_id))
        seller.goto(f"{live_server}/seller/returns")
        card = seller.locator("article.return-card", has_text=number)
        expect(card).to_contain_text("The speaker crackles")
        accessible(seller)
        card.get_by_label("As sold: refund the shopper").check()
        card.get_by_role("button", name="Confirm receipt").click()
        expect(seller.locator("article.return-card", has_text=number)).to_have_count(0)
        seller.goto(f"{live_server}/seller/orders/{so_id}")
        expect(seller.locator(f"#timeline-{first}")).to_contain_text("Refunded")
        accessible(seller)
    finally:
        seller.context.close()

    page.reload()
    expect(page.locator(f"#timeline-{first} .timeline__step--done", has_text="Refunded")).to_be_visible()
    expect(page.locator(f"#timeline-{second}")).not_to_contain_text("Refunded")
    shown = page.locator("#orders-shipments").inner_text()
    assert f"Refunded to your card: €{paid / 100:,.2f}" in shown, (title, shown)
    accessible(page)
