"""Security baseline: CSRF on every write, a route × role matrix, headers and cookies, safe redirects."""
import re
import uuid

import pytest
from sqlalchemy import select

from storefront.accounts import services as accounts
from storefront.extensions import db
from storefront.sellers.models import Seller
from tests.integration.checkout.helpers import attach, ready_checkout
from tests.integration.conftest import csrf_token

# "unlinked_seller" has the seller role but no seller linked: it must see nothing of any seller's.
PERSONAS = ("anonymous", "other", "seller", "unlinked_seller", "marketing", "translator", "quality", "admin", "customer")  # the owner acts last
PASSWORD = "correct horse battery"
WRITE = {"POST", "PUT", "PATCH", "DELETE"}
# The provider signs its events; the seller API takes a bearer token and reads no cookie.
SIGNED_INSTEAD = {"/payments/webhook", "/api/seller/v1/offers", "/api/seller/v1/offers/<int:offer_id>",
                  "/api/seller/v1/offers/batch", "/api/seller/v1/<path:rest>"}


@pytest.fixture(scope="module")
def people(app):
    """Signed-in clients for each persona, the customer's address id and order number."""
    clients, info = {"anonymous": app.test_client()}, {}
    with app.app_context():
        seller_id = db.session.scalar(select(Seller.id).limit(1))
        for persona in PERSONAS[1:]:
            role = {"other": "customer", "unlinked_seller": "seller"}.get(persona, persona)
            user = accounts.create_user(f"{persona}-{uuid.uuid4().hex[:6]}@example.org", PASSWORD, role=role)
            if persona == "seller":
                user.seller_id = seller_id
            info[persona] = user.email
        db.session.commit()
        customer = accounts.find_by_email(info["customer"])
        address = accounts.save_address(customer, "GB", {"name": "A", "line1": "1 High St", "line2": "", "city": "Leeds",
                                                         "postcode": "LS1 1AA", "phone": "07700900000"})
        spare = accounts.save_address(customer, "GB", dict(address.fields))
        info["address"], info["spare_address"] = address.id, spare.id
    cart_id, token, _ = ready_checkout(app, "en-gb", [_some_offer(app)],
                                       address={"name": "A", "line1": "1 High St", "city": "Leeds", "postcode": "LS1 1AA", "phone": "07700900000"})
    guest = app.test_client()
    csrf = attach(guest, "en-gb", cart_id, token)
    info["order"] = guest.post("/en-gb/checkout/place", data={"csrf_token": csrf}).headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        from storefront.orders import services as orders

        orders.attach_user(orders.find_by_token(token), accounts.find_by_email(info["customer"]).id)
    for persona in PERSONAS[1:]:
        client = app.test_client()
        client.post("/en-gb/account/login", data={"email": info[persona], "password": PASSWORD,
                                                  "csrf_token": csrf_token(client, "/en-gb/account/login")})
        clients[persona] = client
    return clients, info


def _some_offer(app):
    from storefront.offers.models import BuyBoxEntry, Offer

    with app.app_context():
        return db.session.scalar(select(BuyBoxEntry.offer_id).join(Offer, Offer.id == BuyBoxEntry.offer_id)
                                 .where((BuyBoxEntry.market == "en-gb") & (Offer.stock >= 5)).limit(1))


PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
OWNER_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "customer": 200}
SELLERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "seller": 200, "unlinked_seller": 200, "admin": 200}
# A seller order that is no seller's (or another seller's): sellers, linked or not, and the operator get a 404.
NOT_THEIRS = {**SELLERS, "seller": 404, "unlinked_seller": 404, "admin": 404}
NOT_THEIRS_WRITE = {**NOT_THEIRS, "anonymous": 303}
OPERATOR = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "quality": 200, "admin": 200}
ADMIN = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "admin": 200}
# A seller's page about an offer that is not theirs (none is: the id exists nowhere): sellers get 404.
NOT_THEIR_OFFER = {**dict.fromkeys(PERSONAS, 403), "anonymous": 303, "seller": 404, "unlinked_seller": 404, "admin": 404}
# Staff may set their language (400: the test posts none); shoppers may not; anonymous visitors sign in first.
# A seller's own object (a feed import) that does not exist, or a seller's page for an account linked to no seller.
NOT_THEIRS = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "seller": 404, "unlinked_seller": 404, "admin": 404}
STAFF_WRITE = {**dict.fromkeys(PERSONAS, 400), "anonymous": 303, "other": 403, "customer": 403}
SIGNS_OUT = {"/<market:market>/account/logout", "/<market:market>/account/logout-everywhere"}  # checked last


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


