"""Sellers' quality scores, measured from the order and inspection tables over a rolling window.

For each seller and metric: the events, the sample, the raw and the smoothed rate, a forecast and a level
(scoring.py does the arithmetic, config/quality.toml holds the numbers). `recompute()` stores the scores,
writes the smoothed rates into the Seller columns the buy box reads (offers.sync refreshes the buy boxes
from that commit) and applies the levels: warn → an e-mail; pause → no new offers; suspend → an operator
decision (decisions.suspend_seller) with a generated statement of reasons. A level change is audited and
told once; a rerun with nothing new writes nothing.

What each metric counts, per order line of a paid order placed in the window (lines, not units):
- defects: lines the seller cancelled for a defect, and inspections (a grade miss or defects found), each
  weighted (config); the sample is the lines shipped, those cancellations and the inspections.
- cancellations: lines refused or cancelled by the seller, or not answered in time, among the lines answered
  (or overdue); a shopper's own cancellation is not the seller's.
- late: lines shipped after the ship-by time (the acceptance limit + `ship_hours`), or still unshipped
  after it, among the lines shipped or overdue.
- acceptance: lines accepted or refused within the acceptance limit, among the lines that were due.
- returns: lines delivered in the window (by delivery time) that came back for a fault: it doesn't work, isn't
  as described, or is the wrong item (a return the care team rejected does not count). A change of mind is the
  shopper's right and says nothing of the seller's device, so it is not counted, as Back Market counts only
  returns for a fault or not-as-described against the seller. Warranty claims for a fault will join it.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, render_template
from flask_babel import format_percent
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from .. import mail
from ..audit import services as audit
from ..care.models import FAULT_REASONS, Return, ReturnLine
from ..catalog.grades import CODES as GRADE_CODES
from ..commerce import watched_toml
from ..decisions import services as decisions
from ..extensions import db
from ..i18n.translate import in_locale
from ..i18n.translate import lazy_gettext as _l
from ..onboarding import services as onboarding
from ..orders.models import Order, OrderLine, Parcel, SellerOrder, Unit
from ..sellers.models import Seller
from . import scoring
from .models import Inspection, QualityScore

log = logging.getLogger(__name__)
METRICS = ("defects", "returns", "cancellations", "late", "acceptance")  # in the dashboard's order
MEASURED = ("defects", "returns", "cancellations", "late", "acceptance")
LABELS = {
    "defects": _l("Defects"),
    "returns": _l("Returns"),
    # NOTE: a quality metric: order lines the seller cancelled before shipping.
    "cancellations": _l("Cancellations before shipping"),
    "late": _l("Late shipments"),
    # NOTE: a quality metric: order lines accepted or refused within the time limit.
    "acceptance": _l("Answered within the time limit"),
}
LEVEL_LABELS = {
    "ok": _l("Good standing"),
    # NOTE: a seller's quality level: a warning, nothing is restricted yet.
    "warn": _l("Warning"),
    # NOTE: a seller's quality level: it may not create new offers.
    "pause": _l("New offers paused"),
    "suspend": _l("Suspended"),
}
ACTIONS = {
    # NOTE: audit log: the quality job moved a seller to another quality level.
    "quality.level": _l("Quality level changed"),
}
audit.ACTIONS.update(ACTIONS)
GRADE_RANK = {code: rank for rank, code in enumerate((*GRADE_CODES, "broken"))}  # best first


def settings() -> dict:
    """config/quality.toml, read again whenever the file changes."""
    return watched_toml("QUALITY_FILE")


def rules() -> dict[str, scoring.Rule]:
    return {metric: scoring.Rule.from_config(settings()[metric]) for metric in METRICS}


def window() -> timedelta:
    return timedelta(days=settings()["window_days"])


def horizon() -> timedelta:
    return timedelta(days=settings()["forecast_days"])


def grade_miss(inspection: Inspection) -> bool:
    """The unit was found in a worse grade than the seller claimed ("broken": below every grade)."""
    return GRADE_RANK[inspection.grade_found] > GRADE_RANK[inspection.grade_claimed]


def samples(seller_ids: list[int] | None, now: datetime) -> dict[int, dict[str, list[scoring.Sample]]]:
    """Each seller's samples per measured metric over the window ending `now` (None: every seller)."""
    config = settings()
    weights = config["defects"]["weights"]
    accept_hours = timedelta(hours=current_app.config["SELLER_ACCEPT_HOURS"])
    ship_hours = timedelta(hours=config["late"]["ship_hours"])
    since = now - window()
    found: dict[int, dict[str, list[scoring.Sample]]] = defaultdict(lambda: {metric: [] for metric in MEASURED})
    shipped = (select(Unit.line_id, func.min(Parcel.shipped_at).label("shipped_at"))
               .join(Parcel, Parcel.id == Unit.parcel_id).group_by(Unit.line_id).subquery())
    query = (select(SellerOrder.seller_id, Order.created_at, OrderLine.status, OrderLine.cancelled_by,
                    OrderLine.cancel_reason, OrderLine.accepted_at, OrderLine.refused_at, shipped.c.shipped_at)
             .join(SellerOrder, SellerOrder.id == OrderLine.seller_order_id).join(Order, Order.id == SellerOrder.order_id)
             .outerjoin(shipped, shipped.c.line_id == OrderLine.id)
             .where(Order.payment_status == "captured", Order.created_at >= since, Order.created_at <= now))
    if seller_ids is not None:
        query = query.where(SellerOrder.seller_id.in_(seller_ids))
    for seller_id, placed, status, by, reason, accepted_at, refused_at, shipped_at in db.session.execute(query):
        metrics = found[seller_id]
        accept_by = placed + accept_hours
        ship_by = accept_by + ship_hours
        if by == "shopper":
            continue  # the shopper's own change of mind says nothing of the seller
        answered = accepted_at or refused_at
        if status != "awaiting_acceptance" or now >= accept_by:
            metrics["acceptance"].append(scoring.Sample(placed, 1 if answered and answered <= accept_by else 0))
            metrics["cancellations"].append(scoring.Sample(placed, 1 if by in ("seller", "timeout") else 0))
        if shipped_at is not None or (status == "accepted" and now >= ship_by):
            metrics["late"].append(scoring.Sample(placed, 1 if shipped_at is None or shipped_at > ship_by else 0))
        if by == "seller" and reason == "defect":
            metrics["defects"].append(scoring.Sample(placed, weights["defect_cancellation"]))
        elif shipped_at is not None:
            metrics["defects"].append(scoring.Sample(placed, 0))
    inspections = select(Inspection).where(Inspection.inspected_at >= since, Inspection.inspected_at <= now)
    if seller_ids is not None:
        inspections = inspections.where(Inspection.seller_id.in_(seller_ids))
    for inspection in db.session.scalars(inspections):
        weight = (weights["grade_miss"] if grade_miss(inspection)
                  else weights["inspection_defects"] if inspection.defects else 0)
        found[inspection.seller_id]["defects"].append(scoring.Sample(inspection.inspected_at, weight))
    for seller_id, rows in return_samples(seller_ids, now).items():
        found[seller_id]["returns"] = rows
    return found


