"""Buying at phone size: browse or search → product → grade → cart → checkout → sandbox card → confirmation."""
import os
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.mailbox import address_of, sent_mail

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 780}
SHOTS = os.environ.get("CHECKOUT_SHOTS")  # a folder: save a screenshot of every step there


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def add_to_cart_from_product(page, grade_index=1):
    # A card opens the page on a grade already (grade= is in the URL): wait for htmx to replace the buy region.
    page.locator("#catalog-buy").evaluate("region => region.dataset.before = 'true'")
    page.locator(".ladder__step a").nth(grade_index).click()
    page.wait_for_url(re.compile(r"grade="))
    expect(page.locator("#catalog-buy[data-before]")).to_have_count(0)
    page.locator(".buybox__cta").click()
    page.locator("#cart-added .button").wait_for()  # htmx confirmation panel
    assert page.locator("#cart-badge").inner_text() == "1"
    shot(page, "product-added")
    page.locator("#cart-added .button").click()
    page.wait_for_url(re.compile(r"/cart/$"))
    shot(page, "cart")


def pay(page, card, expiry="12/34", cvc="123"):
    page.locator(".checkout__main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/sandbox-psp/pay/"))
    page.locator("#f-number").fill(card)
    page.locator("#f-expiry").fill(expiry)
    page.locator("#f-cvc").fill(cvc)
    shot(page, "sandbox")
    page.locator("button[type=submit]").click()


def checkout_address(page, values: dict):
    for name, value in values.items():
        field = page.locator(f"#f-{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    shot(page, "address")
    page.locator(".checkout__main form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/delivery$"))
    shot(page, "delivery")
    page.locator(".checkout__main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/payment$"))
    shot(page, "payment")


def place(page):
    page.wait_for_url(re.compile(r"/checkout/review$"))
    shot(page, "review")
    page.locator(".checkout__place").click()
    page.wait_for_url(re.compile(r"/checkout/confirmation/EC-"))
    shot(page, "confirmation")
    assert re.search(r"EC-[A-Z2-7]{10}", page.locator(".confirmation__number").inner_text())


def test_guest_checkout_in_france_with_a_sandbox_card(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/fr-fr/search?q=iphone+13")
    page.locator(".product-card__link").first.click()
    add_to_cart_from_product(page)
    page.locator(".cart__checkout").click()
    checkout_address(page, {"email": f"guest-{uuid.uuid4().hex[:6]}@example.org", "name": "Camille Martin",
                            "line1": "12 rue Oberkampf", "postcode": "75011", "city": "Paris", "phone": "06 12 34 56 78"})
    pay(page, "4242 4242 4242 4242")
    place(page)
    assert page.locator("#f-password").is_visible()  # a guest may create an account at the end
    context.close()


def signup(page, live_server, market, app):
    """Sign up, open the e-mailed link and confirm: signed in to a new account."""
    address = f"shopper-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(f"{live_server}/{market}/account/signup")
    page.locator("#f-email").fill(address)
    page.locator("#f-password").fill("correct horse battery")
    page.locator("form.form button[type=submit]").click()
    page.locator("#f-email").wait_for(state="detached")  # "check your inbox"
    mail = next(m for m in reversed(sent_mail(app)) if address_of(m) == address)
    page.goto(re.search(r"https?://\S+/account/signup/\S+", mail.body).group(0))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{market}/account/$"))


def test_signed_in_checkout_in_japan_with_a_3ds_confirmation(browser, live_server, app):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    signup(page, live_server, "ja-jp", app)
    page.goto(f"{live_server}/ja-jp/c/smartphones")
    page.locator(".product-card__link").first.click()
    add_to_cart_from_product(page, grade_index=2)
    page.locator(".cart__checkout").click()
    checkout_address(page, {"postcode": "150-0001", "region": "東京都", "city": "渋谷区", "line1": "神宮前1-2-3",
                            "name": "山田 花子", "phone": "090-1234-5678"})
    pay(page, "4000 0000 0000 3220")
    page.wait_for_url(re.compile(r"/sandbox-psp/challenge/"))
    shot(page, "challenge")
    page.locator("button[value=approve]").click()
    place(page)
    page.goto(f"{live_server}/ja-jp/account/")
    assert page.locator(".orders__link").count() == 1
    context.close()


def test_signed_in_checkout_in_the_us_adds_sales_tax(browser, live_server, app):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    signup(page, live_server, "en-us", app)
    page.goto(f"{live_server}/en-us/p/galaxy-s21")
    add_to_cart_from_product(page)
    page.locator(".cart__checkout").click()
    checkout_address(page, {"name": "Alex Doe", "line1": "1 Market St", "city": "San Francisco", "region": "CA",
                            "postcode": "94105", "phone": "+1 415 555 0100"})
    assert "Sales tax (7.25%)" in page.locator("#checkout-summary").inner_text()
    pay(page, "4242424242424242")
    place(page)
    assert "Sales tax" in page.locator("#orders-shipments").inner_text()
    context.close()


def test_a_refused_capture_tells_the_shopper_nothing_ships(browser, live_server, monkeypatch):
    from storefront.payments.provider import PaymentError
    from storefront.payments.sandbox import SandboxProvider

    def refuse(self, intent_id):
        raise PaymentError("authorization expired")

    monkeypatch.setattr(SandboxProvider, "capture", refuse)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/en-gb/p/iphone-13")
    add_to_cart_from_product(page)
    page.locator(".cart__checkout").click()
    checkout_address(page, {"email": f"guest-{uuid.uuid4().hex[:6]}@example.org", "name": "Sam Jones",
                            "line1": "1 High Street", "city": "London", "postcode": "SW1A 1AA", "phone": "020 7946 0000"})
    pay(page, "4242 4242 4242 4242")
    place(page)
    alert = page.locator("#orders-shipments [role=alert]")
    assert "nothing will ship" in alert.inner_text()
    shot(page, "payment-problem")
    context.close()
