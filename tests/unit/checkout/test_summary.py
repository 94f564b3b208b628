"""What the checkout summary gives its template, and the order of the checkout's steps."""
from decimal import Decimal

from storefront.checkout.services import Summary, missing_step


def summary(rate: str) -> Summary:
    return Summary(totals=None, tax_rate=Decimal(rate), options={}, delivery={}, line_items={})


def test_the_sales_tax_rate_is_printed_as_a_share():
    assert summary("6.25").tax_share == 0.0625
    assert summary("0").tax_share == 0.0
    assert summary("10.5").tax_share == 0.105


def test_the_missing_step_is_the_first_one_not_done_before_the_asked_one():
    assert missing_step([], "review") == "address"
    assert missing_step(["address"], "review") == "delivery"
    assert missing_step(["address", "delivery"], "payment") is None
    assert missing_step(["address", "delivery"], "review") == "payment"
    assert missing_step(["address", "delivery", "payment"], "review") is None
    assert missing_step([], "address") is None
