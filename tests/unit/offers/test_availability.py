"""Can this offer be sold: one rule, the same on plain values and in SQL."""
import pytest
from sqlalchemy.dialects import postgresql, sqlite

from storefront.offers.availability import sellable
from storefront.offers.models import Offer
from storefront.sellers.models import Seller


@pytest.mark.parametrize(("stock", "offer_status", "status", "expected"), [
    (1, "live", "approved", True),
    (40, "live", "approved", True),
    (0, "live", "approved", False),
    (3, "live", "suspended", False),
    (3, "live", "pending", False),
    (0, "live", "suspended", False),
    (3, "paused", "approved", False),
    (3, "suspended", "approved", False),
])
def test_only_live_stock_from_an_approved_seller_is_sellable(stock, offer_status, status, expected):
    assert sellable(stock, offer_status, status) is expected


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_the_same_rule_is_a_where_clause_on_columns(dialect):
    sql = str(sellable(Offer.stock, Offer.status, Seller.status).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    assert sql == "offer.stock > 0 AND offer.status = 'live' AND seller.status = 'approved'"
