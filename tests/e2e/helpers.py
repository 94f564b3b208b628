"""What browser tests share: accounts made for a test, signing in through the login form, the axe check."""
from __future__ import annotations

import uuid

from axe_playwright_python.sync_playwright import Axe

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


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


def fill_application(page, company: str, contact: str, markets: tuple[str, ...] = ("fr-fr",)) -> None:
    """Fill a storefront's "sell with us" form as a French refurbisher would, a PDF attached; not sent."""
    page.fill("#f-company", company)
    page.fill("#f-registration", "FR40303265045")
    page.select_option("#f-country", "FR")
    page.fill("#f-founded", "2016")
    page.fill("#f-warehouse_address", "12 rue des Ateliers\n69007 Lyon")
    page.fill("#f-return_address", "12 rue des Ateliers\n69007 Lyon")
    for market in markets:
        page.check(f"#f-market-{market}")
    page.fill("#f-warranty_months", "18")
    page.fill("#f-certifications", "R2v3, ISO 14001")
    page.fill("#f-contact_name", "Camille Martin")
    page.fill("#f-contact_email", contact)
    page.set_input_files("#f-documents", {"name": "kbis.pdf", "mimeType": "application/pdf", "buffer": PDF})
