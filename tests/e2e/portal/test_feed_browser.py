"""A refurbisher uploads a CSV, reads the dry run (a buy box won in fr-fr), applies it and sees it done."""
import re
import uuid

import pytest
from sqlalchemy import select

from storefront.accounts import services as accounts
from storefront.catalog.models import Product, Variant
from storefront.extensions import db
from storefront.offers.models import BuyBoxEntry, Offer, OfferPrice
from storefront.sellers.models import Seller
from tests.e2e.helpers import accessible
from tests.integration.portal.helpers import offers_kept

PASSWORD = "correct horse battery"


def losing_offer(app, seller_id, index):
    """The seller's `index`-th in-stock offer priced in fr-fr that does not hold its buy box there, as a feed row."""
    with app.app_context():
        rows = db.session.execute(
            select(Offer.sku, Product.slug, Variant.storage_gb, Variant.color_name, Offer.grade)
            .join(Variant, Variant.id == Offer.variant_id).join(Product, Product.id == Variant.product_id)
            .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == "fr-fr"))
            .join(BuyBoxEntry, (BuyBoxEntry.variant_id == Offer.variant_id) & (BuyBoxEntry.grade == Offer.grade)
                  & (BuyBoxEntry.market == "fr-fr"))
            .where((Offer.seller_id == seller_id) & (Offer.stock > 0) & (Offer.status == "live")
                   & (BuyBoxEntry.offer_id != Offer.id) & (Variant.keyboard == ""))
            .order_by(Offer.id)).all()
    return ",".join(str(value) for value in rows[index])


def seller_account(app):
    with app.app_context():
        sellers = db.session.scalars(select(Seller).where(Seller.status == "approved").order_by(Seller.id)).all()
        seller = [s for s in sellers if "fr-fr" in s.markets][4]
        email = f"feed-{uuid.uuid4().hex[:8]}@example.org"
        accounts.create_staff(email, PASSWORD, "seller", seller.id, name="Feed Tester")
        return email, seller.id


@pytest.fixture
def feed_seller(app):
    """A seller account of a demo refurbisher whose offers are put back after the test."""
    email, seller_id = seller_account(app)
    with offers_kept(app, seller_id):
        yield email, seller_id


def test_a_seller_uploads_a_feed_sees_a_buy_box_won_and_applies_it(page_at, live_server, app, viewport, feed_seller):
    page = page_at
    email, seller_id = feed_seller
    row = losing_offer(app, seller_id, 0 if viewport[0] == "phone" else 1)
    page.goto(f"{live_server}/en-gb/account/login")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/seller/feed/")
    accessible(page)

    csv = f"sku,model,storage,colour,grade,stock,price_fr-fr\n{row},6,1.00\nBAD-1,no-such-model,128,Black,good,1,\n"
    page.locator("#feed-file").set_input_files({"name": "feed.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    page.get_by_role("button", name="Check it (dry run)").click()
    page.wait_for_url(re.compile(r"/seller/feed/\d+$"))
    assert page.get_by_text("wins the buy box in fr-fr").is_visible()
    assert page.get_by_text("No device model is called that").is_visible()
    accessible(page)

    page.get_by_role("button", name="Apply these changes").click()
    page.get_by_text("Applying your changes").wait_for()
    with app.app_context():
        app.extensions["jobs"].run_pending()  # the job worker, here: the page polls until it is done
    page.get_by_text("Done: your changes are applied.").wait_for(timeout=10_000)
    accessible(page)
