"""The return window: the longer of the free-return promise and the legal withdrawal period, in days from
delivery, up to the end of the last day in the shopper's country."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from storefront.care.returns import deadline, last_day, window_days
from storefront.markets.registry import Market


def market(country="FR", free=30, withdrawal=14) -> Market:
    return Market(code="xx-xx", country=country, locale="en_GB", currency="EUR", tax_display="incl_vat", vat_rate=Decimal(20),
                  withdrawal_days=withdrawal, free_return_days=free, warranty_months=12, legal_guarantee_months=24)


@pytest.mark.parametrize("free, withdrawal, days", [(30, 14, 30), (14, 30, 30), (0, 14, 14), (30, 0, 30)])
def test_the_window_is_the_longer_of_the_promise_and_the_law(free, withdrawal, days):
    assert window_days(market(free=free, withdrawal=withdrawal)) == days


def test_the_window_ends_at_the_end_of_the_last_local_day():
    paris = market("FR")
    delivered = datetime(2026, 11, 1, 9, 0)  # 10:00 in Paris
    assert last_day(delivered, paris) == date(2026, 12, 1)
    assert deadline(delivered, paris) == datetime(2026, 12, 1, 23, 0)  # midnight in Paris (winter time, UTC+1)


def test_a_delivery_late_in_the_evening_counts_in_the_local_day():
    tokyo = market("JP", free=30, withdrawal=0)
    delivered = datetime(2026, 11, 1, 16, 30)  # already 2 November, 01:30, in Tokyo
    assert last_day(delivered, tokyo) == date(2026, 12, 2)
    assert deadline(delivered, tokyo) == datetime(2026, 12, 2, 15, 0)


def test_a_country_with_several_zones_counts_in_its_westmost():
    us = market("US", free=30, withdrawal=0)
    delivered = datetime(2026, 11, 2, 3, 0)  # 1 November in Hawaii (and in California), 2 November in New York
    assert last_day(delivered, us) == date(2026, 12, 1)
    assert deadline(delivered, us) == datetime(2026, 12, 2, 10, 0)  # midnight in Honolulu (UTC−10)


def test_the_window_spans_a_clock_change_without_losing_an_hour():
    london = market("GB", free=30, withdrawal=14)
    delivered = datetime(2026, 10, 10, 12, 0)  # summer time; the window ends in winter time
    assert deadline(delivered, london) == datetime(2026, 11, 10, 0, 0)
