"""The bulk feed, the stored part: a dry run kept as a `FeedImport`, then applied exactly as shown, as a job.

`dry_run()` reads the file (`offers.feed`), plans it against the seller's offers now and works out which buy
boxes the seller would win or lose (the one rule, `pricing.buy_box`, on candidates as `buybox.candidates`
builds them, with the planned prices and stock put in). `queue()` marks it queued and queues the job
`apply_feed`; `apply()` (the job) writes the plan in one transaction, or refuses it when the seller's
offers changed since the dry run. ORM bulk INSERT/UPDATE through the session: `offers.sync` sees them and
the buy boxes refresh by themselves.
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from babel.numbers import get_currency_precision
from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..accounts.models import User
from ..audit import services as audit
from ..catalog.models import Brand, Product, Variant, display_name
from ..extensions import db
from ..i18n.translate import lazy_gettext as _l
from ..queue import enqueue
from ..sellers.models import Seller
from . import buybox, feed, inventory, rules
from .models import Offer, OfferPrice
from .pricing import Candidate, buy_box
from .shipping import cheapest

STATUSES = ("dry_run", "queued", "applied", "failed")
JOB = "apply_feed"
SHOWN = 200  # changes, problems and buy boxes a page lists (the counts and the error report have them all; the
# buy boxes beyond these are counted, not stored)
# A new offer has no id yet: in a buy-box tie it loses to every older offer, as it will once created.
NEW_OFFER_ID = 2 ** 62
CHUNK = 5000  # ids bound in one IN (…)

audit.ACTIONS["feed_applied"] = _l("Bulk feed applied")


class FeedImport(db.Model):
    """One uploaded feed file: its dry run (the plan, what is wrong, the buy boxes it moves) and its fate."""

    __table_args__ = (CheckConstraint("status IN ('dry_run', 'queued', 'applied', 'failed')", name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("seller.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default="dry_run")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    rows: Mapped[int] = mapped_column(default=0)
    creates: Mapped[int] = mapped_column(default=0)
    updates: Mapped[int] = mapped_column(default=0)
    pauses: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    wins: Mapped[int] = mapped_column(default=0)
    losses: Mapped[int] = mapped_column(default=0)
    plan: Mapped[list] = mapped_column(JSON, default=list)  # feed.Change.as_json() of each row that changes something
    problems: Mapped[list] = mapped_column(JSON, default=list)  # [line, column, value, why] in the uploader's language
    boxes: Mapped[list] = mapped_column(JSON, default=list)  # buy boxes won or lost: see box_changes()
    message: Mapped[str] = mapped_column(String(1000), default="")  # why it failed: "stale" or "error"

    @property
    def done(self) -> bool:
        return self.status in ("applied", "failed")


def get(import_id: int, seller_id: int | None) -> FeedImport | None:
    """The import, if it is this seller's (another seller's does not exist)."""
    found = db.session.get(FeedImport, import_id)
    return found if found is not None and seller_id is not None and found.seller_id == seller_id else None


def recent(seller_id: int, limit: int = 10) -> list[FeedImport]:
    return list(db.session.scalars(select(FeedImport).where(FeedImport.seller_id == seller_id)
                                   .order_by(FeedImport.id.desc()).limit(limit)))


def catalog() -> feed.Catalog:
    """Every device model and variant a row may name."""
    models, names, variants = {}, {}, defaultdict(list)
    for row in db.session.execute(select(Product.id, Product.slug, Product.name, Brand.name.label("brand")).join(Brand)):
        names[row.id] = display_name(row.brand, row.name)
        for key in (row.slug, row.name, names[row.id]):
            models.setdefault(key.lower(), row.id)
    for row in db.session.execute(select(Variant.id, Variant.product_id, Variant.storage_gb, Variant.color_name, Variant.keyboard)):
        variants[row.product_id].append(feed.VariantRef(row.id, row.storage_gb, row.color_name, row.keyboard))
    return feed.Catalog(models, names, dict(variants))


def current_offers(seller_id: int, offer_id: int | None = None) -> list[feed.Current]:
    """The seller's offers as a feed sees them, with their prices (only `offer_id` when given)."""
    where = Offer.seller_id == seller_id
    if offer_id is not None:
        where = where & (Offer.id == offer_id)
    prices = defaultdict(dict)
    for row_offer_id, market, amount in db.session.execute(
            select(OfferPrice.offer_id, OfferPrice.market, OfferPrice.amount).join(Offer).where(where)):
        prices[row_offer_id][market] = amount
    return [feed.Current(o.id, o.sku, o.variant_id, o.grade, o.stock, o.status, o.battery_floor, o.warranty_months,
                         prices[o.id])
            for o in db.session.execute(select(Offer.id, Offer.sku, Offer.variant_id, Offer.grade, Offer.stock, Offer.status,
                                               Offer.battery_floor, Offer.warranty_months).where(where))]


