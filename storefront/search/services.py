"""Product search behind one interface: `find(query, market)` returns product ids, best first."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from ..catalog.models import Brand, Product
from ..extensions import db

MAX_QUERY = 200


def normalise(text: str) -> list[str]:
    """Lower-case, accent-free word tokens of at most MAX_QUERY characters of input."""
    folded = unicodedata.normalize("NFKD", text[:MAX_QUERY].lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"\w+", folded)


def find(query: str, market: str) -> list[int]:
    """Products whose brand and model name contain every word of `query`, most popular first."""
    words = normalise(query)
    if not words:
        return []
    rows = db.session.execute(
        select(Product.id, Product.name, Brand.name, Product.popularity).join(Brand)
    ).all()
    hits = []
    for product_id, name, brand, popularity in rows:
        haystack = " ".join(normalise(f"{brand} {name}"))
        if all(word in haystack for word in words):
            hits.append((-popularity, product_id))
    return [product_id for _, product_id in sorted(hits)]
