"""A seller's API tokens: made by its staff (the secret shown once), revoked at once, and checked on each API call.

Only the SHA-256 of a secret is stored: a database leak yields no usable token. Every secret starts with PREFIX,
so secret scanners and people recognise one pasted where it should not be.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..audit import services as audit
from ..extensions import db
from ..i18n.translate import lazy_gettext as _l
from ..sellers.models import Seller
from .models import ApiToken

PREFIX = "encore_sk_"
NAME_LENGTH = 80
MAX_ACTIVE = 20  # live tokens per seller: one per system is plenty
HINT = len(PREFIX) + 4
# How stale "last used" may be: one write a minute per token at most, not one per call.
TOUCH_EVERY = timedelta(minutes=1)

# NOTE: audit log: a seller's staff made or revoked an API token.
audit.ACTIONS["api_token.create"] = _l("API token created")
audit.ACTIONS["api_token.revoke"] = _l("API token revoked")


class TokenError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def of_seller(seller_id: int | None) -> list[ApiToken]:
    """The seller's tokens, live ones first, newest first."""
    if seller_id is None:
        return []
    return list(db.session.scalars(select(ApiToken).where(ApiToken.seller_id == seller_id)
                                   .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))


def form_nonce() -> str:
    """A creation form's one-time value."""
    return secrets.token_hex(16)


def create(user: User, name: str, nonce: str) -> tuple[ApiToken, str | None]:
    """A new token of `user`'s seller named `name`; returns it with its secret (to show once). The same form
    (`nonce`) sent again returns the token it made, without its secret. TokenError when the name is empty or
    too long, or the seller has MAX_ACTIVE live tokens already."""
    nonce = (nonce or "")[:32] or None
    if nonce is not None:
        made = db.session.scalar(select(ApiToken).where((ApiToken.seller_id == user.seller_id) & (ApiToken.form_nonce == nonce)))
        if made is not None:
            return made, None
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_LENGTH or not name.isprintable():
        raise TokenError(_l("Name the token (1 to %(num)d characters), after the system that will use it.", num=NAME_LENGTH))
    live = db.session.scalar(select(func.count()).select_from(ApiToken)
                             .where((ApiToken.seller_id == user.seller_id) & ApiToken.revoked_at.is_(None)))
    if live >= MAX_ACTIVE:
        raise TokenError(_l("You have %(num)d live tokens: revoke one you no longer use first.", num=MAX_ACTIVE))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(seller_id=user.seller_id, user_id=user.id, name=name, token_hash=digest(secret), hint=secret[:HINT],
                     form_nonce=nonce)
    db.session.add(token)
    try:
        db.session.flush()
    except IntegrityError:  # the same form, sent twice at once: the first one made it
        db.session.rollback()
        return create(user, name, nonce)
    audit.record(user, "api_token.create", "api_token", token.id, seller_id=user.seller_id, name=name)
    db.session.commit()
    return token, secret


def revoke(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of `user`'s seller's tokens: it stops working at once. Revoking it again changes nothing.
    None when it is not this seller's (another seller's token does not exist)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or user.seller_id is None or token.seller_id != user.seller_id:
        return None
    revoked = db.session.execute(update(ApiToken).where((ApiToken.id == token_id) & ApiToken.revoked_at.is_(None))
                                 .values(revoked_at=datetime.utcnow())).rowcount
    if revoked:
        audit.record(user, "api_token.revoke", "api_token", token.id, seller_id=user.seller_id, name=token.name)
    db.session.commit()
    db.session.refresh(token)
    return token


@dataclass(frozen=True)
class Caller:
    """Who an API call acts for: the token, the account that made it, its seller."""

    token: ApiToken
    user: User
    seller: Seller


class Unknown(LookupError):
    """No live token has this secret (never was, or revoked): 401."""


class Forbidden(PermissionError):
    """The token is live but the account that made it no longer works for its seller: 403."""


def authenticate(secret: str) -> Caller:
    """The caller a bearer secret stands for; Unknown or Forbidden. Notes the token's use (at most once a minute)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        raise Unknown()
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if token is None or token.revoked_at is not None:
        raise Unknown()
    user, seller = db.session.get(User, token.user_id), db.session.get(Seller, token.seller_id)
    if user is None or seller is None or not user.active or user.role not in ("seller", "admin") or user.seller_id != seller.id:
        raise Forbidden()
    now = datetime.utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()
    return Caller(token, user, seller)
