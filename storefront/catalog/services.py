"""Catalog queries that pages share."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db, read
from ..memo import for_revalidation
from .models import Brand, Category, Product, Review, Variant, display_name

_CATEGORIES = (
    select(Category.id, Category.slug, func.count(Product.id).label("models"))
    .outerjoin(Product, Product.category_id == Category.id)
    .group_by(Category.id)
    .order_by(Category.position)
)


def categories_with_counts() -> list[tuple]:
    """Every category (a row: id, slug) in display order with its number of device models."""
    return [(row, row.models) for row in read(_CATEGORIES)]


def refresh_ratings(product_ids: list[int] | None = None) -> None:
    """Recompute each product's review count, average and star histogram (caller commits)."""
    stmt = select(Review.product_id, Review.rating, func.count()).group_by(Review.product_id, Review.rating)
    products = select(Product)
    if product_ids is not None:
        stmt = stmt.where(Review.product_id.in_(product_ids))
        products = products.where(Product.id.in_(product_ids))
    hist = {}
    for product_id, rating, count in db.session.execute(stmt):
        hist.setdefault(product_id, [0, 0, 0, 0, 0])[rating - 1] = count
    for product in db.session.scalars(products):
        counts = hist.get(product.id, [0, 0, 0, 0, 0])
        total = sum(counts)
        product.rating_hist = counts
        product.rating_count = total
        product.rating_avg = round(100 * sum((i + 1) * c for i, c in enumerate(counts)) / total) if total else 0


_CATEGORY = select(Category.id, Category.slug).where(Category.slug == bindparam("slug"))


@for_revalidation()
def category_by_slug(slug: str):
    """The category's id and slug (a row), or None."""
    return read(_CATEGORY, slug=slug).first()


@dataclass(frozen=True)
class ProductView:
    """A device model as its page shows it, read as columns (the page's hottest read)."""

    id: int
    slug: str
    name: str
    brand_name: str
    category_slug: str
    specs: dict
    release_year: int
    weight_g: int
    footprint_kg: int
    rating_count: int
    rating_avg: int
    rating_hist: list
    variants: list = field(default_factory=list)  # rows: id, storage_gb, color_name, color_family, color_hex, keyboard

    @property
    def display_name(self) -> str:
        return display_name(self.brand_name, self.name)


_PRODUCT = (
    select(Product.id, Product.slug, Product.name, Brand.name.label("brand_name"), Category.slug.label("category_slug"),
           Product.specs, Product.release_year, Product.weight_g, Product.footprint_kg, Product.rating_count,
           Product.rating_avg, Product.rating_hist)
    .join(Brand, Brand.id == Product.brand_id).join(Category, Category.id == Product.category_id)
    .where(Product.slug == bindparam("slug"))
)
_VARIANTS = (
    select(Variant.id, Variant.storage_gb, Variant.color_name, Variant.color_family, Variant.color_hex, Variant.keyboard)
    .where(Variant.product_id == bindparam("product_id")).order_by(Variant.id)
)


@for_revalidation()
def product_view(slug: str) -> ProductView | None:
    """A device model with its brand, category and variants, for its page (two selects)."""
    row = read(_PRODUCT, slug=slug).first()
    if row is None:
        return None
    return ProductView(**row._asdict(), variants=read(_VARIANTS, product_id=row.id).all())  # by name: order-proof


_REVIEWS = (
    select(Review.rating, Review.grade, Review.language, Review.author, Review.title, Review.body, Review.created_on)
    .where(Review.product_id == bindparam("product_id"))
    .order_by((Review.language == bindparam("language")).desc(), Review.created_on.desc(), Review.id)
    .limit(bindparam("limit"))
)


@for_revalidation()
def recent_reviews(product_id: int, language: str, limit: int = 6) -> list:
    """The newest reviews (rows), those in the shopper's language first."""
    return read(_REVIEWS, product_id=product_id, language=language, limit=limit).all()


def products_by_ids(ids: list[int]) -> list[Product]:
    """Products with brand and category, in the order of `ids`."""
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(
        select(Product).options(joinedload(Product.brand), joinedload(Product.category)).where(Product.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