def foreign_skus(seller_id: int, skus: list[str]) -> set[str]:
    """Which of `skus` name another seller's offers."""
    found = set()
    for start in range(0, len(skus), CHUNK):
        found.update(db.session.scalars(select(Offer.sku).where(Offer.sku.in_(skus[start:start + CHUNK]),
                                                                Offer.seller_id != seller_id)))
    return found


def dry_run(seller: Seller, user_id: int | None, filename: str, data: bytes, markets) -> FeedImport:
    """Read and plan an uploaded file for `seller` and store the result (`markets`: the registry).

    Raises feed.FeedFileError, storing nothing, when the file as a whole is unusable."""
    sheet = feed.read(data, [market.code for market in markets])
    skus = sorted({row.get("sku", "").strip() for _, row in sheet.rows} - {""})
    the_catalog = catalog()
    context = feed.Context(list(seller.markets), {market.code: market.currency for market in markets}, the_catalog,
                           current_offers(seller.id), foreign_skus(seller.id, skus), seller.new_offers_paused)
    planned = feed.plan(sheet, context)
    titles = variant_titles(the_catalog, {change.variant_id for change in planned.changes})
    changing = [change for change in planned.changes if change.action != "unchanged"]
    boxes = box_changes(seller, changing, titles)
    found = FeedImport(
        seller_id=seller.id, user_id=user_id, filename=(filename or "feed.csv")[:200],
        sha256=hashlib.sha256(data).hexdigest(), status="dry_run", rows=len(sheet.rows) + len(sheet.problems),
        creates=planned.count("create"), updates=planned.count("update"), pauses=planned.count("pause"),
        unchanged=planned.count("unchanged"), errors=len({p.line for p in planned.problems}),
        wins=sum(1 for box in boxes if box["won"]), losses=sum(1 for box in boxes if not box["won"]),
        plan=[{**change.as_json(), "title": titles[change.variant_id]} for change in changing],
        problems=[[p.line, p.column, p.value, str(p.why)] for p in planned.problems], boxes=boxes[:SHOWN],
    )
    db.session.add(found)
    db.session.commit()
    return found


def variant_titles(the_catalog: feed.Catalog, variant_ids: set[int]) -> dict[int, str]:
    """"Apple iPhone 13 · 128 GB · Midnight" for each variant."""
    titles = {}
    for product_id, variants in the_catalog.variants.items():
        for v in variants:
            if v.id in variant_ids:
                parts = [the_catalog.names[product_id], f"{v.storage_gb} GB" if v.storage_gb else "", v.colour, v.keyboard]
                titles[v.id] = " · ".join(part for part in parts if part)
    return titles


def shipping_options(seller_id: int, markets: list[str]) -> dict[str, list]:
    """A new price's shipping options per market (`inventory.shipping_for`)."""
    return {market: inventory.shipping_for(seller_id, market) for market in markets}


def box_changes(seller: Seller, changes: list[feed.Change], titles: dict[int, str]) -> list[dict]:
    """The buy boxes the seller would win or lose per market if `changes` were applied: the one rule on the
    candidates of today, with each planned offer put in as it would be."""
    if not changes:
        return []
    variant_ids = sorted({change.variant_id for change in changes})
    shipping = {market: cheapest(options) for market, options in shipping_options(seller.id, list(seller.markets)).items()}
    moved = []
    for market in seller.markets:
        groups = {}
        for start in range(0, len(variant_ids), CHUNK):
            groups.update(buybox.candidates(market, Offer.variant_id.in_(variant_ids[start:start + CHUNK])))
        for change in changes:
            now = groups.get((change.variant_id, change.grade), [])
            mine = next((c for c in now if c.offer_id == change.offer_id), None) if change.offer_id else None
            price = change.prices.get(market)
            if mine is None and price is None:
                continue  # not sold in this market, before or after
            fields = change.fields
            if mine is None:
                mine = Candidate(
                    offer_id=change.offer_id or NEW_OFFER_ID, price=price, shipping=shipping[market],
                    stock=fields.get("stock", 0), offer_status=fields.get("status", "live"), seller_status=seller.status,
                    defect_rate=seller.defect_rate, return_rate=seller.return_rate,
                    cancellation_rate=seller.cancellation_rate, on_time_rate=seller.on_time_rate,
                    warranty_months=fields.get("warranty_months", rules.MIN_WARRANTY))
                before = buy_box(now)
            else:
                before = buy_box(now)
                mine = replace(mine, price=price or mine.price, stock=fields.get("stock", mine.stock),
                               offer_status=fields.get("status", mine.offer_status),
                               warranty_months=fields.get("warranty_months", mine.warranty_months))
            after = buy_box([c for c in now if c.offer_id != mine.offer_id] + [mine])
            held = before is not None and before.winner.offer_id == mine.offer_id
            holds = after is not None and after.winner.offer_id == mine.offer_id
            if held != holds:
                other = before if holds else after  # who held it before we took it, or who takes it from us
                moved.append({"market": market, "line": change.line, "sku": change.sku, "variant_id": change.variant_id,
                              "grade": change.grade, "title": titles[change.variant_id], "won": holds, "price": mine.price,
                              "rival": other.winner.price if other is not None else None})
    moved.sort(key=lambda box: (not box["won"], box["line"], box["market"]))
    return moved


