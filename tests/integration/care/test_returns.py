"""Returns within the free-return window, from the shopper's order page (signed in or from the e-mail's link)
to the seller's confirmation and the refund of that line only; the care team's decisions; the carrier's job."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from storefront.audit.models import AuditEntry
from storefront.care import returns as care
from storefront.care.models import Return, ReturnLine
from storefront.extensions import db
from storefront.jobs import tasks
from storefront.orders import access, fulfilment
from storefront.orders.models import Order, OrderLine, Parcel, Refund, SellerOrder
from storefront.payments.models import SandboxIntent, SandboxRefund
from storefront.quality import services as quality
from tests.integration.care.helpers import csrf_of, deliver, delivered_order, guest, order_id, run, shipped_order
from tests.integration.conftest import csrf_token
from tests.integration.orders.helpers import approved_sellers, seller_slug
from tests.integration.staff.helpers import staff_client, staff_csrf
from tests.mailbox import sent_mail


@pytest.fixture(scope="module")
def sellers(app):
    return approved_sellers(app, 2)


@pytest.fixture(scope="module")
def seller_client(app, sellers):
    """The first seller's staff, signed in (and so told of returns by e-mail)."""
    return staff_client(app, "seller", seller_slug(app, sellers[0]))[0]


def returns_of(app, number):
    with app.app_context():
        rows = db.session.scalars(select(Return).where(Return.order_id == order_id(app, number)).order_by(Return.id)).all()
        return [(ret.id, ret.status, sorted(rl.line_id for rl in ret.lines)) for ret in rows]


def split(app, so_id):
    with app.app_context():
        so = db.session.get(SellerOrder, so_id)
        return {"status": so.status, "amount": so.amount, "refunded": so.refunded, "commission": so.commission,
                "payout": so.payout, "lines": {line.id: (line.status, line.commission, line.items + line.protection) for line in so.lines}}


def provider_refunds(app, number):
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == number))
        return db.session.get(SandboxIntent, order.payment_intent).refunded


def ask(client, number, lines, reason="doesnt_work", note="", market="fr-fr", csrf=True):
    data = {"line": [str(line) for line in lines], "reason": reason, "note": note}
    if csrf:
        data["csrf_token"] = csrf_of(client, number, market)
    return client.post(f"/{market}/account/orders/{number}/returns", data=data)


def test_the_sandbox_carrier_delivers_on_the_test_clock_once(app, sellers):
    _number, so_id, lines = shipped_order(app, sellers[0], 1)
    with app.app_context():
        shipped_at = db.session.scalar(select(Parcel.shipped_at).where(Parcel.seller_order_id == so_id))
    run(app, tasks.track_parcels, shipped_at + timedelta(days=1))
    assert split(app, so_id)["status"] == "shipped"
    at = shipped_at + timedelta(days=2, hours=1)
    run(app, tasks.track_parcels, at)
    run(app, tasks.track_parcels, at)
    with app.app_context():
        parcel = db.session.scalar(select(Parcel).where(Parcel.seller_order_id == so_id))
        line = db.session.get(OrderLine, lines[0])
        assert parcel.delivered_at == line.delivered_at == shipped_at + timedelta(days=2)
    assert split(app, so_id)["status"] == "delivered"


