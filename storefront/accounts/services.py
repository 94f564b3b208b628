"""Account services: sign-up, authentication, sessions, password reset tokens, password and e-mail changes."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import mail
from ..extensions import db
from . import emails
from .models import STAFF_ROLES, Address, PendingSignup, User, UserSession

RESET_MAX_AGE = 3600  # seconds a reset link works
WELCOME_MAX_AGE = 7 * 24 * 3600  # seconds a new staff account's "set your password" link works
SIGNUP_MAX_AGE = timedelta(hours=24)  # how long a sign-up link works
MIN_PASSWORD = 10


def hasher() -> PasswordHasher:
    """argon2id with the app's PASSWORD_HASHING parameters: the library's defaults, cheaper in the tests only."""
    return PasswordHasher(**current_app.config["PASSWORD_HASHING"])


class AccountError(ValueError):
    """A request the account rules refuse; the message is for the shopper."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def is_email(address: str) -> bool:
    """An address mail can be sent to, checked as the account forms check it (no DNS lookup)."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def find_by_email(email: str) -> User | None:
    # Addresses are stored normalised: a plain comparison can use the unique index.
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, name: str = "", role: str = "customer") -> User:
    """A new account, committed. Raises AccountError when the e-mail is taken."""
    user = _add_user(email, hasher().hash(password), name, role)
    _commit_or_taken()
    return user


def _add_user(email: str, password_hash: str, name: str = "", role: str = "customer") -> User:
    if find_by_email(email):
        raise AccountError("email_taken")
    user = User(email=normalise_email(email), password_hash=password_hash, name=(name or "").strip(), role=role)
    db.session.add(user)
    return user


def digest(token: str) -> str:
    """What is stored of a token that a cookie or a link carries: its SHA-256, so a leaked table signs no one in."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign_up(email: str, password: str, name: str = "", order_token: str | None = None) -> None:
    """E-mail a link that creates the account (with the guest order of `order_token`), or warn the address's owner."""
    password_hash = hasher().hash(password)  # hashed in both cases, so the answer takes as long either way
    email = normalise_email(email)
    owner = find_by_email(email)
    if owner is not None:
        subject, body = emails.signup_taken(mail.link("accounts.login"), mail.link("accounts.reset_request"))
        mail.send(owner.email, subject, body, name=owner.name)
        return
    now = datetime.utcnow()
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(PendingSignup).where(PendingSignup.expires_at < now))
    db.session.add(PendingSignup(email=email, name=(name or "").strip(), password_hash=password_hash,
                                 token_hash=digest(token), order_token=order_token, created_at=now,
                                 expires_at=now + SIGNUP_MAX_AGE))
    db.session.commit()
    subject, body = emails.signup(mail.link("accounts.confirm_signup", token=token))
    mail.send(email, subject, body, name=name)


def pending_signup(token: str) -> PendingSignup | None:
    """The unexpired sign-up an e-mailed link stands for, or None."""
    return db.session.scalar(select(PendingSignup).where(PendingSignup.token_hash == digest(token),
                                                         PendingSignup.expires_at > datetime.utcnow()))


def confirm_signup(pending: PendingSignup) -> User:
    """Create the account a sign-up link proved; its other pending sign-ups go. AccountError if the e-mail got taken."""
    email, password_hash, name = pending.email, pending.password_hash, pending.name
    if find_by_email(email):
        raise AccountError("email_taken")
    db.session.execute(delete(PendingSignup).where(PendingSignup.email == email))
    user = _add_user(email, password_hash, name)
    _commit_or_taken()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer and similar time either way)."""
    user = find_by_email(email)
    try:
        hasher().verify(user.password_hash if user else DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
        db.session.commit()
    return user


def set_password(user: User, password: str, keep_token: str | None = None) -> None:
    """Change the password and end every session but `keep_token`'s (the one making the change)."""
    user.password_hash = hasher().hash(password)
    end_sessions(user, keep_token)


def session_lifetime() -> timedelta:
    """How long a sign-in lasts at most: as long as the remember cookie (a copied one stops working then too)."""
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


