"""Shared fixtures: one migrated, seeded SQLite file per test session; a live server for e2e."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app on a migrated database holding the demo catalog."""
    db_file = tmp_path_factory.mktemp("db") / "encore-test.db"
    from config.settings import Test
    from flask_migrate import upgrade

    from storefront import create_app
    from storefront.demo.seed import seed

    class SeededTest(Test):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{db_file}"
        SEARCH_INDEX_DIR = str(db_file.parent / "search")

    app = create_app(SeededTest)
    with app.app_context():
        upgrade()
        seed(app.extensions["markets"])
    return app


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium: Playwright never downloads a browser here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
