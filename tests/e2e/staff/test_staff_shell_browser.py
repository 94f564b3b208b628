"""The staff shell in a real browser: signing in to the seller portal, the menu, the language switch, a11y."""
import pytest

from tests.e2e.helpers import accessible
from tests.integration.staff.helpers import PASSWORD

pytestmark = pytest.mark.e2e


def staff_account(app, role):
    import uuid

    from sqlalchemy import select

    from storefront.accounts import services as accounts
    from storefront.extensions import db
    from storefront.sellers.models import Seller

    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        seller_id = db.session.scalar(select(Seller.id).where(Seller.status == "approved").order_by(Seller.id).limit(1))
        accounts.create_staff(email, PASSWORD, role, seller_id if role == "seller" else None, name="Noa Staff")
    return email


def sign_in(page, live_server, email, then):
    page.goto(f"{live_server}{then}")  # a staff page sends a visitor to sign in, then back
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server}{then}")


def test_a_seller_signs_in_and_switches_the_portal_to_french(app, page_at, live_server):
    page = page_at
    sign_in(page, live_server, staff_account(app, "seller"), "/seller/")
    assert page.locator("h1").inner_text() == "Hello, Noa."
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator(".staff-menu__toggle").click()
    page.select_option("#staff-language", "fr")
    page.locator(".staff-menu__language button").click()
    page.wait_for_url(f"{live_server}/seller/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Bonjour Noa."


@pytest.mark.parametrize(("role", "path"), [("seller", "/seller/"), ("admin", "/admin/"), ("admin", "/admin/audit")])
def test_staff_pages_have_no_accessibility_violations(app, page_at, live_server, role, path):
    page = page_at
    sign_in(page, live_server, staff_account(app, role), path)
    accessible(page)
    page.locator(".staff-menu__toggle").click()  # the open menu too
    accessible(page)
