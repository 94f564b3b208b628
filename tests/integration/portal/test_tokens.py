"""A seller's API tokens page: a token's secret is shown once and stored only as a hash; the same form sent twice
makes one token; revoking stops the token at once; another seller's token is a 404; every change is audited."""
import re
from html import unescape

import pytest
from sqlalchemy import delete, func, select

from storefront.api import tokens
from storefront.api.models import ApiToken
from storefront.audit.models import AuditEntry
from storefront.extensions import db
from tests.integration.api.helpers import API
from tests.integration.conftest import csrf_token
from tests.integration.staff.helpers import staff_client, staff_csrf

PAGE = "/seller/tokens/"


@pytest.fixture(scope="module")
def sellers(app):
    """Two clients of two approved sellers' staff: (client, user id, seller id) each."""
    from storefront.accounts.models import User
    from storefront.sellers.models import Seller

    with app.app_context():
        slugs = db.session.scalars(select(Seller.slug).where(Seller.status == "approved").order_by(Seller.id).limit(2)).all()
    made = []
    for slug in slugs:
        client, user_id = staff_client(app, "seller", seller_slug=slug)
        with app.app_context():
            made.append((client, user_id, db.session.get(User, user_id).seller_id))
    yield made
    with app.app_context():
        db.session.execute(delete(ApiToken).where(ApiToken.user_id.in_([user_id for _, user_id, _ in made])))
        db.session.commit()


def form(client):
    html = client.get(PAGE).get_data(as_text=True)
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
            "nonce": re.search(r'name="nonce" value="([^"]+)"', html).group(1)}


def secret_in(html):
    found = re.search(r'id="token-secret" type="text" value="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


def stored(app, seller_id):
    with app.app_context():
        return db.session.scalars(select(ApiToken).where(ApiToken.seller_id == seller_id).order_by(ApiToken.id)).all()


def test_a_new_tokens_secret_is_shown_once_and_only_its_hash_is_kept(app, sellers):
    client, _user_id, seller_id = sellers[0]
    response = client.post(PAGE, data={**form(client), "name": "Warehouse <b>system</b>"})
    html = response.get_data(as_text=True)
    secret = secret_in(html)
    assert response.status_code == 201 and secret.startswith(tokens.PREFIX) and len(secret) > 40
    assert "only time it is shown" in html and "Warehouse &lt;b&gt;system&lt;/b&gt;" in html
    token = stored(app, seller_id)[-1]
    assert token.token_hash == tokens.digest(secret) and token.name == "Warehouse <b>system</b>"
    assert secret not in str([token.token_hash, token.hint, token.name])
    later = client.get(PAGE).get_data(as_text=True)
    assert secret not in later and token.hint in later and secret_in(later) is None
    assert client.get(API + "/offers", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where((AuditEntry.action == "api_token.create")
                                                           & (AuditEntry.subject_id == token.id))
                                    .order_by(AuditEntry.id.desc()).limit(1))
        assert entry.details["name"] == "Warehouse <b>system</b>" and secret not in str(entry.details)


def test_the_same_form_sent_twice_makes_one_token_and_never_shows_its_secret_again(app, sellers):
    client, _user_id, seller_id = sellers[0]
    data = {**form(client), "name": "Shop sync"}
    first, second = client.post(PAGE, data=data), client.post(PAGE, data=data)
    assert first.status_code == 201 and second.status_code == 200
    assert secret_in(second.get_data(as_text=True)) is None and "was made already" in second.get_data(as_text=True)
    assert sum(1 for token in stored(app, seller_id) if token.name == "Shop sync") == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "tab\u0007bell"])
def test_a_token_needs_a_short_printable_name(app, sellers, name):
    client, _user_id, seller_id = sellers[0]
    before = len(stored(app, seller_id))
    response = client.post(PAGE, data={**form(client), "name": name})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert len(stored(app, seller_id)) == before


def test_revoking_stops_the_token_at_once_and_twice_changes_nothing(app, sellers):
    client, _user_id, seller_id = sellers[0]
    secret = secret_in(client.post(PAGE, data={**form(client), "name": "To revoke"}).get_data(as_text=True))
    token = stored(app, seller_id)[-1]
    csrf = staff_csrf(client, PAGE)

    def revocations():  # ids of deleted tokens come back in SQLite: count what this test adds
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
                (AuditEntry.action == "api_token.revoke") & (AuditEntry.subject_id == token.id)))

    before = revocations()
    response = client.post(f"{PAGE}{token.id}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 303 and response.headers["Location"].endswith(PAGE)
    assert client.get(API + "/offers", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert client.post(f"{PAGE}{token.id}/revoke", data={"csrf_token": csrf}).status_code == 303
    assert revocations() == before + 1
    html = client.get(PAGE).get_data(as_text=True)
    assert "Revoked" in html and f'action="/seller/tokens/{token.id}/revoke"' not in html


def test_another_sellers_token_cannot_be_revoked_and_is_not_listed(app, sellers):
    (mine, _, _), (theirs, _, their_seller) = sellers
    theirs.post(PAGE, data={**form(theirs), "name": "Their system"})
    token = stored(app, their_seller)[-1]
    assert mine.post(f"{PAGE}{token.id}/revoke", data={"csrf_token": staff_csrf(mine, PAGE)}).status_code == 404
    assert stored(app, their_seller)[-1].revoked_at is None
    assert "Their system" not in mine.get(PAGE).get_data(as_text=True)


def test_writes_need_their_form_token(app, sellers):
    client, _user_id, seller_id = sellers[0]
    before = len(stored(app, seller_id))
    assert client.post(PAGE, data={"nonce": "x", "name": "No CSRF"}).status_code == 400
    assert len(stored(app, seller_id)) == before
    token = stored(app, seller_id)[0]
    assert client.post(f"{PAGE}{token.id}/revoke").status_code == 400


@pytest.mark.parametrize(("role", "status"), [("customer", 403), ("marketing", 403), ("quality", 403)])
def test_only_a_sellers_staff_reach_the_tokens(app, role, status):
    client, _ = staff_client(app, role)
    assert client.get(PAGE).status_code == status
    assert client.post(PAGE, data={"csrf_token": csrf_token(client), "name": "x"}).status_code == status
    assert app.test_client().get(PAGE).status_code == 302
