"""Returns within the free-return window: request with a label, the seller confirms receipt, refund.

The window is the longer of the market's free-return promise and its legal withdrawal period
(config/markets.toml), counted in days from delivery, in the shopper's country's time zone: a shopper
delivered on the 1st with 30 days may return until the end of the 31st, their time. Where a country spans
several zones the westmost one counts, so no shopper loses part of their last day.

A request makes one `Return` per seller (each gets its own parcel and sandbox label). The seller confirms
receipt and condition: as sold → the lines are refunded through the cancellation's money path
(`fulfilment.refund_returned`: the line's share only, commission reversed, Σ kept); not as sold → the
operator's care team decides refund or reject (audited). A seller who has not confirmed `confirm_days` after
the parcel reached it (config/commerce.toml [returns]) is overtaken by the job: the shopper is refunded.
Each move of a return is one conditional UPDATE from the status it expects, so a double click, two tabs or
the job act once.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, render_template
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import mail
from ..audit import services as audit
from ..commerce import commerce
from ..extensions import db
from ..i18n.translate import in_locale
from ..i18n.translate import lazy_gettext as _l
from ..markets.registry import Market
from ..markets.routing import day_long, in_market
from ..onboarding import services as onboarding
from ..orders import fulfilment
from ..orders.access import order_link
from ..orders.models import Order, OrderLine, SellerOrder
from ..orders.tracking import transit
from .models import REASONS, Return, ReturnLine

log = logging.getLogger(__name__)
NOTE_MAX = 300
# The time zone a market's days are counted in: the country's westmost, so that nobody loses part of a day.
ZONES = {
    "FR": "Europe/Paris", "BE": "Europe/Brussels", "DE": "Europe/Berlin", "AT": "Europe/Vienna",
    "ES": "Atlantic/Canary", "IT": "Europe/Rome", "NL": "Europe/Amsterdam", "PT": "Atlantic/Azores",
    "IE": "Europe/Dublin", "GR": "Europe/Athens", "SK": "Europe/Bratislava", "FI": "Europe/Helsinki",
    "SE": "Europe/Stockholm", "GB": "Europe/London", "US": "Pacific/Honolulu", "JP": "Asia/Tokyo",
    "AU": "Australia/Perth",
}
# The shopper's reasons, in the order of the form.
REASON_LABELS = {
    "changed_mind": _l("I changed my mind"),
    "doesnt_work": _l("It doesn't work properly"),
    "not_as_described": _l("It isn't as described (grade, battery, colour…)"),
    "wrong_item": _l("I received the wrong device"),
    "other": _l("Another reason"),
}
VERDICTS = {
    # NOTE: the seller's finding on a returned device: it came back in the condition it was sold in.
    "as_sold": _l("As sold: refund the shopper"),
    # NOTE: the seller's finding on a returned device: damaged, missing parts, another device…
    "not_as_sold": _l("Not as sold: ask the care team"),
}
# Where a return stands, as staff pages show it.
STATUS_LABELS = {
    "requested": _l("Requested"),
    # NOTE: a return's status: the shopper has the label, the parcel is (or will soon be) on its way back.
    "label_issued": _l("On its way back"),
    # NOTE: a return's status: the seller said the device is not as sold; the care team decides.
    "received": _l("Waiting for care"),
    "refunded": _l("Refunded"),
    # NOTE: a return's status: the care team refused the refund.
    "rejected": _l("Refund refused"),
}
# The same findings as the timeline tells them.
VERDICT_SAID = {
    "as_sold": _l("The refurbisher found it as sold."),
    "not_as_sold": _l("The refurbisher says it didn't come back as sold."),
}
ACTIONS = {
    # NOTE: audit log: the care team refunded a return the seller said was not as sold.
    "return.refund": _l("Return refunded by care"),
    # NOTE: audit log: the care team refused the refund of a return the seller said was not as sold.
    "return.reject": _l("Return rejected by care"),
}
audit.ACTIONS.update(ACTIONS)


class ReturnInputError(ValueError):
    """What the shopper (or seller, or care) sent: `errors` maps a field to what is wrong with it."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors


class Missing(LookupError):
    """No such return for this seller (or for care's list)."""


def fault(step: str) -> None:
    """A seam for fault-injection tests: they make it raise at a given step."""


def now() -> datetime:
    return datetime.utcnow()


def settings() -> dict:
    return commerce()["returns"]


def window_days(market: Market) -> int:
    return max(market.free_return_days, market.withdrawal_days)


def zone(market: Market) -> ZoneInfo:
    return ZoneInfo(ZONES.get(market.country, "UTC"))


def last_day(delivered_at: datetime, market: Market) -> date:
    """The last day (in the shopper's country) a line delivered at `delivered_at` (UTC) may be returned."""
    local = delivered_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone(market))
    return local.date() + timedelta(days=window_days(market))


def deadline(delivered_at: datetime, market: Market) -> datetime:
    """The moment (naive UTC) the window closes: the end of `last_day` in the shopper's country."""
    end = datetime.combine(last_day(delivered_at, market) + timedelta(days=1), time(0), tzinfo=zone(market))
    return end.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def longest_window_days() -> int:
    """The longest window of any storefront (how long a guest's order link must live, after delivery)."""
    return max(window_days(market) for market in current_app.extensions["markets"])


def _market(order: Order) -> Market:
    return current_app.extensions["markets"][order.market]


def returns_of(order_id: int) -> list[Return]:
    """The order's returns, oldest first, with their lines."""
    return list(db.session.scalars(select(Return).where(Return.order_id == order_id)
                                   .options(selectinload(Return.lines)).order_by(Return.id)))


def by_line(returns: list[Return]) -> dict[int, Return]:
    return {rl.line_id: ret for ret in returns for rl in ret.lines}


def returnable(order: Order, at: datetime | None = None, returns: list[Return] | None = None) -> dict[int, date]:
    """The order's lines the shopper may return now, each with the last day it may be."""
    at = at or now()
    taken = by_line(returns if returns is not None else returns_of(order.id))
    market = _market(order)
    found = {}
    for seller_order in order.seller_orders:
        for line in seller_order.lines:
            if line.status == "shipped" and line.delivered_at and line.id not in taken and at < deadline(line.delivered_at, market):
                found[line.id] = last_day(line.delivered_at, market)
    return found


def parse_request(line_ids: list[int], reason: str, note: str) -> tuple[list[int], str, str]:
    """The picked lines, the reason and the shopper's words, or ReturnInputError naming each bad field."""
    errors = {}
    note = " ".join((note or "").split())
    if not line_ids:
        errors["lines"] = _l("Pick the device(s) you are sending back.")
    if reason not in REASONS:
        errors["reason"] = _l("Pick a reason: it helps the refurbisher check the device.")
    if len(note) > NOTE_MAX:
        errors["note"] = _l("Keep it under %(count)s characters, please.", count=NOTE_MAX)
    elif reason == "other" and not note:
        errors["note"] = _l("Say in a few words why you are sending it back.")
    if errors:
        raise ReturnInputError(errors)
    return sorted(set(line_ids)), reason, note