def test_a_guest_returns_one_line_from_the_e_mails_link_and_downloads_the_label(app, sellers, seller_client):
    number, _so_id, (first, second) = delivered_order(app, sellers[0])
    confirmation = next(m for m in sent_mail(app) if number in m.subject)
    with app.test_request_context("/"):
        assert f"/fr-fr/account/orders/{number}/access/" in confirmation.body  # the guest's way back
    client = guest(app, number)
    page = client.get(f"/fr-fr/account/orders/{number}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert 'id="care-returns"' in html and f'value="{first}"' in html and 'class="timeline"' in html

    response = ask(client, number, [first], "doesnt_work", "  The speaker\ncrackles ")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/fr-fr/account/orders/{number}#returns")
    ((return_id, status, returned),) = returns_of(app, number)
    assert (status, returned) == ("label_issued", [first])
    with app.app_context():
        ret = db.session.get(Return, return_id)
        assert (ret.reason, ret.note, ret.seller_id) == ("doesnt_work", "The speaker crackles", sellers[0])
        label_number = ret.label_number
    label = client.get(f"/fr-fr/account/orders/{number}/returns/{return_id}/label.pdf")
    assert label.status_code == 200 and label.mimetype == "application/pdf" and label.headers["Cache-Control"] == "no-store"
    assert label.data.startswith(b"%PDF-1.4") and label.data.rstrip().endswith(b"%%EOF") and label_number.encode() in label.data
    mails = [m for m in sent_mail(app) if number in m.subject]
    assert any(label_number in m.body and m.to == [mails[0].to[0]] for m in mails[1:])  # the label, to the shopper
    assert any("ERT" in m.body and label_number in m.body and "@example.org" in m.to[0] and m.to != mails[0].to for m in mails)
    page = client.get(f"/fr-fr/account/orders/{number}").get_data(as_text=True)
    assert f'value="{first}"' not in page and f'value="{second}"' in page  # only the other line may still go back


def test_guest_links_are_scoped_signed_and_expire(app, sellers, monkeypatch):
    number, _so, _lines = delivered_order(app, sellers[0], 1)
    other, _so2, _lines2 = delivered_order(app, sellers[0], 1)
    with app.test_request_context("/"):
        token, others = access.token_for(number), access.token_for(other)
    client = app.test_client()
    assert client.get(f"/fr-fr/account/orders/{number}").status_code == 302  # no link, no account: sign in
    assert client.get(f"/fr-fr/account/orders/{number}/access/{token[:-2]}xx").status_code == 404  # tampered
    assert client.get(f"/fr-fr/account/orders/{number}/access/{others}").status_code == 404  # another order's
    assert client.get(f"/fr-fr/account/orders/{number}").status_code == 302
    assert client.get(f"/fr-fr/account/orders/{number}/access/{token}").status_code == 303
    assert client.get(f"/fr-fr/account/orders/{number}").status_code == 200
    assert client.get(f"/fr-fr/account/orders/{other}").status_code == 302  # one order's link opens that order only
    monkeypatch.setattr(access, "link_days", lambda: -1)  # time passes beyond the link's life
    assert client.get(f"/fr-fr/account/orders/{number}").status_code == 302
    assert app.test_client().get(f"/fr-fr/account/orders/{number}/access/{token}").status_code == 404


def french(app, message: str, **variables) -> str:
    """`message` as the fr-fr storefront says it (the pages these tests read are French)."""
    from markupsafe import escape

    from storefront.i18n.translate import in_locale, lazy_gettext

    with app.test_request_context("/fr-fr/"), in_locale("fr_FR"):
        return str(escape(str(lazy_gettext(message, **variables))))


def title_of(app, line_id: int) -> str:
    with app.app_context():
        return db.session.get(OrderLine, line_id).title


@pytest.mark.parametrize("lines, reason, note, field", [
    ([], "doesnt_work", "", ("Pick the device(s) you are sending back.", {})),
    (["first"], "bored", "", ("Pick a reason: it helps the refurbisher check the device.", {})),
    (["first"], "other", "   ", ("Say in a few words why you are sending it back.", {})),
    (["first"], "other", "x" * 301, ("Keep it under %(count)s characters, please.", {"count": care.NOTE_MAX})),
])
def test_a_bad_request_says_why_keeps_what_was_typed_and_makes_no_return(app, sellers, lines, reason, note, field):
    number, _so, (first, _second) = delivered_order(app, sellers[0])
    client = guest(app, number)
    response = ask(client, number, [first if line == "first" else line for line in lines], reason, note, market="fr-fr")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert french(app, field[0], **field[1]) in html
    if note.strip():
        assert note in html
    assert returns_of(app, number) == []


def test_a_double_submit_makes_one_return_and_a_line_goes_back_once(app, sellers):
    number, _so, (first, second) = delivered_order(app, sellers[0])
    client = guest(app, number)
    csrf = csrf_of(client, number)
    data = {"line": [str(first)], "reason": "changed_mind", "note": "", "csrf_token": csrf}
    assert client.post(f"/fr-fr/account/orders/{number}/returns", data=data).status_code == 303
    assert client.post(f"/fr-fr/account/orders/{number}/returns", data=data).status_code == 303  # the same request again
    assert len(returns_of(app, number)) == 1
    again = {**data, "line": [str(first), str(second)]}
    response = client.post(f"/fr-fr/account/orders/{number}/returns", data=again)
    said = french(app, "%(device)s is already being returned.", device=title_of(app, second))
    assert response.status_code == 422 and (said in response.get_data(as_text=True)
                                            or french(app, "%(device)s is already being returned.", device=title_of(app, first))
                                            in response.get_data(as_text=True))
    assert [lines for _id, _status, lines in returns_of(app, number)] == [[first]]


def test_nothing_goes_back_before_delivery_nor_after_the_window(app, sellers):
    number, so_id, (first, _second) = shipped_order(app, sellers[0])
    client = guest(app, number)
    response = ask(client, number, [first])
    said = french(app, "%(device)s can be returned once it has been delivered.", device=title_of(app, first))
    assert response.status_code == 422 and said in response.get_data(as_text=True)
    deliver(app, so_id, days_ago=40)  # delivered 38 days ago; fr-fr: 30 days
    response = ask(client, number, [first])
    closed = french(app, "The return window for %(device)s closed on %(day)s.", device=title_of(app, first), day="§")
    assert response.status_code == 422 and closed.split("§")[0] in response.get_data(as_text=True)
    assert returns_of(app, number) == []


def test_someone_elses_order_and_label_are_404_and_a_write_needs_its_csrf_token(app, sellers):
    number, _so, (first, _second) = delivered_order(app, sellers[0])
    owner = guest(app, number)
    assert ask(owner, number, [first]).status_code == 303
    ((return_id, _status, _lines),) = returns_of(app, number)
    other_number, _so2, (other_line, _x) = delivered_order(app, sellers[0])
    stranger, _user = staff_client(app, "customer")
    csrf = csrf_token(stranger)
    posted = stranger.post(f"/fr-fr/account/orders/{number}/returns", data={"line": str(first), "reason": "changed_mind",
                                                                           "csrf_token": csrf})
    assert posted.status_code == 404
    assert stranger.get(f"/fr-fr/account/orders/{number}/returns/{return_id}/label.pdf").status_code == 404
    other = guest(app, other_number)
    assert other.get(f"/fr-fr/account/orders/{other_number}/returns/{return_id}/label.pdf").status_code == 404  # not this order's
    assert ask(other, number, [first]).status_code == 404  # another order's link is no key to this one
    assert ask(other, other_number, [other_line], csrf=False).status_code == 400
    assert len(returns_of(app, number)) == 1 and returns_of(app, other_number) == []


def test_the_seller_confirms_as_sold_and_the_shopper_gets_that_line_back_only(app, sellers, seller_client):
    number, so_id, (first, second) = delivered_order(app, sellers[0])
    before = split(app, so_id)
    assert ask(guest(app, number), number, [first], "changed_mind").status_code == 303
    ((return_id, _s, _l),) = returns_of(app, number)
    listing = seller_client.get("/seller/returns").get_data(as_text=True)
    assert f'id="return-{return_id}"' in listing
    csrf = staff_csrf(seller_client, "/seller/returns")
    bad = seller_client.post(f"/seller/returns/{return_id}/receive", data={"verdict": "", "csrf_token": csrf})
    assert bad.status_code == 422
    done = seller_client.post(f"/seller/returns/{return_id}/receive", data={"verdict": "as_sold", "back": "order", "csrf_token": csrf})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/seller/orders/{so_id}#returns")
    after = split(app, so_id)
    line_status, commission, paid = after["lines"][first]
    assert line_status == "returned" and after["lines"][second][0] == "shipped" and after["status"] == "delivered"
    assert after["refunded"] == paid  # fr-fr prices include VAT: the line's devices and protection, no delivery
    assert after["commission"] == before["commission"] - commission
    assert after["commission"] + after["payout"] + after["refunded"] == after["amount"] == before["amount"]
    assert provider_refunds(app, number) == paid
    assert returns_of(app, number)[0][1] == "refunded"
    again = seller_client.post(f"/seller/returns/{return_id}/receive", data={"verdict": "as_sold", "csrf_token": csrf})
    assert again.status_code == 422 and provider_refunds(app, number) == paid  # confirmed once, refunded once
    assert any((number in m.subject and "refund" in m.subject.lower()) or (number in m.subject and "rembours" in m.subject.lower())
               for m in sent_mail(app))
    page = seller_client.get(f"/seller/orders/{so_id}").get_data(as_text=True)
    assert 'id="returns"' in page and 'class="timeline"' in page


def test_another_seller_cannot_confirm_a_return(app, sellers):
    number, _so, (first, _second) = delivered_order(app, sellers[0])
    assert ask(guest(app, number), number, [first]).status_code == 303
    ((return_id, _s, _l),) = returns_of(app, number)
    rival, _user = staff_client(app, "seller", seller_slug(app, sellers[1]))
    csrf = staff_csrf(rival, "/seller/returns")
    assert f'id="return-{return_id}"' not in rival.get("/seller/returns").get_data(as_text=True)
    assert rival.post(f"/seller/returns/{return_id}/receive", data={"verdict": "as_sold", "csrf_token": csrf}).status_code == 404
    assert returns_of(app, number)[0][1] == "label_issued"


def test_not_as_sold_goes_to_care_who_decides_with_a_reason_on_the_record(app, sellers, seller_client):
    number, so_id, (first, _second) = delivered_order(app, sellers[0])
    assert ask(guest(app, number), number, [first], "not_as_described", "Battery at 71 %").status_code == 303
    ((return_id, _s, _l),) = returns_of(app, number)
    csrf = staff_csrf(seller_client, "/seller/returns")
    url = f"/seller/returns/{return_id}/receive"
    assert seller_client.post(url, data={"verdict": "not_as_sold", "note": " ", "csrf_token": csrf}).status_code == 422
    assert seller_client.post(url, data={"verdict": "not_as_sold", "note": "Screen smashed", "csrf_token": csrf}).status_code == 303
    assert returns_of(app, number)[0][1] == "received" and split(app, so_id)["refunded"] == 0
    quality_staff, _q = staff_client(app, "quality")
    assert quality_staff.get("/admin/returns").status_code == 403
    care_staff, care_id = staff_client(app, "care")
    page = care_staff.get("/admin/returns")
    assert page.status_code == 200 and "Screen smashed" in page.get_data(as_text=True)
    csrf = staff_csrf(care_staff, "/admin/returns")
    decide = f"/admin/returns/{return_id}/decide"
    assert care_staff.post(decide, data={"outcome": "refund", "note": "", "csrf_token": csrf}).status_code == 422
    assert care_staff.post(decide, data={"outcome": "refund", "note": "The courier's damage report confirms transit damage.",
                                         "csrf_token": csrf}).status_code == 303
    assert returns_of(app, number)[0][1] == "refunded"
    assert split(app, so_id)["lines"][first][0] == "returned" and provider_refunds(app, number) == split(app, so_id)["refunded"] > 0
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where((AuditEntry.subject_type == "return") & (AuditEntry.subject_id == return_id)))
        assert (entry.action, entry.actor_id) == ("return.refund", care_id) and "damage report" in entry.reason
    assert care_staff.post(decide, data={"outcome": "reject", "note": "Twice", "csrf_token": csrf}).status_code == 404  # decided


