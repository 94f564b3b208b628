"""The whole marketplace in three browsers (a refurbisher, an operator, a shopper), one step after another: a refurbisher applies; an operator approves it; the new
seller uploads a CSV whose dry run shows a buy box won, and applies it; a shopper, in another browser, sees the new
winner and buys; the seller accepts and ships with an IMEI; the shopper sees the tracking; an operator inspects that
unit and finds a grade miss; the seller's defect rate jumps past the suspension threshold and the buy box goes back
to another seller. The test plays the job worker: it runs the queued jobs where a worker would."""
import re
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from storefront.catalog.models import Product, Variant
from storefront.extensions import db
from storefront.offers.models import BuyBoxEntry
from storefront.sellers.models import Seller
from tests.e2e.helpers import PASSWORD, accessible, account, fill_application, sign_in
from tests.integration.orders.helpers import imei
from tests.mailbox import address_of, sent_mail

pytestmark = pytest.mark.e2e
MARKET = "fr-fr"
DESKTOP = {"width": 1280, "height": 900}


def worker(app) -> None:
    """What the job worker does between two clicks: every queued job, and those they queue."""
    while app.extensions["jobs"].run_pending():
        pass


def box_to_win(app) -> dict:
    """A fr-fr buy box in grade Good of a phone (no keyboard) that a demo seller holds: what a feed row needs."""
    with app.app_context():
        entry, product, variant = db.session.execute(
            select(BuyBoxEntry, Product, Variant).join(Variant, Variant.id == BuyBoxEntry.variant_id)
            .join(Product, Product.id == Variant.product_id)
            .where(BuyBoxEntry.market == MARKET, BuyBoxEntry.grade == "good", Variant.keyboard == "")
            .order_by(BuyBoxEntry.popularity, BuyBoxEntry.id).limit(1)).one()
        return {"slug": product.slug, "storage": variant.storage_gb, "colour": variant.color_name,
                "price": (Decimal(entry.price) * Decimal("0.8") / 100).quantize(Decimal("1")),  # a shelf price
                "url": f"/{MARKET}/p/{product.slug}?storage={variant.storage_gb}&color={variant.color_name}&grade=good"}


def apply(page, live_server, company, contact) -> None:
    page.goto(f"{live_server}/en-gb/sell")
    fill_application(page, company, contact, (MARKET,))
    page.locator("form.apply button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en-gb/sell/thanks$"))


