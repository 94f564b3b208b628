"""The header in a real browser: signing in shows the account link; adding to the cart updates the cart
link's label and badge together. ENCORE_SCREENSHOTS=<dir> saves the header signed out and in."""
import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


def shoot(page, name, viewport):
    if folder := os.environ.get("ENCORE_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.locator("#site-header").screenshot(path=str(Path(folder) / f"header-{name}-{viewport[1]['width']}.png"))


def test_signing_in_and_adding_to_the_cart_show_in_the_header(page_at, live_server, app, viewport):
    from storefront.accounts import services as accounts

    email = f"e2e-header-{uuid.uuid4().hex[:8]}@example.com"
    with app.app_context():
        accounts.create_user(email, PASSWORD, "Margaret Hamilton")
    page = page_at
    page.goto(f"{live_server}/fr-fr/p/pixel-7")
    cart = page.locator("#cart-link")
    expect(cart).to_have_attribute("aria-label", "Panier, 0 article")
    shoot(page, "signed-out", viewport)

    page.locator("#accounts-link").click()
    page.wait_for_url(re.compile(r"/fr-fr/account/login\?next="))
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('#main button[type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/fr-fr/p/pixel-7$"))  # back where the shopper was
    account = page.locator("#accounts-link")
    expect(account).to_have_attribute("href", "/fr-fr/account/")
    expect(account).to_have_accessible_name(re.compile("Margaret"))

    page.locator(".buybox__cta").click()  # htmx: the confirmation, and the cart link swapped out of band
    page.locator("#cart-added .button").wait_for()
    expect(page.locator("#cart-badge")).to_have_text("1")
    expect(page.locator("#cart-link")).to_have_attribute("aria-label", "Panier, 1 article")
    assert page.url.endswith("/fr-fr/p/pixel-7")
    shoot(page, "signed-in", viewport)


def test_a_visitor_adds_to_the_cart_from_a_page_that_set_no_cookie(page_at, live_server):
    page = page_at
    page.goto(f"{live_server}/en-gb/p/iphone-13")
    assert page.context.cookies() == []  # the page a shared cache may keep
    page.locator(".buybox__cta").click()
    page.locator("#cart-added .button").wait_for()
    expect(page.locator("#cart-link")).to_have_attribute("aria-label", "Cart, 1 item")
    expect(page.locator("#cart-badge")).to_have_text("1")
