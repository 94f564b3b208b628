"""Bulk-feed benchmark: a 10,000-row CSV read, dry-run and applied on the demo catalog, in rows per second.

    make bench        (or: .venv/bin/python bench/feed.py [--rows 10000])

Seeds the demo catalog into .tmp/bench/feed.db (SQLite; a copy of the last seeded file, unless --fresh), then for the demo seller
builds a feed: every offer it has (price −1 %, stock +1), new offers for devices and grades it does not sell
yet, and rows naming a model that does not exist to make up the count. Times the dry run (read + plan +
buy boxes won or lost + stored), the apply job and the buy-box refresh job its commit queues. Prints
figures against the goal (10,000 rows in 60 s, parse + dry run + apply); it never fails on timing.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / ".tmp" / "bench"
DB = WORK / "feed.db"
SEEDED = WORK / "feed-seeded.db"  # the demo catalog as seeded, reused by the next run (--fresh seeds again)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--fresh", action="store_true", help="seed again instead of reusing the last run's seeded copy")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    if SEEDED.exists() and not args.fresh:
        shutil.copyfile(SEEDED, DB)
    os.environ.update(DATABASE_URL=f"sqlite:///{DB}", JOBS_URL="memory://", ENCORE_CONFIG="development")

    from flask_migrate import upgrade
    from sqlalchemy import select

    from storefront import create_app
    from storefront.demo.seed import seed
    from storefront.extensions import db
    from storefront.offers import feed, feed_imports
    from storefront.sellers.models import Seller

    app = create_app()
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed(app.extensions["markets"])
        print(f"seed: demo catalog ({time.perf_counter() - started:.1f} s)")
        db.session.remove()
        db.engine.dispose()  # every connection closed: the SQLite file is whole (nothing left in its WAL)
        shutil.copyfile(DB, SEEDED)
        seller = db.session.scalar(select(Seller).where(Seller.status == "approved").order_by(Seller.id).limit(1))
        data, valid = build_feed(seller, app.extensions["markets"], args.rows, feed_imports)
        print(f"feed: {args.rows} rows ({valid} valid), {len(seller.markets)} price columns, {len(data) / 2 ** 20:.1f} MB")

        started = time.perf_counter()
        feed.read(data, [market.code for market in app.extensions["markets"]])
        parsed = time.perf_counter() - started
        started = time.perf_counter()
        found = feed_imports.dry_run(seller, None, "bench.csv", data, app.extensions["markets"])
        dry = time.perf_counter() - started
        print(f"dry run: {found.creates} to create, {found.updates} to update, {found.errors} rows in error, "
              f"{found.wins} buy boxes won, {found.losses} lost")
        found.status = "queued"  # what the Apply button does, without queueing the job
        db.session.commit()
        started = time.perf_counter()
        status = feed_imports.apply(found.id)
        applied = time.perf_counter() - started
        started = time.perf_counter()
        app.extensions["jobs"].run_pending()
        refreshed = time.perf_counter() - started
        db.session.remove()

    rows = args.rows
    print(f"\n{'step':34} {'seconds':>8} {'rows/s':>9}")
    for name, seconds in (("read (part of the dry run)", parsed), ("dry run (read, plan, buy boxes)", dry),
                          (f"apply job ({status})", applied), ("buy-box refresh job (after)", refreshed)):
        print(f"{name:34} {seconds:8.2f} {rows / seconds:9.0f}")
    total = dry + applied
    print(f"{'dry run + apply':34} {total:8.2f} {rows / total:9.0f}")
    print(f"\nGoal: {rows} rows parsed, dry-run and applied in <= 60 s: {total:.1f} s "
          f"({'within' if total <= 60 else 'OVER'} the goal; reported, never failed on).")


def build_feed(seller, markets, count: int, feed_imports) -> tuple[bytes, int]:
    """The seller's offers changed, new offers, then rows in error up to `count` rows; and how many are valid."""
    from sqlalchemy import select

    from storefront.catalog.grades import CODES
    from storefront.catalog.models import Product, Variant
    from storefront.extensions import db

    template = feed_imports.template_csv(seller, markets)
    rows = list(csv.reader(io.StringIO(template)))
    header, offers = rows[0], rows[1:count + 1]
    stock, prices = header.index("stock"), [i for i, name in enumerate(header) if name.startswith("price_")]
    for row in offers:
        row[stock] = str(int(row[stock]) + 1)
        for i in prices:
            if row[i]:
                row[i] = f"{float(row[i]) * 0.99:.2f}" if "." in row[i] else str(int(int(row[i]) * 0.99))
    taken = {(row[header.index("model")], row[header.index("storage")], row[header.index("colour")],
              row[header.index("keyboard")] if "keyboard" in header else "", row[header.index("grade")]) for row in offers}
    new = []
    for v in db.session.execute(select(Product.slug, Variant.storage_gb, Variant.color_name, Variant.keyboard)
                                .join(Product).order_by(Variant.id)):
        for grade in CODES:
            if len(offers) + len(new) >= count:
                break
            key = (v.slug, str(v.storage_gb or ""), v.color_name, v.keyboard, grade)
            if key in taken:
                continue
            cells = dict(zip(header, [""] * len(header)), sku=f"BENCH-{len(new)}", model=v.slug,
                         storage=str(v.storage_gb or ""), colour=v.color_name, grade=grade, stock="2")
            if "keyboard" in header:
                cells["keyboard"] = v.keyboard
            for i in prices:
                cells[header[i]] = "199.00" if header[i] != "price_ja-jp" else "29800"
            new.append([cells[name] for name in header])
    errors = [[f"BAD-{n}", "no-such-model", *[""] * (len(header) - 2)] for n in range(count - len(offers) - len(new))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *offers, *new, *errors])
    return out.getvalue().encode(), len(offers) + len(new)


if __name__ == "__main__":
    main()
