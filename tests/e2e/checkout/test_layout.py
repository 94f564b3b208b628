"""No cart or checkout page scrolls sideways on a small phone, in long languages and with long user data."""
import os
import re

import pytest

from tests.e2e.checkout.test_checkout_browser import pay
from tests.e2e.helpers import accessible

pytestmark = pytest.mark.e2e
WIDTHS = (360, 320)
# The outermost elements that stick out of the window, to say where a page got too wide.
STICKING_OUT = """() => [...document.body.querySelectorAll('*')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && e.parentElement.getBoundingClientRect().right <= innerWidth + 0.5)
  .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
EMAIL = "x" * (60 - len("@example.org")) + "@example.org"  # 60 characters, no place to break
NAME = "Maximiliane Wolkenstein-Oberhausen von und zu Schwarzenberg"
STREET = "Hauptstraße der Deutsch-Französischen Freundschaft 1234, Hinterhaus"
ADDRESSES = {
    "de-de": {"postcode": "10115", "city": "Berlin", "phone": "030 1234567"},
    "fr-fr": {"postcode": "75011", "city": "Paris", "phone": "06 12 34 56 78"},
    "sk-sk": {"postcode": "811 01", "city": "Bratislava", "phone": "0912 345 678"},
    "en-us": {"city": "Saint Petersburg", "region": "FL", "postcode": "33701", "phone": "727 555 0100"},
}
# What a page does at 320 px does not depend on the database: PostgreSQL walks one market (see e2e/conftest.py).
MARKETS = list(ADDRESSES) if os.environ.get("ENCORE_TEST_DB", "sqlite") == "sqlite" else ["de-de"]


def fits(page, name: str, problems: list[str]) -> None:
    """At each width, the page is no wider than the window; axe finds nothing."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 780})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{name} at {width} px is {scroll_width} px wide: {page.evaluate(STICKING_OUT)}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 780})
    accessible(page)


@pytest.mark.parametrize("market", MARKETS)
def test_cart_and_checkout_fit_a_small_phone_with_long_user_data(browser, live_server, app, market):
    from storefront.extensions import db
    from storefront.offers.models import Offer

    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 780})
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{live_server}/{market}/cart/")
    fits(page, "empty cart", problems)
    page.goto(f"{live_server}/{market}/p/iphone-13")
    offer_id = int(page.locator('input[name="offer"]').get_attribute("value"))
    with app.app_context():  # the unit this test buys is put back: the catalog stays as seeded
        stock = db.session.get(Offer, offer_id).stock
    try:
        page.locator(".buybox__cta").click()
        page.locator("#cart-added .button").click()
        page.wait_for_url(re.compile(r"/cart/$"))
        fits(page, "cart", problems)
        page.locator(".cart__checkout").click()
        page.wait_for_url(re.compile(r"/checkout/address$"))
        page.locator(".checkout__main form.form button[type=submit]").click()  # empty: every field says so
        page.locator("#f-email-error").wait_for()
        fits(page, "address with errors", problems)
        page.locator("#f-email").fill(EMAIL)
        for name, value in {"name": NAME, "line1": STREET, **ADDRESSES[market]}.items():
            field = page.locator(f"#f-{name}")
            field.select_option(value) if name == "region" else field.fill(value)
        page.locator(".checkout__main form.form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/checkout/delivery$"))
        fits(page, "delivery", problems)
        page.locator(".checkout__main button[type=submit]").click()
        page.wait_for_url(re.compile(r"/checkout/payment$"))
        fits(page, "payment", problems)
        pay(page, "4242 4242 4242 4242")
        page.wait_for_url(re.compile(r"/checkout/review$"))
        fits(page, "review", problems)
        page.locator(".checkout__place").click()
        page.wait_for_url(re.compile(r"/checkout/confirmation/"))
        fits(page, "confirmation", problems)
    finally:
        context.close()
        with app.app_context():
            db.session.get(Offer, offer_id).stock = stock
            db.session.commit()
    assert not problems, "\n".join(problems)