# rule → (method, path template, {persona: expected status}). A new route without a line here fails the test.
MATRIX = {
    "/": ("GET", "/", everyone(302)),
    "/<market:market>/": ("GET", "/en-gb/", PUBLIC),
    "/admin/": ("GET", "/admin/", OPERATOR),
    "/admin/audit": ("GET", "/admin/audit", ADMIN),
    "/seller/": ("GET", "/seller/", SELLERS),
    "/seller/listings/": ("GET", "/seller/listings/", SELLERS),
    "/seller/listings/<int:offer_id>": ("POST", "/seller/listings/999999999", NOT_THEIR_OFFER),
    "/seller/listings/<int:offer_id>/pause": ("POST", "/seller/listings/999999999/pause", NOT_THEIR_OFFER),
    "/seller/listings/<int:offer_id>/resume": ("POST", "/seller/listings/999999999/resume", NOT_THEIR_OFFER),
    "/seller/listings/new": ("GET", "/seller/listings/new?q=pixel", SELLERS),
    "/seller/apply": ("GET", "/seller/apply", everyone(302)),
    "/seller/team/": ("GET", "/seller/team/", SELLERS),
    "/seller/quality/": ("GET", "/seller/quality/", SELLERS),
    # No address given: 422 for a seller; an account linked to no seller (an admin's) has no team to invite to.
    "/seller/team/invite": ("POST", "/seller/team/invite", {**SELLERS, "anonymous": 303, "seller": 422,
                                                            "unlinked_seller": 404, "admin": 404}),
    "/seller/team/<int:user_id>/remove": ("POST", "/seller/team/999999/remove", {**SELLERS, "anonymous": 303, "seller": 404,
                                                                                 "unlinked_seller": 404, "admin": 404}),
    "/admin/applications/": ("GET", "/admin/applications/", OPERATOR),
    "/admin/applications/<int:application_id>": ("GET", "/admin/applications/999999", {**OPERATOR, "quality": 404, "admin": 404}),
    "/admin/applications/<int:application_id>/documents/<int:index>": (
        "GET", "/admin/applications/999999/documents/0", {**OPERATOR, "quality": 404, "admin": 404}),
    "/admin/applications/<int:application_id>/approve": (
        "POST", "/admin/applications/999999/approve", {**OPERATOR, "anonymous": 303, "quality": 404, "admin": 404}),
    "/admin/applications/<int:application_id>/reject": (
        "POST", "/admin/applications/999999/reject", {**OPERATOR, "anonymous": 303, "quality": 404, "admin": 404}),
    "/admin/inspections": ("GET", "/admin/inspections", OPERATOR),
    "/admin/inspections/new": ("GET", "/admin/inspections/new", OPERATOR),  # its POST: tests/integration/staff/test_inspections.py
    "/admin/inspections/<int:inspection_id>": ("GET", "/admin/inspections/999999", {**OPERATOR, "quality": 404, "admin": 404}),
    "/admin/inspections/<int:inspection_id>/photos/<int:index>": (
        "GET", "/admin/inspections/999999/photos/0", {**OPERATOR, "quality": 404, "admin": 404}),
    "/seller/inspections": ("GET", "/seller/inspections", SELLERS),
    "/seller/inspections/<int:inspection_id>/photos/<int:index>": ("GET", "/seller/inspections/999999/photos/0", NOT_THEIRS),
    "/admin/sellers/": ("GET", "/admin/sellers/", OPERATOR),
    "/admin/sellers/<int:seller_id>": ("GET", "/admin/sellers/999999", {**OPERATOR, "quality": 404, "admin": 404}),
    "/admin/sellers/<int:seller_id>/<any(suspend, reinstate, notice, 'withdraw-notice'):decision>": (
        "POST", "/admin/sellers/999999/suspend", {**OPERATOR, "anonymous": 303, "quality": 404, "admin": 404}),
    "/admin/sellers/<int:seller_id>/offers/<int:offer_id>/<any(suspend, reinstate):decision>": (
        "POST", "/admin/sellers/999999/offers/999999/reinstate", {**OPERATOR, "anonymous": 303, "quality": 404, "admin": 404}),
    "/<market:market>/sell": ("GET", "/en-gb/sell", PUBLIC),
    "/<market:market>/sell/thanks": ("GET", "/en-gb/sell/thanks", PUBLIC),
    "/<market:market>/sell/welcome/<token>": ("GET", "/en-gb/sell/welcome/forged", everyone(404)),
    "/seller/orders": ("GET", "/seller/orders", SELLERS),
    "/seller/payouts": ("GET", "/seller/payouts", SELLERS),
    # A past month: the linked seller's own statement; no statement for an account linked to no seller.
    "/seller/payouts/<period>": ("GET", "/seller/payouts/2026-01", {**SELLERS, "unlinked_seller": 404, "admin": 404}),
    "/seller/payouts/<period>.csv": ("GET", "/seller/payouts/2026-01.csv", {**SELLERS, "unlinked_seller": 404, "admin": 404}),
    "/admin/sellers/<int:seller_id>/payouts": ("GET", "/admin/sellers/999999/payouts", {**ADMIN, "admin": 404}),
    "/admin/sellers/<int:seller_id>/payouts/<period>": ("GET", "/admin/sellers/999999/payouts/2026-01", {**ADMIN, "admin": 404}),
    "/admin/sellers/<int:seller_id>/payouts/<period>.csv": (
        "GET", "/admin/sellers/999999/payouts/2026-01.csv", {**ADMIN, "admin": 404}),
    "/seller/orders/<int:seller_order_id>": ("GET", "/seller/orders/999999", NOT_THEIRS),
    "/seller/orders/<int:seller_order_id>/lines/<int:line_id>/accept": (
        "POST", "/seller/orders/999999/lines/999999/accept", NOT_THEIRS_WRITE),
    "/seller/orders/<int:seller_order_id>/lines/<int:line_id>/refuse": (
        "POST", "/seller/orders/999999/lines/999999/refuse", NOT_THEIRS_WRITE),
    "/seller/orders/<int:seller_order_id>/lines/<int:line_id>/cancel": (
        "POST", "/seller/orders/999999/lines/999999/cancel", NOT_THEIRS_WRITE),
    "/seller/orders/<int:seller_order_id>/ship": ("POST", "/seller/orders/999999/ship", NOT_THEIRS_WRITE),
    "/seller/returns": ("GET", "/seller/returns", SELLERS),
    "/seller/returns/<int:return_id>/receive": ("POST", "/seller/returns/999999/receive", NOT_THEIRS_WRITE),
    # The care team's (no persona here has the care role: tests/integration/care covers it); admin passes every check.
    "/admin/returns": ("GET", "/admin/returns", ADMIN),
    "/admin/returns/<int:return_id>/decide": ("POST", "/admin/returns/999999/decide", {**ADMIN, "anonymous": 303, "admin": 404}),
    "/seller/feed/": ("POST", "/seller/feed/", {**NOT_THEIRS, "anonymous": 303, "seller": 422}),  # no file posted
    "/seller/feed/<int:import_id>": ("GET", "/seller/feed/999999", NOT_THEIRS),
    "/seller/feed/<int:import_id>/apply": ("POST", "/seller/feed/999999/apply", {**NOT_THEIRS, "anonymous": 303}),
    "/seller/feed/<int:import_id>/errors.csv": ("GET", "/seller/feed/999999/errors.csv", NOT_THEIRS),
    "/seller/feed/template.csv": ("GET", "/seller/feed/template.csv", {**NOT_THEIRS, "seller": 200}),
    "/seller/tokens/": ("GET", "/seller/tokens/", SELLERS),
    "/seller/tokens/<int:token_id>/revoke": ("POST", "/seller/tokens/999999/revoke", {**NOT_THEIRS, "anonymous": 303}),
    # A signed-in session is no API token: 401 for everyone.
    "/api/seller/v1/offers": ("GET", "/api/seller/v1/offers", everyone(401)),
    "/api/seller/v1/offers/<int:offer_id>": ("GET", "/api/seller/v1/offers/999999", everyone(401)),
    "/api/seller/v1/offers/batch": ("POST", "/api/seller/v1/offers/batch", everyone(401)),
    "/api/seller/v1/<path:rest>": ("GET", "/api/seller/v1/orders", everyone(401)),
    "/staff/language": ("POST", "/staff/language", STAFF_WRITE),
    "/<market:market>/account/": ("GET", "/en-gb/account/", SIGNED_IN),
    "/<market:market>/account/addresses": ("GET", "/en-gb/account/addresses", SIGNED_IN),
    "/<market:market>/account/addresses/<int:address_id>": ("GET", "/en-gb/account/addresses/{address}", OWNER_ONLY),
    "/<market:market>/account/addresses/<int:address_id>/delete": (
        "POST", "/en-gb/account/addresses/{spare_address}/delete", {**OWNER_ONLY, "anonymous": 303, "customer": 303}),
    "/<market:market>/account/addresses/new": ("GET", "/en-gb/account/addresses/new", SIGNED_IN),
    "/<market:market>/account/email": ("GET", "/en-gb/account/email", SIGNED_IN),
    "/<market:market>/account/login": ("GET", "/en-gb/account/login", PUBLIC),
    "/<market:market>/account/logout": ("POST", "/en-gb/account/logout", everyone(303)),
    "/<market:market>/account/logout-everywhere": ("POST", "/en-gb/account/logout-everywhere", everyone(303)),
    "/<market:market>/account/orders/": ("GET", "/en-gb/account/orders/", SIGNED_IN),
    "/<market:market>/account/orders/<number>": ("GET", "/en-gb/account/orders/{order}", OWNER_ONLY),
    # A guest's signed link: a forged one opens nothing, for anyone.
    "/<market:market>/account/orders/<number>/access/<token>": ("GET", "/en-gb/account/orders/{order}/access/forged", everyone(404)),
    # The owner's request names no line (422); no one else may return the order's devices.
    "/<market:market>/account/orders/<number>/returns": ("POST", "/en-gb/account/orders/{order}/returns",
                                                          {**everyone(404), "customer": 422}),
    "/<market:market>/account/orders/<number>/returns/<int:return_id>/label.pdf": (
        "GET", "/en-gb/account/orders/{order}/returns/999999/label.pdf", everyone(404)),
    "/<market:market>/account/password": ("GET", "/en-gb/account/password", SIGNED_IN),
    "/<market:market>/account/reset": ("GET", "/en-gb/account/reset", PUBLIC),
    "/<market:market>/account/reset/<token>": ("GET", "/en-gb/account/reset/forged", everyone(404)),
    "/<market:market>/account/signup": ("GET", "/en-gb/account/signup", PUBLIC),
    "/<market:market>/account/signup/<token>": ("GET", "/en-gb/account/signup/forged", everyone(404)),
    "/<market:market>/c/<slug>": ("GET", "/en-gb/c/smartphones", PUBLIC),
    "/<market:market>/cart/": ("GET", "/en-gb/cart/", PUBLIC),
    "/<market:market>/cart/add": ("POST", "/en-gb/cart/add", everyone(404)),
    "/<market:market>/cart/lines/<int:line_id>": ("POST", "/en-gb/cart/lines/999999", everyone(404)),
    "/<market:market>/cart/lines/<int:line_id>/remove": ("POST", "/en-gb/cart/lines/999999/remove", everyone(303)),
    "/<market:market>/checkout/": ("GET", "/en-gb/checkout/", everyone(303)),
    "/<market:market>/checkout/address": ("GET", "/en-gb/checkout/address", everyone(303)),
    "/<market:market>/checkout/confirmation/<number>": ("GET", "/en-gb/checkout/confirmation/{order}", OWNER_ONLY | {"anonymous": 404}),
    "/<market:market>/checkout/delivery": ("GET", "/en-gb/checkout/delivery", everyone(303)),
    "/<market:market>/checkout/payment": ("GET", "/en-gb/checkout/payment", everyone(303)),
    "/<market:market>/checkout/payment/return": ("GET", "/en-gb/checkout/payment/return?intent=pi_x", everyone(303)),
    "/<market:market>/checkout/place": ("POST", "/en-gb/checkout/place", everyone(303)),
    "/<market:market>/checkout/review": ("GET", "/en-gb/checkout/review", everyone(303)),
    "/<market:market>/legal/<page>": ("GET", "/en-gb/legal/returns", PUBLIC),
    "/<market:market>/p/<slug>": ("GET", "/en-gb/p/iphone-13", PUBLIC),
    "/<market:market>/p/<slug>/offers": ("GET", "/en-gb/p/iphone-13/offers", PUBLIC),
    "/<market:market>/s/<slug>": ("GET", "/en-gb/s/maison-volta", PUBLIC),
    "/<market:market>/search": ("GET", "/en-gb/search?q=pixel", PUBLIC),
    "/<market:market>/search/suggest": ("GET", "/en-gb/search/suggest?q=pix", PUBLIC),
    "/<market:market>/sitemap.xml": ("GET", "/en-gb/sitemap.xml", PUBLIC),
    "/assets/<path:filename>": ("GET", "{asset}", PUBLIC),
    "/favicon.ico": ("GET", "/favicon.ico", everyone(301)),
    "/healthz": ("GET", "/healthz", PUBLIC),
    "/payments/webhook": ("POST", "/payments/webhook", everyone(400)),
    "/robots.txt": ("GET", "/robots.txt", PUBLIC),
    "/sandbox-psp/challenge/<intent_id>": ("GET", "/sandbox-psp/challenge/pi_missing", everyone(404)),
    "/sandbox-psp/pay/<intent_id>": ("GET", "/sandbox-psp/pay/pi_missing", everyone(404)),
    "/sitemap.xml": ("GET", "/sitemap.xml", PUBLIC),
    "/static/<path:filename>": ("GET", "/static/img/favicon.svg", PUBLIC),
}

