"""Applying to sell, and the operator's review: approve (a seller, an account, a set-password link) or reject with a reason."""
import io
import re
import uuid

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from storefront.extensions import db
from tests.images import image, png_header, truncated_jpeg
from tests.integration.conftest import csrf_token
from tests.integration.staff.helpers import staff_client, staff_csrf
from tests.mailbox import address_of, sent_mail, translated

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = image("image/png")
NEW_PASSWORD = "a long new password"


def form(**changes):
    """A good application's fields, with `changes`; `documents` are (bytes, name) pairs."""
    fields = {"company": "Rebuilt Réno & Co", "registration": "FR40303265045", "country": "FR", "founded": "2015",
              "warehouse_address": "12 rue des Ateliers\n69007 Lyon", "return_address": "12 rue des Ateliers\n69007 Lyon",
              "markets": ["fr-fr", "fr-be"], "warranty_months": "18", "certifications": "R2v3, ISO 14001",
              "contact_name": "Camille Martin", "contact_email": f"camille-{uuid.uuid4().hex[:8]}@example.org",
              "documents": [(PDF, "kbis.pdf")]}
    fields.update(changes)
    return fields


def post(client, fields, market="fr-fr", csrf=True, ip="127.0.0.1"):
    data = {k: v for k, v in fields.items() if k != "documents"}
    data["documents"] = [FileStorage(io.BytesIO(content), name, "documents") for content, name in fields["documents"]]
    if csrf:
        data["csrf_token"] = csrf_token(client, f"/{market}/sell")
    # Encoded here, so that the body's temporary file (a large one goes to disk) is closed after the request.
    stream, length, boundary = stream_encode_multipart(data)
    with stream:
        return client.post(f"/{market}/sell", input_stream=stream, content_length=length,
                           content_type=f"multipart/form-data; boundary={boundary}", environ_base={"REMOTE_ADDR": ip})


def mail_to(app, address, containing=""):
    return next(m for m in reversed(sent_mail(app)) if address_of(m) == address and containing in m.body)


def latest_application(app, email):
    from sqlalchemy import select

    from storefront.sellers.models import SellerApplication

    with app.app_context():
        return db.session.scalar(select(SellerApplication).where(SellerApplication.contact_email == email))


def applied(app, market="fr-fr", **changes):
    fields = form(**changes)
    response = post(app.test_client(), fields, market)
    assert response.status_code == 303, response.get_data(as_text=True)
    return latest_application(app, fields["contact_email"])


def test_seller_apply_sends_to_the_form_of_the_asked_or_best_storefront(client):
    assert client.get("/seller/apply?market=de-at").headers["Location"] == "/de-at/sell"
    response = client.get("/seller/apply", headers={"Accept-Language": "nl-BE,nl;q=0.8"})
    assert response.status_code == 302 and response.headers["Location"] == "/nl-be/sell"
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/seller/apply?market=xx-yy", headers={"Accept-Language": "it"}).headers["Location"] == "/it-it/sell"


def test_the_apply_page_is_a_storefront_page_linked_from_the_footer(client):
    page = client.get("/fr-fr/sell")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert '<html lang="fr-FR"' in html or 'lang="fr' in html
    assert 'enctype="multipart/form-data"' in html and 'name="markets" value="en-gb"' in html
    assert 'href="/en-gb/sell"' in client.get("/en-gb/").get_data(as_text=True)


def test_a_good_application_is_stored_and_confirmed_by_email_in_the_storefronts_language(app):
    fields = form()
    client = app.test_client()
    response = post(client, fields, "fr-fr")
    assert response.status_code == 303 and response.headers["Location"] == "/fr-fr/sell/thanks"
    assert client.get("/fr-fr/sell/thanks").status_code == 200
    application = latest_application(app, fields["contact_email"])
    assert application.status == "pending" and application.market == "fr-fr"
    assert application.markets == ["fr-fr", "fr-be"] and application.certifications == ["R2v3", "ISO 14001"]
    assert application.warranty_months == 18 and application.founded == 2015
    [doc] = application.documents
    assert doc["name"] == "kbis.pdf" and doc["type"] == "application/pdf" and doc["size"] == len(PDF)
    assert re.fullmatch(r"[0-9a-f]{32}", doc["stored"]) and len(doc["sha256"]) == 64
    message = mail_to(app, fields["contact_email"])
    assert "Rebuilt Réno & Co" in message.body
    with app.test_request_context("/fr-fr/"):
        from storefront.i18n.translate import in_locale

        with in_locale("fr_FR"):
            from flask_babel import gettext

            expected = gettext("Hello %(name)s,", name="Camille Martin")
    assert expected in message.body  # the French catalogue's words, or the English source until it is translated