def test_care_can_reject_and_nothing_is_refunded(app, sellers, seller_client):
    number, so_id, (first, _second) = delivered_order(app, sellers[0])
    assert ask(guest(app, number), number, [first], "doesnt_work").status_code == 303
    ((return_id, _s, _l),) = returns_of(app, number)
    run(app, care.receive, sellers[0], return_id, "not_as_sold", "Water inside")
    care_staff, _id = staff_client(app, "care")
    csrf = staff_csrf(care_staff, "/admin/returns")
    assert care_staff.post(f"/admin/returns/{return_id}/decide", data={"outcome": "reject", "note": "Liquid damage, photos attached",
                                                                      "csrf_token": csrf}).status_code == 303
    assert returns_of(app, number)[0][1] == "rejected" and split(app, so_id)["refunded"] == 0
    assert split(app, so_id)["lines"][first][0] == "shipped"
    assert any(number in m.subject and "Liquid damage, photos attached" in m.body for m in sent_mail(app))  # the shopper is told why


def test_a_return_the_seller_does_not_confirm_in_time_is_refunded_by_the_job(app, sellers):
    number, so_id, (first, _second) = delivered_order(app, sellers[0])
    assert ask(guest(app, number), number, [first]).status_code == 303
    with app.app_context():
        created = db.session.scalar(select(Return.created_at).where(Return.order_id == order_id(app, number)))
    back = created + timedelta(days=2)
    run(app, tasks.track_parcels, back + timedelta(hours=1))
    with app.app_context():
        ret = db.session.scalar(select(Return).where(Return.order_id == order_id(app, number)))
        assert ret.back_at == back and ret.status == "label_issued"
        deadline = care.confirm_by(ret)
    run(app, tasks.track_parcels, deadline - timedelta(minutes=1))
    assert returns_of(app, number)[0][1] == "label_issued"
    run(app, tasks.track_parcels, deadline + timedelta(minutes=1))
    run(app, tasks.track_parcels, deadline + timedelta(minutes=2))
    assert returns_of(app, number)[0][1] == "refunded"
    with app.app_context():
        assert db.session.scalar(select(Return.decided_by).where(Return.order_id == order_id(app, number))) == "timeout"
    assert provider_refunds(app, number) == split(app, so_id)["lines"][first][2]


