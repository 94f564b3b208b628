"""Becoming a seller: a refurbisher's application, the operator's decision on it, and the seller's own team.

An approval makes the Seller and an account for the applicant's contact with no password yet: the e-mail
carries a single-use link to set one. A seller's staff invite their colleagues the same way.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError

from .. import mail, uploads
from ..accounts import services as accounts
from ..accounts.models import User
from ..audit import services as audit
from ..extensions import db
from ..i18n.translate import in_locale
from ..i18n.translate import lazy_gettext as _l
from ..markets.routing import in_market
from ..offers.rules import OfferInputError, parse_warranty
from ..paging import paged
from ..sellers.models import Seller, SellerApplication
from ..uploads import Upload
from . import emails

MAX_DOCUMENTS = 5
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# What a whole application may weigh: every document at its largest, and room for the fields.
MAX_UPLOAD_BYTES = MAX_DOCUMENTS * MAX_DOCUMENT_BYTES + 1024 * 1024
# The kinds of document accepted, told by their first bytes (never by the name's extension).
DOCUMENT_KINDS = ("application/pdf", "image/jpeg", "image/png")
MAX_CERTIFICATIONS = 10
NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}  # CLDR territories that are no country
REGISTRATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{3,39}")
PAGE_SIZE = 50

# A newcomer's quality record until it has one of its own: the median of the sellers on the shop (the
# demo catalogue's). The buy box (offers/pricing.py) ranks on a penalty built from these rates, so the
# median neither favours a seller with no history over those who earned their record nor buries it
# behind everyone: it competes on price as an average seller would. Measured rates replace these.
NEWCOMER_RATES = {"defect_rate": 0.02, "return_rate": 0.045, "cancellation_rate": 0.012, "on_time_rate": 0.965}

ACTIONS = {
    # NOTE: audit log: the operator approved a refurbisher's application to sell on the shop.
    "application.approve": _l("Application approved"),
    # NOTE: audit log: the operator turned down a refurbisher's application.
    "application.reject": _l("Application rejected"),
    # NOTE: audit log: a seller invited a colleague to its seller portal.
    "team.invite": _l("Team member invited"),
    "team.remove": _l("Team member removed"),
}
audit.ACTIONS.update(ACTIONS)


class OnboardingError(ValueError):
    """A decision or an invitation the rules refuse; `message` says why, for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def countries(locale: str) -> list[tuple[str, str]]:
    """Every country as (ISO code, name in `locale`), by name."""
    names = Locale.parse(locale).territories
    return sorted(((code, name) for code, name in names.items()
                   if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES), key=lambda item: item[1])


def check(fields: dict[str, str], markets: list[str], uploads: list[Upload],
          shop_markets: list[str]) -> tuple[dict, list[dict], dict[str, str]]:
    """An application's values and documents (read, not yet stored) as typed, and what is wrong with them:
    (values, documents, errors), errors keyed by field name."""
    errors, values = {}, {}

    def text(name: str, limit: int) -> str:
        value = (fields.get(name) or "").strip()
        if not value:
            errors[name] = _l("Please fill this in.")
        elif len(value) > limit:
            errors[name] = _l("At most %(num)d characters, please.", num=limit)
        return value

    values["company"] = text("company", 120)
    values["registration"] = registration = text("registration", 40)
    if registration and "registration" not in errors and not REGISTRATION.fullmatch(registration):
        errors["registration"] = _l("Letters and digits as on your registration, like FR40303265045.")
    values["country"] = country = (fields.get("country") or "").strip().upper()
    if country not in Locale.parse("en").territories or len(country) != 2 or country in NOT_COUNTRIES:
        errors["country"] = _l("Choose the country where the company is registered.")
    founded = (fields.get("founded") or "").strip()
    if founded.isascii() and founded.isdigit() and 1900 <= int(founded) <= date.today().year:
        values["founded"] = int(founded)
    else:
        values["founded"] = founded
        errors["founded"] = _l("The year the company was founded, like 2015.")
    values["warehouse_address"] = text("warehouse_address", 500)
    values["return_address"] = text("return_address", 500)
    values["markets"] = [code for code in shop_markets if code in markets]
    if not values["markets"] or len(set(markets)) != len(values["markets"]):
        errors["markets"] = _l("Tick at least one storefront you can deliver to.")
    values["warranty_months"] = fields.get("warranty_months", "")
    try:
        values["warranty_months"] = parse_warranty(values["warranty_months"])
    except OfferInputError as error:
        errors["warranty_months"] = error.message
    values["certifications"] = certifications = [c.strip() for c in re.split(r"[,;\n]", fields.get("certifications") or "") if c.strip()]
    if len(certifications) > MAX_CERTIFICATIONS or any(len(c) > 60 for c in certifications):
        errors["certifications"] = _l("Up to %(num)d certifications, separated by commas.", num=MAX_CERTIFICATIONS)
    values["contact_name"] = text("contact_name", 120)
    values["contact_email"] = email = accounts.normalise_email(fields.get("contact_email"))
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        errors["contact_email"] = _l("This doesn't look like an e-mail address.")
    documents, problem = read_documents(uploads)
    if problem:
        errors["documents"] = problem
    return values, documents, errors


