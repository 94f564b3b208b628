"""Payout statements in the portal and the back office: the lines with their recorded commission, refunds with
their commission given back, the net that reconciles with the seller orders' payouts, the CSV; nothing of
another seller's; bad or future months are a 404 that says so."""
import csv
import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from storefront.extensions import db
from storefront.orders import fulfilment
from storefront.orders.models import Order, OrderLine, SellerOrder
from storefront.payouts import periods
from tests.integration.orders.helpers import approved_sellers, offers_of, paid_order, seller_order_of
from tests.integration.staff.helpers import staff_client

NOW = periods.of(datetime.utcnow())
LAST = NOW.previous()


@pytest.fixture(scope="module")
def sellers(app):
    return approved_sellers(app, 2)


@pytest.fixture(scope="module")
def orders(app, sellers):
    """Seller A: an order of two devices this month, one of whose lines it refused (refunded); an order placed
    last month; an item whose title a spreadsheet would run as a formula."""
    a = sellers[0]
    offers = offers_of(app, a, 3)
    kept = paid_order(app, [offers[0], offers[1]])
    so_id, line_ids = seller_order_of(app, kept, a)
    with app.app_context():
        fulfilment.refuse(a, so_id, line_ids[1], "out_of_stock")
        db.session.execute(update(OrderLine).where(OrderLine.id == line_ids[0]).values(title="=HYPERLINK(\"x\")"))
        db.session.commit()
    old = paid_order(app, [offers[2]])
    with app.app_context():
        db.session.execute(update(Order).where(Order.number == old).values(created_at=LAST.end - timedelta(seconds=1)))
        db.session.commit()
    return {"kept": kept, "old": old, "refunded_line": line_ids[1]}


@pytest.fixture(scope="module")
def seller_a(app, sellers):
    return staff_client(app, "seller")[0]


@pytest.fixture(scope="module")
def seller_b(app, sellers):
    from storefront.sellers.models import Seller

    with app.app_context():
        slug = db.session.get(Seller, sellers[1]).slug
    return staff_client(app, "seller", seller_slug=slug)[0]


def payouts_of(app, seller_id, period):
    """Σ payout of the seller's captured seller orders placed in `period`, per currency (their refunds happened now)."""
    with app.app_context():
        rows = db.session.execute(select(Order.currency, SellerOrder.payout).join(Order, Order.id == SellerOrder.order_id)
                                  .where((SellerOrder.seller_id == seller_id) & (Order.payment_status == "captured")
                                         & (Order.created_at >= period.start) & (Order.created_at < period.end))).all()
    totals = {}
    for currency, payout in rows:
        totals[currency] = totals.get(currency, 0) + payout
    return totals


def test_the_months_statement_nets_to_the_seller_orders_payouts_and_shows_the_refund(app, sellers, orders, seller_a):
    from storefront.payouts import services as payouts

    with app.app_context():
        statements = {s.currency: s for s in payouts.statement(sellers[0], NOW)}
        line = db.session.get(OrderLine, orders["refunded_line"])
        refund = next(r for r in statements["EUR"].refunds if r.order_number == orders["kept"])
        assert refund.commission_back == line.commission > 0
    assert {code: s.net for code, s in statements.items()} == payouts_of(app, sellers[0], NOW)
    html = seller_a.get(f"/seller/payouts/{NOW}").get_data(as_text=True)
    assert orders["kept"] in html and orders["old"] not in html
    assert "Commission given back" in html and "Net payout" in html
    assert "once the shopper&#39;s payment is captured" in html  # when a sale counts, said on the page


def test_an_order_of_last_month_is_on_last_months_statement(app, sellers, orders, seller_a):
    html = seller_a.get(f"/seller/payouts/{LAST}").get_data(as_text=True)
    assert orders["old"] in html and orders["kept"] not in html


def test_the_list_shows_each_month_with_its_net_and_this_one_so_far(app, sellers, orders, seller_a):
    html = seller_a.get("/seller/payouts").get_data(as_text=True)
    assert f'href="/seller/payouts/{NOW}"' in html and f'href="/seller/payouts/{LAST}"' in html
    assert "so far" in html and "Net payout" in html


