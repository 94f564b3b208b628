"""An operator records a spot check of a refurbisher's offer (choosing the refurbisher loads its units and offers in
place), finds a grade miss with a photo; the refurbisher, in another browser, reads it. Every screen passes axe."""
import re
import struct
import zlib

import pytest

from tests.e2e.helpers import accessible, account, sign_in
from tests.integration.offers.helpers import run_jobs
from tests.integration.portal.helpers import make_seller, remove_seller
from tests.integration.staff.helpers import sellers_restored

pytestmark = pytest.mark.e2e


def png(width=8, height=6) -> bytes:
    """A real (tiny, coral) PNG image."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\x7f\x5f" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


NOTES = "Deep scratch across the screen, visible when on."


def set_status(app, seller_id, status):
    from storefront.extensions import db
    from storefront.sellers.models import Seller

    with app.app_context():
        db.session.get(Seller, seller_id).status = status
        db.session.commit()


@pytest.fixture
def seller_id(app):
    """A refurbisher of the test's own, approved while it runs, with two offers on sale: a grade miss rescores it
    (and may suspend it), which refreshes only its own few buy boxes. Removed afterwards, once off the shop."""
    made = make_seller(app, offers=5)
    set_status(app, made["id"], "approved")
    with sellers_restored(app, [made["id"]]):
        yield made["id"]
    set_status(app, made["id"], "pending")
    run_jobs(app)  # its offers leave the buy boxes they won
    remove_seller(app, made["id"])


def test_an_operator_records_a_grade_miss_and_the_seller_reads_it(browser, live_server, app, viewport, seller_id):
    _name, size = viewport
    office = browser.new_context(viewport=size)
    desk = office.new_page()
    sign_in(desk, live_server, account(app, "quality"))
    desk.goto(f"{live_server}/admin/inspections")
    accessible(desk)
    desk.get_by_role("link", name="Record an inspection").click()
    desk.wait_for_url(re.compile(r"/admin/inspections/new"))
    desk.select_option("#f-seller", str(seller_id))  # htmx swaps the form in, with this seller's offers
    desk.locator("#f-source optgroup").last.wait_for(state="attached")
    spot = desk.locator("#f-source optgroup").last.locator("option").first.get_attribute("value")
    desk.select_option("#f-source", spot)
    desk.locator("form.inspection-form__form button[type=submit]").click()  # no grade: an error at its field
    desk.locator("#f-grade_found-error").wait_for()
    accessible(desk)
    desk.select_option("#f-source", spot)
    desk.get_by_label("Broken").check()
    desk.fill("#f-battery_health", "71")
    desk.get_by_label("Screen").check()
    desk.fill("#f-notes", NOTES)
    desk.set_input_files("#f-photos", {"name": "scratch.png", "mimeType": "image/png", "buffer": png()})
    desk.locator("form.inspection-form__form button[type=submit]").click()
    desk.wait_for_url(re.compile(r"/admin/inspections/\d+$"))
    inspection_id = desk.url.rsplit("/", 1)[-1]
    assert "Grade miss" in desk.locator(".inspection-card").inner_text()
    accessible(desk)
    office.close()

    shop = browser.new_context(viewport=size)
    portal = shop.new_page()
    sign_in(portal, live_server, account(app, "seller", seller_id))
    portal.goto(f"{live_server}/seller/inspections")
    card = portal.locator(".inspection-card", has_text=f"Inspection #{inspection_id}")
    assert NOTES in card.inner_text() and "Broken" in card.inner_text()
    photo = portal.request.get(live_server + card.locator("img").get_attribute("src"))
    assert photo.status == 200 and photo.headers["content-type"] == "image/png"  # the photo, served to its seller
    accessible(portal)
    shop.close()
