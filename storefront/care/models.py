"""A return: the lines a shopper sends back to one seller, why, and where the return stands."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..orders.models import OrderLine, SellerOrder

REASONS = ("changed_mind", "doesnt_work", "not_as_described", "wrong_item", "other")
# A return for one of these says something about the seller's device (counted in its return rate).
FAULT_REASONS = ("doesnt_work", "not_as_described", "wrong_item")
# label_issued → received (as sold: refunded at once; not as sold: the operator decides) → refunded | rejected.
STATUSES = ("requested", "label_issued", "received", "refunded", "rejected")


class Return(db.Model):
    __tablename__ = "return_request"  # "return" is a reserved word in SQL
    __table_args__ = (
        CheckConstraint("reason IN ('changed_mind', 'doesnt_work', 'not_as_described', 'wrong_item', 'other')", name="reason"),
        CheckConstraint("status IN ('requested', 'label_issued', 'received', 'refunded', 'rejected')", name="status"),
        CheckConstraint("verdict IN ('', 'as_sold', 'not_as_sold')", name="verdict"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"), index=True)
    seller_order_id: Mapped[int] = mapped_column(ForeignKey("seller_order.id"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")  # the shopper's words
    status: Mapped[str] = mapped_column(String(20), default="requested", index=True)
    label_number: Mapped[str] = mapped_column(String(24), unique=True)  # the sandbox carrier's
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    # When the sandbox carrier delivered the parcel back to the seller: the seller's time to confirm starts then.
    back_at: Mapped[datetime | None] = mapped_column(index=True)
    received_at: Mapped[datetime | None]
    verdict: Mapped[str] = mapped_column(String(12), default="")  # the seller's finding: as_sold | not_as_sold
    seller_note: Mapped[str] = mapped_column(String(300), default="")
    decided_at: Mapped[datetime | None]  # refunded or rejected
    decided_by: Mapped[str] = mapped_column(String(10), default="")  # seller | care | timeout
    decision_note: Mapped[str] = mapped_column(String(300), default="")

    lines: Mapped[list[ReturnLine]] = relationship(back_populates="return_", order_by="ReturnLine.id")
    seller_order: Mapped[SellerOrder] = relationship()

    @property
    def fault(self) -> bool:
        return self.reason in FAULT_REASONS


class ReturnLine(db.Model):
    """One order line in a return: a line is returned once (the unique line id makes a second try fail)."""

    __tablename__ = "return_request_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("return_request.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), unique=True)

    return_: Mapped[Return] = relationship(back_populates="lines")
    line: Mapped[OrderLine] = relationship()
