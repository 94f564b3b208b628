"""The seller's listings in a real browser: filter, edit a price inline with the keyboard, see a bad price
refused at the field, put a row back with Escape, create an offer through the cascading pickers; axe."""
import re
import uuid

import pytest

from tests.e2e.helpers import accessible
from tests.integration.portal.helpers import make_seller, prices, remove_seller

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def seller(app):
    from storefront.accounts import services as accounts
    from storefront.extensions import db

    made = make_seller(app, offers=6)
    made["email"] = f"seller-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_staff(made["email"], PASSWORD, "seller", made["id"], name="Robin Seller", language="en")
        db.session.commit()
    yield made
    remove_seller(app, made["id"])


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/en-gb/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]", has_text="Sign in").click()
    page.wait_for_load_state()


def test_filter_edit_inline_with_the_keyboard_and_create_an_offer(page_at, viewport, live_server, app, seller):
    page = page_at
    grade = {"phone": "fair", "desktop": "good"}[viewport[0]]  # one new offer per viewport
    sign_in(page, live_server, seller["email"])
    page.goto(f"{live_server}/seller/listings/")
    rows = page.locator("tr.listings-row")
    assert rows.count() >= 6  # and the offer the other viewport created
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Filter: typing the SKU narrows the table (htmx) and the URL says so.
    offer, sku = seller["offers"][4], seller["skus"][4]
    page.fill("#listings-q", sku)
    page.wait_for_url(re.compile(rf"q={sku}"))
    assert rows.count() == 1

    # Edit the en-gb price, Enter saves the row.
    price = page.locator(f"#o{offer}-price-en-gb")
    price.fill("123.45")
    price.press("Enter")
    row = page.locator(f"#listings-row-{offer}")
    row.locator(".listings-row__saved").wait_for()
    assert prices(app, offer)["en-gb"] == 12345

    # A bad price: refused at the field, the focus on it; nothing saved.
    price = page.locator(f"#o{offer}-price-en-gb")
    price.fill("12,3456")
    price.press("Enter")
    invalid = page.locator(f"#o{offer}-price-en-gb[aria-invalid=true]")
    invalid.wait_for()
    assert "GBP prices have at most 2 decimals." in page.locator(f"#o{offer}-price-en-gb-error").inner_text()
    assert invalid.get_attribute("aria-describedby") == f"o{offer}-price-en-gb-error"
    assert page.evaluate("document.activeElement.id") == f"o{offer}-price-en-gb"
    assert prices(app, offer)["en-gb"] == 12345

    # Escape puts the row back as saved.
    page.keyboard.press("Escape")
    page.locator(f"#o{offer}-price-en-gb:not([aria-invalid])").wait_for()
    assert page.locator(f"#o{offer}-price-en-gb").input_value() == "123.45"

    # Create: search the model, then pick it, its variant and a grade; each choice brings the next.
    page.goto(f"{live_server}/seller/listings/new")
    page.fill("#new-q", "iphone 13")
    page.locator("#new-q").press("Enter")
    page.locator("#new-product").wait_for()
    product = page.locator("#new-product option").nth(1).get_attribute("value")
    page.select_option("#new-product", product)
    page.locator("#new-variant").wait_for()
    variant = page.locator("#new-variant option").nth(1).get_attribute("value")
    page.select_option("#new-variant", variant)
    page.locator("#new-grade").wait_for()
    page.select_option("#new-grade", grade)
    page.locator("#new-stock").wait_for()
    assert re.search(rf"product={product}.*variant={variant}.*grade={grade}", page.url)
    page.fill("#new-stock", "2")
    page.fill("#new-price-en-gb", "99")
    page.locator("button", has_text="Put it on sale").click()
    page.wait_for_url(re.compile(r"/seller/listings/\?q="))
    assert "created: it is live" in page.locator(".listings__notice").inner_text()
    assert page.locator("tr.listings-row").count() == 1


def test_the_listings_page_has_no_accessibility_violations(page_at, live_server, seller):
    page = page_at
    sign_in(page, live_server, seller["email"])
    for path in ("/seller/listings/", "/seller/listings/new?q=pixel"):
        page.goto(f"{live_server}{path}")
        accessible(page)
