"""The confirmation page's "create an account in one step": a sign-up by e-mail that tells nobody whether the address has an account."""
import re
import uuid

from storefront.accounts import services as accounts
from tests.integration.accounts.test_accounts import PASSWORD, confirm, last_mail, link_in, login
from tests.integration.checkout.test_checkout_steps import FR, fill_cart, pay, walk_to_payment


def guest_order(client, address):
    """Place a paid guest order for `address`; returns the confirmation page's path and the CSRF token."""
    token = fill_cart(client)
    walk_to_payment(client, "fr-fr", token, {**FR, "email": address})
    client.get(pay(client, "fr-fr", token, "4242424242424242").headers["Location"])
    return client.post("/fr-fr/checkout/place", data={"csrf_token": token}).headers["Location"], token


def account_panel(html, *variable):
    """The account part of the page, with what differs by order (its number, its e-mail) blanked out."""
    panel = re.search(r'<div class="panel stack" role="status">.*?</div>', html, re.S).group(0)
    for text in variable:
        panel = panel.replace(text, "…")
    return panel


def test_the_one_step_account_does_not_tell_whether_the_email_has_an_account(app):
    owner, newcomer = f"owner-{uuid.uuid4().hex[:8]}@example.org", f"new-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_user(owner, PASSWORD)
    answers = {}
    for address in (owner, newcomer):
        client = app.test_client()
        page, token = guest_order(client, address)
        answer = client.post(page, data={"password": "a passphrase for this", "csrf_token": token})
        answers[address] = (answer.status_code, account_panel(answer.get_data(as_text=True), address), client, page)
    assert answers[owner][:2] == answers[newcomer][:2] and answers[owner][0] == 200
    warning = last_mail(app, owner)
    assert link_in(warning, "/account/reset") and "/account/signup/" not in warning.body  # a note, no account
    assert login(app.test_client(), owner).status_code == 303  # the account is untouched

    client, page = answers[newcomer][2:]
    number = page.rsplit("/", 1)[-1]
    fresh_browser = app.test_client()  # the link works wherever the e-mail is opened
    created = confirm(fresh_browser, link_in(last_mail(app, newcomer, "/account/signup/")))
    assert created.status_code == 303 and created.headers["Location"].endswith(f"/fr-fr/account/orders/{number}")
    assert number in fresh_browser.get(f"/fr-fr/account/orders/{number}").get_data(as_text=True)