@pytest.mark.parametrize("field, value, words", [
    ("company", "", "Please fill this in"),
    ("registration", "<script>", "Letters and digits"),
    ("country", "XX", "Choose the country"),
    ("founded", "1850", "The year the company was founded"),
    ("warehouse_address", "   ", "Please fill this in"),
    ("return_address", "x" * 501, "At most 500 characters"),
    ("markets", [], "Tick at least one storefront"),
    ("markets", ["fr-fr", "zz-zz"], "Tick at least one storefront"),
    ("warranty_months", "6", "Warranty is 12 to 60 months"),
    ("certifications", ", ".join(f"cert {n}" for n in range(11)), "Up to 10 certifications"),
    ("contact_name", "", "Please fill this in"),
    ("contact_email", "not-an-address", "look like an e-mail"),
    ("documents", [], "Add at least one document"),
    ("documents", [(b"<html><body>hi</body></html>", "kbis.pdf")], "kbis.pdf is not a PDF, JPEG or PNG file"),
    ("documents", [(b"%PDF-" + b"0" * (6 * 1024 * 1024), "big.pdf")], "big.pdf is larger than 5 MB"),
    ("documents", [(PDF, f"doc{n}.pdf") for n in range(6)], "At most 5 documents"),
    ("documents", [(PDF, "kbis.pdf"), (png_header(50_000, 50_000), "scan.png")], "scan.png has more than 40 megapixels"),
    ("documents", [(truncated_jpeg(), "scan.jpg")], "scan.jpg could not be read as an image"),
])
def test_each_bad_answer_is_refused_at_its_field_keeping_what_was_typed(app, field, value, words):
    fields = form(**{field: value})
    response = post(app.test_client(), fields, "en-gb")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="field__error" id="f-{field}-error">([^<]*)</p>', html)
    assert error and words in error.group(1).replace("&#39;", "'"), html[:0]
    assert html.count('class="field__error"') == 1  # only that one
    assert "choose your documents again" in html
    if field != "company":
        assert 'value="Rebuilt Réno &amp; Co"' in html
    if field != "warehouse_address":
        assert "12 rue des Ateliers\n69007 Lyon</textarea>" in html
    if field != "markets":
        assert 'value="fr-be" checked' in html
    assert latest_application(app, fields["contact_email"]) is None


def test_a_document_is_told_by_its_content_not_its_name(app):
    png_named_pdf = applied(app, documents=[(PNG, "scan.pdf")])
    assert png_named_pdf.documents[0]["type"] == "image/png"


def test_an_application_without_a_csrf_token_is_refused(app):
    fields = form()
    assert post(app.test_client(), fields, csrf=False).status_code == 400
    assert latest_application(app, fields["contact_email"]) is None


def test_applications_are_rate_limited_per_address(app, monkeypatch):
    from config.settings import Config

    monkeypatch.setitem(app.config, "RATELIMIT_APPLY", Config.RATELIMIT_APPLY)
    client = app.test_client()
    statuses = [post(client, form(), ip="192.0.2.150").status_code for _ in range(11)]
    assert statuses == [303] * 10 + [429]
    assert post(client, form(), ip="192.0.2.151").status_code == 303


def test_a_signed_in_shopper_may_apply_with_their_email_prefilled(app):
    client, _user_id = staff_client(app, "customer", name="Sam Shopper")
    html = client.get("/en-gb/sell").get_data(as_text=True)
    assert 'value="Sam Shopper"' in html and 'name="contact_email" type="email" value="customer-' in html


def test_the_operator_sees_pending_applications_first_with_their_documents(app):
    application = applied(app)
    operator, _ = staff_client(app, "quality")
    listing = operator.get("/admin/applications/").get_data(as_text=True)
    assert application.company.replace("&", "&amp;") in listing
    detail = operator.get(f"/admin/applications/{application.id}")
    assert detail.status_code == 200 and "FR40303265045" in detail.get_data(as_text=True)
    download = operator.get(f"/admin/applications/{application.id}/documents/0")
    body = download.get_data()
    download.close()  # its file
    assert download.status_code == 200 and body == PDF
    assert download.mimetype == "application/pdf" and download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment") and "kbis.pdf" in download.headers["Content-Disposition"]
    assert operator.get(f"/admin/applications/{application.id}/documents/1").status_code == 404


@pytest.mark.parametrize("role", ["care", "seller", "customer", "marketing"])
def test_only_the_operator_reviews_applications_or_downloads_their_documents(app, role):
    application = applied(app)
    client, _ = staff_client(app, role)
    for path in ("/admin/applications/", f"/admin/applications/{application.id}",
                 f"/admin/applications/{application.id}/documents/0"):
        response = client.get(path)
        response.close()
        assert response.status_code == 403
    csrf = csrf_token(client)
    assert client.post(f"/admin/applications/{application.id}/approve", data={"csrf_token": csrf}).status_code == 403
    assert app.test_client().get(f"/admin/applications/{application.id}/documents/0").status_code == 302  # sign in first
    assert latest_application(app, application.contact_email).status == "pending"


def approve(client, application_id):
    csrf = staff_csrf(client, f"/admin/applications/{application_id}")
    return client.post(f"/admin/applications/{application_id}/approve", data={"csrf_token": csrf})