def return_samples(seller_ids: list[int] | None, now: datetime) -> dict[int, list[scoring.Sample]]:
    """Per seller, one sample per line delivered in the window ending `now`: 1 when it came back for a fault
    (and the care team did not reject the return), else 0."""
    returned = (select(ReturnLine.line_id, Return.reason, Return.status)
                .join(Return, Return.id == ReturnLine.return_id).subquery())
    query = (select(SellerOrder.seller_id, OrderLine.delivered_at, returned.c.reason, returned.c.status)
             .join(SellerOrder, SellerOrder.id == OrderLine.seller_order_id)
             .outerjoin(returned, returned.c.line_id == OrderLine.id)
             .where(OrderLine.delivered_at >= now - window(), OrderLine.delivered_at <= now))
    if seller_ids is not None:
        query = query.where(SellerOrder.seller_id.in_(seller_ids))
    found: dict[int, list[scoring.Sample]] = defaultdict(list)
    for seller_id, delivered_at, reason, status in db.session.execute(query):
        fault = reason in FAULT_REASONS and status != "rejected"
        found[seller_id].append(scoring.Sample(delivered_at, 1 if fault else 0))
    return found


def scores(seller_ids: list[int] | None, now: datetime) -> dict[int, dict[str, scoring.Score]]:
    """Every measured metric's score for the sellers (None: all of them)."""
    all_rules, span, ahead = rules(), window(), horizon()
    ids = seller_ids if seller_ids is not None else list(db.session.scalars(select(Seller.id).order_by(Seller.id)))
    found = samples(seller_ids, now)
    return {seller_id: {metric: scoring.score(found.get(seller_id, {}).get(metric, []), now, span, ahead, all_rules[metric])
                        for metric in MEASURED} for seller_id in ids}


