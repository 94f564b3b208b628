"""Staff accounts signed in, for the staff areas' tests."""
import uuid

from tests.integration.conftest import csrf_token

PASSWORD = "correct horse battery"


def staff_client(app, role: str, seller_slug: str | None = None, language: str = "en", name: str = "Robin Staff"):
    """A test client signed in as a new account with `role` (a seller's staff works for `seller_slug`, or the
    first approved seller when none is given); returns (client, user id)."""
    from sqlalchemy import select

    from storefront.accounts import services as accounts
    from storefront.extensions import db
    from storefront.sellers.models import Seller

    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with app.app_context():
        seller_id = None
        if role == "seller":
            where = Seller.slug == seller_slug if seller_slug else Seller.status == "approved"
            seller_id = db.session.scalar(select(Seller.id).where(where).order_by(Seller.id).limit(1))
        if role == "customer":
            user = accounts.create_user(email, PASSWORD, name)
        else:
            user = accounts.create_staff(email, PASSWORD, role, seller_id, name=name, language=language)
        user_id = user.id
    client = app.test_client()
    response = client.post("/en-gb/account/login", data={"email": email, "password": PASSWORD,
                                                         "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    return client, user_id


def staff_csrf(client, path: str) -> str:
    """The CSRF token of a staff page's forms (the language form is on every one)."""
    import re

    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
