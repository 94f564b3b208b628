"""The operator's decisions on a seller or one of its offers, each with a statement of reasons the seller reads.

Every decision is a conditional UPDATE (it applies only in the state it was taken in), its audit entry and an
e-mail to the seller's team, in one transaction: a double submit, or a decision another operator made stale,
changes nothing and raises DecisionError with status 409. Buy boxes follow from the commit (offers.sync).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from .. import mail
from ..accounts.models import User
from ..audit import services as audit
from ..extensions import db
from ..i18n.translate import in_locale
from ..i18n.translate import lazy_gettext as _l
from ..offers.models import Offer
from ..onboarding import services as onboarding
from ..sellers.models import STATUSES, Seller

MIN_REASON = 20
MAX_REASON = 1000  # Seller.status_reason, Offer.status_reason, Seller.notice_reason
NOTICE = timedelta(days=30)
PAGE_SIZE = 50

ACTIONS = {
    # NOTE: audit log: the operator suspended a seller (its offers left the shop).
    "seller.suspend": _l("Seller suspended"),
    "seller.reinstate": _l("Seller reinstated"),
    # NOTE: audit log: the operator gave a seller 30 days' notice of termination.
    "seller.notice": _l("Notice of termination given"),
    "seller.notice_withdrawn": _l("Notice of termination withdrawn"),
    # NOTE: audit log: a seller's notice ran out and it was suspended for good.
    "seller.terminate": _l("Seller terminated"),
    "offer.suspend": _l("Offer suspended"),
    "offer.reinstate": _l("Offer reinstated"),
}
audit.ACTIONS.update(ACTIONS)


class DecisionError(ValueError):
    """A decision refused: `message` says why; `status` 422 (bad input) or 409 (no longer applies)."""

    def __init__(self, message, status: int = 409):
        super().__init__(str(message))
        self.message, self.status = message, status


@dataclass
class SellerRow:
    seller: Seller
    live_offers: int


def check_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise DecisionError(_l("Give the reasons in at least %(num)d characters: the seller reads them.", num=MIN_REASON), 422)
    if len(reason) > MAX_REASON:
        raise DecisionError(_l("At most %(num)d characters, please.", num=MAX_REASON), 422)
    return reason


def sellers_page(q: str = "", status: str = "", page: int = 1) -> tuple[list[SellerRow], int, int]:
    """Sellers by name, narrowed by a name search and a status, with their live offers: (rows, page, pages)."""
    where = [Seller.name.icontains(word, autoescape=True) for word in q.split()]
    if status in STATUSES:
        where.append(Seller.status == status)
    total = db.session.scalar(select(func.count(Seller.id)).where(*where))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    live = (select(Offer.seller_id, func.count(Offer.id).label("live")).where(Offer.status == "live")
            .group_by(Offer.seller_id).subquery())
    rows = db.session.execute(select(Seller, func.coalesce(live.c.live, 0)).outerjoin(live, live.c.seller_id == Seller.id)
                              .where(*where).order_by(Seller.name, Seller.id)
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return [SellerRow(seller, count) for seller, count in rows], page, pages


def get(seller_id: int) -> Seller | None:
    return db.session.get(Seller, seller_id)


def offer_of(seller_id: int, offer_id: int) -> Offer | None:
    """One of the seller's offers, or None (another seller's is indistinguishable from a missing one)."""
    offer = db.session.get(Offer, offer_id)
    return offer if offer is not None and offer.seller_id == seller_id else None


def _apply(model, where, values: dict, stale) -> None:
    done = db.session.execute(update(model).where(*where).values(**values).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise DecisionError(stale)


def suspend_seller(actor: User, seller_id: int, reason: str) -> Seller:
    """Take an approved seller off sale now: its offers leave every buy box when this commits."""
    reason = check_reason(reason)
    _apply(Seller, (Seller.id == seller_id, Seller.status == "approved"),
           {"status": "suspended", "status_reason": reason},
           _l("This seller is not on sale (already suspended, or not approved): nothing changed."))
    return _decided(actor, "seller.suspend", seller_id, reason)


def reinstate_seller(actor: User, seller_id: int, reason: str) -> Seller:
    """Put a suspended seller back on sale."""
    reason = check_reason(reason)
    _apply(Seller, (Seller.id == seller_id, Seller.status == "suspended"),
           {"status": "approved", "status_reason": reason},
           _l("This seller is not suspended (already reinstated?): nothing changed."))
    return _decided(actor, "seller.reinstate", seller_id, reason)


def give_notice(actor: User, seller_id: int, reason: str, now: datetime | None = None) -> Seller:
    """Notice of termination NOTICE ahead: the seller sells until then, and is suspended by the job after."""
    reason = check_reason(reason)
    ends = (now or datetime.utcnow()) + NOTICE
    _apply(Seller, (Seller.id == seller_id, Seller.status != "pending", Seller.terminates_at.is_(None)),
           {"terminates_at": ends, "notice_reason": reason},
           _l("This seller is already under notice: nothing changed."))
    return _decided(actor, "seller.notice", seller_id, reason, terminates_at=ends.isoformat(timespec="minutes"))


def withdraw_notice(actor: User, seller_id: int, reason: str) -> Seller:
    reason = check_reason(reason)
    _apply(Seller, (Seller.id == seller_id, Seller.terminates_at.is_not(None)),
           {"terminates_at": None, "notice_reason": ""},
           _l("This seller is under no notice (withdrawn already, or it ran out): nothing changed."))
    return _decided(actor, "seller.notice_withdrawn", seller_id, reason)


def terminate_due(now: datetime | None = None) -> list[int]:
    """Suspend, for good, every seller whose notice ran out (by the system, the notice's reasons kept); the ids."""
    now = now or datetime.utcnow()
    done = []
    for seller_id in db.session.scalars(select(Seller.id).where(Seller.terminates_at <= now).order_by(Seller.id)).all():
        reason = db.session.scalar(select(Seller.notice_reason).where(Seller.id == seller_id))
        try:
            _apply(Seller, (Seller.id == seller_id, Seller.terminates_at <= now),
                   {"status": "suspended", "status_reason": reason, "terminates_at": None},
                   _l("Terminated meanwhile."))
        except DecisionError:
            continue  # withdrawn or done by another run meanwhile
        _decided(None, "seller.terminate", seller_id, reason)
        done.append(seller_id)
    return done


def suspend_offer(actor: User, seller_id: int, offer_id: int, reason: str) -> Offer:
    """Take one offer off sale (its seller can't put it back), with the reasons shown on its listing."""
    reason = check_reason(reason)
    _apply(Offer, (Offer.id == offer_id, Offer.seller_id == seller_id, Offer.status != "suspended"),
           {"status": "suspended", "status_reason": reason},
           _l("This offer is suspended already: nothing changed."))
    return _offer_decided(actor, "offer.suspend", seller_id, offer_id, reason)


def reinstate_offer(actor: User, seller_id: int, offer_id: int, reason: str) -> Offer:
    reason = check_reason(reason)
    _apply(Offer, (Offer.id == offer_id, Offer.seller_id == seller_id, Offer.status == "suspended"),
           {"status": "live", "status_reason": reason},
           _l("This offer is not suspended (already reinstated?): nothing changed."))
    return _offer_decided(actor, "offer.reinstate", seller_id, offer_id, reason)


def _decided(actor, action: str, seller_id: int, reason: str, **details) -> Seller:
    audit.record(actor, action, "seller", seller_id, reason, **details)
    db.session.commit()
    seller = db.session.get(Seller, seller_id, populate_existing=True)
    tell(seller, action, reason)
    return seller


def _offer_decided(actor, action: str, seller_id: int, offer_id: int, reason: str) -> Offer:
    audit.record(actor, action, "offer", offer_id, reason, seller_id=seller_id)
    audit.record(actor, action, "seller", seller_id, reason, offer_id=offer_id)  # on the seller's record too
    db.session.commit()
    offer = db.session.get(Offer, offer_id, populate_existing=True)
    tell(db.session.get(Seller, seller_id), action, reason, offer=offer)
    return offer


def subject(action: str, seller: Seller):
    subjects = {
        # NOTE: subjects of the e-mails telling a seller of an operator's decision about it.
        "seller.suspend": _("Your shop on %(brand)s is suspended"),
        "seller.reinstate": _("Your shop on %(brand)s is back on sale"),
        "seller.notice": _("Notice of termination of your shop on %(brand)s"),
        "seller.notice_withdrawn": _("The notice of termination of your shop on %(brand)s is withdrawn"),
        "seller.terminate": _("Your shop on %(brand)s is closed"),
        "offer.suspend": _("One of your offers on %(brand)s is suspended"),
        "offer.reinstate": _("One of your offers on %(brand)s is back on sale"),
    }
    return subjects[action] % {"brand": current_app.config["BRAND_NAME"]}


def portal_link() -> str:
    """The seller portal's address for an e-mail, from a request or from a job (which has none to build URLs in)."""
    if has_request_context():
        return mail.link("portal.home")
    with current_app.test_request_context():
        return mail.link("portal.home")


def email(user, seller: Seller, action: str, reason: str, offer: Offer | None, link: str) -> tuple[str, str]:
    """(subject, body) of the e-mail telling `user` of a decision and its reasons, in the current language."""
    body = render_template("portal/email/decision.txt", user=user, seller=seller, action=action, reason=reason,
                           offer=offer, link=link)
    return subject(action, seller), body


def tell(seller: Seller, action: str, reason: str, offer: Offer | None = None) -> None:
    """E-mail the decision and its reasons to each of the seller's team, in the account's language."""
    languages = current_app.extensions["markets"].languages()
    link = portal_link()
    for user in onboarding.team(seller.id):
        market = languages.get(user.language) or next(iter(languages.values()))
        with in_locale(market.locale):
            mail.send(user.email, *email(user, seller, action, reason, offer, link), name=user.name)