@dataclass
class Outcome:
    seller_id: int
    changed: bool  # a score or a rate was written
    level_before: str
    level: str


def recompute(seller_id: int, now: datetime | None = None) -> Outcome | None:
    """Score one seller now, store it, apply its level; None for no such seller."""
    now = now or datetime.utcnow()
    computed = scores([seller_id], now).get(seller_id)
    return _apply(seller_id, computed, now) if computed is not None and db.session.get(Seller, seller_id) else None


def recompute_all(now: datetime | None = None) -> list[Outcome]:
    """Score every seller (the periodic job): a failure on one is left to the next run and the others go on."""
    now = now or datetime.utcnow()
    outcomes = []
    for seller_id, computed in scores(None, now).items():
        try:
            outcomes.append(_apply(seller_id, computed, now))
        except Exception:
            db.session.rollback()
            log.exception("seller %s: quality not applied, retried at the next run", seller_id)
    return outcomes


def _apply(seller_id: int, computed: dict[str, scoring.Score], now: datetime) -> Outcome:
    seller = db.session.get(Seller, seller_id, populate_existing=True)
    stored = {row.metric: row for row in db.session.scalars(select(QualityScore).where(QualityScore.seller_id == seller_id))}
    changed = False
    for metric, computed_score in computed.items():
        values = {"events": computed_score.events, "n": computed_score.n, "raw": computed_score.raw,
                  "smoothed": computed_score.smoothed, "forecast": computed_score.forecast, "level": computed_score.level}
        row = stored.get(metric)
        if row is None:
            db.session.add(QualityScore(seller_id=seller_id, metric=metric, computed_at=now, **values))
            changed = True
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.computed_at = now
            changed = True
    rates = {"defect_rate": computed["defects"].smoothed, "return_rate": computed["returns"].smoothed,
             "cancellation_rate": computed["cancellations"].smoothed,
             "on_time_rate": round(1 - computed["late"].smoothed, scoring.PLACES)}
    for name, value in rates.items():
        if getattr(seller, name) != value:
            setattr(seller, name, value)  # offers.sync refreshes its buy boxes from this commit
            changed = True
    before = seller.quality_level
    level = scoring.worst(score.level for score in computed.values())
    if level == before:
        db.session.commit()
        return Outcome(seller_id, changed, before, level)
    moved = db.session.execute(update(Seller).where(Seller.id == seller_id, Seller.quality_level == before)
                               .values(quality_level=level).execution_options(synchronize_session=False)).rowcount
    if moved != 1:  # another run moved it meanwhile: it told the seller
        db.session.rollback()
        return Outcome(seller_id, changed, before, before)
    reasons = statement(seller, computed, level)
    audit.record(None, "quality.level", "seller", seller_id, reasons, before=before, after=level)
    if level == "suspend" and seller.status == "approved":
        decisions.suspend_seller(None, seller_id, reasons)  # commits, and e-mails the decision with these reasons
    else:
        db.session.commit()
        tell(db.session.get(Seller, seller_id, populate_existing=True), before, level, computed)
    return Outcome(seller_id, True, before, level)


