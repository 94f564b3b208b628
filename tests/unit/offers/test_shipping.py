"""Delivery windows count working days only."""
from datetime import date

from storefront.offers.shipping import add_business_days, delivery_window


def test_weekends_do_not_count():
    friday = date(2026, 11, 27)
    assert add_business_days(friday, 1) == date(2026, 11, 30)  # Monday
    assert add_business_days(friday, 3) == date(2026, 12, 2)


def test_window_spans_the_option_delays():
    monday = date(2026, 11, 23)
    assert delivery_window({"days_min": 2, "days_max": 4}, monday) == (date(2026, 11, 25), date(2026, 11, 27))
