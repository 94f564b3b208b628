"""Flask extensions, created unbound; `create_app()` binds them. And `read()`, the hot pages' select."""
import flask_limiter
from flask_babel import Babel
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
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


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, counting in the app's database (ratelimit.py) when RATELIMIT_STORAGE_URI is unset."""

    def init_app(self, app) -> None:
        from . import ratelimit

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
login_manager = LoginManager()
mailman = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


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


def read(statement, **params) -> Rows:
    """Run a column select on the session's connection: rows that read like objects (`row.slug`), no ORM.

    For the hot read paths (every category and product page). The select is built once at import time
    with bind parameters, so SQLAlchemy's compiled cache compiles it once per dialect. Run on the
    connection, it skips the ORM's execution layer: about half the cost of the same select through the
    session, a third of loading entities. Pending ORM changes are flushed first, as a session query would.
    """
    session = db.session()
    if session.autoflush:
        session.flush()  # returns at once when nothing is pending
    return Rows(session.connection().execute(statement, params).all())
