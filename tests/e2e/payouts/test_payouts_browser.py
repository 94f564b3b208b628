"""A refurbisher opens this month's statement from the portal's menu and downloads it as CSV; the payout
screens have no axe violations at 360 and 1280 px."""
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from storefront.accounts import services as accounts
from storefront.payouts import periods
from tests.e2e.helpers import accessible
from tests.integration.orders.helpers import approved_sellers, offers_of, paid_order
from tests.integration.portal.test_seller_orders import IE_ADDRESS

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


def test_a_seller_opens_a_statement_and_downloads_the_csv(app, live_server, page_at):
    (seller_id,) = approved_sellers(app, 1)
    number = paid_order(app, offers_of(app, seller_id, 1, "en-ie"), "en-ie", address=IE_ADDRESS)
    email = f"payouts-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_staff(email, PASSWORD, "seller", seller_id, name="Sam Seller", language="en")
    page = page_at
    page.goto(f"{live_server}/en-ie/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto(f"{live_server}/seller/")
    page.get_by_role("link", name="Payouts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Every month")
    accessible(page)
    period = periods.of(datetime.utcnow())
    page.locator(f'a[href$="/seller/payouts/{period}"]').click()
    expect(page.get_by_text(number).first).to_be_visible()
    expect(page.get_by_text("Net payout").first).to_be_visible()
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == f"payouts-{period}.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeffperiod,type,order") and number in text and ",total," in text
