"""A seller of the tests' own with an API token, and calls made with it."""
import uuid

from sqlalchemy import delete

from storefront.api import tokens
from storefront.api.models import ApiToken, IdempotencyRecord
from storefront.extensions import db
from tests.integration.portal.helpers import make_seller, remove_seller
from tests.integration.staff.helpers import staff_client

API = "/api/seller/v1"


def token_for(app, user_id: int, name: str = "Warehouse") -> str:
    """A new token made by the account `user_id`: its secret."""
    from storefront.accounts.models import User

    with app.app_context():
        return tokens.create(db.session.get(User, user_id), name, uuid.uuid4().hex)[1]


def api_seller(app, offers: int = 27) -> dict:
    """`make_seller`'s seller, with a signed-in staff client and an API token."""
    made = make_seller(app, offers)
    made["client"], made["user_id"] = staff_client(app, "seller", seller_slug=made["slug"])
    made["token"] = token_for(app, made["user_id"])
    return made


def drop_seller(app, made: dict) -> None:
    with app.app_context():
        db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.seller_id == made["id"]))
        db.session.execute(delete(ApiToken).where(ApiToken.seller_id == made["id"]))
        db.session.commit()
    remove_seller(app, made["id"])


def call(client, method: str, path: str, token: str | None, json=None, key: str | None = None, **headers):
    """An API call with `token` (no Authorization header when None) and, for writes, an Idempotency-Key (a new one
    unless given; "" sends none)."""
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if method in ("POST", "PATCH"):
        key = uuid.uuid4().hex if key is None else key
        if key:
            headers["Idempotency-Key"] = key
    return client.open(API + path, method=method, json=json, headers=headers)
