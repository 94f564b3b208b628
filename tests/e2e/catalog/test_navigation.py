"""Finding the way and buying on a phone (360 × 800): the site menu is a keyboard disclosure, the first screen of a
product page shows price, grade and "Add to cart", a buy bar takes over once they scroll away; axe finds nothing.
ENCORE_SCREENSHOTS=<dir> saves the open menu and the buy bar."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import accessible

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 800}
# Layout alone does not depend on the database: PostgreSQL runs skip it, as they skip phone viewports (conftest.py).
layout_only = pytest.mark.skipif(os.environ.get("ENCORE_TEST_DB", "sqlite") != "sqlite", reason="layout: SQLite run only")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def shoot(page, name):
    if folder := os.environ.get("ENCORE_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"navigation-{name}-360.png"))


def test_the_menu_opens_with_the_keyboard_and_escape_closes_it(phone, live_server):
    page = phone
    page.goto(f"{live_server}/fr-fr/p/iphone-13")
    toggle = page.locator(".site-menu__toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".site-nav")).to_be_hidden()  # the wide screens' bar
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    smartphones = page.locator(".site-menu__panel .site-nav__category--smartphones")
    expect(smartphones).to_be_visible()
    expect(page.locator(".site-menu__panel")).to_contain_text("Se connecter")
    shoot(page, "menu")
    accessible(page)
    page.keyboard.press("Tab")
    expect(smartphones).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".site-menu__panel")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()  # focus returns to the button
    page.keyboard.press("Enter")
    page.locator(".site-menu__panel .site-nav__category--laptops").click()
    page.wait_for_url(re.compile(r"/fr-fr/c/laptops$"))


@layout_only
def test_without_js_the_menu_still_opens_and_the_buy_bar_stays_hidden(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/en-gb/p/iphone-13")
    page.locator(".site-menu__toggle").click()
    expect(page.locator(".site-menu__panel .site-nav__category--tablets")).to_be_visible()
    page.mouse.wheel(0, 2500)
    expect(page.locator("#buy-bar")).to_be_hidden()
    context.close()


@layout_only
@pytest.mark.parametrize("path", ["/en-gb/p/iphone-13", "/de-de/p/macbook-air-13-2020-m1", "/ja-jp/p/pixel-7",
                                  "/fr-fr/p/iphone-13?grade=fair&storage=128&color=Midnight"])
def test_the_first_screen_of_a_product_page_shows_price_grade_and_button(phone, live_server, path):
    page = phone
    page.goto(live_server + path)
    for selector in (".buybox__price .price__amount", ".buybox__variant .grade-chip", ".buybox__cta"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (path, selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_buy_bar_appears_once_the_buy_box_is_gone_and_adds_to_the_cart(phone, live_server):
    page = phone
    page.goto(f"{live_server}/en-gb/p/pixel-7")
    bar = page.locator("#buy-bar")
    expect(bar).to_be_hidden()  # the buy box is on screen
    price = page.locator(".buybox__price .price__amount").inner_text()
    page.locator("#reviews").scroll_into_view_if_needed()
    expect(bar).to_be_visible()
    expect(bar.locator(".buy-bar__price")).to_have_text(price)
    shoot(page, "buy-bar")
    accessible(page)
    bar.locator(".buy-bar__cta").click()
    expect(page.locator("#cart-badge")).to_have_text("1")
    expect(page.locator("#cart-link")).to_have_attribute("aria-label", "Cart, 1 item")
    expect(page.locator("#cart-added a")).to_be_focused()  # focus goes to the confirmation, in view
    expect(bar).to_be_hidden()