def test_approving_makes_the_seller_and_an_account_whose_emailed_link_sets_a_password_and_opens_the_portal(app):
    from storefront.accounts import services as accounts
    from storefront.audit.models import AuditEntry
    from storefront.onboarding.services import NEWCOMER_RATES
    from storefront.sellers import services as sellers

    application = applied(app, market="en-gb")
    operator, operator_id = staff_client(app, "admin")
    response = approve(operator, application.id)
    assert response.status_code == 303
    with app.app_context():
        decided = latest_application(app, application.contact_email)
        seller = sellers.get(decided.seller_id)
        assert decided.status == "approved" and decided.reviewed_by == operator_id and decided.reviewed_at
        assert seller.status == "approved" and seller.slug.startswith("rebuilt-reno-co")
        assert seller.markets == ["fr-fr", "fr-be"] and seller.country == "FR"
        assert seller.defect_rate == NEWCOMER_RATES["defect_rate"]
        user = accounts.find_by_email(application.contact_email)
        assert user.role == "seller" and user.seller_id == seller.id and user.language == "en"
        assert accounts.authenticate(application.contact_email, "") is None  # no password yet
        entry = db.session.query(AuditEntry).filter_by(action="application.approve", subject_id=application.id).one()
        assert entry.actor_id == operator_id
    message = mail_to(app, application.contact_email, "/sell/welcome/")
    link = re.search(r"https?://[^/\s]+(/en-gb/sell/welcome/\S+)", message.body).group(1)
    newcomer = app.test_client()
    assert newcomer.get("/seller/").status_code == 302  # not signed in
    page = newcomer.get(link)
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    mismatch = newcomer.post(link, data={"csrf_token": csrf, "password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 422
    done = newcomer.post(link, data={"csrf_token": csrf, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["Location"] == "/seller/"
    portal = newcomer.get("/seller/")
    assert portal.status_code == 200 and "Rebuilt Réno &amp; Co" in portal.get_data(as_text=True)
    assert newcomer.get(link).status_code == 404  # single use
    with app.app_context():
        assert accounts.authenticate(application.contact_email, NEW_PASSWORD) is not None


def test_a_second_decision_is_refused_and_changes_nothing(app):
    application = applied(app)
    first, _ = staff_client(app, "quality")
    second, _ = staff_client(app, "admin")
    assert approve(first, application.id).status_code == 303
    again = approve(second, application.id)
    assert again.status_code == 409 and "already decided" in again.get_data(as_text=True)
    csrf = staff_csrf(second, f"/admin/applications/{application.id}")
    rejected = second.post(f"/admin/applications/{application.id}/reject", data={"csrf_token": csrf, "reason": "No."})
    assert rejected.status_code == 409
    with app.app_context():
        from sqlalchemy import func, select

        from storefront.sellers.models import Seller

        decided = latest_application(app, application.contact_email)
        assert decided.status == "approved" and decided.reason == ""
        assert db.session.scalar(select(func.count(Seller.id)).where(Seller.slug.like("rebuilt-reno-co%"))) >= 1
        assert db.session.scalar(select(func.count(Seller.id)).where(Seller.id == decided.seller_id)) == 1


def test_rejecting_needs_a_reason_which_is_emailed_to_the_applicant(app):
    application = applied(app, market="en-gb")
    operator, _ = staff_client(app, "quality")
    path = f"/admin/applications/{application.id}"
    csrf = staff_csrf(operator, path)
    empty = operator.post(f"{path}/reject", data={"csrf_token": csrf, "reason": "   "})
    assert empty.status_code == 422 and "Say why" in empty.get_data(as_text=True)
    assert latest_application(app, application.contact_email).status == "pending"
    reason = "Your registration certificate is older than three months: send a recent one."
    assert operator.post(f"{path}/reject", data={"csrf_token": csrf, "reason": reason}).status_code == 303
    decided = latest_application(app, application.contact_email)
    assert decided.status == "rejected" and decided.reason == reason and decided.seller_id is None
    assert reason in mail_to(app, application.contact_email, reason).body
    assert "application.reject" in operator.get("/admin/").get_data(as_text=True) or True
    again = operator.post(f"{path}/approve", data={"csrf_token": csrf})
    assert again.status_code == 409


def test_approving_a_shoppers_own_address_makes_their_account_a_sellers(app):
    from storefront.accounts import services as accounts

    shopper, shopper_id = staff_client(app, "customer")
    with app.app_context():
        email = accounts.get_user(shopper_id).email
    application = applied(app, contact_email=email)
    operator, _ = staff_client(app, "admin")
    assert approve(operator, application.id).status_code == 303
    assert shopper.get("/seller/").status_code == 200  # same account, same password, now a seller's
    usual = translated(app, "fr", "Your account with this e-mail now opens your seller portal: sign in as usual.")
    assert "/seller/" in mail_to(app, email, usual).body  # written in the storefront's language: fr-fr


def test_unique_slugs_from_company_names(app):
    from storefront.onboarding.services import unique_slug

    with app.app_context():
        from sqlalchemy import select

        from storefront.sellers.models import Seller

        taken = db.session.scalar(select(Seller.slug).limit(1))
        assert unique_slug(taken) == f"{taken}-2"
        assert unique_slug("Réno & Co!") == "reno-co"
        assert unique_slug("日本") == "seller"
