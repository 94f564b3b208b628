"""Can this offer be sold: one rule, the same on plain values and in SQL."""
import pytest
from sqlalchemy.dialects import postgresql, sqlite

from storefront.offers.availability import sellable
from storefront.offers.models import Offer
from storefront.sellers.models import Seller


@pytest.mark.parametrize(("stock", "status", "expected"), [
    (1, "approved", True),
    (40, "approved", True),
    (0, "approved", False),
    (3, "suspended", False),
    (3, "pending", False),
    (0, "suspended", False),
])
def test_only_stock_from_an_approved_seller_is_sellable(stock, status, expected):
    assert sellable(stock, status) is expected


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_the_same_rule_is_a_where_clause_on_columns(dialect):
    sql = str(sellable(Offer.stock, Seller.status).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    assert sql == "offer.stock > 0 AND seller.status = 'approved'"
