"""A seller's side of an order as services: accept or refuse in time, ship with each unit's IMEI, cancel; the
shopper gets a cancelled line's share back to the cent, once, whatever crashes in between."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.jobs import tasks
from storefront.offers.models import Offer
from storefront.orders import fulfilment
from storefront.orders.models import Order, OrderLine, Refund, SellerOrder, Unit
from storefront.payments.models import SandboxIntent, SandboxRefund
from tests.integration.orders.helpers import approved_sellers, imei, offers_of, paid_order, seller_order_of
from tests.mailbox import sent_mail, translated


@pytest.fixture(scope="module")
def sellers(app):
    return approved_sellers(app, 2)


def run(app, fn, *args):
    """A service call as a request or a job makes it: in the app, with a fresh session after."""
    with app.test_request_context("/seller/orders"):
        try:
            return fn(*args)
        finally:
            db.session.remove()


def line_of(app, line_id):
    with app.app_context():
        line = db.session.get(OrderLine, line_id)
        db.session.expunge(line)
        return line


def seller_order(app, seller_order_id):
    with app.app_context():
        so = db.session.get(SellerOrder, seller_order_id)
        return {"status": so.status, "amount": so.amount, "refunded": so.refunded, "commission": so.commission,
                "payout": so.payout, "shipping": so.shipping, "lines": [(line.status, line.commission) for line in so.lines]}


def stock(app, offer_id):
    with app.app_context():
        return db.session.get(Offer, offer_id).stock


def money(app, number):
    """(order total, captured, kept by sellers, refunded: recorded, refunded: by the provider)."""
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == number))
        intent = db.session.get(SandboxIntent, order.payment_intent)
        kept = sum(so.amount - so.refunded for so in order.seller_orders)
        recorded = db.session.scalar(select(func.coalesce(func.sum(Refund.amount), 0)).where(Refund.order_id == order.id))
        return order.total, intent.amount, kept, recorded, intent.refunded


def test_a_line_is_accepted_once(app, sellers):
    number = paid_order(app, offers_of(app, sellers[0], 1))
    so_id, (line_id,) = seller_order_of(app, number, sellers[0])
    assert seller_order(app, so_id)["status"] == "awaiting_acceptance"
    run(app, fulfilment.accept, sellers[0], so_id, line_id)
    line = line_of(app, line_id)
    assert line.status == "accepted" and line.accepted_at is not None
    assert seller_order(app, so_id)["status"] == "accepted"
    with pytest.raises(fulfilment.Conflict, match="accepted already"):
        run(app, fulfilment.accept, sellers[0], so_id, line_id)


def test_another_sellers_order_or_line_is_missing(app, sellers):
    number = paid_order(app, offers_of(app, sellers[0], 1))
    so_id, (line_id,) = seller_order_of(app, number, sellers[0])
    for seller_id, line in ((sellers[1], line_id), (None, line_id), (sellers[0], line_id + 10**6)):
        with pytest.raises(fulfilment.Missing):
            run(app, fulfilment.accept, seller_id, so_id, line)
        with pytest.raises(fulfilment.Missing):
            run(app, fulfilment.refuse, seller_id, so_id, line, "out_of_stock", "")
    assert line_of(app, line_id).status == "awaiting_acceptance"


@pytest.mark.parametrize("reason, note", [("", ""), ("because", ""), ("other", "   ")])
def test_a_refusal_needs_a_reason_and_changes_nothing_without_one(app, sellers, reason, note):
    number = paid_order(app, offers_of(app, sellers[0], 1))
    so_id, (line_id,) = seller_order_of(app, number, sellers[0])
    with pytest.raises(fulfilment.ReasonError):
        run(app, fulfilment.refuse, sellers[0], so_id, line_id, reason, note)
    assert line_of(app, line_id).status == "awaiting_acceptance"
    assert money(app, number)[3] == 0


def test_refusing_a_line_refunds_its_share_puts_its_stock_back_and_earns_no_commission(app, sellers):
    first, second = offers_of(app, sellers[0], 2)
    number = paid_order(app, [first, second])
    so_id, (line_a, _line_b) = seller_order_of(app, number, sellers[0])
    before = seller_order(app, so_id)
    stock_before = stock(app, first)
    a = line_of(app, line_a)

    run(app, fulfilment.refuse, sellers[0], so_id, line_a, "defect", "")

    line = line_of(app, line_a)
    assert (line.status, line.cancelled_by, line.cancel_reason) == ("refused", "seller", "defect")
    assert line.refused_at is not None and line.accepted_at is None
    after = seller_order(app, so_id)
    assert after["status"] == "awaiting_acceptance"  # the other line is still to accept
    assert after["refunded"] == a.items + a.protection  # fr-fr prices include VAT: no tax share; delivery kept
    assert after["commission"] == before["commission"] - a.commission
    assert after["commission"] + after["payout"] + after["refunded"] == after["amount"] == before["amount"]
    assert stock(app, first) == stock_before + a.quantity
    total, captured, kept, recorded, refunded = money(app, number)
    assert total == captured == kept + recorded and recorded == refunded == a.items + a.protection
    mails = [m for m in sent_mail(app) if m.subject == cancelled_subject(app, number)]  # in the order's French
    defect = translated(app, "fr", "The refurbisher found a defect while checking this device, so it won't be sent.")
    assert len(mails) == 1 and defect in mails[0].body


def test_money_adds_up_to_the_cent_across_refusal_cancellation_and_expiry(app, sellers):
    a1, a2 = offers_of(app, sellers[0], 2)
    (b1,) = offers_of(app, sellers[1], 1)
    number = paid_order(app, [a1, a2, a2, b1])  # two units of a2
    so_a, (line_1, line_2) = seller_order_of(app, number, sellers[0])
    so_b, (line_3,) = seller_order_of(app, number, sellers[1])

    run(app, fulfilment.refuse, sellers[0], so_a, line_1, "price_error", "")
    run(app, fulfilment.accept, sellers[0], so_a, line_2)
    run(app, fulfilment.cancel, sellers[0], so_a, line_2, "other", "Dropped it  on the\nfloor")
    assert line_of(app, line_2).cancel_note == "Dropped it on the floor"
    a = seller_order(app, so_a)
    assert a["status"] == "cancelled" and a["refunded"] == a["amount"] and a["commission"] == a["payout"] == 0
    assert line_of(app, line_2).status == "cancelled" and line_of(app, line_2).accepted_at is not None

    with app.app_context():  # time moves past the limit for seller B's line
        order = db.session.scalar(select(Order).where(Order.number == number))
        order.created_at = datetime.utcnow() - timedelta(hours=app.config["SELLER_ACCEPT_HOURS"], minutes=1)
        db.session.commit()
    with app.app_context():  # as the job worker runs it: no request (the e-mail is written all the same)
        tasks.expire_unaccepted()
    line = line_of(app, line_3)
    assert (line.status, line.cancelled_by, line.cancel_reason) == ("expired", "timeout", "expired")
    assert seller_order(app, so_b)["status"] == "cancelled"

    total, captured, kept, recorded, refunded = money(app, number)
    assert total == captured == recorded == refunded and kept == 0
    expired = [m for m in sent_mail(app) if m.subject == cancelled_subject(app, number)]
    late = translated(app, "fr", "The refurbisher didn't confirm the order in time.")
    assert len(expired) == 3 and any(late in m.body for m in expired)
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == number))
        assert db.session.get(SandboxIntent, order.payment_intent).status == "refunded"  # every cent back


def test_the_expiry_job_leaves_lines_alone_until_the_limit(app, sellers):
    number = paid_order(app, offers_of(app, sellers[0], 1))
    so_id, (line_id,) = seller_order_of(app, number, sellers[0])
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == number))
        order.created_at = datetime.utcnow() - timedelta(hours=app.config["SELLER_ACCEPT_HOURS"]) + timedelta(minutes=5)
        db.session.commit()
    with app.test_request_context("/"):
        tasks.expire_unaccepted()
    assert line_of(app, line_id).status == "awaiting_acceptance"
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == number))
        order.created_at -= timedelta(minutes=10)
        db.session.commit()
    with pytest.raises(fulfilment.Conflict, match="Too late"):  # the seller can't accept it any more either
        run(app, fulfilment.accept, sellers[0], so_id, line_id)
    with app.test_request_context("/"):
        tasks.expire_unaccepted()
        tasks.expire_unaccepted()  # twice: nothing more happens
    assert line_of(app, line_id).status == "expired"
    assert money(app, number)[3] == money(app, number)[0]
    with app.app_context():
        assert db.session.scalar(select(func.count(Refund.id)).where(Refund.line_id == line_id)) == 1


@pytest.mark.parametrize("step", ["refund", "recorded"])
def test_a_crash_around_the_refund_never_refunds_twice(app, sellers, monkeypatch, step):
    number = paid_order(app, offers_of(app, sellers[0], 2))
    so_id, (line_id, _other) = seller_order_of(app, number, sellers[0])

    def crash(at):
        if at == step:
            raise RuntimeError(f"crash at {at}")

    monkeypatch.setattr(fulfilment, "fault", crash)
    run(app, fulfilment.refuse, sellers[0], so_id, line_id, "out_of_stock", "")  # the cancellation itself commits
    with app.app_context():
        refund = db.session.scalar(select(Refund).where(Refund.line_id == line_id))
        assert refund.status == "pending"
        key, amount = refund.idempotency_key, refund.amount
    monkeypatch.setattr(fulfilment, "fault", lambda at: None)
    monkeypatch.setattr(tasks, "REFUND_GRACE", timedelta(0))
    with app.test_request_context("/"):
        tasks.send_refunds()
        tasks.send_refunds()
    with app.app_context():
        assert db.session.scalar(select(Refund.status).where(Refund.line_id == line_id)) == "done"
        given = db.session.scalars(select(SandboxRefund.amount).where(SandboxRefund.idempotency_key == key)).all()
        assert given == [amount]  # one refund, whatever crashed where
    total, captured, kept, recorded, refunded = money(app, number)
    assert total == captured == kept + recorded and recorded == refunded == amount


def test_a_parcel_ships_accepted_lines_with_each_units_imei_and_several_parcels_ship_the_rest(app, sellers):
    first, second = offers_of(app, sellers[0], 2)
    number = paid_order(app, [first, second, second])
    so_id, (line_1, line_2) = seller_order_of(app, number, sellers[0])
    run(app, fulfilment.accept, sellers[0], so_id, line_1)
    run(app, fulfilment.accept, sellers[0], so_id, line_2)
    code = imei()
    run(app, fulfilment.ship, sellers[0], so_id, "colissimo", " 6a 1234 5678 ", {line_1: [code]})
    assert line_of(app, line_1).status == "shipped" and seller_order(app, so_id)["status"] == "accepted"
    serial = "F2LXK0ABC123"
    run(app, fulfilment.ship, sellers[0], so_id, "other", "ZX-99-1000", {line_2: [imei(), serial.lower()]})
    assert seller_order(app, so_id)["status"] == "shipped"
    with app.app_context():
        so = db.session.get(SellerOrder, so_id)
        assert [(p.carrier, p.tracking, len(p.units)) for p in so.parcels] == [("colissimo", "6A12345678", 1), ("other", "ZX-99-1000", 2)]
        assert {u.serial for u in so.parcels[1].units} == {None, serial}
    with pytest.raises(fulfilment.Conflict, match="Nothing is left"):
        run(app, fulfilment.ship, sellers[0], so_id, "colissimo", "6A12345679", {})
    with pytest.raises(fulfilment.Conflict, match="shipped already"):  # the same form sent twice
        run(app, fulfilment.ship, sellers[0], so_id, "colissimo", "6A12345678", {line_1: [imei()]})
    on_its_way = translated(app, "fr", "Your order %(number)s is on its way", number=number)
    mails = [m for m in sent_mail(app) if m.subject == on_its_way]
    assert len(mails) == 2 and "laposte.fr" in mails[0].body and code in mails[0].body


def test_shipping_checks_the_carrier_the_tracking_number_and_every_unit(app, sellers):
    first, second = offers_of(app, sellers[0], 2)
    number = paid_order(app, [first, second, second])
    so_id, (line_1, line_2) = seller_order_of(app, number, sellers[0])
    run(app, fulfilment.accept, sellers[0], so_id, line_1)
    run(app, fulfilment.accept, sellers[0], so_id, line_2)
    shipped = imei()
    other = paid_order(app, offers_of(app, sellers[0], 1))
    other_so, (other_line,) = seller_order_of(app, other, sellers[0])
    run(app, fulfilment.accept, sellers[0], other_so, other_line)
    run(app, fulfilment.ship, sellers[0], other_so, "dpd", "DPD123456", {other_line: [shipped]})

    def errors(carrier, tracking, units):
        with pytest.raises(fulfilment.ShipInputError) as caught:
            run(app, fulfilment.ship, sellers[0], so_id, carrier, tracking, units)
        return caught.value.errors

    assert set(errors("pigeon", "x1", {line_1: [imei()]})) == {"carrier", "tracking"}
    assert set(errors("usps", "ABC123456", {line_1: [imei()]})) == {"carrier"}  # not a carrier of France
    assert set(errors("dpd", "ABC 123/45", {line_1: [imei()]})) == {"tracking"}
    assert set(errors("dpd", "ABC12345", {})) == {"units"}
    assert set(errors("dpd", "ABC12345", {line_2: [imei(), ""]})) == {f"unit-{line_2}-1"}  # two units, two numbers
    assert set(errors("dpd", "ABC12345", {line_1: ["356938035643808"]})) == {f"unit-{line_1}-0"}  # bad check digit
    assert set(errors("dpd", "ABC12345", {line_1: ["12345"]})) == {f"unit-{line_1}-0"}
    assert set(errors("dpd", "ABC12345", {line_1: ["#no!"]})) == {f"unit-{line_1}-0"}
    twice = imei()
    assert set(errors("dpd", "ABC12345", {line_2: [twice, twice]})) == {f"unit-{line_2}-1"}
    assert set(errors("dpd", "ABC12345", {line_1: [shipped]})) == {f"unit-{line_1}-0"}  # shipped in another order
    assert line_of(app, line_1).status == line_of(app, line_2).status == "accepted"
    with app.app_context():
        assert db.session.scalar(select(func.count(Unit.id)).where(Unit.line_id.in_([line_1, line_2]))) == 0


def test_a_refused_or_unaccepted_line_cannot_ship(app, sellers):
    first, second = offers_of(app, sellers[0], 2)
    number = paid_order(app, [first, second])
    so_id, (line_1, line_2) = seller_order_of(app, number, sellers[0])
    with pytest.raises(fulfilment.Conflict, match="Accept a line"):
        run(app, fulfilment.ship, sellers[0], so_id, "dpd", "DPD123456", {line_1: [imei()]})
    run(app, fulfilment.refuse, sellers[0], so_id, line_1, "out_of_stock", "")
    run(app, fulfilment.accept, sellers[0], so_id, line_2)
    with pytest.raises(fulfilment.Conflict, match="refused already"):
        run(app, fulfilment.ship, sellers[0], so_id, "dpd", "DPD123456", {line_1: [imei()]})
    with pytest.raises(fulfilment.Conflict, match="refused already"):
        run(app, fulfilment.cancel, sellers[0], so_id, line_1, "out_of_stock", "")
    assert line_of(app, line_2).status == "accepted"


def cancelled_subject(app, number):
    return translated(app, "fr", "A device of your order %(number)s was cancelled and refunded", number=number)
