"""What a cancelled line gives back, and what counts as an IMEI, a serial or a tracking number."""
import pytest

from storefront.orders.fulfilment import TRACKING, parse_unit, refund_amount, status_of
from storefront.orders.models import OrderLine, SellerOrder
from storefront.safety import luhn_ok


def seller_order(tax=0, shipping=499, fee=0):
    lines = [OrderLine(id=1, quantity=1, unit_price=10000, protection_price=0, status="awaiting_acceptance"),
             OrderLine(id=2, quantity=2, unit_price=3333, protection_price=500, status="awaiting_acceptance")]
    items = sum(line.items + line.protection for line in lines)
    return SellerOrder(lines=lines, tax=tax, shipping=shipping, fee=fee, amount=items + tax + shipping + fee, refunded=0)


def cancel(so, line_id):
    line = next(line for line in so.lines if line.id == line_id)
    line.status = "refused"
    amount = refund_amount(so, line)
    so.refunded += amount
    return amount


def test_a_line_gives_back_its_devices_protection_and_share_of_tax_and_the_last_one_everything_left():
    so = seller_order(tax=1375, shipping=499, fee=99)
    first = cancel(so, 2)
    assert first == 2 * 3333 + 2 * 500 + 1375 * (2 * 3833) // (10000 + 2 * 3833) + 1  # 597 of 1375, rounded exactly
    last = cancel(so, 1)
    assert first + last == so.amount and status_of(so.lines) == "cancelled"


def test_without_tax_a_line_gives_back_what_it_cost_and_delivery_stays_while_a_line_is_left():
    so = seller_order()
    assert cancel(so, 1) == 10000
    assert status_of(so.lines) == "awaiting_acceptance"
    assert cancel(so, 2) == 2 * 3833 + 499


@pytest.mark.parametrize("text, expected", [
    ("356938035643809", ("356938035643809", None)),
    (" 35 693803 5643809 ", ("356938035643809", None)),
    ("f2lxk0abc123", (None, "F2LXK0ABC123")),
    ("SN-12-34", (None, "SN-12-34")),
])
def test_an_imei_has_15_digits_and_a_valid_check_digit_else_it_is_a_serial(text, expected):
    assert parse_unit(text) == expected


@pytest.mark.parametrize("text", ["356938035643808", "35693803564380", "12345", "", "ab", "SN_1234", "ＡＢＣ１２３４５"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_unit(text)


def test_luhn_and_tracking_numbers():
    assert luhn_ok("490154203237518") and not luhn_ok("490154203237519")
    assert TRACKING.fullmatch("CX123456789IE") and not TRACKING.fullmatch("AB12") and not TRACKING.fullmatch("AB 1234")