# The reference-data admin (Flask-Admin): every table's routes, admin only. A row that does not exist sends the
# admin back to the list (302), as does a write without the table's form data; no table edits inline (ajax: 404).
ADMIN_WRITE = {**dict.fromkeys(PERSONAS, 403), "anonymous": 303, "admin": 302}
MATRIX["/admin/reference/"] = ("GET", "/admin/reference/", ADMIN)
MATRIX["/admin/reference/reference_rules/"] = ("GET", "/admin/reference/reference_rules/", ADMIN)
MATRIX["/admin/reference/static/<path:filename>"] = ("GET", "/admin/reference/static/admin/js/helpers.js", PUBLIC)
for _table in ("brand", "category", "new_price", "product", "variant"):
    _base = f"/admin/reference/reference_{_table}/"
    MATRIX.update({
        _base: ("GET", _base, ADMIN),
        f"{_base}new/": ("GET", f"{_base}new/", ADMIN),
        f"{_base}edit/": ("GET", f"{_base}edit/?id=999999", {**ADMIN, "admin": 302}),
        f"{_base}details/": ("GET", f"{_base}details/?id=999999", {**ADMIN, "admin": 302}),
        f"{_base}delete/": ("POST", f"{_base}delete/", ADMIN_WRITE),
        f"{_base}action/": ("POST", f"{_base}action/", ADMIN_WRITE),
        f"{_base}ajax/lookup/": ("GET", f"{_base}ajax/lookup/?name=product&query=x", {**ADMIN, "admin": 404}),
        f"{_base}ajax/update/": ("POST", f"{_base}ajax/update/", {**ADMIN_WRITE, "admin": 404}),
        f"{_base}export/<export_type>/": ("GET", f"{_base}export/csv/", {**ADMIN, "admin": 302}),
    })