@pytest.mark.parametrize("step", ["refund", "recorded"])
def test_a_crash_after_the_commit_refunds_once_through_the_sweep(app, sellers, monkeypatch, step):
    number, so_id, (first, _second) = delivered_order(app, sellers[0])
    assert ask(guest(app, number), number, [first]).status_code == 303
    ((return_id, _s, _l),) = returns_of(app, number)

    def crash(at):
        if at == step:
            raise RuntimeError(f"crash at {at}")

    monkeypatch.setattr(fulfilment, "fault", crash)
    run(app, care.receive, sellers[0], return_id, "as_sold", "")  # the confirmation itself commits
    with app.app_context():
        refund = db.session.scalar(select(Refund).where(Refund.line_id == first))
        assert refund.status == "pending"
        key, amount = refund.idempotency_key, refund.amount
    monkeypatch.setattr(fulfilment, "fault", lambda at: None)
    monkeypatch.setattr(tasks, "REFUND_GRACE", timedelta(0))
    with app.test_request_context("/"):
        tasks.send_refunds()
        tasks.send_refunds()
    with app.app_context():
        assert db.session.scalar(select(Refund.status).where(Refund.line_id == first)) == "done"
        assert db.session.scalars(select(SandboxRefund.amount).where(SandboxRefund.idempotency_key == key)).all() == [amount]
        assert db.session.scalar(select(func.count(Refund.id)).where(Refund.line_id == first)) == 1
    assert provider_refunds(app, number) == amount == split(app, so_id)["refunded"]


def test_only_returns_for_a_fault_count_in_the_return_rate(app, sellers):
    now = datetime.utcnow()
    counted = lambda: [s.events for s in run(app, quality.return_samples, [sellers[0]], now + timedelta(hours=1)).get(sellers[0], [])]  # noqa: E731
    before = counted()
    number, _so, (first, second) = delivered_order(app, sellers[0])
    assert ask(guest(app, number), number, [first], "changed_mind").status_code == 303
    assert ask(guest(app, number), number, [second], "wrong_item").status_code == 303
    after = counted()
    assert len(after) == len(before) + 2 and sum(after) == sum(before) + 1
    with app.app_context():
        assert db.session.scalar(select(func.count(ReturnLine.id)).where(ReturnLine.line_id.in_([first, second]))) == 2
