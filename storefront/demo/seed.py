"""Fill an empty database with the demo catalog (or a large synthetic one for benchmarks).

Deterministic: the same data files and scale always give the same rows. Idempotent: a database that
already holds a catalog is left untouched. Everything is inserted in one transaction.
"""
from __future__ import annotations

import itertools
import random
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import func, insert, select

from ..accounts import services as accounts
from ..accounts.models import ROLES, STAFF_ROLES
from ..catalog.grades import GRADES
from ..catalog.models import Brand, Category, NewPrice, Product, Review, Variant
from ..catalog.services import refresh_ratings
from ..extensions import db
from ..markets.registry import MarketRegistry
from ..offers import buybox
from ..offers.models import Offer, OfferPrice
from ..search import services as search
from ..search.lexicon import LANGUAGES
from ..sellers.models import Seller

DATA = Path(__file__).parent
CATEGORIES = ("smartphones", "laptops", "tablets", "consoles", "smartwatches", "headphones")

# What a US dollar of launch price is in each currency's new-price list (tax included where shown).
NEW_PRICE_PER_USD = {
    "USD": Decimal("1.00"), "EUR": Decimal("1.13"), "GBP": Decimal("0.99"),
    "SEK": Decimal("12.5"), "JPY": Decimal("135"), "AUD": Decimal("1.62"),
}
# Refurbished price as a share of the new price, per grade (before age and seller effects).
GRADE_SHARE = {"premium": Decimal("0.82"), "excellent": Decimal("0.72"), "good": Decimal("0.63"), "fair": Decimal("0.55")}
# Express delivery fee per currency, minor units.
EXPRESS_FEE = {"EUR": 990, "GBP": 799, "SEK": 9900, "USD": 1299, "JPY": 1200, "AUD": 1495}
# Where "eu" sellers ship: every euro storefront and Sweden.
REGIONS = {"gb": {"GB"}, "us": {"US"}, "jp": {"JP"}, "au": {"AU"}}
SCALES = {"demo": 1, "bench": 5}
PRODUCTS_PER_FLUSH = 100
PRICES_PER_INSERT = 20000

# Told how far seeding is: (what, how many done, how many in all), e.g. ("offer prices", 40000, 131000).
Progress = Callable[[str, int, int], None]


@dataclass
class SeedReport:
    products: int
    variants: int
    sellers: int
    offers: int
    offer_prices: int
    skipped: bool = False


def load_data() -> tuple[list[dict], list[dict]]:
    with open(DATA / "devices.toml", "rb") as fh:
        devices = tomllib.load(fh)["product"]
    with open(DATA / "sellers.toml", "rb") as fh:
        sellers = tomllib.load(fh)["seller"]
    return devices, sellers


