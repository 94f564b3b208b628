"""The seller's orders in the portal: a list with what to accept first, one order's page with accept, refuse,
cancel and ship; plain forms and htmx alike; nothing of another seller's; the shopper's page shows each step."""
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.orders import fulfilment
from storefront.orders import services as orders
from storefront.orders.models import Order, OrderLine
from tests.integration.conftest import htmx_headers
from tests.integration.orders.helpers import approved_sellers, imei, offers_of, paid_order, seller_order_of, seller_slug
from tests.integration.staff.helpers import staff_client, staff_csrf

PANEL = "portal-seller-order"


@pytest.fixture(scope="module")
def sellers(app):
    return approved_sellers(app, 2)


@pytest.fixture(scope="module")
def seller(app):
    client, _ = staff_client(app, "seller")
    return client


# An English-speaking storefront the first seller ships to: the new words are not translated yet.
IE_ADDRESS = {"name": "Aoife Byrne", "line1": "1 Main Street", "city": "Dublin", "postcode": "D02 X285", "phone": "0851234567"}


def new_order(app, seller_id, market="fr-fr"):
    """A paid order of one of the seller's offers: (number, seller order id, [line id])."""
    number = paid_order(app, offers_of(app, seller_id, 1, market), market, **({"address": IE_ADDRESS} if market == "en-ie" else {}))
    return number, *seller_order_of(app, number, seller_id)


def status_of(app, line_id):
    with app.app_context():
        return db.session.get(OrderLine, line_id).status


def shopper_page(app, number):
    client, user_id = staff_client(app, "customer")
    with app.app_context():
        orders.attach_user(orders.find_by_token(db.session.scalar(select(Order.checkout_token).where(Order.number == number))), user_id)
    market = number_market(app, number)
    return client.get(f"/{market}/account/orders/{number}").get_data(as_text=True)


def number_market(app, number):
    with app.app_context():
        return db.session.scalar(select(Order.market).where(Order.number == number))


def test_the_list_shows_orders_to_accept_with_the_time_left_in_red_when_short(app, sellers, seller):
    relaxed, _, _ = new_order(app, sellers[0])
    hurried, _, _ = new_order(app, sellers[0])
    with app.app_context():
        order = db.session.scalar(select(Order).where(Order.number == hurried))
        order.created_at = datetime.utcnow() - timedelta(hours=21)
        db.session.commit()
    page = seller.get("/seller/orders?state=to_accept")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and relaxed in html and hurried in html
    row = re.search(rf"{hurried}.*?</tr>", html, re.S).group(0)
    assert "seller-orders__left--urgent" in row and re.search(r"\d+ hr", row)
    assert "seller-orders__left--urgent" not in re.search(rf"{relaxed}.*?</tr>", html, re.S).group(0)
    assert hurried not in seller.get("/seller/orders?state=shipped").get_data(as_text=True)
    assert seller.get("/seller/orders?state=nonsense&page=x").status_code == 200


def test_the_list_is_paged(app, sellers, seller, monkeypatch):
    new_order(app, sellers[0])
    monkeypatch.setattr(fulfilment, "PAGE_SIZE", 1)
    first = seller.get("/seller/orders").get_data(as_text=True)
    second = seller.get("/seller/orders?page=2").get_data(as_text=True)
    numbers = lambda html: set(re.findall(r"EC-[A-Z2-7]{10}", html))  # noqa: E731
    assert "Page 1 of" in first and "Page 2 of" in second and numbers(first) != numbers(second)


def test_another_sellers_order_is_a_404_to_see_and_to_act_on(app, sellers):
    number, so_id, (line_id,) = new_order(app, sellers[0])
    other, _ = staff_client(app, "seller", seller_slug=seller_slug(app, sellers[1]))
    assert other.get(f"/seller/orders/{so_id}").status_code == 404
    assert number not in other.get("/seller/orders").get_data(as_text=True)
    csrf = staff_csrf(other, "/seller/orders")
    for action in ("accept", "refuse", "cancel"):
        response = other.post(f"/seller/orders/{so_id}/lines/{line_id}/{action}", data={"csrf_token": csrf, "reason": "defect"})
        assert response.status_code == 404
    assert other.post(f"/seller/orders/{so_id}/ship", data={"csrf_token": csrf, "carrier": "dpd", "tracking": "DPD123456",
                                                          f"unit-{line_id}-0": imei()}).status_code == 404
    assert status_of(app, line_id) == "awaiting_acceptance"


def test_a_write_without_its_csrf_token_is_refused(app, sellers, seller):
    _, so_id, (line_id,) = new_order(app, sellers[0])
    assert seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept").status_code == 400
    assert status_of(app, line_id) == "awaiting_acceptance"


def test_accepting_without_javascript_redirects_and_twice_says_so(app, sellers, seller):
    _, so_id, (line_id,) = new_order(app, sellers[0])
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    response = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept", data={"csrf_token": csrf})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/seller/orders/{so_id}#line-{line_id}")
    assert status_of(app, line_id) == "accepted"
    again = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept", data={"csrf_token": csrf})
    assert again.status_code == 409 and "This line was accepted already." in again.get_data(as_text=True)
    assert "<html" in again.get_data(as_text=True)


