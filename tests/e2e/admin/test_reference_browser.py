"""The admin renames a variant's colour in the reference-data admin (Flask-Admin) and the list shows it: its
scripts run under the strict CSP (they carry the response's nonce) and every screen passes axe."""
import uuid

import pytest
from sqlalchemy import select

from tests.e2e.helpers import accessible

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


@pytest.fixture
def variant(app):
    from storefront.catalog.models import Variant
    from storefront.extensions import db

    with app.app_context():
        found = db.session.scalar(select(Variant).order_by(Variant.id.desc()).limit(1))
        original = (found.id, found.color_name)
    yield original
    with app.app_context():
        db.session.get(Variant, original[0]).color_name = original[1]
        db.session.commit()


def test_the_admin_renames_a_colour_and_the_list_shows_it(page_at, live_server, app, viewport, variant):
    from storefront.accounts import services as accounts

    page, (_name, size) = page_at, viewport
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_staff(email, PASSWORD, "admin", None)
    page.goto(f"{live_server}/en-gb/account/login")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server}/admin/reference/reference_variant/edit/?id={variant[0]}")
    accessible(page)
    page.fill("#color_name", f"Lagoon {size['width']}")
    page.locator("input[type=submit][value=Save]").click()
    page.wait_for_load_state()
    assert "/admin/reference/reference_variant/" in page.url
    assert page.get_by_text("Record was successfully saved.").count() == 1
    accessible(page)
    page.goto(f"{live_server}/admin/reference/reference_variant/?search=Lagoon+{size['width']}")
    assert page.locator("td", has_text=f"Lagoon {size['width']}").count() == 1
    assert not [e for e in errors if "Content Security Policy" in e], errors
