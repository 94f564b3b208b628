"""What browser tests share: accounts made for a test, signing in through the login form, the axe check."""
from __future__ import annotations

import uuid

from axe_playwright_python.sync_playwright import Axe

PASSWORD = "correct horse battery"


def accessible(page) -> None:
    """No axe violation on the page as it is now."""
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def account(app, role: str, seller_id: int | None = None, language: str = "en", name: str = "Sam Tester") -> str:
    """A new account with PASSWORD: a shopper (role customer) or staff (of `seller_id` for role seller); its e-mail."""
    from storefront.accounts import services as accounts

    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        if role == "customer":
            accounts.create_user(email, PASSWORD, name)
        else:
            accounts.create_staff(email, PASSWORD, role, seller_id, name=name, language=language)
    return email


def sign_in(page, live_server: str, email: str, market: str = "en-gb", password: str = PASSWORD) -> None:
    page.goto(f"{live_server}/{market}/account/login")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
