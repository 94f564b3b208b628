"""Account services: sign-up, authentication, password reset tokens, password and e-mail changes."""
from __future__ import annotations

from argon2 import PasswordHasher
from email_validator import EmailNotValidError, validate_email
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Address, User

hasher = PasswordHasher()
RESET_MAX_AGE = 3600  # seconds a reset link works
MIN_PASSWORD = 10


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
    if find_by_email(email):
        raise AccountError("email_taken")
    user = User(email=normalise_email(email), password_hash=hasher.hash(password), name=(name or "").strip(), role=role)
    db.session.add(user)
    _commit_or_taken()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer and similar time either way)."""
    user = find_by_email(email)
    try:
        hasher.verify(user.password_hash if user else DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Change the password and sign out every other session."""
    user.password_hash = hasher.hash(password)
    user.session_version += 1
    db.session.commit()


def set_email(user: User, email: str) -> None:
    """Change the sign-in e-mail. Raises AccountError when another account uses it."""
    owner = find_by_email(email)
    if owner is not None and owner.id != user.id:
        raise AccountError("email_taken")
    user.email = normalise_email(email)
    _commit_or_taken()


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


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(user: User) -> str:
    # The hash tail makes the link single-use: it stops working once the password changed.
    return _serializer().dumps({"id": user.id, "h": user.password_hash[-16:]})


def user_for_reset(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=RESET_MAX_AGE)
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


DUMMY_HASH = hasher.hash("not-a-real-password")
