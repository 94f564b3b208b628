"""Orders, seller orders and order lines. Lines snapshot what was bought and for how much."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Order(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # shown to the shopper
    checkout_token: Mapped[str] = mapped_column(String(40), unique=True)  # one order per checkout, however often submitted
    market: Mapped[str] = mapped_column(String(5))
    currency: Mapped[str] = mapped_column(String(3))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[dict] = mapped_column(JSON)
    items_total: Mapped[int]
    shipping_total: Mapped[int]
    protection_total: Mapped[int]
    fee: Mapped[int]
    tax: Mapped[int]
    total: Mapped[int]
    payment_intent: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(20), default="placed")  # placed | cancelled
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    # What must follow the order, written in the same transaction and done by `services.settle()`, retried
    # until `settled_at` is set: capture the payment, take the ordered lines out of the cart, one e-mail.
    payment_status: Mapped[str] = mapped_column(String(20), default="authorized")  # authorized | captured | problem
    cart_id: Mapped[int | None]  # the cart the ordered lines are still to be taken out of; None once done
    confirmation_sent_at: Mapped[datetime | None]
    settled_at: Mapped[datetime | None] = mapped_column(index=True)

    @property
    def ships(self) -> bool:
        """Sellers ship only once the payment is captured."""
        return self.payment_status == "captured"

    seller_orders: Mapped[list[SellerOrder]] = relationship(back_populates="order", order_by="SellerOrder.id")


class SellerOrder(db.Model):
    """The part of an order one refurbisher ships; amount = commission + payout + refunded.

    `amount` stays what the shopper paid for this part; a cancelled line moves its share of it to `refunded`
    and takes its commission out (none is earned on what was not sold), so the payout is what is left."""

    __table_args__ = (CheckConstraint("commission + payout + refunded = amount", name="split"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    seller_name: Mapped[str] = mapped_column(String(120))
    shipping_option: Mapped[str] = mapped_column(String(20))
    delivery_from: Mapped[date]
    delivery_to: Mapped[date]
    items: Mapped[int]
    shipping: Mapped[int]
    protection: Mapped[int]
    tax: Mapped[int]
    fee: Mapped[int]
    amount: Mapped[int]
    commission: Mapped[int]
    payout: Mapped[int]
    refunded: Mapped[int] = mapped_column(default=0)
    # awaiting_acceptance → accepted → shipped → delivered (→ returned once every line came back); cancelled once
    # every line is refused, expired or cancelled
    status: Mapped[str] = mapped_column(String(20), default="awaiting_acceptance", index=True)

    order: Mapped[Order] = relationship(back_populates="seller_orders")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="seller_order", order_by="OrderLine.id")
    parcels: Mapped[list[Parcel]] = relationship(back_populates="seller_order", order_by="Parcel.id")


class OrderLine(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_order_id: Mapped[int] = mapped_column(ForeignKey("seller_order.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"))
    sku: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    variant: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str] = mapped_column(String(12))
    seller_name: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[int]
    unit_price: Mapped[int]
    protection_price: Mapped[int]  # per unit, 0 without the plan
    commission_bps: Mapped[int]  # 1200 = 12 %
    commission: Mapped[int]
    # awaiting_acceptance → accepted → shipped (→ returned once refunded for a return), or refused (by the seller) | expired (not accepted in time) |
    # cancelled (after acceptance). What the quality rates count: keep every timestamp and who cancelled.
    status: Mapped[str] = mapped_column(String(20), default="awaiting_acceptance", index=True)
    accepted_at: Mapped[datetime | None]
    refused_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[str] = mapped_column(String(10), default="")  # seller | timeout | shopper
    cancel_reason: Mapped[str] = mapped_column(String(20), default="")  # out_of_stock | defect | price_error | other | expired
    cancel_note: Mapped[str] = mapped_column(String(300), default="")  # the seller's words for "other"
    delivered_at: Mapped[datetime | None]  # every unit of the line delivered (orders/tracking.py)

    seller_order: Mapped[SellerOrder] = relationship(back_populates="lines")
    units: Mapped[list[Unit]] = relationship(back_populates="line", order_by="Unit.id")

    @property
    def items(self) -> int:
        """What the devices of the line cost (unit price × quantity), without the protection plan."""
        return self.unit_price * self.quantity

    @property
    def protection(self) -> int:
        return self.protection_price * self.quantity

    @property
    def open(self) -> bool:
        """Still to be sold: not refused, expired or cancelled."""
        return self.status in ("awaiting_acceptance", "accepted", "shipped")


class Parcel(db.Model):
    """One box a seller sent for a seller order: carrier, tracking number and the units in it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_order_id: Mapped[int] = mapped_column(ForeignKey("seller_order.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(20))  # a code of orders/carriers.py, or "other"
    tracking: Mapped[str] = mapped_column(String(40))
    shipped_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)  # told by the carrier's tracking

    seller_order: Mapped[SellerOrder] = relationship(back_populates="parcels")
    units: Mapped[list[Unit]] = relationship(back_populates="parcel", order_by="Unit.id")


class Unit(db.Model):
    """One device shipped: its IMEI (unique in the shop) or its serial number."""

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcel.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), index=True)
    imei: Mapped[str | None] = mapped_column(String(15), unique=True)
    serial: Mapped[str | None] = mapped_column(String(40))

    parcel: Mapped[Parcel] = relationship(back_populates="units")
    line: Mapped[OrderLine] = relationship(back_populates="units")

    @property
    def identifier(self) -> str:
        return self.imei or self.serial or ""


class Refund(db.Model):
    """Money given back for one cancelled line, written with the cancellation and sent to the provider after
    the commit under its own idempotency key (a retry after a crash never refunds twice)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"), index=True)
    seller_order_id: Mapped[int] = mapped_column(ForeignKey("seller_order.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), unique=True)
    amount: Mapped[int]
    idempotency_key: Mapped[str] = mapped_column(String(60), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending | done
    provider_id: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    refunded_at: Mapped[datetime | None]
