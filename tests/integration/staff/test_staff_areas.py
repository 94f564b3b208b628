"""The staff areas' shell: who gets in, the language they chose, private pages, the audit log, `users create`."""
import re

import pytest
from sqlalchemy import select

from storefront.accounts.models import ROLES, User
from storefront.audit import services as audit
from storefront.extensions import db
from storefront.offers.models import Offer
from storefront.sellers.models import Seller
from tests.integration.staff.helpers import PASSWORD, staff_client, staff_csrf


def test_a_seller_sees_its_own_overview_in_the_language_it_chose(app):
    client, _ = staff_client(app, "seller", language="fr", name="Zoé Martin")
    html = client.get("/seller/").get_data(as_text=True)
    with app.app_context():
        seller = db.session.scalar(select(Seller).where(Seller.status == "approved").order_by(Seller.id).limit(1))
        live = db.session.scalar(select(db.func.count(Offer.id)).where((Offer.seller_id == seller.id) & (Offer.status == "live")))
    assert '<html lang="fr">' in html
    assert seller.name in html and "Bonjour Zoé." in html
    assert re.search(rf'<span class="stat__figure">{live}</span><span class="stat__label">en ligne</span>', html)


def test_staff_pages_are_private(app):
    client, _ = staff_client(app, "seller")
    response = client.get("/seller/")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_an_account_linked_to_no_seller_sees_nobodys_overview(app):
    client, _ = staff_client(app, "admin")
    html = client.get("/seller/").get_data(as_text=True)
    assert "No refurbisher here" in html and "orders to ship" not in html


def test_a_suspended_seller_reads_the_statement_of_reasons(app):
    with app.app_context():
        seller = db.session.scalar(select(Seller).where(Seller.status == "suspended").limit(1))
        slug, before = seller.slug, seller.status_reason
        seller.status_reason = "Three units sold as Excellent were found Fair in spot checks <b>this month</b>."
        db.session.commit()
    try:
        client, _ = staff_client(app, "seller", seller_slug=slug)
        html = client.get("/seller/").get_data(as_text=True)
        assert "Your shop is suspended" in html
        assert "found Fair in spot checks &lt;b&gt;this month&lt;/b&gt;." in html  # text, never markup
    finally:
        with app.app_context():
            db.session.scalar(select(Seller).where(Seller.slug == slug)).status_reason = before
            db.session.commit()