def test_apply_approve_list_win_sell_ship_inspect_and_lose(browser, live_server, app):
    company = f"Reboot Lyon {uuid.uuid4().hex[:6]}"
    contact = f"camille-{uuid.uuid4().hex[:8]}@example.org"
    box = box_to_win(app)
    contexts = [browser.new_context(viewport=DESKTOP) for _ in range(3)]
    try:
        seller, operator, shopper = (context.new_page() for context in contexts)
        # A refurbisher applies; an operator, in another browser, approves it.
        apply(seller, live_server, company, contact)
        sign_in(operator, live_server, account(app, "quality"))
        operator.goto(f"{live_server}/admin/applications/")
        operator.get_by_role("link", name=company).click()
        operator.get_by_role("button", name=f"Approve {company}").click()
        expect(operator.locator(".notice").first).to_contain_text("Approved")

        mail = next(m for m in reversed(sent_mail(app)) if address_of(m) == contact and "/sell/welcome/" in m.body)
        seller.goto(re.search(r"https?://\S+/sell/welcome/\S+", mail.body).group(0))
        seller.fill("#f-password", PASSWORD)
        seller.fill("#f-confirm", PASSWORD)
        seller.locator("form.form button[type=submit]").click()
        seller.wait_for_url(re.compile(r"/seller/$"))

        # The seller's first feed: the dry run says the new offer would win the buy box; applying it is a job.
        seller.goto(f"{live_server}/seller/feed/")
        csv = ("sku,model,storage,colour,grade,stock,price_fr-fr\n"
               f"RL-0001,{box['slug']},{box['storage']},{box['colour']},good,3,{box['price']}\n")
        seller.locator("#feed-file").set_input_files({"name": "feed.csv", "mimeType": "text/csv", "buffer": csv.encode()})
        seller.get_by_role("button", name="Check it (dry run)").click()
        seller.wait_for_url(re.compile(r"/seller/feed/\d+$"))
        expect(seller.get_by_text(f"wins the buy box in {MARKET}")).to_be_visible()
        seller.get_by_role("button", name="Apply these changes").click()
        expect(seller.get_by_text("Applying your changes")).to_be_visible()
        worker(app)  # the feed, then the buy-box refresh its commit queued
        expect(seller.get_by_text("Done: your changes are applied.")).to_be_visible()

        # The shopper sees the new winner (no cache holds the old one back) and buys it.
        shopper_email = account(app, "customer", name="Léa Durand")
        sign_in(shopper, live_server, shopper_email, market=MARKET)
        shopper.goto(live_server + box["url"])
        expect(shopper.locator(".seller__name")).to_contain_text(company, timeout=5_000)
        shopper.locator(".buybox__cta").click()
        shopper.locator("#cart-added .button").click()
        shopper.wait_for_url(re.compile(r"/cart/$"))
        shopper.locator(".cart__checkout").click()
        for field, value in {"name": "Léa Durand", "line1": "12 rue Oberkampf", "postcode": "75011", "city": "Paris",
                             "phone": "06 12 34 56 78"}.items():
            shopper.fill(f"#f-{field}", value)
        shopper.locator(".checkout__main form.form button[type=submit]").click()
        shopper.wait_for_url(re.compile(r"/checkout/delivery$"))
        shopper.locator(".checkout__main button[type=submit]").click()
        shopper.wait_for_url(re.compile(r"/checkout/payment$"))
        shopper.locator(".checkout__main button[type=submit]").click()
        shopper.wait_for_url(re.compile(r"/sandbox-psp/pay/"))
        shopper.fill("#f-number", "4242 4242 4242 4242")
        shopper.fill("#f-expiry", "12/34")
        shopper.fill("#f-cvc", "123")
        shopper.locator("button[type=submit]").click()
        shopper.wait_for_url(re.compile(r"/checkout/review$"))
        shopper.locator(".checkout__place").click()
        shopper.wait_for_url(re.compile(r"/checkout/confirmation/EC-"))
        number = re.search(r"EC-[A-Z2-7]{10}", shopper.locator(".confirmation__number").inner_text()).group(0)
        worker(app)  # the capture and the e-mails

        # The seller accepts the line and ships it with the unit's IMEI.
        seller.goto(f"{live_server}/seller/orders?state=to_accept")
        seller.get_by_role("link", name=number).click()
        seller.get_by_role("button", name="Accept").click()
        expect(seller.locator(".chip", has_text="Accepted, to ship")).to_be_visible()
        code = imei()
        seller.get_by_label("Carrier").select_option("colissimo")
        seller.get_by_label("Tracking number").fill("6a 1234 5678 901")
        seller.get_by_label("Device 1 of 1: IMEI or serial number").fill(code)
        seller.get_by_role("button", name="Mark as shipped").click()
        expect(seller.locator("#parcels")).to_contain_text(code)
        worker(app)

        shopper.goto(f"{live_server}/{MARKET}/account/orders/{number}")
        expect(shopper.locator("#orders-shipments a[href*='6A12345678901']")).to_be_visible()

        # An operator inspects that very unit (a mystery order) and finds it a grade below the one sold.
        with app.app_context():
            seller_id = db.session.scalar(select(Seller.id).where(Seller.name == company))
        operator.goto(f"{live_server}/admin/inspections/new")
        operator.select_option("#f-seller", str(seller_id))  # htmx loads the seller's shipped units and offers
        unit = operator.locator("#f-source option", has_text=code)
        expect(unit).to_be_attached()
        operator.select_option("#f-source", unit.get_attribute("value"))
        operator.locator("input[name=grade_found][value=fair]").check()
        operator.fill("#f-battery_health", "84")
        operator.locator("form.inspection-form__form button[type=submit]").click()
        operator.wait_for_url(re.compile(r"/admin/inspections/\d+$"))
        expect(operator.locator(".inspection-card")).to_contain_text("Grade miss")
        worker(app)  # the rescore, the decision it takes, the buy-box refresh

        # The seller reads why; the shopper sees another seller win the box the grade miss cost.
        seller.goto(f"{live_server}/seller/quality/")
        expect(seller.locator(".quality-card--suspend h2")).to_have_text("Defects")
        seller.goto(f"{live_server}/seller/")
        expect(seller.locator("#suspended-title")).to_be_visible()
        accessible(seller)
        shopper.goto(live_server + box["url"])
        expect(shopper.locator(".seller__name")).not_to_contain_text(company, timeout=5_000)
        accessible(shopper)
    finally:
        for context in contexts:
            context.close()
