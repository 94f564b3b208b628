"""Search in a real browser: a misspelled query, an autocomplete pick with the keyboard, the product."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_misspelled_query_then_keyboard_pick_lands_on_the_product(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{live_server}/en-gb/")
    box = page.locator("#header-q")
    box.click()
    box.press_sequentially("iphnoe 13", delay=40)
    listbox = page.locator("#search-suggestions")
    listbox.locator("[role=option]").first.wait_for()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    expected = page.locator(f"#{active} a").get_attribute("href")
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(expected) + "$"))
    assert "iPhone 13" in page.locator("h1").inner_text()
    context.close()


def test_search_form_works_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/fr-fr/")
    page.locator("#header-q").fill("galaxy s21 256go noir")
    page.locator("#header-q").press("Enter")
    page.wait_for_url(re.compile(r"/fr-fr/search\?q=galaxy\+s21&storage=256&color=black"))
    assert "Galaxy S21" in page.locator(".product-card__name").first.inner_text()
    context.close()