def test_accepting_with_htmx_swaps_the_order_panel(app, sellers, seller):
    _, so_id, (line_id,) = new_order(app, sellers[0])
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    response = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept", data={"csrf_token": csrf},
                           headers=htmx_headers(PANEL))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Target" in response.headers["Vary"]
    assert "<html" not in html and html.lstrip().startswith(f'<div class="staff-stack seller-order" id="{PANEL}"')
    assert "Accepted, to ship" in html and "Ship a parcel" in html
    again = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept", data={"csrf_token": csrf},
                        headers=htmx_headers(PANEL))
    assert again.status_code == 200 and "This line was accepted already." in again.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refusal_without_a_reason_shows_the_error_at_the_field_and_changes_nothing(app, sellers, seller, htmx):
    _, so_id, (line_id,) = new_order(app, sellers[0])
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    response = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/refuse", data={"csrf_token": csrf, "reason": "other", "note": ""},
                           headers=htmx_headers(PANEL) if htmx else {})
    html = response.get_data(as_text=True)
    assert response.status_code == (200 if htmx else 422)
    assert f'id="refuse-error-{line_id}"' in html and "Say in a few words why" in html
    assert re.search(r'<option value="other" selected>', html)  # what was picked is kept
    assert status_of(app, line_id) == "awaiting_acceptance"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refusal_refunds_and_the_shopper_reads_why(app, sellers, seller, htmx):
    number, so_id, (line_id,) = new_order(app, sellers[0], "en-ie")
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    response = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/refuse", data={"csrf_token": csrf, "reason": "out_of_stock"},
                           headers=htmx_headers(PANEL) if htmx else {})
    assert response.status_code == (200 if htmx else 303)
    assert status_of(app, line_id) == "refused"
    assert "Why: Out of stock" in seller.get(f"/seller/orders/{so_id}").get_data(as_text=True)
    page = shopper_page(app, number)
    assert "no longer had this device in stock" in page and "Cancelled and refunded" in page and "Refunded to your card" in page


def test_shipping_with_an_imei_shows_tracking_to_the_shopper(app, sellers, seller):
    number, so_id, (line_id,) = new_order(app, sellers[0], "en-ie")
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept", data={"csrf_token": csrf})
    page = seller.get(f"/seller/orders/{so_id}").get_data(as_text=True)
    assert f'name="unit-{line_id}-0"' in page and '<option value="an_post">' in page
    bad = seller.post(f"/seller/orders/{so_id}/ship", data={"csrf_token": csrf, "carrier": "an_post", "tracking": "6A12345678",
                                                          f"unit-{line_id}-0": "356938035643808"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "An IMEI has 15 digits" in html and 'value="6A12345678"' in html
    code = imei()
    shipped = seller.post(f"/seller/orders/{so_id}/ship", data={"csrf_token": csrf, "carrier": "an_post", "tracking": "6A12345678",
                                                              f"unit-{line_id}-0": code})
    assert shipped.status_code == 303 and shipped.headers["Location"].endswith("#parcels")
    assert code in seller.get(f"/seller/orders/{so_id}").get_data(as_text=True)
    twice = seller.post(f"/seller/orders/{so_id}/ship", data={"csrf_token": csrf, "carrier": "an_post", "tracking": "6A12345678",
                                                            f"unit-{line_id}-0": code})
    assert twice.status_code == 409 and "shipped already" in twice.get_data(as_text=True)
    page = shopper_page(app, number)
    assert "On its way" in page and "An Post" in page and "Track parcel 6A12345678" in page
    assert "https://www.anpost.com/Post-Parcels/Track/History?item=6A12345678" in page


def test_shipping_after_a_refusal_is_refused_clearly(app, sellers, seller):
    _, so_id, (line_id,) = new_order(app, sellers[0])
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    seller.post(f"/seller/orders/{so_id}/lines/{line_id}/refuse", data={"csrf_token": csrf, "reason": "defect"})
    response = seller.post(f"/seller/orders/{so_id}/ship", data={"csrf_token": csrf, "carrier": "colissimo",
                                                               "tracking": "6A12345678", f"unit-{line_id}-0": imei()})
    assert response.status_code == 409 and "refused already" in response.get_data(as_text=True)


def test_cancelling_an_accepted_line_needs_a_reason_and_refunds(app, sellers, seller):
    number, so_id, (line_id,) = new_order(app, sellers[0], "en-ie")
    csrf = staff_csrf(seller, f"/seller/orders/{so_id}")
    seller.post(f"/seller/orders/{so_id}/lines/{line_id}/accept", data={"csrf_token": csrf})
    assert seller.post(f"/seller/orders/{so_id}/lines/{line_id}/cancel", data={"csrf_token": csrf}).status_code == 422
    response = seller.post(f"/seller/orders/{so_id}/lines/{line_id}/cancel",
                           data={"csrf_token": csrf, "reason": "other", "note": "Battery below the promised floor"})
    assert response.status_code == 303 and status_of(app, line_id) == "cancelled"
    assert "Battery below the promised floor" in seller.get(f"/seller/orders/{so_id}").get_data(as_text=True)
    assert "send this device" in shopper_page(app, number)
