"""Catalog tables: what a device is, never what it costs to buy (prices live in offers)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Category(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    products: Mapped[list[Product]] = relationship(back_populates="category")

    def __str__(self) -> str:
        return self.slug


class Brand(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))

    def __str__(self) -> str:
        return self.name


def display_name(brand: str, model: str) -> str:
    """Brand and model, without repeating the brand ("Apple iPhone 13", "Fairphone 4")."""
    return model if model.lower().startswith(brand.lower()) else f"{brand} {model}"


class Product(db.Model):
    """A device model, e.g. "iPhone 13"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    release_year: Mapped[int]
    specs: Mapped[dict] = mapped_column(JSON, default=dict)
    footprint_kg: Mapped[int]  # manufacturing footprint of a new unit, kg CO2e
    weight_g: Mapped[int]
    popularity: Mapped[int] = mapped_column(Integer, default=50)
    # Review summary, kept in step with the reviews by catalog.services.refresh_ratings().
    rating_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating_avg: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # hundredths of a star: 437 = 4.37
    rating_hist: Mapped[list] = mapped_column(  # 1★ … 5★ counts
        JSON, default=lambda: [0, 0, 0, 0, 0], server_default="[0, 0, 0, 0, 0]")

    brand: Mapped[Brand] = relationship()
    category: Mapped[Category] = relationship(back_populates="products")
    variants: Mapped[list[Variant]] = relationship(back_populates="product", order_by="Variant.id")

    @property
    def display_name(self) -> str:
        """Brand and model, without repeating the brand ("Apple iPhone 13", "Fairphone 4")."""
        return display_name(self.brand.name, self.name)

    def __str__(self) -> str:
        return self.name


class NewPrice(db.Model):
    """Reference price of the device bought new in a market, per storage option (0 = none)."""

    __table_args__ = (
        UniqueConstraint("product_id", "market", "storage_gb"),
        CheckConstraint("amount > 0", name="positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    market: Mapped[str] = mapped_column(String(5))
    storage_gb: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int]  # minor units of the market's currency

    product: Mapped[Product] = relationship()


class Variant(db.Model):
    """A buyable configuration of a device: storage × colour (× keyboard layout for laptops)."""

    __table_args__ = (UniqueConstraint("product_id", "storage_gb", "color_name", "keyboard"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    storage_gb: Mapped[int] = mapped_column(Integer, default=0)  # 0 = no storage choice
    color_name: Mapped[str] = mapped_column(String(60))  # the maker's name, e.g. "Midnight"
    color_family: Mapped[str] = mapped_column(String(20))  # translatable family, e.g. "black"
    color_hex: Mapped[str] = mapped_column(String(7))
    keyboard: Mapped[str] = mapped_column(String(20), default="")  # laptops only

    product: Mapped[Product] = relationship(back_populates="variants")

    def __str__(self) -> str:
        return " · ".join(str(part) for part in (self.product.name, self.storage_gb and f"{self.storage_gb} GB",
                                                 self.color_name, self.keyboard) if part)


class Review(db.Model):
    """A verified buyer's review of a device model."""

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    rating: Mapped[int]
    grade: Mapped[str] = mapped_column(String(12))  # the grade the reviewer bought
    language: Mapped[str] = mapped_column(String(5))
    author: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(160))
    body: Mapped[str] = mapped_column(String(2000))
    created_on: Mapped[date]
    # The refurbisher who sold the reviewed unit (None for reviews older than this link): its public page
    # shows these ratings.
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("seller.id"), index=True)
