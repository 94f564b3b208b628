"""Rate limits count in one place for every worker: the app's database by default, Redis when configured."""
import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from limits import parse
from limits.storage import MemoryStorage, RedisStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from storefront.ratelimit import SQLStorage, storage_uri

ROOT = Path(__file__).resolve().parents[3]

# One app process on a free loopback port, on the test database; it prints its port and ends itself
# after a minute (SIGALRM) whatever happens, so a failed test leaves nothing running.
WORKER = """
import signal, sys
signal.alarm(60)
from werkzeug.serving import make_server
from config.settings import Test
from storefront import create_app

class Worker(Test):
    SQLALCHEMY_DATABASE_URI = sys.argv[1]
    SEARCH_INDEX_DIR = sys.argv[2]

server = make_server("127.0.0.1", 0, create_app(Worker))
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def workers(app):
    """Base URLs of two app processes sharing the test database, as two gunicorn workers would."""
    args = [app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_INDEX_DIR"]]
    processes = [subprocess.Popen([sys.executable, "-c", WORKER, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
                 for _ in range(2)]
    try:
        ports = [process.stdout.readline().strip() for process in processes]
        assert all(ports), "a worker did not start"
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stdout.close()


def test_wrong_passwords_sent_to_two_workers_are_limited_at_the_configured_count_in_total(app, workers):
    # Cookies are per host, not per port: one browser session across both workers, as behind a load balancer.
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(f"{workers[0]}/en-gb/account/login", timeout=30) as page:
        form = page.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    address = f"two-workers-{uuid.uuid4().hex[:8]}@example.org"

    def attempt(base):
        data = urllib.parse.urlencode({"email": address, "password": "wrong wrong wrong", "csrf_token": token}).encode()
        try:
            with browser.open(f"{base}/en-gb/account/login", data=data, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:  # 422 and 429 are answers here, not failures
            error.close()
            return error.code

    allowed = parse(app.config["RATELIMIT_LOGIN_ACCOUNT"]).amount
    statuses = [attempt(workers[i % 2]) for i in range(allowed + 2)]
    assert statuses == [422] * allowed + [429, 429]  # per worker, each would have allowed `allowed` on its own


def test_counts_are_kept_in_the_apps_database_unless_a_storage_is_configured(app):
    from config.settings import Test
    from storefront import create_app
    from storefront.extensions import limiter

    assert storage_uri("sqlite:////srv/encore.db") == "sqlite:////srv/encore.db"
    assert storage_uri("postgresql+psycopg://shop@db/encore") == "postgresql+psycopg://shop@db/encore"
    assert storage_uri("sqlite://") == storage_uri("sqlite:///:memory:") == "memory://"  # one process's database
    assert isinstance(storage_from_string("memory://"), MemoryStorage)
    limiter.init_app(app)  # one limiter for every app (another test may have built one): the suite's, on a SQLite file
    assert isinstance(limiter.storage, SQLStorage)

    class WithRedis(Test):
        RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

    try:
        create_app(WithRedis)
        assert isinstance(limiter.storage, RedisStorage)
    finally:
        limiter.init_app(app)
    assert isinstance(limiter.storage, SQLStorage)


def test_the_sql_storage_counts_in_fixed_windows_and_forgets(app):
    storage = storage_from_string(app.config["SQLALCHEMY_DATABASE_URI"])  # a second storage: as another worker's
    limiter = FixedWindowRateLimiter(storage)
    limit, key = parse("3 per minute"), uuid.uuid4().hex
    assert [limiter.hit(limit, key) for _ in range(4)] == [True, True, True, False]
    assert not limiter.test(limit, key) and limiter.get_window_stats(limit, key).remaining == 0
    limiter.clear(limit, key)
    assert limiter.test(limit, key) and storage.get(limit.key_for(key)) == 0
    assert storage.incr(f"{key}-gone", expiry=-1) == 1 and storage.incr(f"{key}-gone", expiry=60) == 1  # expired: a new window
    assert storage.check()
    storage.engine.dispose()
