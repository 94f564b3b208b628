"""A seller's team: invitations with their own logins, removal, and nobody else's members."""
import re
import uuid

from storefront.accounts import services as accounts
from storefront.extensions import db
from tests.integration.staff.helpers import staff_client, staff_csrf
from tests.mailbox import address_of, sent_mail


def invite(client, email, name="Dominique"):
    csrf = staff_csrf(client, "/seller/team/")
    return client.post("/seller/team/invite", data={"csrf_token": csrf, "email": email, "name": name})


def other_seller_slug(app, than_user_id):
    from sqlalchemy import select

    from storefront.sellers.models import Seller

    with app.app_context():
        mine = accounts.get_user(than_user_id).seller_id
        return db.session.scalar(select(Seller.slug).where((Seller.id != mine) & (Seller.status == "approved")).limit(1))


def test_an_invited_colleague_sets_a_password_from_the_email_and_joins_the_team(app):
    owner, owner_id = staff_client(app, "seller", language="fr")
    email = f"colleague-{uuid.uuid4().hex[:8]}@example.org"
    response = invite(owner, email)
    assert response.status_code == 303
    page = owner.get("/seller/team/").get_data(as_text=True)
    assert email in page
    with app.app_context():
        colleague = accounts.find_by_email(email)
        assert colleague.role == "seller" and colleague.seller_id == accounts.get_user(owner_id).seller_id
        assert colleague.language == "fr"
    message = next(m for m in reversed(sent_mail(app)) if address_of(m) == email and "/sell/welcome/" in m.body)
    link = re.search(r"https?://[^/\s]+(/fr-fr/sell/welcome/\S+)", message.body).group(1)
    newcomer = app.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', newcomer.get(link).get_data(as_text=True)).group(1)
    done = newcomer.post(link, data={"csrf_token": csrf, "password": "a long new password", "confirm": "a long new password"})
    assert done.status_code == 303 and newcomer.get("/seller/").status_code == 200


def test_an_address_with_an_account_cant_be_invited_whatever_kind_it_is(app):
    owner, _ = staff_client(app, "seller")
    _shopper, shopper_id = staff_client(app, "customer")
    _admin, admin_id = staff_client(app, "admin")
    answers = []
    for user_id in (shopper_id, admin_id):
        with app.app_context():
            email = accounts.get_user(user_id).email
        response = invite(owner, email.upper())
        assert response.status_code == 422
        answers.append(re.search(r'id="f-email-error">([^<]*)<', response.get_data(as_text=True)).group(1))
        with app.app_context():
            assert accounts.find_by_email(email).role in ("customer", "admin")
    assert answers[0] == answers[1] and "can&#39;t invite this address" in answers[0]
    bad = invite(owner, "not an address")
    assert bad.status_code == 422 and 'value="not an address"' in bad.get_data(as_text=True)


def test_removing_a_colleague_ends_their_sign_in_but_nobody_removes_themselves(app):
    owner, owner_id = staff_client(app, "seller")
    email = f"leaver-{uuid.uuid4().hex[:8]}@example.org"
    assert invite(owner, email).status_code == 303
    with app.app_context():
        leaver = accounts.find_by_email(email)
        accounts.set_password(leaver, "a long new password")
        leaver_id = leaver.id
    leaver_client = app.test_client()
    from tests.integration.conftest import csrf_token

    assert leaver_client.post("/en-gb/account/login", data={"email": email, "password": "a long new password",
                                                             "csrf_token": csrf_token(leaver_client)}).status_code == 303
    assert leaver_client.get("/seller/").status_code == 200
    csrf = staff_csrf(owner, "/seller/team/")
    myself = owner.post(f"/seller/team/{owner_id}/remove", data={"csrf_token": csrf})
    assert myself.status_code == 422 and "remove yourself" in myself.get_data(as_text=True)
    assert owner.post(f"/seller/team/{leaver_id}/remove", data={"csrf_token": csrf}).status_code == 303
    team = owner.get("/seller/team/").get_data(as_text=True)
    assert "is no longer on your team" in team and f"{email}</span>" not in team
    assert leaver_client.get("/seller/").status_code == 302  # signed out for good
    with app.app_context():
        assert accounts.authenticate(email, "a long new password") is None
        assert db.session.query(__import__("storefront.audit.models", fromlist=["AuditEntry"]).AuditEntry).filter_by(
            action="team.remove", subject_id=leaver_id).count() == 1
    again = owner.post(f"/seller/team/{leaver_id}/remove", data={"csrf_token": csrf})
    assert again.status_code == 404


def test_another_sellers_member_is_a_404(app):
    mine, mine_id = staff_client(app, "seller")
    theirs, theirs_id = staff_client(app, "seller", seller_slug=other_seller_slug(app, mine_id))
    csrf = staff_csrf(mine, "/seller/team/")
    assert mine.post(f"/seller/team/{theirs_id}/remove", data={"csrf_token": csrf}).status_code == 404
    assert theirs.get("/seller/").status_code == 200  # still there
    with app.app_context():
        theirs_email = accounts.get_user(theirs_id).email
    assert theirs_email not in mine.get("/seller/team/").get_data(as_text=True)


def test_an_account_linked_to_no_seller_invites_nobody(app):
    admin, _ = staff_client(app, "admin")
    assert "No refurbisher here" in admin.get("/seller/team/").get_data(as_text=True)
    csrf = staff_csrf(admin, "/seller/team/")
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
    assert admin.post("/seller/team/invite", data={"csrf_token": csrf, "email": email}).status_code == 404
    with app.app_context():
        assert accounts.find_by_email(email) is None


def test_customers_and_operators_of_other_kinds_cant_open_the_team(app):
    for role in ("customer", "quality", "care"):
        client, _ = staff_client(app, role)
        assert client.get("/seller/team/").status_code == 403
