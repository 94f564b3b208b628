"""A returned line gives back its own share, its commission with it; the seller order's split stays exact."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.orders.fulfilment import give_back
from storefront.orders.models import OrderLine, SellerOrder
from storefront.orders.money import Line, compute, shares

COMMISSIONS = {"smartphones": 1200, "laptops": 1000}
lines = st.lists(st.builds(Line, offer_id=st.integers(1, 10**6), seller_id=st.just(1), category=st.sampled_from(list(COMMISSIONS)),
                           quantity=st.integers(1, 3), unit_price=st.integers(1, 10**6), protection_price=st.integers(0, 10**4)),
                 min_size=2, max_size=5)


def seller_order(order_lines, shipping, tax, fee) -> SellerOrder:
    """The one seller's part of an order of these lines, as placing it writes it, every line delivered."""
    part = compute(order_lines, {1: shipping}, tax, fee, COMMISSIONS).parts[0]
    rows = [OrderLine(id=i, status="shipped", quantity=line.quantity, unit_price=line.unit_price,
                      protection_price=line.protection_price, commission=commission)
            for i, (line, commission) in enumerate(zip(part.lines, part.line_commissions, strict=True))]
    return SellerOrder(amount=part.amount, commission=part.commission, payout=part.payout, refunded=0, tax=part.tax, lines=rows)


@settings(max_examples=300, deadline=None)
@given(lines, st.integers(0, 5000), st.sampled_from([Decimal(0), Decimal("7.25")]), st.integers(0, 999),
       st.randoms(use_true_random=False))
def test_returning_lines_refunds_each_its_share_and_keeps_the_split(order_lines, shipping, tax, fee, rnd):
    so = seller_order(order_lines, shipping, tax, fee)
    paid = {line.id: line.items + line.protection + share
            for line, share in zip(so.lines, shares(so.tax, [line.items + line.protection for line in so.lines]), strict=True)}
    order = list(so.lines)
    rnd.shuffle(order)
    returned = order[:rnd.randint(1, len(order))]
    for line in returned:
        commission_before = so.commission
        line.status = "returned"
        amount = give_back(so, line)
        last = not any(other.open for other in so.lines)
        assert amount > 0 and (amount == paid[line.id] if not last else amount >= paid[line.id])
        assert so.commission == commission_before - line.commission >= 0
        assert so.commission + so.payout + so.refunded == so.amount
        assert so.refunded <= so.amount
    if len(returned) < len(order):  # what is kept is exactly what the kept lines were paid, delivery and fee aside
        assert so.refunded == sum(paid[line.id] for line in returned)
    else:
        assert so.refunded == so.amount and so.commission == 0 and so.payout == 0


def test_one_line_of_two_gives_back_that_line_only():
    so = seller_order([Line(1, 1, "smartphones", 1, 40000, 0), Line(2, 1, "laptops", 1, 60000, 3000)], 500, Decimal(0), 0)
    first, second = so.lines
    first.status = "returned"
    assert give_back(so, first) == 40000
    assert (so.refunded, so.commission, so.payout) == (40000, second.commission, so.amount - second.commission - 40000)