def test_statements_use_the_commission_recorded_at_order_time_not_todays_rates(app, sellers, orders, seller_a, tmp_path,
                                                                               monkeypatch):
    before = seller_a.get(f"/seller/payouts/{NOW}.csv").get_data(as_text=True)
    rules = tmp_path / "commerce.toml"
    rules.write_text("[commission_bps]\nsmartphones = 4000\nlaptops = 4000\ntablets = 4000\n")
    monkeypatch.setitem(app.config, "COMMERCE_FILE", str(rules))
    assert seller_a.get(f"/seller/payouts/{NOW}.csv").get_data(as_text=True) == before
    assert ",40.00," not in before  # no line at a 40 % commission rate (a price may well end in 40.00)


def test_the_csv_has_a_bom_one_row_per_line_totals_and_no_formulas(app, sellers, orders, seller_a):
    response = seller_a.get(f"/seller/payouts/{NOW}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="payouts-{NOW}.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    mine = [r for r in rows if r["order"] == orders["kept"]]
    assert sorted(r["type"] for r in mine) == ["refund", "sale", "sale"]
    assert any(r["item"].startswith("'=HYPERLINK") for r in mine)  # a formula made text
    assert not any(r["item"].startswith(("=", "+", "-", "@")) for r in rows)
    totals = {r["currency"]: r for r in rows if r["type"] == "total"}
    eur = [r for r in rows if r["currency"] == "EUR" and r["type"] != "total"]
    cents = lambda value: round(float(value or 0) * 100)  # noqa: E731
    assert cents(totals["EUR"]["net"]) == sum(cents(r["net"]) for r in eur) == payouts_of(app, sellers[0], NOW)["EUR"]
    assert cents(totals["EUR"]["commission"]) == sum(cents(r["commission"]) for r in eur)


def test_another_seller_never_sees_a_statement_or_csv_of_seller_a(app, sellers, orders, seller_a, seller_b):
    for path in (f"/seller/payouts/{NOW}", f"/seller/payouts/{NOW}.csv", f"/seller/payouts/{LAST}", "/seller/payouts"):
        response = seller_b.get(path)
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert orders["kept"] not in body and orders["old"] not in body
    for path in (f"/admin/sellers/{sellers[0]}/payouts", f"/admin/sellers/{sellers[0]}/payouts/{NOW}",
                 f"/admin/sellers/{sellers[0]}/payouts/{NOW}.csv"):
        assert seller_b.get(path).status_code == 403


def test_the_operator_sees_any_sellers_statements_from_its_record(app, sellers, orders):
    admin, _ = staff_client(app, "admin")
    record = admin.get(f"/admin/sellers/{sellers[0]}").get_data(as_text=True)
    assert f'href="/admin/sellers/{sellers[0]}/payouts"' in record
    assert f'href="/admin/sellers/{sellers[0]}/payouts/{NOW}"' in admin.get(f"/admin/sellers/{sellers[0]}/payouts").get_data(as_text=True)
    assert orders["kept"] in admin.get(f"/admin/sellers/{sellers[0]}/payouts/{NOW}").get_data(as_text=True)
    assert orders["kept"] not in admin.get(f"/admin/sellers/{sellers[1]}/payouts/{NOW}").get_data(as_text=True)
    csv_response = admin.get(f"/admin/sellers/{sellers[0]}/payouts/{NOW}.csv")
    assert csv_response.status_code == 200 and orders["kept"] in csv_response.get_data(as_text=True)
    quality, _ = staff_client(app, "quality")
    assert f"/admin/sellers/{sellers[0]}/payouts" not in quality.get(f"/admin/sellers/{sellers[0]}").get_data(as_text=True)
    assert quality.get(f"/admin/sellers/{sellers[0]}/payouts").status_code == 403


@pytest.mark.parametrize("period", ["2026-13", "junk", "1999-12", "0000-01", str(NOW.next()), "2026-1"])
def test_a_bad_or_future_month_is_a_404_that_says_so(app, sellers, seller_a, period):
    admin, _ = staff_client(app, "admin")
    for client, path in ((seller_a, f"/seller/payouts/{period}"), (seller_a, f"/seller/payouts/{period}.csv"),
                         (admin, f"/admin/sellers/{sellers[0]}/payouts/{period}"),
                         (admin, f"/admin/sellers/{sellers[0]}/payouts/{period}.csv")):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "No statement for" in response.get_data(as_text=True)
