"""A seller's public page in a real browser, reached from a product page's "why this offer"."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import accessible

pytestmark = pytest.mark.e2e


def test_from_a_product_page_the_winners_page_opens_with_its_record_and_offers(page_at, live_server):
    page = page_at
    page.goto(f"{live_server}/fr-fr/p/iphone-13")
    sold_by = page.locator(".seller__name").inner_text()  # "Vendu par Maison Volta"
    page.locator("a.seller__more").click()
    page.wait_for_url(re.compile(r"/fr-fr/s/[a-z0-9-]+$"))
    assert page.locator("h1").inner_text() in sold_by
    expect(page.locator(".seller-rates__rate")).to_have_count(4)
    cards = page.locator("#seller-offers .product-card__link")
    assert cards.count() > 0
    accessible(page)
    cards.first.click()
    page.wait_for_url(re.compile(r"/fr-fr/p/[a-z0-9-]+\?grade=[a-z]+&"))
