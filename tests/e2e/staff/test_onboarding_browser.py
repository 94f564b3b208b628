"""A refurbisher applies from a storefront with a PDF; an operator, in another browser, approves it; the
e-mailed link sets the new seller's password and opens the portal. Every screen on the way passes axe."""
import re
import uuid

import pytest

from tests.e2e.helpers import accessible, fill_application
from tests.mailbox import address_of, sent_mail

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


def operator(app):
    from storefront.accounts import services as accounts

    email = f"quality-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_staff(email, PASSWORD, "quality")
    return email


def test_a_refurbisher_applies_and_an_operator_approves(browser, live_server, app, viewport):
    _name, size = viewport
    company = f"Atelier Reboot {uuid.uuid4().hex[:6]}"
    contact = f"camille-{uuid.uuid4().hex[:8]}@example.org"
    applicant = browser.new_context(viewport=size)
    page = applicant.new_page()
    page.goto(f"{live_server}/fr-fr/")
    page.locator(".site-footer__brand a").click()
    page.wait_for_url(re.compile(r"/fr-fr/sell$"))
    accessible(page)

    page.locator("form.apply button[type=submit]").click()  # nothing filled in
    assert page.locator(".field__error").count() >= 8
    accessible(page)

    fill_application(page, company, contact, ("fr-fr", "fr-be"))
    page.locator("form.apply button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr-fr/sell/thanks$"))
    accessible(page)

    office = browser.new_context(viewport=size)
    desk = office.new_page()
    desk.goto(f"{live_server}/en-gb/account/login")
    desk.fill("#f-email", operator(app))
    desk.fill("#f-password", PASSWORD)
    desk.locator("form.form button[type=submit]").click()
    desk.goto(f"{live_server}/admin/applications/")
    accessible(desk)
    desk.get_by_role("link", name=company).click()
    accessible(desk)
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Download kbis.pdf").click()
    assert download.value.suggested_filename == "kbis.pdf"
    desk.get_by_role("button", name=f"Approve {company}").click()
    desk.wait_for_url(re.compile(r"/admin/applications/\d+$"))
    assert "Approved" in desk.locator(".notice").first.inner_text()
    accessible(desk)
    office.close()

    mail = next(m for m in reversed(sent_mail(app)) if address_of(m) == contact and "/sell/welcome/" in m.body)
    link = re.search(r"https?://\S+/fr-fr/sell/welcome/\S+", mail.body).group(0)
    page.goto(link)
    accessible(page)
    page.fill("#f-password", "a long new password")
    page.fill("#f-confirm", "a long new password")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/seller/$"))
    assert company.lower() in page.locator("main").inner_text().lower()
    page.goto(f"{live_server}/seller/team/")
    assert contact in page.locator("main").inner_text()
    accessible(page)
    applicant.close()
