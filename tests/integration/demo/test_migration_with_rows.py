"""Migrations run on a database that already holds rows: changing a constraint must not trip on the foreign keys
pointing at the table (SQLite changes one by copying the table and dropping the old)."""
import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, make_url, text

from tests.conftest import session_database

BEFORE_STAFF = "9d2c6b83b3bb"  # the revision before staff roles, offer status and the audit log

ROWS = [
    "INSERT INTO category (id, slug, position) VALUES (1, 'smartphones', 0)",
    "INSERT INTO brand (id, slug, name) VALUES (1, 'apple', 'Apple')",
    "INSERT INTO seller (id, slug, name, country, founded, status, markets, tagline, defect_rate, return_rate,"
    " cancellation_rate, on_time_rate) VALUES (1, 'atelier', 'Atelier', 'FR', 2015, 'approved', '[\"fr-fr\"]', '',"
    " 0.01, 0.02, 0.01, 0.98)",
    "INSERT INTO product (id, slug, name, brand_id, category_id, release_year, specs, footprint_kg, weight_g, popularity)"
    " VALUES (1, 'iphone-13', 'iPhone 13', 1, 1, 2021, '{}', 64, 174, 90)",
    "INSERT INTO variant (id, product_id, storage_gb, color_name, color_family, color_hex, keyboard)"
    " VALUES (1, 1, 128, 'Midnight', 'black', '#111111', '')",
    "INSERT INTO offer (id, sku, seller_id, variant_id, grade, stock, battery_floor, warranty_months)"
    " VALUES (1, 'AT-1', 1, 1, 'good', 3, 85, 12)",
    "INSERT INTO offer_price (id, offer_id, market, amount, shipping) VALUES (1, 1, 'fr-fr', 39900, '[]')",
    "INSERT INTO \"user\" (id, email, password_hash, name, role, seller_id, active, created_at)"
    " VALUES (1, 'seller@example.org', 'x', 'Sam', 'seller', 1, true, '2026-12-01 10:00:00')",
    "INSERT INTO address (id, user_id, country, fields) VALUES (1, 1, 'FR', '{}')",
]


@pytest.fixture
def empty_database(database_url):
    """A second, empty database next to the session's."""
    if session_database() == "sqlite":
        yield database_url.replace("encore-test.db", f"rows-{uuid.uuid4().hex[:8]}.db")
        return
    name = f"rows_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_the_staff_migration_keeps_every_row_and_reference(app, empty_database, tmp_path):
    from config.settings import Test
    from storefront import create_app
    from storefront.extensions import db, limiter

    suite_app = app
    class Rows(Test):
        SQLALCHEMY_DATABASE_URI = empty_database
        SEARCH_INDEX_DIR = str(tmp_path / "search")

    app = create_app(Rows)
    with app.app_context():
        try:
            upgrade(revision=BEFORE_STAFF)
            with db.engine.begin() as connection:
                for statement in ROWS:
                    connection.execute(text(statement))
            upgrade()
            with db.engine.connect() as connection:
                assert connection.execute(text("SELECT status, status_reason, stock FROM offer")).one() == ("live", "", 3)
                assert connection.execute(text("SELECT role, language, seller_id FROM \"user\"")).one() == ("seller", "en", 1)
                assert connection.execute(text("SELECT count(*) FROM address WHERE user_id = 1")).scalar() == 1
                assert connection.execute(text("SELECT count(*) FROM offer_price WHERE offer_id = 1")).scalar() == 1
            # The new constraints hold: an unknown role or offer status is refused.
            for bad in ("UPDATE \"user\" SET role = 'overlord'", "UPDATE offer SET status = 'gone'"):
                with pytest.raises(Exception, match=r"(?i)check"), db.engine.begin() as connection:
                    connection.execute(text(bad))
            downgrade(revision=BEFORE_STAFF)
            with db.engine.connect() as connection:
                assert connection.execute(text("SELECT count(*) FROM address")).scalar() == 1
        finally:
            db.session.remove()
            db.engine.dispose()
            # One limiter serves every app: the app made here bound it to this database, which goes.
            limiter.init_app(suite_app)
