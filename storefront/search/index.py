"""The Whoosh index: one index per language, one document per device model.

Documents hold what shoppers type: brand, model name and its variants, the category and colour
names in that language. Prices, stock and grades stay in SQL (the stored buy boxes), where they are
exact and cheap to filter, so a price or stock change is visible in search at once.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh import index as whoosh_index
from whoosh.analysis import (
    CharsetFilter,
    LanguageAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
)
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import EmptyIndexError
from whoosh.support.charset import accent_map

from ..catalog.labels import CATEGORY_NAMES, COLOR_FAMILIES
from ..catalog.models import Product
from ..extensions import db
from ..files import swap_in
from ..i18n.translate import in_locale
from .lexicon import CATEGORY_WORDS, COLOR_WORDS, LANGUAGES
from .text import fold, name_variants

STEMMED = {"en", "fr", "nl", "de", "es", "it", "pt", "fi", "sv"}  # languages Whoosh can stem
WRITER_TIMEOUT = 30.0  # seconds a writer waits for another process's lock before giving up
OPEN_RETRIES = 20
SEEN = "changes-seen"  # in the index folder: the last change-log id (search.models) the index applied


def analyzer(language: str):
    """Model names: every token kept, 1-character ones too ("Xperia 1 V"), accents folded."""
    return RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)


def schema(language: str) -> Schema:
    words = LanguageAnalyzer(language) | CharsetFilter(accent_map) if language in STEMMED else analyzer(language)
    return Schema(
        id=ID(stored=True, unique=True),
        model=STORED(),  # folded model name, to rank exact model matches first
        name=TEXT(analyzer=analyzer(language), field_boost=3.0),
        words=TEXT(analyzer=words),
        popularity=NUMERIC(int, stored=True),
    )


def index_dir(root: Path, language: str) -> Path:
    return root / language


def open_index(path: Path):
    """Open an existing index. Whoosh reads the newest TOC file without retrying, and a writer
    committing at that moment deletes it: retry briefly, as Whoosh's own reader does."""
    for attempt in range(OPEN_RETRIES):
        try:
            return whoosh_index.open_dir(path)
        except FileNotFoundError:
            if attempt == OPEN_RETRIES - 1:
                raise
            time.sleep(0.05)


def exists(root: Path) -> bool:
    for language in LANGUAGES:
        try:
            open_index(index_dir(root, language))
        except (EmptyIndexError, FileNotFoundError):
            return False
    return True


def changes_seen(root: Path) -> int | None:
    """The last change-log id applied to the index at `root`; None when unknown (no index, or one older than the log)."""
    try:
        return int((root / SEEN).read_text())
    except (FileNotFoundError, ValueError):
        return None


def mark_changes_seen(root: Path, change_id: int) -> None:
    """Record that the index at `root` holds every change up to `change_id` (replaced whole: readers never see half)."""
    fresh = root / (SEEN + ".new")
    fresh.write_text(str(change_id))
    os.replace(fresh, root / SEEN)


def documents(products: list[Product], language: str) -> list[dict]:
    """The search documents of `products` in `language` (needs an app context for translations)."""
    with in_locale(language):
        categories = {slug: str(name) for slug, name in CATEGORY_NAMES.items()}
        families = {family: str(name) for family, name in COLOR_FAMILIES.items()}
    docs = []
    for p in products:
        name = f"{p.brand.name} {p.name}"
        model = fold(name)
        variants = p.variants
        words = [categories.get(p.category.slug, ""), *CATEGORY_WORDS.get(p.category.slug, [])]
        for family in {v.color_family for v in variants}:
            words += [families.get(family, family), *COLOR_WORDS.get(family, [])[:1]]
        words += list(dict.fromkeys(v.color_name for v in variants))  # each colour name once, in order
        docs.append({
            "id": str(p.id),
            "model": model,
            "name": " ".join([model, *name_variants(name)]),
            "words": fold(" ".join(words)),
            "popularity": p.popularity,
        })
    return docs


def load_products(session, product_ids=None) -> list[Product]:
    stmt = select(Product).options(joinedload(Product.brand), joinedload(Product.category), selectinload(Product.variants))
    if product_ids is not None:
        stmt = stmt.where(Product.id.in_(product_ids))
    return list(session.scalars(stmt))


def rebuild(root: Path, progress=None, changes_seen: int = 0) -> int:
    """Build every language's index from the database into a fresh folder, then swap it in.

    `changes_seen`: the change log's last id, read before the products, so the index follows the log from there.
    """
    products = load_products(db.session)
    fresh = root.with_name(root.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for language in LANGUAGES:
        path = index_dir(fresh, language)
        path.mkdir(parents=True)
        ix = whoosh_index.create_in(path, schema(language))
        writer = ix.writer(timeout=WRITER_TIMEOUT)
        for doc in documents(products, language):
            writer.add_document(**doc)
        writer.commit()
        if progress:
            progress(language)
    mark_changes_seen(fresh, changes_seen)
    swap_in(fresh, root)
    return len(products)


def update(root: Path, product_ids: list[int]) -> None:
    """Re-index some products in every language; one writer at a time (waits for the lock).

    Reads through its own session: it runs right after another session's commit. The index must
    exist: a missing one is rebuilt whole from the database, never started from a few products.
    """
    with Session(db.engine) as session:
        products = load_products(session, product_ids)
        docs = {language: documents(products, language) for language in LANGUAGES}
    present = {str(p.id) for p in products}
    for language in LANGUAGES:
        ix = open_index(index_dir(root, language))
        writer = ix.writer(timeout=WRITER_TIMEOUT)
        for product_id in product_ids:
            if str(product_id) not in present:
                writer.delete_by_term("id", str(product_id))
        for doc in docs[language]:
            writer.update_document(**doc)
        writer.commit()
