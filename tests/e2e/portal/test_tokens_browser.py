"""A refurbisher makes an API token, copies it (shown once), calls the API with it, and revokes it. Every state
of the page passes axe."""
import uuid

import pytest
from sqlalchemy import delete, select

from storefront.accounts import services as accounts
from storefront.api.models import ApiToken
from storefront.extensions import db
from storefront.sellers.models import Seller
from tests.e2e.helpers import accessible

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


@pytest.fixture
def seller_email(app):
    email = f"tokens-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        seller_id = db.session.scalar(select(Seller.id).where(Seller.status == "approved").order_by(Seller.id).limit(1))
        user_id = accounts.create_staff(email, PASSWORD, "seller", seller_id, name="Token Maker").id
    yield email
    with app.app_context():
        db.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
        db.session.commit()


def test_a_seller_makes_copies_uses_and_revokes_a_token(page_at, live_server, seller_email):
    page = page_at
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(f"{live_server}/en-gb/account/login")
    page.locator("#f-email").fill(seller_email)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/seller/")
    page.get_by_role("link", name="API tokens").click()
    page.wait_for_url(f"{live_server}/seller/tokens/")
    accessible(page)

    page.get_by_role("button", name="Make the token").click()  # no name
    assert page.locator("#f-name[aria-invalid=true]").count() == 1
    accessible(page)

    page.locator("#f-name").fill("Stock sync")
    page.get_by_role("button", name="Make the token").click()
    page.wait_for_load_state()
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("encore_sk_")
    accessible(page)
    page.get_by_role("button", name="Copy").click()
    assert page.get_by_role("button", name="Copied").is_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    api = page.context.request
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get(f"{live_server}/api/seller/v1/offers", headers=headers).status == 200

    page.goto(f"{live_server}/seller/tokens/")
    assert page.locator("#token-secret").count() == 0 and secret not in page.content()
    page.get_by_role("button", name="Revoke Stock sync").click()
    page.wait_for_url(f"{live_server}/seller/tokens/")
    assert page.get_by_role("status").filter(has_text="Stock sync is revoked").is_visible()
    accessible(page)
    assert api.get(f"{live_server}/api/seller/v1/offers", headers=headers).status == 401
