"""Buy boxes follow commits: a change to offers, prices or sellers queues one job, and the job refreshes them."""
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select, update

from storefront.catalog.models import Product, Variant
from storefront.extensions import db
from storefront.markets.money import format_money
from storefront.offers import buybox, sync
from storefront.offers.models import BuyBoxEntry, Offer, OfferPrice
from tests.integration.offers.helpers import refresh_jobs, run_jobs

SLUG = "iphone-13"


@pytest.fixture
def jobs(app):
    """The app's queue, emptied of what earlier tests left."""
    queue = app.extensions["jobs"].queue
    run_jobs(app)
    queue.flush()
    yield app.extensions["jobs"]
    queue.flush()


def cheapest_entry(market: str, slug: str = SLUG):
    """The product's cheapest buy box in `market`, with its variant: the price its category card shows."""
    return db.session.execute(
        select(BuyBoxEntry, Variant).join(Variant, Variant.id == BuyBoxEntry.variant_id)
        .join(Product, Product.id == BuyBoxEntry.product_id)
        .where((Product.slug == slug) & (BuyBoxEntry.market == market))
        .order_by(BuyBoxEntry.price, BuyBoxEntry.id).limit(1)).first()


def product_page_price(client, entry, variant) -> str:
    query = urlencode({"grade": entry.grade, "storage": variant.storage_gb, "color": variant.color_name})
    html = client.get(f"/en-gb/p/{SLUG}?{query}").get_data(as_text=True)
    return re.search(r'<div class="buybox__price">\s*<span class="price price--lg">\s*<span class="price__amount">([^<]+)<',
                     html).group(1)


def category_card_price(client) -> str:
    """The "from" price on the product's card, found on whichever page of Apple smartphones lists it."""
    for page in range(1, 10):
        html = client.get(f"/en-gb/c/smartphones?brand=apple&page={page}").get_data(as_text=True)
        card = re.search(rf'href="/en-gb/p/{SLUG}(?:\?[^"]*)?".*?price__amount">from ([^<]+)<', html, re.S)
        if card:
            return card.group(1)
    raise AssertionError("no card for the product")


def pounds(amount: int) -> str:
    return format_money(amount, "GBP", "en_GB")


def set_price(app, offer_id: int, market: str, amount: int) -> None:
    with app.app_context():
        db.session.scalar(select(OfferPrice).where((OfferPrice.offer_id == offer_id) & (OfferPrice.market == market))).amount = amount
        db.session.commit()


def test_a_price_committed_through_the_orm_shows_on_product_and_category_pages_once_the_job_ran(app, client, jobs):
    with app.app_context():
        entry, variant = cheapest_entry("en-gb")
        old, new = entry.price, entry.price - 100
    assert product_page_price(client, entry, variant) == category_card_price(client) == pounds(old)
    try:
        set_price(app, entry.offer_id, "en-gb", new)
        assert refresh_jobs(app) == [[entry.product_id]]
        # Not before the job: the pages read the stored buy boxes, which the commit itself left alone.
        assert product_page_price(client, entry, variant) == category_card_price(client) == pounds(old)
        assert run_jobs(app) == 1
        assert product_page_price(client, entry, variant) == category_card_price(client) == pounds(new)
        assert refresh_jobs(app) == []  # the job wrote buy boxes and queued nothing of its own
    finally:
        set_price(app, entry.offer_id, "en-gb", old)
        run_jobs(app)
    assert product_page_price(client, entry, variant) == pounds(old)


def winners(app, offer_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(BuyBoxEntry.market).where(BuyBoxEntry.offer_id == offer_id)))


def set_stock(app, offer_id: int, stock: int) -> int:
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        before, offer.stock = offer.stock, stock
        db.session.commit()
        return before


def test_stock_down_to_zero_takes_the_offer_out_of_the_buy_box_and_back_in(app, jobs):
    with app.app_context():
        entry, _ = cheapest_entry("fr-fr")
    stock = set_stock(app, entry.offer_id, 0)
    try:
        assert "fr-fr" in winners(app, entry.offer_id)  # until the job runs
        assert refresh_jobs(app) == [[entry.product_id]]
        run_jobs(app)
        assert winners(app, entry.offer_id) == []
    finally:
        set_stock(app, entry.offer_id, stock)
        run_jobs(app)
    assert "fr-fr" in winners(app, entry.offer_id)


def test_stock_that_stays_above_zero_or_a_new_sku_queues_nothing(app, jobs):
    with app.app_context():
        entry, _ = cheapest_entry("fr-fr")
        offer = db.session.get(Offer, entry.offer_id)
        stock, sku = offer.stock, offer.sku
        offer.stock, offer.sku = stock + 1, sku + "-X"
        db.session.commit()
        offer.stock, offer.sku = stock, sku
        db.session.commit()
    assert refresh_jobs(app) == []


def test_a_rollback_queues_nothing(app, jobs):
    with app.app_context():
        entry, _ = cheapest_entry("fr-fr")
        db.session.scalar(select(OfferPrice).where(OfferPrice.offer_id == entry.offer_id)).amount += 500
        db.session.flush()
        db.session.rollback()
        db.session.commit()  # an empty commit after it: the rolled-back change is forgotten
    assert refresh_jobs(app) == []


