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
    """The part of an order one refurbisher ships; amount = commission + payout."""

    __table_args__ = (CheckConstraint("commission + payout = amount", name="split"),)
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
    status: Mapped[str] = mapped_column(String(20), default="awaiting_shipment")  # awaiting_shipment | shipped | delivered
    carrier: Mapped[str] = mapped_column(String(40), default="")
    tracking: Mapped[str] = mapped_column(String(60), default="")

    order: Mapped[Order] = relationship(back_populates="seller_orders")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="seller_order", order_by="OrderLine.id")


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

    seller_order: Mapped[SellerOrder] = relationship(back_populates="lines")

    @property
    def items(self) -> int:
        """What the devices of the line cost (unit price × quantity), without the protection plan."""
        return self.unit_price * self.quantity