def request(order: Order, line_ids: list[int], reason: str, note: str, at: datetime | None = None) -> list[Return]:
    """Return these lines of `order` (one Return and label per seller). A repeat of a request already made
    (a double submit) returns it again; a line already in another return, not delivered, or past its window
    is refused with ReturnInputError."""
    at = at or now()
    line_ids, reason, note = parse_request(line_ids, reason, note)
    returns = returns_of(order.id)
    taken = by_line(returns)
    if all(line_id in taken for line_id in line_ids):
        earlier = {taken[line_id].id: taken[line_id] for line_id in line_ids}
        if all({rl.line_id for rl in ret.lines} <= set(line_ids) for ret in earlier.values()):
            return list(earlier.values())  # the same request again
    lines = {line.id: (seller_order, line) for seller_order in order.seller_orders for line in seller_order.lines}
    allowed = returnable(order, at, returns)
    for line_id in line_ids:
        if line_id not in lines:
            raise ReturnInputError({"lines": _l("Pick the device(s) you are sending back.")})
        line = lines[line_id][1]
        if line_id in taken:
            raise ReturnInputError({"lines": _l("%(device)s is already being returned.", device=line.title)})
        if line_id not in allowed:
            if line.status == "shipped" and line.delivered_at:
                raise ReturnInputError({"lines": _l("The return window for %(device)s closed on %(day)s.", device=line.title,
                                                    day=day_long(last_day(line.delivered_at, _market(order))))})
            raise ReturnInputError({"lines": _l("%(device)s can be returned once it has been delivered.", device=line.title)})
    per_seller: dict[int, list[int]] = {}
    for line_id in line_ids:
        per_seller.setdefault(lines[line_id][0].id, []).append(line_id)
    made = []
    try:
        for seller_order_id, ids in per_seller.items():
            seller_order = lines[ids[0]][0]
            ret = Return(order_id=order.id, seller_order_id=seller_order_id, seller_id=seller_order.seller_id, reason=reason,
                         note=note, status="label_issued", label_number=_label_number(), created_at=at)
            ret.lines = [ReturnLine(line_id=line_id) for line_id in ids]
            db.session.add(ret)
            made.append(ret)
        db.session.commit()
    except IntegrityError:  # the same request at the same moment: the other one made it
        db.session.rollback()
        return request(order, line_ids, reason, note, at)
    for ret in made:
        _mail_label(order, ret)
        _mail_seller(order, ret)
    return made


def _label_number() -> str:
    return "ERT" + secrets.token_hex(6).upper()


def back_by(ret: Return) -> datetime:
    """When the sandbox carrier delivers the return parcel to the seller."""
    return ret.created_at + transit()


def confirm_by(ret: Return) -> datetime | None:
    """The seller's deadline to confirm receipt: `confirm_days` after the parcel reached it (None before)."""
    return ret.back_at + timedelta(days=settings()["confirm_days"]) if ret.back_at else None


def record_back(at: datetime) -> int:
    """The sandbox carrier's tracking of return parcels: each delivered back by `at` gets its `back_at`."""
    cutoff = at - transit()
    rows = list(db.session.scalars(select(Return).where((Return.status == "label_issued") & Return.back_at.is_(None)
                                                        & (Return.created_at <= cutoff)).order_by(Return.id).limit(500)))
    for ret in rows:
        db.session.execute(update(Return).where((Return.id == ret.id) & Return.back_at.is_(None)).values(back_at=back_by(ret))
                           .execution_options(synchronize_session=False))
    db.session.commit()
    return len(rows)


def for_seller(seller_id: int | None, open_only: bool = True) -> list[Return]:
    """The seller's returns still to receive (or all), the ones with the nearest deadline first."""
    if seller_id is None:
        return []
    stmt = (select(Return).where(Return.seller_id == seller_id)
            .options(selectinload(Return.lines).selectinload(ReturnLine.line), selectinload(Return.seller_order)
                     .selectinload(SellerOrder.order)))
    if open_only:
        stmt = stmt.where(Return.status == "label_issued")
    return sorted(db.session.scalars(stmt.order_by(Return.id).limit(200)),
                  key=lambda ret: (ret.back_at is None, ret.back_at or ret.created_at))


def of_seller_order(seller_order_id: int) -> list[Return]:
    return list(db.session.scalars(select(Return).where(Return.seller_order_id == seller_order_id)
                                   .options(selectinload(Return.lines)).order_by(Return.id)))


def for_care() -> list[Return]:
    """Returns a seller found not as sold, waiting for the care team's decision, oldest first."""
    return list(db.session.scalars(
        select(Return).where((Return.status == "received") & (Return.verdict == "not_as_sold"))
        .options(selectinload(Return.lines).selectinload(ReturnLine.line), selectinload(Return.seller_order)
                 .selectinload(SellerOrder.order)).order_by(Return.received_at, Return.id).limit(200)))


def label_of(order: Order, return_id: int) -> Return | None:
    return next((ret for ret in returns_of(order.id) if ret.id == return_id), None)