def test_every_route_has_an_expected_status_for_every_role(app, people):
    clients, info = people
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert rules == set(MATRIX), f"routes without a matrix entry: {rules - set(MATRIX)}; stale entries: {set(MATRIX) - rules}"
    with app.app_context():
        info["asset"] = app.extensions["assets"].url("css/app.css")
    failures = []
    for _rule, (method, template, expected) in sorted(MATRIX.items(), key=lambda item: item[0] in SIGNS_OUT):
        path = template.format(**info)
        for persona in PERSONAS:
            client = clients[persona]
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, data={"csrf_token": csrf_token(client)})
            status = response.status_code
            response.close()
            if status != expected[persona]:
                failures.append(f"{method} {path} as {persona}: {status}, expected {expected[persona]}")
    assert not failures, "\n".join(failures)


def test_a_seller_account_linked_to_no_seller_sees_no_sellers_orders(app, people):
    from storefront.orders import fulfilment
    from storefront.orders import services as orders
    from storefront.orders.models import Order

    _, info = people

    def orders_page(persona):  # signed in afresh: the matrix above ends with signing everyone out
        client = app.test_client()
        client.post("/en-gb/account/login", data={"email": info[persona], "password": PASSWORD,
                                                  "csrf_token": csrf_token(client, "/en-gb/account/login")})
        response = client.get("/seller/orders")
        return client, response.status_code, response.get_data(as_text=True)

    with app.app_context():
        seller_order_id = db.session.scalar(select(Order).where(Order.number == info["order"])).seller_orders[0].id
    for persona in ("unlinked_seller", "admin"):  # the operator's account is linked to no seller either
        client, status, page = orders_page(persona)
        assert status == 200 and not re.search(r"EC-[A-Z2-7]{10}", page) and "linked to no refurbisher" in page
        assert client.get(f"/seller/orders/{seller_order_id}").status_code == 404
    with app.app_context():
        assert orders.seller_orders(None) == []  # a missing link means no seller, never every seller
        assert fulfilment.page_of(None, None, 1).seller_orders == []


