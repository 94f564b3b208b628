"""Search benchmark on the bench catalog: index build time and query latency, against SQLite FTS5.

    make bench-search     (or: .venv/bin/python bench/search.py)

Both engines index the same documents (one per device model and language) and answer the queries
of the relevance set in the same run. Figures only: it never fails on timing (goal P6: p95 <= 50 ms,
full rebuild <= 60 s, an offer change visible in search <= 5 s).
"""
from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / ".tmp" / "bench"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'encore-bench.db'}")
os.environ.setdefault("SEARCH_INDEX_DIR", str(WORK / "search"))
os.environ.setdefault("ENCORE_CONFIG", "development")  # the bench reads the app in-process: no server, no secrets

from app import app  # noqa: E402
from storefront.extensions import db  # noqa: E402
from storefront.offers import buybox  # noqa: E402
from storefront.offers.models import OfferPrice  # noqa: E402
from storefront.search import index, services  # noqa: E402
from storefront.search.query import understand  # noqa: E402

QUERIES = tomllib.loads((ROOT / "tests/integration/search/relevance.toml").read_text(encoding="utf-8"))["query"]


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def fts5_build(products, language: str):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, name, words, tokenize='unicode61 remove_diacritics 2')")
    docs = index.documents(products, language)
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(d["id"], d["name"], d["words"]) for d in docs])
    return conn


def fts5_query(conn, words):
    expression = " AND ".join('"' + w.replace('"', "") + '"*' for w in words) or '""'
    return conn.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 3, 1) LIMIT 50", (expression,)).fetchall()


def main() -> None:
    if not (WORK / "encore-bench.db").exists():
        sys.exit("Seed the bench catalog first: make bench (or flask seed --scale bench with DATABASE_URL set).")
    markets = app.extensions["markets"]
    with app.app_context():
        started = time.perf_counter()
        count = services.reindex()
        build_whoosh = time.perf_counter() - started
        languages = {markets[case["market"]].language for case in QUERIES}
        started = time.perf_counter()
        products = index.load_products(db.session)  # once, as the Whoosh rebuild does
        fts = {language: fts5_build(products, language) for language in languages}
        build_fts = time.perf_counter() - started

        timings = {"whoosh": [], "fts5": []}
        for _ in range(3):
            for case in QUERIES:
                language = markets[case["market"]].language
                started = time.perf_counter()
                services.find(case["q"], language)
                timings["whoosh"].append(1000 * (time.perf_counter() - started))
                started = time.perf_counter()
                fts5_query(fts[language], understand(case["q"]).words)
                timings["fts5"].append(1000 * (time.perf_counter() - started))

        # An offer change: a new price, the buy boxes of that product refreshed, then visible in search.
        offer_price = db.session.scalar(db.select(OfferPrice).where(OfferPrice.market == "fr-fr").limit(1))
        product_id = offer_price.offer.variant.product_id
        started = time.perf_counter()
        offer_price.amount = max(100, offer_price.amount - 100)
        buybox.refresh(markets, [product_id])
        db.session.commit()
        services.find("iphone", "fr")
        change = time.perf_counter() - started

    print(f"documents: {count} device models × 12 languages")
    print(f"full rebuild: Whoosh {build_whoosh:.1f} s (goal <= 60 s) · FTS5 baseline {build_fts:.1f} s (fewer languages: {len(languages)})")
    print(f"{'engine':8} {'median ms':>10} {'p95 ms':>8}  over {len(timings['whoosh'])} queries")
    for name, values in timings.items():
        print(f"{name:8} {statistics.median(values):10.1f} {percentile(values, 95):8.1f}")
    print("Whoosh does typo tolerance, aliases and filters; the FTS5 baseline only prefix-matches the same tokens.")
    print(f"offer price change → visible in search results: {change:.2f} s (goal <= 5 s; prices are read from SQL)")


if __name__ == "__main__":
    main()