def start_session(user: User) -> None:
    """A new sign-in for `user`, committed; `user.get_id()` then names it (call before login_user)."""
    now = datetime.utcnow()
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.created_at < now - session_lifetime()))
    db.session.add(UserSession(user_id=user.id, token_hash=digest(token), created_at=now))
    db.session.commit()
    user.session_token = token


def user_for_session(user_id: int, token: str) -> User | None:
    """The user of a live sign-in, in one query; None once it ended (signed out, password changed, expired)."""
    user = db.session.scalar(
        select(User).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == user_id, UserSession.token_hash == digest(token),
               UserSession.created_at > datetime.utcnow() - session_lifetime()))
    if user is not None:
        user.session_token = token
    return user


def end_session(user: User) -> None:
    """End the sign-in `user` acts for: its cookies, wherever they were copied, sign no one in any more."""
    db.session.execute(delete(UserSession).where(UserSession.token_hash == digest(user.session_token or "")))
    db.session.commit()


def end_sessions(user: User, keep_token: str | None = None) -> None:
    """End every sign-in of `user` but `keep_token`'s, committed with whatever else changed on the user."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != digest(keep_token))
    db.session.execute(stmt)
    db.session.commit()


def set_email(user: User, email: str) -> None:
    """Change the sign-in e-mail. Raises AccountError when another account uses it."""
    owner = find_by_email(email)
    if owner is not None and owner.id != user.id:
        raise AccountError("email_taken")
    user.email = normalise_email(email)
    _commit_or_taken()


def set_language(user: User, language: str) -> None:
    """The language of the user's staff pages (a code the caller checked against the shop's languages)."""
    user.language = language
    db.session.commit()


def create_staff(email: str, password: str | None, role: str, seller_id: int | None = None, name: str = "",
                 language: str = "en", commit: bool = True) -> User:
    """A staff account (any role but customer; a seller's staff linked to its seller), committed unless told.
    With no password, none signs in until its owner sets one through `welcome_token`'s link.
    Raises AccountError when the e-mail is taken, ValueError for an unknown role or a seller role without one."""
    if role not in STAFF_ROLES:
        raise ValueError(f"unknown staff role {role!r}: one of {', '.join(STAFF_ROLES)}")
    if (role == "seller") != (seller_id is not None):
        raise ValueError("a seller account needs its seller, and only a seller account has one")
    # No password: a random value no argon2 hash ever equals (authenticate refuses it), whose tail still
    # makes the welcome link single-use.
    user = _add_user(email, hasher().hash(password) if password else f"unset:{secrets.token_hex(16)}", name, role)
    user.seller_id, user.language = seller_id, language
    if commit:
        _commit_or_taken()
    else:
        db.session.flush()
    return user


def _commit_or_taken() -> None:
    """Commit an e-mail; another account taking it meanwhile (the unique index) is AccountError, not a 500."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AccountError("email_taken") from None


def save_address(user: User, country: str, fields: dict, existing: Address | None = None) -> Address:
    """Store a validated address (new, or replacing `existing`)."""
    address = existing or Address(user_id=user.id, country=country)
    address.fields = fields
    db.session.add(address)
    db.session.commit()
    return address


def delete_address(address: Address) -> None:
    db.session.delete(address)
    db.session.commit()


def _serializer(salt: str = "password-reset") -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def reset_token(user: User, salt: str = "password-reset") -> str:
    # The hash tail makes the link single-use: it stops working once the password changed.
    return _serializer(salt).dumps({"id": user.id, "h": user.password_hash[-16:]})


def welcome_token(user: User) -> str:
    """A reset token of its own kind for a new staff account: it sets the first password, for a week."""
    return reset_token(user, "welcome")


def user_for_welcome(token: str) -> User | None:
    return user_for_reset(token, WELCOME_MAX_AGE, "welcome")


def user_for_reset(token: str, max_age: int = RESET_MAX_AGE, salt: str = "password-reset") -> User | None:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def owned_address(user: User, address_id: int) -> Address | None:
    """The user's own address, or None (someone else's is indistinguishable from a missing one)."""
    address = db.session.get(Address, address_id)
    return address if address is not None and address.user_id == user.id else None


DUMMY_HASH = PasswordHasher().hash("not-a-real-password")