def slugify(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-").replace("--", "-")


def seller_markets(ships_to: list[str], markets: MarketRegistry) -> list[str]:
    countries = set()
    for region in ships_to:
        countries |= REGIONS.get(region, set()) or {m.country for m in markets if m.currency in ("EUR", "SEK")}
    return [m.code for m in markets if m.country in countries]


def round_price(amount: Decimal, currency: str) -> int:
    """A shelf price in minor units: whole units (JPY: tens of yen)."""
    if currency == "JPY":
        return int((amount / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10)
    return int(amount.quantize(Decimal(1), ROUND_HALF_UP) * 100)


def new_price(usd: int, currency: str) -> int:
    """A launch-style new price: …9 endings in whole units, hundreds of yen."""
    local = Decimal(usd) * NEW_PRICE_PER_USD[currency]
    if currency == "JPY":
        return int((local / 100).quantize(Decimal(1), ROUND_HALF_UP) * 100 - 200)
    return int(((local / 10).quantize(Decimal(1), ROUND_HALF_UP) * 10 - 1) * 100)


def seed(markets: MarketRegistry, scale: str = "demo", progress: Progress | None = None) -> SeedReport:
    """Insert the catalog for `scale` unless the database already has products; `progress` hears of each step."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    existing = db.session.scalar(select(func.count(Product.id)))
    if existing:
        return SeedReport(existing, 0, 0, 0, 0, skipped=True)
    devices, seller_rows = load_data()
    rng = random.Random(2026)
    session = db.session
    say = progress or (lambda step, done, total: None)

    categories = {slug: Category(slug=slug, position=i) for i, slug in enumerate(CATEGORIES)}
    session.add_all(categories.values())
    brands = {}
    for device in devices:
        if device["brand"] not in brands:
            brands[device["brand"]] = Brand(slug=slugify(device["brand"]), name=device["brand"])
    session.add_all(brands.values())

    sellers = []
    for row in seller_rows:
        seller = Seller(
            slug=row["slug"], name=row["name"], country=row["country"], founded=row["founded"],
            status=row["status"], markets=seller_markets(row["ships_to"], markets), tagline=row["tagline"],
            defect_rate=row["defect_rate"], return_rate=row["return_rate"],
            cancellation_rate=row["cancellation_rate"], on_time_rate=row["on_time_rate"],
        )
        seller.price_factor = Decimal(str(row["price_factor"]))
        seller.specialities = set(row["specialities"])
        seller.warranty = 24 if row["price_factor"] >= 1.08 else rng.choice((12, 12, 12, 18))
        sellers.append(seller)
    session.add_all(sellers)
    session.flush()
    say("sellers", len(sellers), len(sellers))

    copies = SCALES[scale]
    products, pending, total = [], [], copies * len(devices)
    for copy in range(copies):
        for device in devices:
            suffix = "" if copy == 0 else f" (bench {copy})"
            product = Product(
                slug=device["slug"] + ("" if copy == 0 else f"-bench-{copy}"),
                name=device["name"] + suffix, brand=brands[device["brand"]],
                category=categories[device["category"]], release_year=device["year"],
                specs=dict(device.get("specs", {})), footprint_kg=device["footprint_kg"],
                weight_g=device["weight_g"], popularity=device.get("popularity", 50) if copy == 0 else 10,
            )
            product.source = device
            products.append(product)
            pending.append(product)
            if len(pending) == PRODUCTS_PER_FLUSH or len(products) == total:
                session.add_all(pending)
                session.flush()
                pending.clear()
                say("products", len(products), total)

    new_rows, variant_rows = [], []
    for product in products:
        device = product.source
        storages = device["storage"] or [0]
        extras = device["storage_extra_usd"] or [0]
        for market in markets:
            for storage, extra in zip(storages, extras):
                new_rows.append({
                    "product_id": product.id, "market": market.code, "storage_gb": storage,
                    "amount": new_price(device["new_price_usd"] + extra, market.currency),
                })
        keyboards = device.get("keyboards") or [""]
        colors = device["colors"][:4] if keyboards == [""] else device["colors"][:2]
        for storage in storages:
            for color_name, family, hex_ in colors:
                for keyboard in keyboards:
                    variant_rows.append({
                        "product_id": product.id, "storage_gb": storage, "color_name": color_name,
                        "color_family": family, "color_hex": hex_, "keyboard": keyboard,
                    })
    session.execute(insert(NewPrice), new_rows)
    say("new prices", len(new_rows), len(new_rows))
    session.execute(insert(Variant), variant_rows)
    say("variants", len(variant_rows), len(variant_rows))
    variants_by_product = {}
    for variant in session.execute(select(Variant.id, Variant.product_id, Variant.storage_gb).order_by(Variant.id)).all():
        variants_by_product.setdefault(variant.product_id, []).append(variant)
    new_by_key = {(r["product_id"], r["market"], r["storage_gb"]): r["amount"] for r in new_rows}

    approved = [s for s in sellers if s.status == "approved"]
    offer_rows, plans = [], []
    for product in products:
        device = product.source
        category = device["category"]
        pool = [s for s in sellers if category in s.specialities] or sellers
        age = max(0, 2026 - device["year"])
        age_share = max(Decimal("0.45"), 1 - Decimal("0.07") * age)
        variants = variants_by_product[product.id]
        for grade in GRADES:
            # The anchor (base) variant is sold in every region by approved sellers, so every grade is
            # on sale in every storefront; other variants get offers from a random pick of the pool.
            anchor_sellers = []
            for region in ("eu", "gb", "us", "jp", "au"):
                covering = [s for s in approved if region in _regions(s, markets)]
                if not any(region in _regions(s, markets) for s in anchor_sellers):
                    anchor_sellers.append(rng.choice(covering))
            anchor_sellers += rng.sample(pool, k=min(2, len(pool)))
            for index, variant in enumerate(variants):
                chosen = anchor_sellers if index == 0 else (rng.sample(pool, k=rng.choice((0, 1, 1, 2))))
                for seller in dict.fromkeys(chosen):
                    stock = rng.randint(1, 9) if index == 0 else rng.choice((0, 1, 2, 3, 5, 8))
                    battery = min(100, grade.battery_floor + rng.choice((0, 0, 5)))
                    offer_rows.append({
                        "sku": f"S{seller.id:03d}-P{product.id:05d}-V{variant.id:06d}-{grade.code[:2].upper()}",
                        "seller_id": seller.id, "variant_id": variant.id, "grade": grade.code,
                        "stock": stock, "battery_floor": battery, "warranty_months": seller.warranty,
                    })
                    plans.append((seller, product, variant, grade, age_share))
    session.execute(insert(Offer), offer_rows)
    say("offers", len(offer_rows), len(offer_rows))
    offer_ids = dict(session.execute(select(Offer.sku, Offer.id)).all())

    shipping = {}  # (domestic, currency) → options; shared, not rebuilt per row
    price_count, batch = 0, []
    price_total = sum(len(seller.markets) for seller, *_ in plans)
    for row, (seller, product, variant, grade, age_share) in zip(offer_rows, plans):
        seller_effect = 1 + (seller.price_factor - 1) * Decimal("0.3")
        noise = Decimal(rng.randint(-20, 20)) / 1000
        share = GRADE_SHARE[grade.code] * age_share * (seller_effect + noise)
        for code in seller.markets:
            market = markets[code]
            reference = new_by_key[(product.id, code, variant.storage_gb)]
            domestic = seller.country == market.country
            key = (domestic, market.currency)
            if key not in shipping:
                shipping[key] = [
                    {"code": "standard", "price": 0, "days_min": 2 if domestic else 3, "days_max": 4 if domestic else 6},
                    {"code": "express", "price": EXPRESS_FEE[market.currency], "days_min": 1, "days_max": 2},
                ]
            batch.append({
                "offer_id": offer_ids[row["sku"]], "market": code,
                "amount": round_price(Decimal(reference) / 10 ** market.currency_digits * share, market.currency),
                "shipping": shipping[key],
            })
        if len(batch) >= PRICES_PER_INSERT:
            session.execute(insert(OfferPrice), batch)
            price_count += len(batch)
            batch = []
            say("offer prices", price_count, price_total)
    if batch:
        session.execute(insert(OfferPrice), batch)
        price_count += len(batch)
        say("offer prices", price_count, price_total)
    sold_by = {}  # product id → the approved sellers with an offer for it (their reviews' sellers)
    for seller, product, *_ in plans:
        if seller.status == "approved":
            sold_by.setdefault(product.id, {})[seller.id] = None
    reviews = seed_reviews(products, rng, {pid: list(ids) for pid, ids in sold_by.items()})
    say("reviews", reviews, reviews)
    say("buy boxes", 0, len(markets))
    buybox.refresh(markets)
    say("buy boxes", len(markets), len(markets))
    session.commit()
    if scale == "demo":
        seed_demo_accounts(next(seller for seller in sellers if seller.status == "approved"))
        say("demo accounts", len(ROLES), len(ROLES))
    indexed = itertools.count(1)
    search.reindex(progress=lambda _language: say("search index languages", next(indexed), len(LANGUAGES)))
    return SeedReport(len(products), len(variant_rows), len(sellers), len(offer_rows), price_count)


DEMO_PASSWORD = "refurbished-demo"  # demo accounts only: README lists them


def demo_email(role: str) -> str:
    return f"{role.replace('_', '-')}@demo.example.org"


def seed_demo_accounts(seller: Seller) -> None:
    """One account per role, for demos (README lists them): the seller's works for `seller`."""
    accounts.create_user(demo_email("customer"), DEMO_PASSWORD, name="Camille Demo")
    for role in STAFF_ROLES:
        accounts.create_staff(demo_email(role), DEMO_PASSWORD, role, seller.id if role == "seller" else None,
                              name=f"{role.replace('_', ' ').title()} Demo")


def seed_reviews(products: list[Product], rng: random.Random, sold_by: dict[int, list[int]] | None = None) -> int:
    """Attach review snippets to products: more reviews for more popular models. Returns how many.

    `sold_by` (product id → seller ids) names who sold each reviewed unit, taken in turn: no draw from
    `rng`, so the reviews stay the ones earlier seeds made.
    """
    with open(DATA / "reviews.toml", "rb") as fh:
        snippets = tomllib.load(fh)["review"]
    by_category = {}
    for snippet in snippets:
        by_category.setdefault(snippet["category"], []).append(snippet)
    today = date(2026, 11, 1)
    rows = []
    for product in products:
        pool = by_category.get(product.source["category"], []) + by_category.get("any", [])
        count = min(len(pool), product.popularity // 4 + rng.randint(0, 4)) if product.popularity > 10 else 0
        sellers = (sold_by or {}).get(product.id) or [None]
        for n, snippet in enumerate(rng.sample(pool, k=count)):
            rows.append({"seller_id": sellers[n % len(sellers)],
                "product_id": product.id, "rating": snippet["rating"], "grade": snippet["grade"],
                "language": snippet["language"], "author": snippet["author"], "title": snippet["title"],
                "body": snippet["body"], "created_on": today - timedelta(days=rng.randint(1, 700)),
            })
    if rows:
        db.session.execute(insert(Review), rows)
    refresh_ratings()
    return len(rows)


def _regions(seller: Seller, markets: MarketRegistry) -> set[str]:
    countries = {markets[code].country for code in seller.markets}
    regions = {name for name, region_countries in REGIONS.items() if countries & region_countries}
    if countries - {"GB", "US", "JP", "AU"}:
        regions.add("eu")
    return regions
