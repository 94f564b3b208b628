"""An order line's amount, as the order page and the confirmation e-mail print it."""
from storefront.orders.models import OrderLine


def test_a_line_costs_its_unit_price_times_its_quantity_without_the_protection_plan():
    assert OrderLine(unit_price=45900, quantity=2, protection_price=3900).items == 91800
    assert OrderLine(unit_price=45900, quantity=1, protection_price=0).items == 45900
