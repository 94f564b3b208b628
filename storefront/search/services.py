"""Product search behind one interface: `find(query, language)` → ranked product ids and filters.

Whoosh is unmaintained upstream, so nothing outside this package touches it.
"""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..catalog.models import Product
from ..extensions import db
from . import index
from .query import Understood, build, max_edits, understand

LIMIT = 300


@dataclass
class SearchResult:
    product_ids: list[int]  # best first
    understood: Understood
    suggestion: str | None = None  # "did you mean", when a word looked misspelled


def index_root() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


@contextmanager
def _writing():
    """One index writer at a time across processes: rebuilds and updates wait for each other, so an
    update never lands in an index that a rebuild is about to replace (an update waits for a whole
    rebuild, which read the database before it). Nothing inside may commit a session: the commit
    hook would ask for this lock again and wait for itself."""
    root = index_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / "search.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield root


def ensure_index() -> None:
    """Build the index if it is missing (first start, or deleted); one process builds, the others wait."""
    if index.exists(index_root()):
        return
    with _writing() as root:
        if not index.exists(root):
            index.rebuild(root)


def reindex(progress=None) -> int:
    """Rebuild every language's index from the database."""
    with _writing() as root:
        return index.rebuild(root, progress)


def products_changed(product_ids) -> None:
    """Keep the index in step after products were added, edited or removed (a missing index is
    left to `ensure_index`, which builds it whole)."""
    if product_ids:
        with _writing() as root:
            if index.exists(root):
                index.update(root, sorted(product_ids))


def _rank(hits, words: list[str]) -> list[int]:
    wanted = " ".join(words)
    ranked = []
    for hit in hits:
        model = hit["model"]
        exact = model == wanted or model.split(" ", 1)[-1] == wanted
        ranked.append((not exact, -hit.score, -hit["popularity"], int(hit["id"])))
    return [item[-1] for item in sorted(ranked)]


def _suggest(searcher, words: list[str]) -> str | None:
    reader = searcher.reader()
    corrected, changed = [], False
    for word in words:
        if max_edits(word) and not reader.frequency("name", word) and not reader.frequency("words", word):
            options = searcher.corrector("name").suggest(word, limit=1, maxdist=2)
            if options:
                corrected.append(options[0])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None


def _search(words: list[str], language: str, limit: int, with_suggestion: bool = False):
    """Open only this language's index; a missing one (first start, deleted, or a rebuild swapping
    folders) is built, or waited for (the rebuild holds the lock), then the search runs again."""
    try:
        return _search_index(words, language, limit, with_suggestion)
    except index.EmptyIndexError:
        ensure_index()
        return _search_index(words, language, limit, with_suggestion)


def _search_index(words: list[str], language: str, limit: int, with_suggestion: bool):
    with index.open_index(index.index_dir(index_root(), language)).searcher() as searcher:
        hits = searcher.search(build(words), limit=limit)
        if hits.is_empty():  # no model has every word: rank those with some of them
            hits = searcher.search(build(words, require_all=False), limit=limit)
        return _rank(hits, words), (_suggest(searcher, words) if with_suggestion else None)


def find(raw: str, language: str) -> SearchResult:
    """Products matching what the shopper typed, best first; filter words come back as filters."""
    understood = understand(raw)
    if not understood.words:
        filtered = understood.storage or understood.grade or understood.color or understood.keyboard
        everything = db.session.scalars(select(Product.id).order_by(Product.popularity.desc(), Product.id)).all()
        return SearchResult(list(everything) if filtered else [], understood)
    ids, suggestion = _search(understood.words, language, LIMIT, with_suggestion=True)
    return SearchResult(ids, understood, suggestion)


def suggest(raw: str, language: str, limit: int = 6) -> list[int]:
    """Product ids for autocomplete: the best matches for the words typed so far."""
    understood = understand(raw)
    return _search(understood.words, language, limit * 3)[0][:limit] if understood.words else []
