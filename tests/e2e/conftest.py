"""Browser tests: phone and desktop viewports against the live server."""
import os

import pytest
from playwright.sync_api import expect

# Assertions wait for what they expect up to 15 s, not Playwright's 5: `make test` runs the SQLite and PostgreSQL
# suites side by side on two cores, and a cold first page can take longer than 5 s there. No test measures speed.
expect.set_options(timeout=15_000)

VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
# On SQLite every viewport test runs at both sizes; on PostgreSQL at desktop size only. What a page does at 360 px
# does not depend on the database, nor what the database does on the viewport, and `make test` must stay under
# 30 minutes on two cores.
SIZES = list(VIEWPORTS) if os.environ.get("ENCORE_TEST_DB", "sqlite") == "sqlite" else ["desktop"]


@pytest.fixture(params=SIZES)
def viewport(request):
    return request.param, VIEWPORTS[request.param]


@pytest.fixture
def page_at(browser, viewport):
    """A fresh page at the viewport under test."""
    _name, size = viewport
    context = browser.new_context(viewport=size)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def public_url_is_the_live_server(app, live_server, monkeypatch):
    """Links the shop hands out (the payment page's way back, e-mails) lead to the server the browser uses."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server)