def statement(seller: Seller, computed: dict[str, scoring.Score], level: str) -> str:
    """The reasons for a level, generated from the scores past their thresholds (in the shop's default language)."""
    all_rules, days = rules(), settings()["window_days"]
    lines = []
    for metric, score in computed.items():
        if score.level == "ok":
            continue
        rule = all_rules[metric]
        lines.append(_("%(metric)s over the last %(days)d days: %(rate)s (smoothed, over %(n)d order lines and inspections); "
                       "the threshold for this level is %(threshold)s.",
                       metric=LABELS[metric], days=days, rate=percent(score.smoothed), n=score.n,
                       threshold=percent(getattr(rule, score.level))))
    if not lines:
        return _("Every quality score of %(seller)s is back within the thresholds.", seller=seller.name)
    return " ".join(lines)


def percent(share: float) -> str:
    """A rate with one decimal in the current language ("5.6%", "5,6 %" in French)."""
    return format_percent(share, "#,##0.0%")


def subject(level: str, before: str) -> str:
    brand = current_app.config["BRAND_NAME"]
    if level == "ok":
        # NOTE: subject of the e-mail telling a seller its quality scores are all within the thresholds again.
        return _("Your quality scores on %(brand)s are back in good standing", brand=brand)
    if level == "warn":
        return _("A quality warning from %(brand)s", brand=brand)
    if level == "pause":
        return _("Your new offers on %(brand)s are paused", brand=brand)
    return _("Your quality scores on %(brand)s reached the suspension threshold", brand=brand)


def dashboard_link() -> str:
    """The quality dashboard's address for an e-mail, from a request or from a job."""
    if has_request_context():
        return mail.link("portal_quality.dashboard")
    with current_app.test_request_context():
        return mail.link("portal_quality.dashboard")


def tell(seller: Seller, before: str, level: str, computed: dict[str, scoring.Score]) -> None:
    """E-mail the new level and the scores behind it to each of the seller's team, in the account's language."""
    languages = current_app.extensions["markets"].languages()
    link = dashboard_link()
    for user in onboarding.team(seller.id):
        market = languages.get(user.language) or next(iter(languages.values()))
        with in_locale(market.locale):
            mail.send(user.email, *email(user, seller, before, level, computed, link), name=user.name)


def email(user, seller: Seller, before: str, level: str, computed: dict[str, scoring.Score], link: str) -> tuple[str, str]:
    """(subject, body) of the e-mail telling `user` of the seller's new level, in the current language."""
    body = render_template("portal/email/quality.txt", user=user, seller=seller, before=before, level=level,
                           reasons=statement(seller, computed, level), link=link)
    return subject(level, before), body


@dataclass
class MetricView:
    metric: str
    label: object
    measured: bool
    score: QualityScore | None
    rule: scoring.Rule
    rate: float  # the smoothed rate


def dashboard(seller: Seller) -> list[MetricView]:
    """The seller's latest stored scores, one per metric in METRICS, with their thresholds."""
    stored = {row.metric: row for row in db.session.scalars(select(QualityScore).where(QualityScore.seller_id == seller.id))}
    all_rules = rules()
    views = []
    for metric in METRICS:
        row = stored.get(metric)
        rate = row.smoothed if row else all_rules[metric].prior
        views.append(MetricView(metric, LABELS[metric], metric in MEASURED, row, all_rules[metric], rate))
    return views


def computed_at(views: list[MetricView]) -> datetime | None:
    return max((view.score.computed_at for view in views if view.score), default=None)
