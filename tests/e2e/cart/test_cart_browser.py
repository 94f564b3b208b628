"""The cart in a real browser: quantity, protection plan and removal swap the cart region (htmx)."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_quantity_plan_and_removal_update_the_cart_in_place(page_at, live_server, app):
    from storefront.extensions import db
    from storefront.offers.models import Offer

    page = page_at
    page.goto(f"{live_server}/en-ie/p/pixel-7")
    offer_id = int(page.locator('input[name="offer"]').get_attribute("value"))
    with app.app_context():  # two must be in stock for a second one to count (the cart sells what is left)
        stock, db.session.get(Offer, offer_id).stock = db.session.get(Offer, offer_id).stock, 5
        db.session.commit()
    try:
        _change_quantity_plan_and_remove(page)
    finally:
        with app.app_context():
            db.session.get(Offer, offer_id).stock = stock
            db.session.commit()


def _change_quantity_plan_and_remove(page):
    page.locator(".buybox__cta").click()
    page.locator("#cart-added .button").click()
    page.wait_for_url(re.compile(r"/en-ie/cart/$"))
    total_before = page.locator(".cart__total .price__amount").inner_text()
    page.locator(".cart-line__qty select").select_option("2")
    expect(page.locator("#cart-badge")).to_have_text("2")
    expect(page.locator(".cart__total .price__amount")).not_to_have_text(total_before)
    # click, not check(): htmx replaces the checkbox with the server's rendering, so wait on the new one; the total
    # with the plan's price says that rendering is in (a Remove clicked before it would race the swap)
    total_of_two = page.locator(".cart__total .price__amount").inner_text()
    page.locator(".cart-line__plan input[type=checkbox]").click()
    expect(page.locator(".cart__total .price__amount")).not_to_have_text(total_of_two)
    expect(page.locator(".cart-line__plan input[type=checkbox]")).to_be_checked()
    page.locator(".cart-line__remove", has_text="Remove").click()
    page.locator(".empty-note").wait_for()
    expect(page.locator("#cart-badge")).to_have_text("0")
    assert page.url.endswith("/en-ie/cart/")  # swapped in place, no navigation