def read_documents(items: list[Upload]) -> tuple[list[dict], object | None]:
    """The uploaded files read and told apart by content: ([{name, type, size, sha256, content}], problem).
    Scans sent as JPEG or PNG are re-encoded without their metadata (uploads.clean_image); PDFs are kept as
    sent, not re-encoded: operators only ever download them as attachments."""
    try:
        documents = uploads.read(items, DOCUMENT_KINDS, MAX_DOCUMENTS, MAX_DOCUMENT_BYTES)
    except uploads.UploadProblem as problem:
        if problem.reason == "too_many":
            return [], _l("At most %(num)d documents, please.", num=MAX_DOCUMENTS)
        if problem.reason == "too_large":
            return [], _l("%(name)s is larger than %(num)d MB.", name=problem.name, num=MAX_DOCUMENT_BYTES // 1024 // 1024)
        if problem.reason == "too_many_pixels":
            return [], _l("%(name)s has more than %(num)d megapixels: send a smaller image.",
                          name=problem.name, num=uploads.MAX_PIXELS // 1_000_000)
        if problem.reason == "unreadable":
            return [], _l("%(name)s could not be read as an image: it may be damaged or cut short.", name=problem.name)
        return [], _l("%(name)s is not a PDF, JPEG or PNG file.", name=problem.name)
    if not documents:
        return [], _l("Add at least one document: your registration certificate, for instance.")
    return documents, None


def documents_folder() -> Path:
    return Path(current_app.config["APPLICATION_FILES_DIR"])


def submit(values: dict, documents: list[dict], market_code: str) -> SellerApplication:
    """Store a checked application and its documents (under random names, outside any served folder), and
    e-mail its contact a confirmation in the current language."""
    folder = documents_folder()
    stored = uploads.store(folder, documents)
    try:
        application = SellerApplication(market=market_code, documents=stored, **values)
        db.session.add(application)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        uploads.discard(folder, stored)
        raise
    mail.send(application.contact_email, *emails.applied(application), name=application.contact_name)
    return application


def applications(page: int = 1) -> tuple[list[SellerApplication], int]:
    """A page of applications, pending first (oldest first: the longest waiting), then the decided, newest first."""
    pending_first = case((SellerApplication.status == "pending", 0), else_=1)
    oldest_pending = case((SellerApplication.status == "pending", SellerApplication.id), else_=-SellerApplication.id)
    rows, _page, pages = paged(select(SellerApplication).order_by(pending_first, oldest_pending), page, PAGE_SIZE)
    return rows, pages


def get(application_id: int) -> SellerApplication | None:
    return db.session.get(SellerApplication, application_id)


def document(application: SellerApplication, index: int) -> tuple[Path, dict] | None:
    """The stored file of an application's `index`-th document (from 0) and what it is, or None."""
    return uploads.stored_file(documents_folder(), application.documents, index)


def decide(application_id: int, actor: User, status: str, reason: str = "") -> bool:
    """Record the decision if the application still waits for one, in the caller's transaction: only one of
    two operators deciding at once (or one pressing twice) gets True."""
    done = db.session.execute(
        update(SellerApplication)
        .where((SellerApplication.id == application_id) & (SellerApplication.status == "pending"))
        .values(status=status, reason=reason, reviewed_by=actor.id, reviewed_at=datetime.utcnow())
        .execution_options(synchronize_session=False))
    return done.rowcount == 1


def approve(application_id: int, actor: User) -> SellerApplication:
    """Approve: the Seller, an account for the contact (or theirs, if they shop here already), the audit entry,
    in one transaction; then an e-mail to set a password. OnboardingError if already decided."""
    if not decide(application_id, actor, "approved"):
        db.session.rollback()
        raise OnboardingError(_l("This application was already decided: nothing changed."))
    application = db.session.get(SellerApplication, application_id, populate_existing=True)
    market = current_app.extensions["markets"][application.market]
    try:
        seller = Seller(slug=unique_slug(application.company), name=application.company, country=application.country,
                        founded=application.founded, status="approved", markets=list(application.markets),
                        **NEWCOMER_RATES)
        db.session.add(seller)
        db.session.flush()
        user, new = account_for(application, seller, market.language)
        application.seller_id = seller.id
        audit.record(actor, "application.approve", "application", application.id, seller=seller.slug, account=user.email)
        db.session.commit()
    except IntegrityError:  # the slug or the e-mail got taken meanwhile
        db.session.rollback()
        raise OnboardingError(_l("Something changed meanwhile: nothing was approved. Try again.")) from None
    except OnboardingError:
        db.session.rollback()
        raise
    with in_market(market):
        link = mail.link("apply.welcome", market=market.code, token=accounts.welcome_token(user)) if new else \
            mail.link("portal.home")
        mail.send(application.contact_email, *emails.approved(application, link, new, accounts.WELCOME_MAX_AGE // 86400),
                  name=application.contact_name)
    return application


def account_for(application: SellerApplication, seller: Seller, language: str) -> tuple[User, bool]:
    """The contact's account, linked to `seller`: a new one without password, or their shopper account made
    a seller's (they sign in as before). (user, whether it is new.) A staff account can't become it."""
    existing = accounts.find_by_email(application.contact_email)
    if existing is None:
        return accounts.create_staff(application.contact_email, None, "seller", seller.id, name=application.contact_name,
                                     language=language, commit=False), True
    if existing.role != "customer":
        raise OnboardingError(_l("The contact's e-mail belongs to a staff account: ask the applicant for another one."))
    existing.role, existing.seller_id, existing.language = "seller", seller.id, language
    return existing, False


def unique_slug(name: str) -> str:
    """A URL name for a seller from its company name ("Réno & Co" → "reno-co"), numbered if taken."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:70] or "seller"
    taken = set(db.session.scalars(select(Seller.slug).where(Seller.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def reject(application_id: int, actor: User, reason: str) -> SellerApplication:
    """Reject with a statement of reasons, e-mailed to the applicant. OnboardingError without a reason or if
    already decided."""
    reason = (reason or "").strip()
    if not reason:
        raise OnboardingError(_l("Say why: the applicant reads this reason."))
    if len(reason) > 2000:
        raise OnboardingError(_l("At most %(num)d characters, please.", num=2000))
    if not decide(application_id, actor, "rejected", reason):
        db.session.rollback()
        raise OnboardingError(_l("This application was already decided: nothing changed."))
    audit.record(actor, "application.reject", "application", application_id, reason)
    db.session.commit()
    application = db.session.get(SellerApplication, application_id, populate_existing=True)
    market = current_app.extensions["markets"][application.market]
    with in_market(market):
        mail.send(application.contact_email, *emails.rejected(application), name=application.contact_name)
    return application


def team(seller_id: int) -> list[User]:
    """The seller's staff accounts that can sign in, oldest first."""
    return list(db.session.scalars(select(User).where((User.seller_id == seller_id) & (User.role == "seller")
                                                      & User.active).order_by(User.id)))


def member(seller_id: int, user_id: int) -> User | None:
    """One of the seller's staff, or None (another seller's is indistinguishable from a missing one)."""
    user = db.session.get(User, user_id)
    return user if user is not None and user.seller_id == seller_id and user.role == "seller" and user.active else None


def invite(actor: User, email: str, name: str = "") -> User:
    """A new account for a colleague of `actor`'s seller, with an e-mail to set its password (in `actor`'s
    language). OnboardingError for an address that is no e-mail or already has an account (of whatever kind:
    the answer must not tell)."""
    email = accounts.normalise_email(email)
    if not accounts.is_email(email) or len(email) > 254:
        raise OnboardingError(_l("This doesn't look like an e-mail address."))
    if len(name or "") > 120:
        raise OnboardingError(_l("At most %(num)d characters, please.", num=120))
    if accounts.find_by_email(email) is not None:
        raise OnboardingError(_l("We can't invite this address. Ask your colleague for another one."))
    try:
        user = accounts.create_staff(email, None, "seller", actor.seller_id, name=name, language=actor.language,
                                     commit=False)
        audit.record(actor, "team.invite", "user", user.id, seller_id=actor.seller_id)
        db.session.commit()
    except (accounts.AccountError, IntegrityError):
        db.session.rollback()
        raise OnboardingError(_l("We can't invite this address. Ask your colleague for another one.")) from None
    market = current_app.extensions["markets"].languages()[user.language]
    with in_locale(market.locale):
        link = mail.link("apply.welcome", market=market.code, token=accounts.welcome_token(user))
        seller = db.session.get(Seller, actor.seller_id)
        mail.send(user.email, *emails.invited(actor, seller.name, link, accounts.WELCOME_MAX_AGE // 86400), name=user.name)
    return user


def remove(actor: User, user: User) -> None:
    """Take `user` off `actor`'s team: the account no longer signs in, and its sessions end now."""
    if user.id == actor.id:
        raise OnboardingError(_l("You can't remove yourself."))
    user.active, user.seller_id = False, None
    audit.record(actor, "team.remove", "user", user.id, seller_id=actor.seller_id, email=user.email)
    accounts.end_sessions(user)  # commits