def test_every_write_route_rejects_a_missing_csrf_token(app):
    client = app.test_client()
    client.get("/en-gb/")
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.methods & WRITE or rule.rule in SIGNED_INSTEAD:
            continue
        path = MATRIX[rule.rule][1].format(address=1, spare_address=1, order="EC-X", asset="/")
        for headers in ({}, {"HX-Request": "true"}, {"HX-Request": "true", "X-CSRFToken": "forged"}):
            response = client.post(path, data={"x": "1"}, headers=headers)
            assert response.status_code == 400, (path, headers, response.status_code)
        checked += 1
    assert checked >= 15


def test_html_responses_carry_a_strict_policy_and_hardening_headers(client):
    for path in ("/en-gb/", "/en-gb/p/iphone-13", "/en-gb/cart/", "/en-gb/account/login", "/nope"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert int(re.search(r"max-age=(\d+)", response.headers["Strict-Transport-Security"]).group(1)) >= 31536000
    html = client.get("/en-gb/p/iphone-13").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)  # no inline script
    assert " style=" not in html and "<style" not in html


def test_cookies_are_httponly_lax_and_secure_outside_development():
    from config.settings import Production
    from storefront import create_app

    class SecureTest(Production):
        TESTING = True
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        # What production refuses to start without.
        SECRET_KEY = "a-test-secret-that-is-long-enough-0123456789"
        PUBLIC_URL = "https://localhost"
        PAYMENT_WEBHOOK_SECRET = "a-test-webhook-secret"
        MAIL_OUTBOX_IN_PRODUCTION = True

    app = create_app(SecureTest)
    cookie = app.test_client().get("/en-gb/account/login", base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "http:///evil.example", "https://evil.example",
                                    "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1", "/\r\nLocation: http://evil.example",
                                    "\t//evil.example", "///evil.example", "/\\/evil.example"])
