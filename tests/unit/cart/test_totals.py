"""The cart page's total: every line still on sale, before delivery."""
from types import SimpleNamespace

from storefront.cart.totals import total_before_delivery


def line(total, available=True):
    return SimpleNamespace(total=total, available=available)


def test_the_total_adds_the_lines_on_sale_and_leaves_out_the_sold_out_ones():
    assert total_before_delivery([line(45900), line(12000), line(32900, available=False)]) == 57900


def test_an_empty_cart_costs_nothing():
    assert total_before_delivery([]) == 0
