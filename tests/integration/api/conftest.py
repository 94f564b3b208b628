"""Fixtures the API tests share: a rival seller (whose offers a caller must never reach) and a client."""
import pytest

from tests.integration.api.helpers import api_seller, drop_seller


@pytest.fixture(scope="module")
def rival(app):
    made = api_seller(app, offers=3)
    yield made
    drop_seller(app, made)


@pytest.fixture
def api(app):
    return app.test_client()