def test_next_only_redirects_within_the_site(app, target):
    client = app.test_client()
    address = f"next-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        accounts.create_user(address, PASSWORD)
    response = client.post("/en-gb/account/login", query_string={"next": target},
                           data={"email": address, "password": PASSWORD, "csrf_token": csrf_token(client, "/en-gb/account/login")})
    location = response.headers["Location"]
    assert response.status_code == 303 and location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil.example" not in location.split("?")[0] and "\n" not in location


def test_browsing_sets_no_cookie_and_every_htmx_write_carries_its_form_token(app):
    from html.parser import HTMLParser

    class Writes(HTMLParser):
        """htmx writes and whether the form around each carries a CSRF token."""

        def __init__(self):
            super().__init__()
            self.forms, self.open, self.loose = [], [], 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.forms.append({"writes": 0, "token": False})
                self.open.append(self.forms[-1])
            elif tag == "input" and a.get("name") == "csrf_token" and a.get("value") and self.open:
                self.open[-1]["token"] = True
            if any(k.removeprefix("data-") in ("hx-post", "hx-put", "hx-patch", "hx-delete") for k in a):
                if self.open:
                    self.open[-1]["writes"] += 1
                else:
                    self.loose += 1

        def handle_endtag(self, tag):
            if tag == "form" and self.open:
                self.open.pop()

    browser = app.test_client(use_cookies=False)
    for path in ("/en-gb/", "/en-gb/c/smartphones", "/en-gb/search?q=iphone", "/de-de/c/laptops?brand=apple"):
        assert "Set-Cookie" not in browser.get(path).headers, path

    client = app.test_client()
    product = client.get("/en-gb/p/iphone-13").get_data(as_text=True)
    offer = re.search(r'name="offer" value="(\d+)"', product).group(1)
    client.post("/en-gb/cart/add", data={"offer": offer, "csrf_token": csrf_token(client)})
    writes = 0
    for path in ("/en-gb/p/iphone-13", "/en-gb/cart/"):
        parser = Writes()
        parser.feed(client.get(path).get_data(as_text=True))
        assert parser.loose == 0, path
        assert all(form["token"] for form in parser.forms if form["writes"]), path
        writes += sum(form["writes"] for form in parser.forms)
    assert writes >= 4  # add to cart; a cart line's quantity, plan and removal


def test_hardening_headers_keep_a_policy_the_view_set_itself(app):
    from flask import Response

    with app.test_request_context("/en-gb/"):
        response = app.process_response(Response("x", headers={"content-security-policy": "default-src 'none'"}))
    assert response.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
