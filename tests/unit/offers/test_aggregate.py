"""A device model's price range over its buy boxes (what its structured data announces)."""
from types import SimpleNamespace

from storefront.offers.aggregate import PriceRange, price_range


def entry(price, contenders=1):
    return SimpleNamespace(price=price, contenders=contenders)


def test_the_range_runs_from_the_cheapest_to_the_dearest_buy_box_and_counts_every_offer_compared():
    assert price_range([entry(45900, 3), entry(32900, 1), entry(51900, 2)]) == PriceRange(32900, 51900, 6)


def test_one_buy_box_is_a_range_of_one_price():
    assert price_range([entry(19900, 4)]) == PriceRange(19900, 19900, 4)


def test_nothing_on_sale_has_no_range():
    assert price_range([]) is None
