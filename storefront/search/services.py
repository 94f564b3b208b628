"""Product search behind one interface: `find(query, language)` → ranked product ids and filters.

Whoosh is unmaintained upstream, so nothing outside this package touches it.
"""
from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import bindparam, delete, func, select

from ..catalog.grades import GRADES
from ..catalog.labels import COLOR_FAMILIES
from ..catalog.models import Product
from ..extensions import db, read
from . import index
from .models import SearchChange
from .query import Understood, Vocabulary, build, max_edits, understand, vocabulary

LIMIT = 300
FOLLOW_EVERY = 1.0  # seconds between two looks at the change log, per app and process
KEEP_CHANGES = timedelta(days=1)  # change-log rows older than this are pruned; a node further behind rebuilds
_LATEST = select(func.max(SearchChange.id))
_FIRST = select(func.min(SearchChange.id))
_CHANGED = select(SearchChange.product_id).distinct().where(
    (SearchChange.id > bindparam("seen")) & (SearchChange.id <= bindparam("latest")))


@dataclass
class SearchResult:
    product_ids: list[int]  # best first
    understood: Understood
    suggestion: str | None = None  # "did you mean", when a word looked misspelled


def index_root() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


@contextmanager
def _writing(wait: bool = True):
    """One index writer at a time across processes: rebuilds and updates wait for each other, so an
    update never lands in an index that a rebuild is about to replace (an update waits for a whole
    rebuild, which read the database before it). Nothing inside may commit a session: the commit
    hook would ask for this lock again and wait for itself. `wait=False` yields None at once when
    another process holds the lock."""
    root = index_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / "search.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield root


def ensure_index() -> None:
    """Build the index if it is missing (first start, or deleted); one process builds, the others wait."""
    if index.exists(index_root()):
        return
    with _writing() as root:
        if not index.exists(root):
            index.rebuild(root, changes_seen=read(_LATEST).scalar() or 0)


def reindex(progress=None) -> int:
    """Rebuild every language's index from the database."""
    with _writing() as root:
        return index.rebuild(root, progress, changes_seen=read(_LATEST).scalar() or 0)


def products_changed(product_ids) -> None:
    """Keep the index in step after products were added, edited or removed (a missing index is
    left to `ensure_index`, which builds it whole). The committing process calls it at once; the
    change log brings the same products to every node, this one again too (re-indexing is idempotent)."""
    if product_ids:
        with _writing() as root:
            if index.exists(root):
                index.update(root, sorted(product_ids))


def follow() -> None:
    """Apply what any node changed since this node's index last looked, at most every FOLLOW_EVERY seconds.

    Called before each search, not by a periodic job: the job queue is shared by every node, so a
    periodic job runs once per cluster, on one node, while each node keeps its own index on its own
    disk and must catch up itself. The search is the index's only reader, so it looks first: one
    indexed `SELECT max(id)` per second and worker at most, and the search that finds new rows applies
    them (a few products: milliseconds) before it answers. The workers of one node share the index
    folder: one applies the rows under its lock while the others search the index as it is.
    """
    last = current_app.extensions["search_follow"]
    now = time.monotonic()
    if now - last["checked"] >= FOLLOW_EVERY:
        last["checked"] = now
        catch_up(wait=False)


def catch_up(wait: bool = True) -> int:
    """Re-index the products of the change-log rows this node's index has not applied; how many.

    A missing index is left to `ensure_index`. An index that cannot follow the log is rebuilt whole:
    one that never recorded its place (built before the log), one ahead of the log (another database),
    and one behind rows already pruned — or, rarely and harmlessly, behind ids a rolled-back
    transaction took before the log's first row. `wait=False`: when another process of this node
    holds the index, leave the work to it.
    """
    latest = read(_LATEST).scalar() or 0
    if index.changes_seen(index_root()) == latest:
        return 0
    with _writing(wait) as root:
        if root is None or not index.exists(root):
            return 0
        seen = index.changes_seen(root)  # again, under the lock: another process may have applied them
        if seen == latest:
            return 0
        first = read(_FIRST).scalar()
        if seen is None or seen > latest or (first is not None and first > seen + 1):
            return index.rebuild(root, changes_seen=latest)
        product_ids = sorted(read(_CHANGED, seen=seen, latest=latest).scalars())
        index.update(root, product_ids)
        index.mark_changes_seen(root, latest)
        return len(product_ids)


def prune_changes(keep: timedelta = KEEP_CHANGES) -> int:
    """Delete the change-log rows older than `keep`, but never the newest (ids go on from it); commits.
    Returns how many went."""
    newest = db.session.scalar(select(func.max(SearchChange.id)))
    if newest is None:
        return 0
    pruned = db.session.execute(delete(SearchChange).where(
        (SearchChange.at < datetime.utcnow() - keep) & (SearchChange.id < newest)))
    db.session.commit()
    return pruned.rowcount


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
    follow()
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


def storefront_vocabulary(language: str) -> Vocabulary:
    """The grade and colour words of the storefront being served: its own grade and colour names, as its
    catalog translates them, and the synonyms of its language."""
    return vocabulary(language, tuple((str(grade.name), grade.code) for grade in GRADES),
                      tuple((str(name), code) for code, name in COLOR_FAMILIES.items()))


def find(raw: str, language: str) -> SearchResult:
    """Products matching what the shopper typed, best first; filter words come back as filters."""
    understood = understand(raw, storefront_vocabulary(language))
    if not understood.words:
        filtered = understood.storage or understood.grade or understood.color or understood.keyboard
        everything = db.session.scalars(select(Product.id).order_by(Product.popularity.desc(), Product.id)).all()
        return SearchResult(list(everything) if filtered else [], understood)
    ids, suggestion = _search(understood.words, language, LIMIT, with_suggestion=True)
    return SearchResult(ids, understood, suggestion)


def suggest(raw: str, language: str, limit: int = 6) -> list[int]:
    """Product ids for autocomplete: the best matches for the words typed so far."""
    understood = understand(raw, storefront_vocabulary(language))
    return _search(understood.words, language, limit * 3)[0][:limit] if understood.words else []


def init_app(app: Flask) -> None:
    # When this app, in this process, last looked at the change log: the next look is due FOLLOW_EVERY s later.
    app.extensions["search_follow"] = {"checked": float("-inf")}
