"""The home page in a real browser: layout at phone and desktop sizes, the market switcher, a11y."""
import re

import pytest

from tests.e2e.helpers import accessible

pytestmark = pytest.mark.e2e


def test_home_fits_the_screen_and_switching_market_changes_currency(page_at, live_server):
    page = page_at
    page.goto(f"{live_server}/fr-fr/")
    assert page.locator("html").get_attribute("lang") == "fr-FR"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first_price = page.locator(".product-card .price__amount").first.inner_text()
    assert "€" in first_price

    page.locator(".site-header .market-switcher__toggle").click()
    page.locator(".site-header .market-switcher__link[hreflang='en-GB']").click()
    page.wait_for_url(re.compile(r"/en-gb/$"))
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert "£" in page.locator(".product-card .price__amount").first.inner_text()

    page.locator(".site-header .market-switcher__toggle").click()
    page.locator(".site-header .market-switcher__link[hreflang='ja-JP']").click()
    page.wait_for_url(re.compile(r"/ja-jp/$"))
    price = page.locator(".product-card .price__amount").first.inner_text()
    assert "￥" in price and not re.search(r"[.,]\d{2}$", price)


@pytest.mark.parametrize("code", ["fr-fr", "de-at", "ja-jp"])
def test_home_has_no_accessibility_violations(page_at, live_server, code):
    page = page_at
    page.goto(f"{live_server}/{code}/")
    accessible(page)


def test_legal_links_and_cart_are_reachable_from_the_home_page(page_at, live_server):
    page = page_at
    page.goto(f"{live_server}/de-de/")
    page.locator(".site-header__cart").click()
    page.wait_for_url(re.compile(r"/de-de/cart/$"))
    page.locator(".site-footer__nav a").first.click()
    page.wait_for_url(re.compile(r"/de-de/legal/returns$"))
    assert page.locator("h1").inner_text()
