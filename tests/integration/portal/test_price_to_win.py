"""Price to win in the listings: each row says whether it holds the buy box per storefront and what would win
it, from the pricing rule on what is committed; rivals show as prices and a rate gap, never by name."""
import re
import uuid

import pytest
from sqlalchemy import delete, select

from storefront.catalog.grades import GRADES
from storefront.catalog.models import Variant
from storefront.extensions import db
from storefront.offers.models import BuyBoxEntry, Offer, OfferPrice
from storefront.sellers.models import Seller
from tests.integration.offers.helpers import run_jobs
from tests.integration.portal.helpers import make_seller, remove_seller, row_form
from tests.integration.staff.helpers import staff_client, staff_csrf

LIST = "/seller/listings/"
FREE = [{"code": "standard", "price": 0, "days_min": 2, "days_max": 4}]


def _seller(name, on_time, markets=("fr-fr",)):
    slug = f"ptw-{uuid.uuid4().hex[:8]}"
    seller = Seller(slug=slug, name=name, country="FR", founded=2012, status="approved", markets=list(markets),
                    defect_rate=0.0, return_rate=0.0, cancellation_rate=0.0, on_time_rate=on_time)
    db.session.add(seller)
    db.session.flush()
    return seller


def make_duel(app) -> dict:
    """Our seller (6 % late) at €102.00 against a rival (3 % late) at €103.00 in fr-fr, on a variant and grade
    nobody else sells: 102 × 1.06 = 108.12 loses to 103 × 1.03 = 106.09."""
    with app.app_context():
        taken = {tuple(row) for row in db.session.execute(select(Offer.variant_id, Offer.grade))}
        variant_id, grade = next((v, g.code) for v in db.session.scalars(select(Variant.id).order_by(Variant.id.desc()))
                                 for g in GRADES if (v, g.code) not in taken)
        ours, rival = _seller("Ours Refurb", 0.94), _seller("Secret Rival Refurb", 0.97)
        offers = []
        for seller, amount in ((ours, 10200), (rival, 10300)):
            offer = Offer(seller_id=seller.id, variant_id=variant_id, grade=grade, sku=f"{seller.slug}-sku", stock=4,
                          battery_floor=85, warranty_months=12, status="live",
                          prices=[OfferPrice(market="fr-fr", amount=amount, shipping=FREE)])
            db.session.add(offer)
            offers.append(offer)
        db.session.commit()
        made = {"ours": ours.slug, "rival": rival.slug, "offer": offers[0].id, "sku": offers[0].sku,
                "rival_sku": offers[1].sku, "ids": (ours.id, rival.id)}
    run_jobs(app)
    return made


def remove_duel(app, made: dict) -> None:
    with app.app_context():
        for seller_id in made["ids"]:
            ids = select(Offer.id).where(Offer.seller_id == seller_id)
            db.session.execute(delete(BuyBoxEntry).where(BuyBoxEntry.offer_id.in_(ids)))  # nobody else sells it
        db.session.commit()
    for seller_id in made["ids"]:
        remove_seller(app, seller_id)


@pytest.fixture()
def duel(app):
    made = make_duel(app)
    made["client"], _ = staff_client(app, "seller", seller_slug=made["ours"])
    yield made
    remove_duel(app, made)


def box_cell(html: str, offer_id: int) -> str:
    row = re.search(rf'<tr[^>]*id="listings-row-{offer_id}".*?</tr>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.search(r'<td class="listings-row__box">.*?</td>', row, re.S).group(0))


def test_a_losing_seller_reads_the_cut_and_the_rate_and_wins_after_setting_that_price(app, duel):
    client = duel["client"]
    html = client.get(f"{LIST}?q={duel['sku']}").get_data(as_text=True)
    cell = box_cell(html, duel["offer"])
    assert "Losing to €103.00" in cell
    # 106.09 / 1.06 = 100.08…: €100.08 wins (106.0848), €100.09 would not (106.0954).
    assert "Cut €1.92 (to €100.08), or bring your late-shipment rate from 6% to 4%." in cell
    for secret in ("Secret Rival Refurb", duel["rival"], duel["rival_sku"]):
        assert secret not in html

    form = row_form(html, duel["offer"]) | {"price-fr-fr": "100.08"}
    assert client.post(f"/seller/listings/{duel['offer']}", data=form).status_code == 303
    run_jobs(app)
    cell = box_cell(client.get(f"{LIST}?q={duel['sku']}").get_data(as_text=True), duel["offer"])
    assert "box-chip--winning" in cell and "Winning" in cell and "Losing" not in cell
    assert "any higher price loses it" in cell


def test_a_paused_offer_is_not_competing_and_says_why_with_the_price_to_beat(app, duel):
    client = duel["client"]
    token = staff_csrf(client, LIST)
    assert client.post(f"/seller/listings/{duel['offer']}/pause", data={"csrf_token": token}).status_code == 303
    cell = box_cell(client.get(f"{LIST}?q={duel['sku']}").get_data(as_text=True), duel["offer"])
    assert "Not competing" in cell and "Paused: resume it to compete. The buy box is at €103.00." in cell


def test_a_pending_sellers_rows_do_not_compete_and_the_page_reads_rivals_in_one_query(app, count_queries):
    made = make_seller(app)
    try:
        client, _ = staff_client(app, "seller", seller_slug=made["slug"])
        html = client.get(LIST).get_data(as_text=True)
        assert html.count("box-chip--idle") >= 25
        assert "Your account isn&#39;t approved to sell: none of your offers compete." in html
        # 25 rows or one: the same number of statements (the rivals of all rows come in one).
        page = count_queries(lambda: client.get(LIST))
        one = count_queries(lambda: client.get(f"{LIST}?q={made['skus'][5]}"))
        assert page == one
    finally:
        remove_seller(app, made["id"])
