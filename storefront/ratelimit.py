"""Rate-limit counters in a SQL table: limits shared by every worker and node with no extra server.

A storage for the `limits` library (which Flask-Limiter runs on), registered for the database URL
schemes below. With RATELIMIT_STORAGE_URI unset, the limiter uses it on the app's own database
(SQLALCHEMY_DATABASE_URI); set RATELIMIT_STORAGE_URI=redis://… to use Redis instead.

It runs on its own engine, never on the request's session: a request that rolls back keeps its
counted attempts, and a count is committed the moment it is made.
"""
from __future__ import annotations

import os
import time

from limits.storage import Storage
from sqlalchemy import Column, Float, Integer, String, Table, case, create_engine, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

counters = Table(
    "rate_limit_counter", db.metadata,
    Column("key", String(255), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),  # seconds since the epoch
)

# Both dialects have INSERT … ON CONFLICT DO UPDATE … RETURNING (SQLite from 3.35).
UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def storage_uri(database_uri: str) -> str:
    """The limiter storage for an app whose database is `database_uri`: that database, unless it lives in memory."""
    url = make_url(database_uri)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return "memory://"  # a database of one process: nothing to share, and another engine would not see it
    return database_uri


class SQLStorage(Storage):
    """Fixed-window counters, one row per key; each count is one atomic upsert."""

    STORAGE_SCHEME = ["sqlite", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.uri = uri
        self.engines: dict[int, Engine] = {}  # per process id

    @property
    def engine(self) -> Engine:
        """This process's engine, made on first use: a forked worker never shares its parent's connections."""
        # The parent's engine stays referenced, so its connections are not closed under the parent either.
        engine = self.engines.get(os.getpid())
        if engine is None:
            is_sqlite = make_url(self.uri).get_backend_name() == "sqlite"
            # Writers to one SQLite file wait for each other (as the app's engine does) rather than fail.
            engine = self.engines[os.getpid()] = create_engine(self.uri, connect_args={"timeout": 15} if is_sqlite else {})
        return engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` more for `key`: a fresh window once the last one expired. Returns the new count."""
        now = time.time()
        stmt = UPSERTS[self.engine.dialect.name](counters).values(key=key, count=amount, expires_at=now + expiry)
        expired = counters.c.expires_at <= now
        stmt = stmt.on_conflict_do_update(index_elements=[counters.c.key], set_={
            "count": case((expired, stmt.excluded["count"]), else_=counters.c.count + stmt.excluded["count"]),
            "expires_at": case((expired, stmt.excluded.expires_at), else_=counters.c.expires_at),
        }).returning(counters.c.count)
        with self.engine.begin() as connection:
            count = connection.execute(stmt).scalar_one()
            if count == amount:  # a new window: a good moment to drop the counters nobody renewed
                connection.execute(delete(counters).where(counters.c.expires_at < now))
        return count

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(counters.c.count).where(self._live(key))) or 0

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as connection:
            return connection.scalar(select(counters.c.expires_at).where(self._live(key))) or time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(counters)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(counters).where(counters.c.key == key))

    @staticmethod
    def _live(key: str):
        return (counters.c.key == key) & (counters.c.expires_at > time.time())