def test_changing_language_speaks_it_at_once_and_refuses_what_the_shop_has_not(app):
    client, user_id = staff_client(app, "quality")
    token = staff_csrf(client, "/admin/")
    response = client.post("/staff/language", data={"language": "ja", "next": "/admin/", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"
    assert '<html lang="ja">' in client.get("/admin/").get_data(as_text=True)
    assert client.post("/staff/language", data={"language": "xx", "csrf_token": token}).status_code == 400
    assert client.post("/staff/language", data={"language": "de"}).status_code == 400  # no CSRF token
    # A "next" off the site goes back to the area instead.
    response = client.post("/staff/language", data={"language": "de", "next": "//evil.example/", "csrf_token": token})
    assert response.headers["Location"] == "/admin/"
    with app.app_context():
        assert db.session.get(User, user_id).language == "de"


def test_prices_on_staff_pages_use_the_staff_language_and_the_orders_currency(app):
    with app.test_request_context("/seller/"):
        from flask import g, render_template_string

        g.staff_language = "fr"
        assert render_template_string("{{ 123456 | money_in('SEK') }}") == "1\u202f234,56\xa0SEK"
        g.staff_language = "en"
        assert render_template_string("{{ 123456 | money_in('EUR') }}") == "€1,234.56"


def test_the_audit_log_lists_decisions_newest_first_and_pages(app):
    client, _ = staff_client(app, "admin")
    subject = 987654  # a seller id of its own: other tests' decisions are not on these pages
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.role == "admin").limit(1))
        for n in range(audit.PAGE_SIZE + 1):
            audit.record(actor, "seller.suspend", "seller", subject, reason=f"reason number {n}")
        db.session.commit()
    path = f"/admin/audit?type=seller&id={subject}"
    assert "reason number" in client.get("/admin/audit").get_data(as_text=True)  # the whole log shows them too
    first = client.get(path).get_data(as_text=True)
    assert first.index(f"reason number {audit.PAGE_SIZE}") < first.index(f"reason number {audit.PAGE_SIZE - 1}")
    assert 'rel="next"' in first
    second = client.get(f"{path}&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and f"reason number {audit.PAGE_SIZE}<" not in second
    last = client.get(f"{path}&page=99999")  # past the end: the last page, with its entries
    assert last.status_code == 200 and "reason number 0<" in last.get_data(as_text=True)
    assert "reason number" not in client.get("/admin/audit?type=offer&id=1").get_data(as_text=True)


def test_quality_staff_get_the_back_office_but_not_the_audit_log(app):
    client, _ = staff_client(app, "quality")
    html = client.get("/admin/").get_data(as_text=True)
    assert "Refurbishers" in html and "/admin/audit" not in html
    assert client.get("/admin/audit").status_code == 403


def test_demo_seed_makes_one_account_per_role(app):
    with app.app_context():
        roles = dict(db.session.execute(select(User.email, User.role).where(User.email.like("%@demo.example.org"))).all())
    assert sorted(roles.values()) == sorted(ROLES)


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def test_users_create_makes_a_signed_in_able_admin_from_stdin(app, cli):
    result = cli.invoke(args=["users", "create", "Boss@Example.org", "--role", "admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created boss@example.org (admin)" in result.output
    client = app.test_client()
    from tests.integration.conftest import csrf_token

    client.post("/en-gb/account/login", data={"email": "boss@example.org", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert client.get("/admin/audit").status_code == 200
    again = cli.invoke(args=["users", "create", "boss@example.org", "--role", "admin"], input=PASSWORD + "\n")
    assert again.exit_code != 0 and "already has an account" in again.output


@pytest.mark.parametrize(("args", "says"), [
    (["--role", "seller"], "needs --seller"),
    (["--role", "seller", "--seller", "no-such-seller"], "no refurbisher"),
    (["--role", "care", "--seller", "anything"], "only for seller accounts"),
    (["--role", "customer"], "Invalid value for '--role'"),
    (["--role", "admin", "--language", "xx"], "not one of the shop's languages"),
])
def test_users_create_refuses_what_would_make_a_wrong_account(app, cli, args, says):
    result = cli.invoke(args=["users", "create", "wrong@example.org", *args], input=PASSWORD + "\n")
    assert result.exit_code != 0 and says in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "wrong@example.org")) is None


def test_users_create_refuses_a_short_password_and_a_bad_address(cli):
    assert "at least 10 characters" in cli.invoke(args=["users", "create", "s@example.org", "--role", "care"], input="short\n").output
    assert "is not an e-mail address" in cli.invoke(args=["users", "create", "nope", "--role", "care"], input=PASSWORD + "\n").output


def test_users_create_links_a_seller_account_to_its_seller(app, cli):
    with app.app_context():
        seller = db.session.scalar(select(Seller).where(Seller.status == "approved").limit(1))
        slug, seller_id = seller.slug, seller.id
    result = cli.invoke(args=["users", "create", "ship@example.org", "--role", "seller", "--seller", slug, "--language", "sk"],
                        input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ship@example.org"))
        assert (user.role, user.seller_id, user.language) == ("seller", seller_id, "sk")


def test_the_overview_counts_every_order_to_ship_and_links_each_one(app):
    from storefront.orders import fulfilment
    from tests.integration.orders.helpers import approved_sellers, offers_of, paid_order, seller_order_of, seller_slug

    seller_id = approved_sellers(app, 1)[0]
    number = paid_order(app, offers_of(app, seller_id, 1))
    seller_order_id, (line_id,) = seller_order_of(app, number, seller_id)
    with app.test_request_context("/seller/orders"):
        fulfilment.accept(seller_id, seller_order_id, line_id)
        to_ship = fulfilment.page_of(seller_id, "to_ship", 1).counts["to_ship"]
        db.session.remove()
    client, _ = staff_client(app, "seller", seller_slug=seller_slug(app, seller_id))
    html = client.get("/seller/").get_data(as_text=True)
    assert f"{to_ship} order{'s' if to_ship != 1 else ''} to ship" in html
    assert f'href="/seller/orders/{seller_order_id}">{number}</a>' in html
