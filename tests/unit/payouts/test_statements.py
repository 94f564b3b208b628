"""A payout statement adds up to the cent: its rows to what the shopper paid, its totals to its rows, its net to
the seller orders' payouts; a refunded line gives its whole recorded commission back."""
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.orders.money import Line, compute
from storefront.payouts import periods
from storefront.payouts.periods import Period
from storefront.payouts.services import major
from storefront.payouts.statements import Refund, Sale, SoldLine, Statement, by_currency, sale_rows

COMMISSIONS = {"smartphones": 1200, "laptops": 1000, "headphones": 1500}
AT = datetime(2026, 11, 3, 10, 0)

order_lines = st.lists(
    st.builds(Line, offer_id=st.integers(1, 10**6), seller_id=st.just(1), category=st.sampled_from(sorted(COMMISSIONS)),
              quantity=st.integers(1, 5), unit_price=st.integers(1, 10**7), protection_price=st.integers(0, 10**5)),
    min_size=1, max_size=12)


def rows_of(part, currency="EUR", number="EC-1", at=AT):
    lines = [SoldLine(f"item {i}", line.category, line.items, line.protection, COMMISSIONS[line.category], commission)
             for i, (line, commission) in enumerate(zip(part.lines, part.line_commissions, strict=True))]
    return sale_rows(number, at, "fr-fr", currency, lines, part.tax, part.shipping + part.fee, "Delivery and fees")


@settings(max_examples=200, deadline=None)
@given(order_lines, st.integers(0, 5000), st.sampled_from([Decimal(0), Decimal("7.25"), Decimal("4.225")]), st.integers(0, 999))
def test_a_seller_orders_rows_add_up_to_what_the_shopper_paid_and_its_recorded_commission(lines, shipping, tax, fee):
    part = compute(lines, {1: shipping}, tax, fee, COMMISSIONS).parts[0]
    (statement,) = by_currency(rows_of(part), [])
    assert statement.sales_total == part.amount
    assert statement.commission == part.commission
    assert statement.net == part.payout


sales = st.lists(st.builds(Sale, order_number=st.text(min_size=1, max_size=8), at=st.datetimes(), market=st.just("fr-fr"),
                           currency=st.sampled_from(["EUR", "SEK", "JPY"]), item=st.text(max_size=10), category=st.just(""),
                           devices=st.integers(0, 10**8), extras=st.integers(0, 10**6), commission_bps=st.integers(0, 2000),
                           commission=st.integers(0, 10**7)), max_size=30)
refunds = st.lists(st.builds(Refund, order_number=st.text(min_size=1, max_size=8), at=st.datetimes(), market=st.just("fr-fr"),
                             currency=st.sampled_from(["EUR", "SEK", "JPY"]), item=st.text(max_size=10), category=st.just(""),
                             amount=st.integers(0, 10**8), commission_back=st.integers(0, 10**7)), max_size=10)


@settings(max_examples=150, deadline=None)
@given(sales, refunds)
def test_totals_are_the_sums_of_the_lines_to_the_cent_in_each_currency(sale_list, refund_list):
    statements = by_currency(sale_list, refund_list)
    assert [s.currency for s in statements] == sorted({r.currency for r in [*sale_list, *refund_list]})
    for statement in statements:
        mine = [s for s in sale_list if s.currency == statement.currency]
        back = [r for r in refund_list if r.currency == statement.currency]
        assert statement.sales_total == sum(s.devices + s.extras for s in mine)
        assert statement.commission == sum(s.commission for s in mine)
        assert statement.refunds_total == sum(r.amount for r in back)
        assert statement.commission_back == sum(r.commission_back for r in back)
        assert statement.net == (statement.sales_total - statement.commission - statement.refunds_total
                                 + statement.commission_back)
        assert sorted(statement.sales, key=id) == sorted(mine, key=id)


def test_a_refunded_line_gives_its_whole_commission_back_so_sale_and_refund_months_add_up_to_the_payout():
    part = compute([Line(1, 1, "smartphones", 1, 41_700), Line(2, 1, "headphones", 2, 9_999)], {1: 0}, Decimal(0), 0,
                   COMMISSIONS).parts[0]
    sold = Statement("EUR", rows_of(part))
    refunded_line = sold.sales[0]
    assert refunded_line.commission == 5_004  # 12 % of 417.00, recorded at order time
    december = Statement("EUR", [], [Refund("EC-1", datetime(2026, 12, 1), "fr-fr", "EUR", "item 0", "smartphones",
                                            refunded_line.amount, refunded_line.commission)])
    assert december.net == -41_700 + 5_004
    kept = part.lines[1].items
    assert sold.net + december.net == kept - part.line_commissions[1]  # only the headphones earn commission


def test_the_tax_is_split_over_the_lines_exactly_and_delivery_is_a_row_without_commission():
    lines = [SoldLine("a", "laptops", 100, 0, 1000, 10)] * 3
    rows = sale_rows("EC-2", AT, "en-us", "USD", lines, tax=100, shipping_and_fee=499, delivery_label="Delivery")
    assert [r.extras for r in rows] == [34, 33, 33, 499]
    assert rows[-1].item == "Delivery" and rows[-1].commission == 0 and rows[-1].category == ""
    assert sum(r.amount for r in rows) == 300 + 100 + 499


def test_no_delivery_row_when_there_is_nothing_to_deliver_for():
    assert len(sale_rows("EC-3", AT, "fr-fr", "EUR", [SoldLine("a", "laptops", 100, 0, 1000, 10)], 0, 0, "D")) == 1


@pytest.mark.parametrize(("amount", "currency", "text"), [
    (123_450, "EUR", "1234.50"), (-5, "EUR", "-0.05"), (0, "SEK", "0.00"), (12_345, "JPY", "12345"), (-7, "JPY", "-7"),
])
def test_amounts_in_the_csv_are_plain_decimals_in_the_currencys_unit(amount, currency, text):
    assert major(amount, currency) == text


NOW = datetime(2026, 12, 7, 18, 0)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "junk", "", "2026-1", "202612", "2027-01", "1999-12", "2026-12x"])
def test_a_bad_or_future_period_is_none(text):
    assert periods.parse(text, NOW) is None


def test_a_period_is_a_utc_calendar_month_up_to_the_current_one():
    assert periods.parse("2026-12", NOW) == Period(2026, 12)
    january = periods.parse("2026-01", NOW)
    assert (january.start, january.end) == (datetime(2026, 1, 1), datetime(2026, 2, 1))
    assert Period(2025, 12).end == datetime(2026, 1, 1) and Period(2026, 1).previous() == Period(2025, 12)
    assert january.holds(datetime(2026, 1, 31, 23, 59, 59)) and not january.holds(datetime(2026, 2, 1))


def test_the_months_listed_run_from_the_first_sale_to_now_newest_first():
    assert periods.since(datetime(2026, 10, 30), NOW) == [Period(2026, 12), Period(2026, 11), Period(2026, 10)]
    assert periods.since(None, NOW) == [Period(2026, 12)]
    assert len(periods.since(datetime(2001, 1, 1), NOW)) == 24
