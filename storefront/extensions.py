"""Flask extensions, created unbound; `create_app()` binds them. And `read()`, the hot pages' select."""
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import flask_limiter
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signer built once per set of keys: Flask builds one for
    every request (~10 µs: itsdangerous tries the serializer out on each build)."""

    _built: tuple | None = None

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        built = self._built
        if built is None or built[0] != keys:
            built = self._built = (keys, super().get_signing_serializer(app))
        return built[1]


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, counting in the app's database (ratelimit.py) when RATELIMIT_STORAGE_URI is unset."""

    def init_app(self, app) -> None:
        from . import ratelimit  # noqa: PLC0415  (its table lives on `db`'s metadata, so it imports this module)

        # Every worker and node then shares the same counters, with no extra server to run.
        if not app.config.get("RATELIMIT_STORAGE_URI"):
            with app.app_context():  # the engine's URL: Flask-SQLAlchemy places a relative SQLite file in instance/
                database_uri = db.engine.url.render_as_string(hide_password=False)
            app.config["RATELIMIT_STORAGE_URI"] = ratelimit.storage_uri(database_uri)
        super().init_app(app)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
htmx = Htmx()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def skip_unneeded_limit_check(app, limiter: Limiter) -> bool:
    """Drop the limiter's check before every request when only route decorators limit (they check as
    they run): with no default, application, blueprint or meta limit and no storage fallback, that
    check finds nothing, at ~0.08 ms a request. Call once the blueprints are registered; True if dropped.
    """
    manager = limiter.limit_manager
    if (not limiter.enabled or manager.default_limits or manager.application_limits or manager._blueprint_limits
            or limiter._meta_limits or limiter._in_memory_fallback_enabled):
        return False
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    return True


class Rows(list):
    """The rows of a `read()`, with the Result methods its callers use."""

    def first(self):
        return self[0] if self else None

    def all(self):
        return self

    def scalar(self):
        return self[0][0] if self else None

    def scalars(self) -> "Rows":
        return Rows(row[0] for row in self)


class _Bind(NamedTuple):
    key: str  # the name a caller passes: bindparam("market") → market=
    name: str  # its name in the compiled SQL (an IN list's marker)
    default: object  # the value when the caller passes none (a literal in the statement)
    required: bool
    expanding: bool  # an IN list, rendered per call
    process: object  # the type's bind processor, or None


@dataclass(frozen=True)
class _Prepared:
    """A select compiled once for a dialect: its SQL, its parameters in order, the row type."""

    sql: str
    binds: tuple[_Bind, ...]
    row: type
    processors: tuple  # (column index, result processor) for the columns the driver does not return as is


_MISSING = object()


def read(statement, **params) -> Rows:
    """Run a column select on the session's connection: rows that read like objects (`row.slug`), no ORM.

    For the hot read paths (every category and product page). The select is built once at import time
    with bind parameters and compiled once per dialect; with a `?` driver (SQLite) it then runs on the
    driver's cursor, which costs about a third of SQLAlchemy's execution and result layers (~15 µs
    instead of ~50 µs for ten rows). Pending ORM changes are flushed first, as a session query would.
    SQLAlchemy's own path, which gives the same rows, runs instead for other drivers, with `echo` on,
    while someone listens to cursor events (the statement counters of tests, query recorders), and
    to report a driver error (wrapped, with a lost connection invalidated).
    """
    session = db.session()
    if session.autoflush:
        session.flush()  # returns at once when nothing is pending
    connection = session.connection()
    prepared = _prepare(statement, connection.dialect)
    events = connection.dispatch
    if (prepared is None or events.before_cursor_execute or events.after_cursor_execute
            or connection.engine.echo):
        return Rows(connection.execute(statement, params).all())
    sql, values = prepared.sql, []
    for bind in prepared.binds:
        value = params.get(bind.key, _MISSING)
        if value is _MISSING:
            if bind.required:  # SQLAlchemy says which one is missing
                return Rows(connection.execute(statement, params).all())
            value = bind.default
        if bind.expanding:
            if not value:  # SQL has no empty IN list: SQLAlchemy renders its own
                return Rows(connection.execute(statement, params).all())
            sql = sql.replace(f"__[POSTCOMPILE_{bind.name}]", ", ".join("?" * len(value)), 1)
            values.extend(map(bind.process, value) if bind.process else value)
        else:
            values.append(bind.process(value) if bind.process else value)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    except connection.dialect.loaded_dbapi.Error:
        return Rows(connection.execute(statement, params).all())
    finally:
        cursor.close()
    if prepared.processors:
        rows = [list(row) for row in rows]
        for row in rows:
            for index, process in prepared.processors:
                row[index] = process(row[index])
    make = prepared.row._make
    return Rows(make(row) for row in rows)


@lru_cache(maxsize=256)
def _prepare(statement, dialect) -> _Prepared | None:
    """`statement` compiled for `dialect`, or None where the driver path does not apply."""
    if dialect.paramstyle != "qmark":
        return None
    compiled = statement.compile(dialect=dialect)
    binds = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if bind.literal_execute or bind.callable is not None:
            return None
        binds.append(_Bind(bind.key, name, bind.value, bind.required, bind.expanding,
                           bind.type.dialect_impl(dialect).bind_processor(dialect)))
    columns = statement.selected_columns
    processors = tuple((i, p) for i, c in enumerate(columns)
                       if (p := c.type.dialect_impl(dialect).result_processor(dialect, None)))
    return _Prepared(str(compiled), tuple(binds), namedtuple("Row", list(columns.keys()), rename=True), processors)
