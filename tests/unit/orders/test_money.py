"""Order money adds up to the minor unit, whatever the cart."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.commerce import protection_price
from storefront.orders.money import Line, compute, shares

CATEGORIES = ["smartphones", "laptops", "tablets", "consoles", "smartwatches", "headphones"]
COMMISSIONS = {"smartphones": 1200, "laptops": 1000, "tablets": 1100, "consoles": 1000, "smartwatches": 1300, "headphones": 1500}
TAX = [Decimal(0), Decimal("7.25"), Decimal("4.225"), Decimal("6.875")]

lines = st.lists(
    st.builds(Line, offer_id=st.integers(1, 10**6), seller_id=st.integers(1, 5), category=st.sampled_from(CATEGORIES),
              quantity=st.integers(1, 5), unit_price=st.integers(1, 10**7), protection_price=st.integers(0, 10**5)),
    min_size=1, max_size=20)


@settings(max_examples=2000, deadline=None)
@given(lines, st.dictionaries(st.integers(1, 5), st.integers(0, 5000)), st.sampled_from(TAX), st.integers(0, 999))
def test_seller_parts_add_up_to_the_order_and_split_exactly(order_lines, shipping, tax, fee):
    totals = compute(order_lines, shipping, tax, fee, COMMISSIONS)
    assert sum(p.amount for p in totals.parts) == totals.total
    assert totals.total == totals.items + totals.shipping + totals.protection + totals.tax + fee
    for part in totals.parts:
        assert part.commission + part.payout == part.amount
        assert all(isinstance(v, int) for v in (part.amount, part.commission, part.payout, part.tax, part.fee))
    assert len(totals.parts) == len({line.seller_id for line in order_lines})


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**7), min_size=1, max_size=6))
def test_shares_are_exact(total, weights):
    assert sum(shares(total, weights)) == total


def test_protection_plan_price_is_a_whole_unit_in_every_currency():
    assert protection_price(41600, 900, 2) == 3800  # 9 % of €416.00 = €37.44 → €38.00
    assert protection_price(44500, 900, 0) == 4005  # JPY has no minor unit: ￥4,005
