"""Flask extensions, created unbound; `create_app()` binds them. And `read()`, the hot pages' select."""
from collections import namedtuple
from dataclasses import dataclass

from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_limiter import Limiter
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


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
htmx = Htmx()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class Rows(list):
    """The rows of a `read()`, with the Result methods its callers use."""

    def first(self):
        return self[0] if self else None

    def all(self):
        return self

    def scalar(self):
        return self[0][0] if self else None

    def scalars(self):
        return [row[0] for row in self]


@dataclass(frozen=True)
class _Prepared:
    """A select compiled once for a dialect: its SQL, where each parameter comes from, the row type."""

    sql: str
    binds: tuple  # per placeholder: (name the caller passes, or None for a constant; the constant; processor)
    expanding: frozenset  # names of list parameters (`IN (...)`), rendered per call
    row: type
    processors: tuple  # (column index, result processor) for the columns the driver does not return as is


_prepared: dict[tuple, _Prepared | None] = {}  # by (statement, dialect name): statements are module constants


def read(statement, **params) -> Rows:
    """Run a column select on the session's connection: rows that read like objects (`row.slug`), no ORM.

    For the hot read paths (every category and product page). The select is built once at import time
    with bind parameters and compiled once per dialect; with a `?` or `%s` driver it then runs on the
    driver's cursor, which costs about a third of SQLAlchemy's execution and result layers (~15 µs
    instead of ~50 µs for ten rows). Other drivers, and statements read while someone listens to cursor
    events (the statement counters of tests, query recorders), take SQLAlchemy's path: the same rows.
    """
    connection = db.session.connection()
    key = (statement, connection.dialect.name)
    prepared = _prepared[key] if key in _prepared else _prepared.setdefault(key, _prepare(statement, connection.dialect))
    events = connection.dispatch
    if prepared is None or events.before_cursor_execute or events.after_cursor_execute:
        return Rows(connection.execute(statement, params).all())
    sql, values = prepared.sql, []
    for name, constant, process in prepared.binds:
        value = constant if name is None else params[name]
        if name in prepared.expanding:
            if not value:  # SQL has no empty IN list: SQLAlchemy renders its own
                return Rows(connection.execute(statement, params).all())
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join([_PLACEHOLDER[connection.dialect.paramstyle]] * len(value)), 1)
            values.extend(map(process, value) if process else value)
        else:
            values.append(process(value) if process else value)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if prepared.processors:
        rows = [list(row) for row in rows]
        for row in rows:
            for index, process in prepared.processors:
                row[index] = process(row[index])
    make = prepared.row._make
    return Rows(make(row) for row in rows)


_PLACEHOLDER = {"qmark": "?", "format": "%s"}


def _prepare(statement, dialect) -> _Prepared | None:
    if dialect.paramstyle not in _PLACEHOLDER:
        return None
    compiled = statement.compile(dialect=dialect)
    binds, expanding = [], set()
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if bind.literal_execute:
            return None
        if bind.expanding:
            expanding.add(bind.key)
        caller = bind.key if bind.required or bind.expanding else None
        binds.append((caller, None if caller else bind.effective_value, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    columns = statement.selected_columns
    processors = tuple((i, p) for i, c in enumerate(columns) if (p := c.type.dialect_impl(dialect).result_processor(dialect, None)))
    return _Prepared(str(compiled), tuple(binds), frozenset(expanding),
                     namedtuple("Row", list(columns.keys()), rename=True), processors)
