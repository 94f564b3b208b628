"""Shared fixtures: one migrated, seeded database per test session; a live server for e2e.

The database is SQLite (a file in the session's temporary directory) unless ENCORE_TEST_DB=postgresql:
then a private PostgreSQL server is started for the session (tests/postgres.py) and stopped at its end.
`make test` runs the suite once on each.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

from tests import postgres

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
DATABASES = ("sqlite", "postgresql")
SERVED = pytest.StashKey[str]()  # the PostgreSQL server's version, once one was started


def session_database() -> str:
    """The database the session runs on: ENCORE_TEST_DB, SQLite when unset."""
    return os.environ.get("ENCORE_TEST_DB") or "sqlite"


def pytest_configure(config):
    if session_database() not in DATABASES:
        raise pytest.UsageError(f"ENCORE_TEST_DB={session_database()!r}: use one of {', '.join(DATABASES)}")


def pytest_report_header(config):
    if session_database() == "sqlite":
        return (f"database: sqlite {sqlite3.sqlite_version} (a file in the session's temporary directory; "
                "ENCORE_TEST_DB=postgresql for PostgreSQL)")
    try:
        binaries = postgres.bin_dir()
        version = subprocess.run([binaries / "postgres", "--version"], capture_output=True, text=True).stdout.strip()
    except (RuntimeError, OSError) as error:
        version = f"not found ({error})"
    return f"database: postgresql, a private server started for this session: {version}"


def pytest_terminal_summary(terminalreporter, config):
    if session_database() == "postgresql":
        served = config.stash.get(SERVED, None)
        terminalreporter.write_line(f"database: postgresql {served}, a private server, now stopped and removed" if served
                                    else "database: postgresql (no test needed the database)")
    else:
        terminalreporter.write_line(f"database: sqlite {sqlite3.sqlite_version}")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, pytestconfig):
    """The session database's URL: a SQLite file, or a PostgreSQL server that lives as long as the session."""
    if session_database() == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'encore-test.db'}"
        return
    server = postgres.Server()
    try:
        url = server.start()
        pytestconfig.stash[SERVED] = server.version
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """The app on a migrated database holding the demo catalog."""
    from flask_migrate import upgrade

    from config.settings import Test
    from storefront import create_app
    from storefront.demo.seed import seed
    from storefront.extensions import db

    search_dir = tmp_path_factory.mktemp("search")

    class SeededTest(Test):
        SQLALCHEMY_DATABASE_URI = database_url
        SEARCH_INDEX_DIR = str(search_dir)
        APPLICATION_FILES_DIR = str(tmp_path_factory.mktemp("applications"))
        INSPECTION_FILES_DIR = str(tmp_path_factory.mktemp("inspections"))

    storages = _RateLimitStorages()
    app = None
    try:
        app = create_app(SeededTest)
        with app.app_context():
            upgrade()
            seed(app.extensions["markets"])
        yield app
    finally:
        # Every connection is closed before the database goes: one left to the garbage collector is a
        # ResourceWarning (an error here), and a PostgreSQL server would wait for it.
        if app is not None:
            with app.app_context():
                db.session.remove()
                for engine in db.engines.values():
                    engine.dispose()
        storages.dispose()


class _RateLimitStorages:
    """The SQL rate-limit storages made from now on, kept until `dispose()` closes their connections.

    Each create_app() binds the one limiter to a new storage; the storage it replaces would otherwise be
    collected with its connections open."""

    def __init__(self):
        from storefront.ratelimit import SQLStorage

        self.cls, self.init, self.made = SQLStorage, SQLStorage.__init__, []
        made, init = self.made, self.init

        def keep(storage, *args, **kwargs):
            init(storage, *args, **kwargs)
            made.append(storage)

        SQLStorage.__init__ = keep

    def dispose(self) -> None:
        self.cls.__init__ = self.init
        for storage in self.made:
            for engine in storage.engines.values():
                engine.dispose()
        self.made.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(app):
    """The app served on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium: Playwright never downloads a browser here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
