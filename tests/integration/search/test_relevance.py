"""Relevance: realistic queries in 12 languages must find the device shoppers mean."""
import tomllib
from pathlib import Path

from sqlalchemy import select

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.search import services

QUERIES = tomllib.loads((Path(__file__).with_name("relevance.toml")).read_text(encoding="utf-8"))["query"]
TOP3_GOAL = 0.95


def test_relevance_set_finds_the_device_in_the_top_three(app, capsys):
    markets = app.extensions["markets"]
    misses, top1, top3 = [], 0, 0
    with app.app_context():
        slugs = dict(db.session.execute(select(Product.id, Product.slug)).all())
        for case in QUERIES:
            found = services.find(case["q"], markets[case["market"]].language)
            ranked = [slugs[i] for i in found.product_ids[:3]]
            top1 += bool(ranked[:1] and ranked[0] in case["expect"])
            hit = any(slug in case["expect"] for slug in ranked)
            top3 += hit
            if not hit:
                misses.append(f"{case['market']} {case['q']!r}: expected {case['expect']}, got {ranked}")
    n = len(QUERIES)
    with capsys.disabled():
        print(f"\nsearch relevance: {n} queries, top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%}")
        for miss in misses:
            print("  miss:", miss)
    assert n >= 150
    assert top3 / n >= TOP3_GOAL, f"top-3 hit rate {top3 / n:.1%} is below {TOP3_GOAL:.0%}"
