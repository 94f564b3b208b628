"""Long languages at 360 px: no button, navigation or price block overflows its box."""
import os

import pytest

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("I18N_SHOTS")  # a folder: keep a screenshot of every page checked
PAGES = ["/", "/c/smartphones", "/p/iphone-13", "/p/macbook-air-13-2020-m1", "/search?q=galaxy", "/cart/", "/account/login"]
BOXES = (".button, .picker__option, .chip, .price, .price__amount, .site-header__bar > *, .market-switcher__toggle, "
         ".category-tile__name, .product-card__name, .steps__step, .facets__toggle, .grade-chip, .sticker")
OVERFLOWING = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.className + ': ' + e.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("market", ["en-xa", "de-de", "fi-fi"])
def test_nothing_overflows_on_a_phone(browser, live_server, market):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    problems = []
    for path in PAGES:
        page.goto(f"{live_server}/{market}{path}")
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append(f"{path}: the page scrolls sideways")
        problems += [f"{path}: {item}" for item in page.evaluate(OVERFLOWING, BOXES)]
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"{market}{path.replace('/', '_').replace('?', '_')}.png"), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)
