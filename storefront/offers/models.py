"""Offers: a seller's units of one variant in one grade, and their price per market."""
from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..catalog.models import Variant
from ..extensions import db
from ..sellers.models import Seller


class Offer(db.Model):
    __table_args__ = (
        UniqueConstraint("seller_id", "variant_id", "grade"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("warranty_months >= 12", name="warranty_min"),
        CheckConstraint("grade IN ('premium', 'excellent', 'good', 'fair')", name="grade"),
        CheckConstraint("battery_floor BETWEEN 0 AND 100", name="battery_pct"),
        CheckConstraint("status IN ('live', 'paused', 'suspended')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variant.id"), index=True)
    grade: Mapped[str] = mapped_column(String(12))
    # Shared across markets. Setting it loads the old value first (active history): offers.sync queues a
    # buy-box refresh only when the stock crosses zero.
    stock: Mapped[int] = mapped_column(active_history=True)
    battery_floor: Mapped[int]  # guaranteed minimum battery health, percent
    warranty_months: Mapped[int]
    # live: on sale; paused: taken off sale by its seller; suspended: by the operator, with `status_reason`
    # (the statement of reasons the seller is shown).
    status: Mapped[str] = mapped_column(String(12), default="live", server_default="live")
    status_reason: Mapped[str] = mapped_column(String(1000), default="", server_default="")

    seller: Mapped[Seller] = relationship()
    variant: Mapped[Variant] = relationship()
    prices: Mapped[list[OfferPrice]] = relationship(back_populates="offer")


class OfferPrice(db.Model):
    """An offer's price in one market, with its shipping options.

    `shipping` is a list of {"code", "price", "days_min", "days_max"}; prices in minor units.
    """

    __table_args__ = (
        UniqueConstraint("offer_id", "market"),
        CheckConstraint("amount > 0", name="positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"))
    market: Mapped[str] = mapped_column(String(5), index=True)
    amount: Mapped[int]
    shipping: Mapped[list] = mapped_column(JSON, default=list)

    offer: Mapped[Offer] = relationship(back_populates="prices")


class BuyBoxEntry(db.Model):
    """The winning offer of one variant in one grade in one market: derived data for fast pages.

    Rebuilt by the job offers.sync queues when offers, prices, stock or sellers change. Carries
    copies of the catalog columns that browsing filters and sorts on, so a category page reads one
    table.
    """

    __table_args__ = (
        UniqueConstraint("market", "variant_id", "grade"),
        Index("ix_buy_box_entry_market_category", "market", "category_id"),
        Index("ix_buy_box_entry_product_market", "product_id", "market"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(5))
    variant_id: Mapped[int] = mapped_column(ForeignKey("variant.id"))
    grade: Mapped[str] = mapped_column(String(12))
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"))
    reason: Mapped[str] = mapped_column(String(20))
    contenders: Mapped[int]
    price: Mapped[int]
    shipping: Mapped[int]  # cheapest delivery, minor units
    new_price: Mapped[int]  # the same storage bought new, minor units (0 if unknown)
    battery_floor: Mapped[int]
    warranty_months: Mapped[int]
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    category_id: Mapped[int]
    brand_id: Mapped[int]
    storage_gb: Mapped[int]
    color_family: Mapped[str] = mapped_column(String(20))
    color_hex: Mapped[str] = mapped_column(String(7))
    keyboard: Mapped[str] = mapped_column(String(20))
    release_year: Mapped[int]
    popularity: Mapped[int]


class BuyBoxVersion(db.Model):
    """A counter bumped whenever the stored buy boxes change, so caches know when to drop."""

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