def grouped_boxes(boxes: list[dict]) -> list[dict]:
    """The stored buy-box changes, one entry per row and outcome with its markets: {line, sku, title, grade, won,
    markets: [{market, price, rival}]}, in the stored order (wins first)."""
    groups = {}
    for box in boxes:
        group = groups.setdefault((box["line"], box["won"]), {
            name: box[name] for name in ("line", "sku", "title", "grade", "won")} | {"markets": []})
        group["markets"].append({name: box[name] for name in ("market", "price", "rival")})
    return list(groups.values())


def queue(import_id: int, seller_id: int) -> FeedImport | None:
    """Have a dry run applied by the job; a second click changes nothing. None if it is not this seller's."""
    found = get(import_id, seller_id)
    if found is None:
        return None
    claimed = db.session.execute(update(FeedImport).where((FeedImport.id == import_id) & (FeedImport.status == "dry_run"))
                                 .values(status="queued")).rowcount
    db.session.commit()
    if claimed and not enqueue(JOB, import_id):
        apply(import_id)  # the queue is down: do it now rather than leave it waiting
    db.session.refresh(found)
    return found


def apply(import_id: int) -> str:
    """Write a queued import's plan in one transaction (the job's work); its final status.

    Idempotent: only a queued import is applied, and claiming it (queued → applied) is the transaction's
    first write, so a second run finds nothing to do. A plan made stale by edits since the dry run (an offer
    whose stock, price … differ from what the dry run saw, an SKU taken since) fails as a whole.
    """
    claimed = db.session.execute(update(FeedImport).where((FeedImport.id == import_id) & (FeedImport.status == "queued"))
                                 .values(status="applied", finished_at=datetime.utcnow())).rowcount
    found = db.session.get(FeedImport, import_id)
    if not claimed:
        db.session.rollback()
        return found.status if found is not None else "missing"
    try:
        why = "paused" if paused(found) else "stale" if stale(found) else None
        if why:
            db.session.rollback()
            db.session.execute(update(FeedImport).where(FeedImport.id == import_id).values(
                status="failed", finished_at=datetime.utcnow(),
                message=why))
            db.session.commit()
            return "failed"
        write(found)
        # In the transaction that writes it: the log never says applied of a feed that failed.
        audit.record(db.session.get(User, found.user_id) if found.user_id else None, "feed_applied", "seller",
                     found.seller_id, "", feed_import=import_id, creates=found.creates, updates=found.updates,
                     pauses=found.pauses)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return "applied"


def give_up(import_id: int) -> None:
    """A queued import the job could not apply after every retry: failed, nothing of it written."""
    db.session.execute(update(FeedImport).where((FeedImport.id == import_id) & (FeedImport.status == "queued"))
                       .values(status="failed", finished_at=datetime.utcnow(), message="error"))
    db.session.commit()


def paused(found: FeedImport) -> bool:
    """The plan creates offers but the seller's new offers were paused since the dry run (quality scores)."""
    creates = any(change["offer_id"] is None for change in found.plan)
    return creates and db.session.get(Seller, found.seller_id).new_offers_paused


def stale(found: FeedImport) -> bool:
    """Whether the seller's offers changed since the dry run where the plan touches them."""
    plan = found.plan
    offer_ids = [change["offer_id"] for change in plan if change["offer_id"]]
    now, prices = {}, defaultdict(dict)
    for start in range(0, len(offer_ids), CHUNK):
        chunk = offer_ids[start:start + CHUNK]
        for offer in db.session.scalars(select(Offer).where(Offer.id.in_(chunk))):
            now[offer.id] = offer
        for offer_id, market, amount in db.session.execute(
                select(OfferPrice.offer_id, OfferPrice.market, OfferPrice.amount).where(OfferPrice.offer_id.in_(chunk))):
            prices[offer_id][market] = amount
    new_skus = [change["sku"] for change in plan if change["offer_id"] is None]
    new_keys = {(change["variant_id"], change["grade"]) for change in plan if change["offer_id"] is None}
    for change in plan:
        offer = now.get(change["offer_id"]) if change["offer_id"] else None
        if change["offer_id"] and (offer is None or offer.seller_id != found.seller_id
                                   or any(getattr(offer, name) != value for name, value in change["before"].items())
                                   or any(prices[offer.id].get(m) != value for m, value in change["prices_before"].items())):
            return True
    if foreign_skus(-1, new_skus):  # any seller's, the importer's included
        return True
    taken = db.session.execute(select(Offer.variant_id, Offer.grade).where(Offer.seller_id == found.seller_id))
    return any(tuple(row) in new_keys for row in taken)