def receive(seller_id: int | None, return_id: int, verdict: str, note: str, at: datetime | None = None) -> Return:
    """The seller has the parcel: as sold → the shopper is refunded now; not as sold (with why) → care decides.
    Missing for another seller's return; ReturnInputError for a bad verdict, or when it was confirmed already."""
    at = at or now()
    note = " ".join((note or "").split())
    ret = db.session.get(Return, return_id) if seller_id is not None else None
    if ret is None or ret.seller_id != seller_id:
        raise Missing(return_id)
    errors = {}
    if verdict not in VERDICTS:
        errors["verdict"] = _l("Say whether the device came back as sold.")
    if len(note) > NOTE_MAX:
        errors["note"] = _l("Keep it under %(count)s characters, please.", count=NOTE_MAX)
    elif verdict == "not_as_sold" and not note:
        errors["note"] = _l("Say what is wrong: the care team reads it before deciding.")
    if errors:
        raise ReturnInputError(errors)
    if ret.status != "label_issued":
        raise ReturnInputError({"verdict": _l("This return was confirmed already.")})
    if verdict == "as_sold":
        return _refund(ret, "label_issued", at, by="seller", received_at=at, verdict="as_sold", seller_note=note)
    moved = db.session.execute(update(Return).where((Return.id == ret.id) & (Return.status == "label_issued"))
                               .values(status="received", received_at=at, verdict="not_as_sold", seller_note=note)
                               .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        db.session.rollback()
        raise ReturnInputError({"verdict": _l("This return was confirmed already.")})
    db.session.commit()
    db.session.refresh(ret)
    return ret


def decide(actor, return_id: int, outcome: str, note: str, at: datetime | None = None) -> Return:
    """The care team's decision on a return the seller found not as sold: refund or reject, with a reason
    (audited). Missing when no such return waits for a decision."""
    at = at or now()
    note = " ".join((note or "").split())
    ret = db.session.get(Return, return_id)
    if ret is None or ret.status != "received" or ret.verdict != "not_as_sold":
        raise Missing(return_id)
    errors = {}
    if outcome not in ("refund", "reject"):
        errors["outcome"] = _l("Pick refund or reject.")
    if not note or len(note) > NOTE_MAX:
        errors["note"] = _l("Write the reason (up to %(count)s characters): the shopper and the seller read it.", count=NOTE_MAX)
    if errors:
        raise ReturnInputError(errors)
    audit.record(actor, f"return.{outcome}", "return", ret.id, note, order_id=ret.order_id, seller_id=ret.seller_id)
    if outcome == "refund":
        return _refund(ret, "received", at, by="care", decision_note=note)
    moved = db.session.execute(update(Return).where((Return.id == ret.id) & (Return.status == "received"))
                               .values(status="rejected", decided_at=at, decided_by="care", decision_note=note)
                               .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        db.session.rollback()
        raise Missing(return_id)
    db.session.commit()
    db.session.refresh(ret)
    _mail_rejected(ret)
    return ret


def overdue(at: datetime) -> list[int]:
    """Returns whose parcel reached the seller more than `confirm_days` ago and were not confirmed."""
    cutoff = at - timedelta(days=settings()["confirm_days"])
    return list(db.session.scalars(select(Return.id).where((Return.status == "label_issued") & (Return.back_at < cutoff))
                                   .order_by(Return.id).limit(200)))


def refund_overdue(at: datetime) -> int:
    """The job: refund the shopper for every return the seller did not confirm in time; how many."""
    done = 0
    for return_id in overdue(at):
        try:
            _refund(db.session.get(Return, return_id), "label_issued", at, by="timeout")
            done += 1
        except Exception:
            db.session.rollback()
            log.exception("return %s: not refunded, retried at the next run", return_id)
    return done


def _refund(ret: Return, expected: str, at: datetime, by: str, **values) -> Return:
    """Refund a return's lines (one transaction with its move to refunded), then send the refunds and tell the
    shopper. A refund not sent now (a crash, the provider down) is sent by the refund sweep, once."""
    moved = db.session.execute(update(Return).where((Return.id == ret.id) & (Return.status == expected))
                               .values(status="refunded", decided_at=at, decided_by=by, **values)
                               .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        db.session.rollback()
        raise ReturnInputError({"verdict": _l("This return was confirmed already.")})
    refunds = fulfilment.refund_returned(ret.seller_order_id, [rl.line_id for rl in ret.lines])
    db.session.commit()
    fault("committed")
    for refund in refunds:
        try:
            fulfilment.send_refund(refund.id)
        except Exception:
            db.session.rollback()
            log.exception("refund %s: not sent now, retried by the sweep", refund.id)
    ret = db.session.get(Return, ret.id, populate_existing=True)
    _mail_refunded(ret, sum(refund.amount for refund in refunds))
    return ret


@dataclass
class ReturnMail:
    """What the e-mails of a return show, kept apart from the rows so `flask mail preview` can fill it."""

    number: str
    label_number: str
    devices: list[str]
    seller: str
    reason: str
    note: str
    link: str
    amount: int = 0
    confirm_days: int = 0


def mail_label(facts: ReturnMail, market: Market) -> tuple[str, str]:
    """To the shopper: the return label is ready, how to send the parcel back."""
    with in_market(market):
        subject = _("Your return label for order %(number)s", number=facts.number)
        return subject, render_template("care/email/label.txt", facts=facts, market=market)


def mail_seller(facts: ReturnMail) -> tuple[str, str]:
    """To the seller's team: a return is on its way; confirm receipt within the limit (current language)."""
    subject = _("A return is on its way: order %(number)s", number=facts.number)
    return subject, render_template("care/email/on_its_way.txt", facts=facts)


def mail_refunded(facts: ReturnMail, market: Market) -> tuple[str, str]:
    """To the shopper: the returned devices are refunded."""
    with in_market(market):
        subject = _("Your return for order %(number)s is refunded", number=facts.number)
        return subject, render_template("care/email/refunded.txt", facts=facts, market=market)


def mail_rejected(facts: ReturnMail, market: Market) -> tuple[str, str]:
    """To the shopper: the care team refused the refund, and why (`facts.note`)."""
    with in_market(market):
        subject = _("About your return for order %(number)s", number=facts.number)
        return subject, render_template("care/email/rejected.txt", facts=facts, market=market)


def _link(endpoint: str, **values) -> str:
    if has_request_context():
        return mail.link(endpoint, **values)
    with current_app.test_request_context():
        return mail.link(endpoint, **values)


def _facts(order: Order, ret: Return, link: str, amount: int = 0) -> ReturnMail:
    lines = {line.id: line for so in order.seller_orders for line in so.lines}
    return ReturnMail(number=order.number, label_number=ret.label_number,
                      devices=[f"{lines[rl.line_id].title} ({lines[rl.line_id].variant})" for rl in ret.lines],
                      seller=ret.seller_order.seller_name, reason=str(REASON_LABELS[ret.reason]), note=ret.note, link=link,
                      amount=amount, confirm_days=settings()["confirm_days"])


def _mail_label(order: Order, ret: Return) -> None:
    market = _market(order)
    with in_market(market):
        link = order_link(order)
        mail.send(order.email, *mail_label(_facts(order, ret, link), market))


def _mail_seller(order: Order, ret: Return) -> None:
    languages = current_app.extensions["markets"].languages()
    link = _link("portal_returns.index")
    for user in onboarding.team(ret.seller_id):
        market = languages.get(user.language) or next(iter(languages.values()))
        with in_locale(market.locale):
            facts = _facts(order, ret, link)
            facts.reason = str(REASON_LABELS[ret.reason])
            mail.send(user.email, *mail_seller(facts), name=user.name)


def _mail_refunded(ret: Return, amount: int) -> None:
    order = db.session.get(Order, ret.order_id)
    market = _market(order)
    with in_market(market):
        mail.send(order.email, *mail_refunded(_facts(order, ret, order_link(order), amount), market))


def _mail_rejected(ret: Return) -> None:
    order = db.session.get(Order, ret.order_id)
    market = _market(order)
    with in_market(market):
        facts = _facts(order, ret, order_link(order))
        facts.note = ret.decision_note
        mail.send(order.email, *mail_rejected(facts, market))


def line_titles(ret: Return) -> list[str]:
    return [rl.line.title for rl in ret.lines]


def lines_of(ret: Return) -> list[OrderLine]:
    return [rl.line for rl in ret.lines]
