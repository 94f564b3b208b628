"""DATABASE_URL and TEST_DATABASE_URL as hosting providers write them: PostgreSQL URLs get the psycopg 3 driver."""
import pytest

from config.settings import database_url


@pytest.mark.parametrize("given", ["postgres://shop:pw@db:5432/encore", "postgresql://shop:pw@db:5432/encore"])
def test_postgresql_urls_use_psycopg_3(given):
    assert database_url(given) == "postgresql+psycopg://shop:pw@db:5432/encore"


@pytest.mark.parametrize("given", ["postgresql+psycopg://shop@/encore?host=/run/pg", "sqlite:////srv/encore.db",
                                   "sqlite://", "sqlite:///:memory:"])
def test_other_urls_are_kept_as_they_are(given):
    assert database_url(given) == given


@pytest.mark.parametrize("given", [None, ""])
def test_no_url_is_empty(given):
    assert database_url(given) == ""