def write(found: FeedImport) -> None:
    """The plan's rows as bulk INSERTs and UPDATEs through the session (offers.sync reads them)."""
    write_changes(db.session.get(Seller, found.seller_id), found.plan)


def write_changes(seller: Seller, plan: list[dict]) -> None:
    """`feed.Change.as_json()` of each row that changes something, written for `seller` in the caller's
    transaction (the feed's job, the API)."""
    creates = [change for change in plan if change["offer_id"] is None]
    if creates:
        db.session.execute(insert(Offer), [{**change["fields"], "seller_id": seller.id, "variant_id": change["variant_id"],
                                            "grade": change["grade"], "status_reason": ""} for change in creates])
    ids = {}
    skus = [change["sku"] for change in creates]
    for start in range(0, len(skus), CHUNK):
        ids.update(db.session.execute(select(Offer.sku, Offer.id).where(Offer.sku.in_(skus[start:start + CHUNK]))).all())
    by_columns = defaultdict(list)  # one executemany per set of columns
    for change in plan:
        if change["offer_id"] and change["fields"]:
            by_columns[tuple(sorted(change["fields"]))].append({"id": change["offer_id"], **change["fields"]})
    for rows in by_columns.values():
        db.session.execute(update(Offer), rows)
    existing = {}
    priced = [change["offer_id"] for change in plan if change["offer_id"] and change["prices"]]
    for start in range(0, len(priced), CHUNK):
        existing.update({(offer_id, market): price_id for price_id, offer_id, market in db.session.execute(
            select(OfferPrice.id, OfferPrice.offer_id, OfferPrice.market).where(OfferPrice.offer_id.in_(priced[start:start + CHUNK])))})
    shipping = shipping_options(seller.id, list(seller.markets))
    new_prices, changed_prices = [], []
    for change in plan:
        offer_id = change["offer_id"] or ids[change["sku"]]
        for market, amount in change["prices"].items():
            price_id = existing.get((offer_id, market))
            if price_id is None:
                new_prices.append({"offer_id": offer_id, "market": market, "amount": amount, "shipping": shipping[market]})
            else:
                changed_prices.append({"id": price_id, "amount": amount})
    if new_prices:
        db.session.execute(insert(OfferPrice), new_prices)
    if changed_prices:
        db.session.execute(update(OfferPrice), changed_prices)


def template_csv(seller: Seller, registry) -> str:
    """The seller's offers as a feed file, to edit and upload again (`registry`: the markets)."""
    markets = list(seller.markets)
    currencies = {market.code: market.currency for market in registry}
    offers = db.session.execute(
        select(Offer.id, Offer.sku, Offer.grade, Offer.stock, Offer.status, Offer.battery_floor, Offer.warranty_months,
               Product.slug, Variant.storage_gb, Variant.color_name, Variant.keyboard)
        .join(Variant, Variant.id == Offer.variant_id).join(Product, Product.id == Variant.product_id)
        .where(Offer.seller_id == seller.id).order_by(Product.slug, Variant.id, Offer.grade)).all()
    prices = defaultdict(dict)
    for offer_id, market, amount in db.session.execute(
            select(OfferPrice.offer_id, OfferPrice.market, OfferPrice.amount).join(Offer).where(Offer.seller_id == seller.id)):
        prices[offer_id][market] = amount
    keyboards = any(offer.keyboard for offer in offers)
    columns = ["sku", "model", "storage", "colour", *(["keyboard"] if keyboards else []), "grade", "stock",
               *(feed.PRICE + market for market in markets), "battery", "warranty", "status"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for o in offers:
        writer.writerow([o.sku, o.slug, o.storage_gb or "", o.color_name, *([o.keyboard] if keyboards else []), o.grade,
                         o.stock, *(major(prices[o.id].get(m), currencies[m]) for m in markets), o.battery_floor,
                         o.warranty_months, "" if o.status == "suspended" else o.status])
    return out.getvalue()


def major(amount: int | None, currency: str) -> str:
    """19990 → "199.90" (as `rules.parse_price` reads it back); empty without a price."""
    if amount is None:
        return ""
    return str(Decimal(amount).scaleb(-get_currency_precision(currency)))


def error_report_csv(found: FeedImport) -> str:
    """line, column, value, why: one line per problem."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["line", "column", "value", "why"])
    for line, column, value, why in found.problems:
        writer.writerow([line, column, defuse(value), why])
    return out.getvalue()


def defuse(value: str) -> str:
    """A cell a spreadsheet would run as a formula, made text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
