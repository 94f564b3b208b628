"""Buy boxes for whole markets: run the pricing rule over every offer and store the winners.

The winners (`BuyBoxEntry`) are derived data: `refresh()` rebuilds them from offers, prices, sellers
and the catalog columns they copy. Writers never call it: `offers.sync` reads each commit for what it
touched and queues the job `refresh_buy_boxes`, which runs `rebuild()`. The seed, a bulk load, calls
`refresh()` for everything in its own transaction.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, insert, select, update

from ..catalog.models import NewPrice, Product, Variant
from ..extensions import db, read
from ..sellers.models import Seller
from . import sync
from .models import BuyBoxEntry, BuyBoxVersion, Offer, OfferPrice
from .pricing import BuyBox, Candidate, buy_box
from .shipping import cheapest


def _candidates(market_clause, where) -> dict[tuple[str, int, str], list[Candidate]]:
    """Every offer priced in the markets `market_clause` picks and matching `where`, as buy-box candidates
    by (market, variant, grade): one query."""
    stmt = (
        select(
            Offer.id, Offer.variant_id, Offer.grade, Offer.stock, Offer.status.label("offer_status"), Offer.warranty_months,
            OfferPrice.market, OfferPrice.amount, OfferPrice.shipping, Seller.status, Seller.defect_rate,
            Seller.return_rate, Seller.cancellation_rate, Seller.on_time_rate,
        )
        .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & market_clause)
        .join(Seller, Seller.id == Offer.seller_id)
        .join(Variant, Variant.id == Offer.variant_id)
        .where(where)
    )
    groups = defaultdict(list)
    for row in db.session.execute(stmt):
        groups[(row.market, row.variant_id, row.grade)].append(
            Candidate(
                offer_id=row.id,
                price=row.amount,
                shipping=cheapest(row.shipping),
                stock=row.stock,
                offer_status=row.offer_status,
                seller_status=row.status,
                defect_rate=row.defect_rate,
                return_rate=row.return_rate,
                cancellation_rate=row.cancellation_rate,
                on_time_rate=row.on_time_rate,
                warranty_months=row.warranty_months,
            )
        )
    return groups


def candidates(market: str, where=True) -> dict[tuple[int, str], list[Candidate]]:
    """Every offer priced in `market` and matching `where`, as buy-box candidates by (variant, grade)."""
    return {(variant_id, grade): group
            for (_market, variant_id, grade), group in _candidates(OfferPrice.market == market, where).items()}


def candidates_everywhere(where) -> dict[tuple[str, int, str], list[Candidate]]:
    """`candidates()` of every market at once (one query), by (market, variant, grade): for a narrow `where`
    (a page's variants), which the database then reads through the offers' index rather than a market's."""
    return _candidates(True, where)


def compute(market: str, where=True) -> dict[tuple[int, str], BuyBox]:
    """The buy box of every (variant, grade) in `market` among the offers matching `where`."""
    boxes = {key: buy_box(group) for key, group in candidates(market, where).items()}
    return {key: box for key, box in boxes.items() if box is not None}


REBUILD_CHUNK = 200  # products per transaction in rebuild()
# What a stored entry holds (all but its id): two refreshes that agree on these changed nothing.
ENTRY_COLUMNS = ("market", "variant_id", "grade", "offer_id", "reason", "contenders", "price", "shipping", "new_price",
                 "battery_floor", "warranty_months", "product_id", "category_id", "brand_id", "storage_gb",
                 "color_family", "color_hex", "keyboard", "release_year", "popularity")


def refresh(markets, product_ids: list[int] | None = None) -> int:
    """Recompute and store the buy boxes of all products (or only `product_ids`) in every market.

    A market whose entries come out the same is left alone, and the version (`version()`) is bumped only
    when something changed, so the pages' memos survive a refresh that moved nothing (a losing offer's
    new price). Runs in the caller's transaction; the caller commits. Returns the number of entries written.
    """
    product_filter = Product.id.in_(product_ids) if product_ids is not None else True
    variants = {
        row.id: row
        for row in db.session.execute(
            select(
                Variant.id, Variant.product_id, Variant.storage_gb, Variant.color_family, Variant.color_hex,
                Variant.keyboard, Product.category_id, Product.brand_id, Product.release_year, Product.popularity,
            ).join(Product).where(product_filter)
        )
    }
    battery = dict(db.session.execute(select(Offer.id, Offer.battery_floor).join(Variant).join(Product).where(product_filter)).all())
    written, changed = 0, False
    for market in markets:
        code = market.code
        new_prices = {
            (r.product_id, r.storage_gb): r.amount
            for r in db.session.execute(
                select(NewPrice.product_id, NewPrice.storage_gb, NewPrice.amount)
                .join(Product).where((NewPrice.market == code) & product_filter)
            )
        }
        rows = []
        for (variant_id, grade), box in compute(code, Variant.product_id.in_(product_ids) if product_ids is not None else True).items():
            v = variants[variant_id]
            rows.append({
                "market": code, "variant_id": variant_id, "grade": grade, "offer_id": box.winner.offer_id,
                "reason": box.reason.value, "contenders": box.contenders, "price": box.winner.price,
                "shipping": box.winner.shipping, "new_price": new_prices.get((v.product_id, v.storage_gb), 0),
                "battery_floor": battery[box.winner.offer_id], "warranty_months": box.winner.warranty_months,
                "product_id": v.product_id, "category_id": v.category_id, "brand_id": v.brand_id,
                "storage_gb": v.storage_gb, "color_family": v.color_family, "color_hex": v.color_hex,
                "keyboard": v.keyboard, "release_year": v.release_year, "popularity": v.popularity,
            })
        in_market = BuyBoxEntry.market == code
        if product_ids is not None:
            in_market = in_market & BuyBoxEntry.product_id.in_(product_ids)
        stored = db.session.execute(select(*(getattr(BuyBoxEntry, name) for name in ENTRY_COLUMNS)).where(in_market))
        if set(map(tuple, stored)) == {tuple(row[name] for name in ENTRY_COLUMNS) for row in rows}:
            continue
        db.session.execute(delete(BuyBoxEntry).where(in_market))
        for start in range(0, len(rows), 20000):
            db.session.execute(insert(BuyBoxEntry), rows[start:start + 20000])
        written += len(rows)
        changed = True
    if changed:
        bumped = db.session.execute(update(BuyBoxVersion).where(BuyBoxVersion.id == 1).values(value=BuyBoxVersion.value + 1))
        if not bumped.rowcount:
            db.session.add(BuyBoxVersion(id=1, value=1))
    if product_ids is None:
        sync.covered(db.session)
    return written


def rebuild(markets, product_ids: list[int] | None) -> int:
    """The jobs' work: `refresh()` these products (None: every product) in transactions of their own.

    Idempotent: it recomputes from what is committed now. Products go REBUILD_CHUNK at a time, each chunk
    committed, or rolled back and raised (the job is retried: the chunks done are found unchanged).
    Each chunk's first statement claims the version row (an UPDATE that changes nothing): rebuilds run
    one at a time on either database, each reading what the one before it committed, so a slow rebuild
    never overwrites a newer one with older data, and a write lock is never held for a whole catalog.
    Returns the number of entries written.
    """
    if product_ids is None:
        product_ids = list(db.session.scalars(select(Product.id).order_by(Product.id)))
    written = 0
    for start in range(0, len(product_ids), REBUILD_CHUNK):
        try:
            db.session.execute(update(BuyBoxVersion).where(BuyBoxVersion.id == 1).values(value=BuyBoxVersion.value))
            written += refresh(markets, product_ids[start:start + REBUILD_CHUNK])
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return written


_VERSION = select(BuyBoxVersion.value).where(BuyBoxVersion.id == 1)


def version() -> int:
    """The buy boxes' data version: it changes with every refresh()."""
    return read(_VERSION).scalar() or 0
