"""Delivery windows count working days only."""
from datetime import date

from storefront.offers.shipping import Delivery, add_business_days, deliveries, delivery_window, is_free


def test_weekends_do_not_count():
    friday = date(2026, 11, 27)
    assert add_business_days(friday, 1) == date(2026, 11, 30)  # Monday
    assert add_business_days(friday, 3) == date(2026, 12, 2)


def test_window_spans_the_option_delays():
    monday = date(2026, 11, 23)
    assert delivery_window({"days_min": 2, "days_max": 4}, monday) == (date(2026, 11, 25), date(2026, 11, 27))


STANDARD = {"code": "standard", "price": 0, "days_min": 2, "days_max": 4}
EXPRESS = {"code": "express", "price": 799, "days_min": 1, "days_max": 2}


def test_an_option_is_free_when_it_costs_nothing():
    assert is_free(STANDARD)
    assert not is_free(EXPRESS)
    assert not is_free({**STANDARD, "price": 1})  # a standard option a seller charges for is not free
    assert is_free({**EXPRESS, "price": 0})


def test_deliveries_carry_price_freeness_and_window_per_option():
    monday = date(2026, 11, 23)
    standard, express = deliveries([STANDARD, EXPRESS], monday)
    assert standard == Delivery("standard", 0, True, date(2026, 11, 25), date(2026, 11, 27))
    assert express == Delivery("express", 799, False, date(2026, 11, 24), date(2026, 11, 25))
    assert deliveries([], monday) == []