def test_a_bulk_update_through_the_session_queues_the_job_too(app, jobs):
    with app.app_context():
        entry, _ = cheapest_entry("fr-fr")
        product_id, price = entry.product_id, entry.price
        where = (OfferPrice.offer_id == entry.offer_id) & (OfferPrice.market == "fr-fr")
        db.session.execute(update(OfferPrice).where(where).values(amount=OfferPrice.amount + 1))
        db.session.commit()
        assert refresh_jobs(app) == [[product_id]]
        db.session.execute(update(OfferPrice).where(where).values(amount=OfferPrice.amount - 1))
        db.session.commit()
    run_jobs(app)
    with app.app_context():
        assert cheapest_entry("fr-fr")[0].price == price


def test_changes_to_many_products_queue_one_job_for_all(app, jobs, monkeypatch):
    monkeypatch.setattr(sync, "MAX_PRODUCTS", 1)
    with app.app_context():
        offers = [cheapest_entry("fr-fr", slug)[0].offer_id for slug in (SLUG, "galaxy-s21")]
        prices = db.session.scalars(select(OfferPrice).where(OfferPrice.offer_id.in_(offers))).all()
        for price in prices:
            price.amount += 1
        db.session.commit()
        assert refresh_jobs(app) == [None]
        for price in prices:
            price.amount -= 1
        db.session.commit()
    assert refresh_jobs(app) == [None, None]


def test_a_full_refresh_in_the_same_transaction_queues_nothing(app, jobs):
    """The seed loads in bulk and refreshes everything itself: it must not queue a job as well."""
    with app.app_context():
        entry, _ = cheapest_entry("fr-fr")
        price = db.session.scalar(select(OfferPrice).where((OfferPrice.offer_id == entry.offer_id) & (OfferPrice.market == "fr-fr")))
        price.amount -= 1
        buybox.refresh([app.extensions["markets"]["fr-fr"]])
        db.session.commit()
        assert refresh_jobs(app) == []
        assert cheapest_entry("fr-fr")[0].price == entry.price - 1
        price.amount += 1
        buybox.refresh([app.extensions["markets"]["fr-fr"]])
        db.session.commit()
    assert refresh_jobs(app) == []


def test_a_refresh_that_changes_nothing_keeps_the_version(app, jobs):
    with app.app_context():
        before = buybox.version()
        buybox.rebuild(app.extensions["markets"], [cheapest_entry("fr-fr")[0].product_id])
        assert buybox.version() == before


def test_a_failing_job_is_retried_and_finally_succeeds_with_nothing_lost(app, client, jobs, monkeypatch):
    with app.app_context():
        entry, variant = cheapest_entry("en-gb")
        old, new = entry.price, entry.price - 100
        version = buybox.version()
    real = buybox.refresh
    failures = []

    def fail_twice(*args, **kwargs):
        written = real(*args, **kwargs)  # the work is done, then the database goes away before the commit
        if len(failures) < 2:
            failures.append(1)
            raise RuntimeError("injected: database connection lost")
        return written

    monkeypatch.setattr(buybox, "refresh", fail_twice)
    try:
        set_price(app, entry.offer_id, "en-gb", new)
        queue = jobs.queue
        assert run_jobs(app) == 1
        assert queue.scheduled_count() == 1 and queue.pending_count() == 0  # retried later, with backoff
        with app.app_context():
            assert buybox.version() == version  # the failed run left nothing half-written
        assert product_page_price(client, entry, variant) == pounds(old)
        assert run_jobs(app) == 0  # the retry is not due yet
        assert run_jobs(app, later=timedelta(seconds=6)) == 1  # first retry: fails again
        assert queue.scheduled_count() == 1
        assert run_jobs(app, later=timedelta(seconds=6)) == 0  # the next waits longer (backoff)
        assert run_jobs(app, later=timedelta(seconds=11)) == 1
        assert queue.scheduled_count() == queue.pending_count() == 0
        assert product_page_price(client, entry, variant) == pounds(new)
    finally:
        monkeypatch.setattr(buybox, "refresh", real)
        set_price(app, entry.offer_id, "en-gb", old)
        run_jobs(app)


def test_a_commit_whose_job_was_lost_in_a_crash_is_caught_by_the_sweep(app, client, jobs, monkeypatch):
    """The process dies between the commit and queueing the job: the periodic rebuild catches up."""
    with app.app_context():
        entry, variant = cheapest_entry("en-gb")
        old, new = entry.price, entry.price - 100
    monkeypatch.setattr(sync, "enqueue", lambda *args: None)  # the job never reaches the queue
    try:
        set_price(app, entry.offer_id, "en-gb", new)
        assert refresh_jobs(app) == [] and run_jobs(app) == 0
        assert product_page_price(client, entry, variant) == pounds(old)
        with app.app_context():
            jobs.tasks["rebuild_buy_boxes"].call_local()
        assert product_page_price(client, entry, variant) == pounds(new)
    finally:
        monkeypatch.undo()
        set_price(app, entry.offer_id, "en-gb", old)
        run_jobs(app)
    assert product_page_price(client, entry, variant) == pounds(old)
