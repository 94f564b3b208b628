"""One timeline per order line, the same for the shopper and the seller: placed → accepted → shipped →
delivered → return steps → closed, each step done, current or to come, with whose deadline is next.

Built from the rows as they are (nothing is stored for it); the words are in the current language (the
storefront's on the shopper's page, the staff member's in the portal).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from ..markets.registry import Market
from ..markets.routing import FORMATS, current_locale
from ..orders import carriers, fulfilment
from ..orders.labels import SHOPPER_REASONS
from ..orders.models import Order, OrderLine, SellerOrder
from . import returns as care
from .models import Return


@dataclass
class Step:
    title: str
    when: datetime | date | None = None
    state: str = "upcoming"  # done | current | upcoming | stopped (the line ended there: cancelled, refused)
    detail: str = ""
    deadline: str = ""  # whose move is next, by when: "The refurbisher confirms receipt by 14 Dec"

    @property
    def machine_time(self) -> str:
        """`when` for a <time datetime>: a day, or a UTC moment to the minute."""
        if isinstance(self.when, datetime):
            return self.when.strftime("%Y-%m-%dT%H:%MZ")
        return self.when.isoformat() if self.when else ""


def _day(value) -> str:
    return FORMATS["day"](value, current_locale())


def steps(order: Order, seller_order: SellerOrder, line: OrderLine, ret: Return | None, market: Market,
          at: datetime | None = None) -> list[Step]:
    """The line's steps, oldest first; the first one not done is the current one."""
    at = at or care.now()
    found = [Step(_("Ordered"), order.created_at, "done")]
    if line.status in ("refused", "expired", "cancelled"):
        reason = SHOPPER_REASONS["shopper" if line.cancelled_by == "shopper" else line.cancel_reason]
        found.append(Step(_("Cancelled and refunded"), line.cancelled_at, "stopped", str(reason)))
        found.append(Step(_("Closed"), line.cancelled_at, "done"))
        return found
    accepted = Step(_("Confirmed by the refurbisher"), line.accepted_at, "done" if line.accepted_at else "upcoming")
    if line.status == "awaiting_acceptance" and order.payment_status == "captured":
        accepted.deadline = _("The refurbisher confirms by %(day)s.", day=_day(fulfilment.deadline(seller_order)))
    found.append(accepted)
    parcel = line.units[0].parcel if line.units else None
    shipped = Step(_("Shipped"), parcel.shipped_at if parcel else None, "done" if parcel else "upcoming")
    if parcel:
        shipped.detail = _("%(carrier)s, tracking number %(number)s", carrier=carriers.name(parcel.carrier), number=parcel.tracking)
    else:
        shipped.detail = _("Expected %(from)s – %(to)s", **{"from": _day(seller_order.delivery_from), "to": _day(seller_order.delivery_to)})
    found.append(shipped)
    delivered = Step(_("Delivered"), line.delivered_at, "done" if line.delivered_at else "upcoming")
    if parcel and not line.delivered_at:
        delivered.deadline = _("Expected by %(day)s.", day=_day(seller_order.delivery_to))
    found.append(delivered)
    closed = Step(_("Closed"))
    if ret is not None:
        found += _return_steps(ret, at)
        if ret.status in ("refunded", "rejected"):
            closed = Step(_("Closed"), ret.decided_at, "done")
    elif line.delivered_at:
        last = care.last_day(line.delivered_at, market)
        if at >= care.deadline(line.delivered_at, market):
            closed = Step(_("Closed"), last, "done", _("The return window ended."))
        else:
            closed.deadline = _("Free returns until %(day)s.", day=_day(last))
    found.append(closed)
    for step in found:
        if step.state == "upcoming":
            step.state = "current"
            break
    return found


def _return_steps(ret: Return, at: datetime) -> list[Step]:
    requested = Step(_("Return requested"), ret.created_at, "done",
                     _("%(reason)s · label %(label)s", reason=care.REASON_LABELS[ret.reason], label=ret.label_number))
    back_at = ret.back_at or ret.received_at or ret.decided_at  # a seller may confirm before the carrier's scan
    back = Step(_("Back at the refurbisher"), back_at, "done" if back_at else "upcoming")
    if not back_at and ret.status == "label_issued":
        back.detail = _("Print the label, pack the device and drop the parcel with the carrier.")
    received = Step(_("Receipt confirmed"), ret.received_at, "done" if ret.received_at else "upcoming")
    if ret.verdict:
        received.detail = str(care.VERDICT_SAID[ret.verdict])
    if ret.status == "label_issued" and ret.back_at:
        received.deadline = _("The refurbisher confirms receipt by %(day)s, or the refund goes out automatically.",
                              day=_day(care.confirm_by(ret)))
    elif ret.decided_by == "timeout":
        received = Step(_("Receipt confirmed"), ret.decided_at, "done", _("Not confirmed in time: refunded automatically."))
    found = [requested, back, received]
    if ret.verdict == "not_as_sold":
        found.append(Step(_("Reviewed by our care team"), ret.decided_at, "done" if ret.decided_at else "upcoming",
                          ret.seller_note if not ret.decided_at else ret.decision_note))
    if ret.status == "rejected":
        found.append(Step(_("Refund refused"), ret.decided_at, "stopped", ret.decision_note))
    else:
        found.append(Step(_("Refunded"), ret.decided_at if ret.status == "refunded" else None,
                          "done" if ret.status == "refunded" else "upcoming"))
    return found


def for_order(order: Order, returns: list[Return], market: Market, at: datetime | None = None) -> dict[int, list[Step]]:
    """Every line's steps, by line id."""
    taken = care.by_line(returns)
    return {line.id: steps(order, so, line, taken.get(line.id), market, at) for so in order.seller_orders for line in so.lines}
