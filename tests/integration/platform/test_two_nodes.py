"""Two nodes, one database: what one node changes, the other shows within seconds, with no restart.

Each node is an app instance with its own search index folder, as two machines behind a load
balancer would be; both use the session's database (a SQLite file, or PostgreSQL).
"""
import re
import shutil
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config.settings import Test
from storefront import create_app
from storefront.catalog.models import Product
from storefront.commerce import protection_price
from storefront.extensions import db
from storefront.markets.money import format_money
from storefront.offers.models import Offer, OfferPrice
from storefront.search import index
from storefront.search import services as search
from storefront.search.models import SearchChange
from tests.integration.conftest import csrf_token

DEADLINE = 5.0  # seconds: what one node changes shows on the other within this
SLUG, CATEGORY, BRAND = "fairphone-4", "smartphones", "fairphone"
PAGE = f"/en-gb/p/{SLUG}"


@pytest.fixture
def nodes(app, database_url, tmp_path):
    """Nodes A and B on the session's (seeded) database, each with its own search index; one commerce file,
    as configuration management would write it on every machine."""
    commerce_file = tmp_path / "commerce.toml"
    shutil.copy(Test.COMMERCE_FILE, commerce_file)
    made = []
    for name in ("a", "b"):
        class Node(Test):
            SQLALCHEMY_DATABASE_URI = database_url
            SEARCH_INDEX_DIR = str(tmp_path / name / "search")
            COMMERCE_FILE = commerce_file
            REVALIDATE_SECONDS = 2  # as in production: a node keeps its pages' catalog reads this long

        made.append(create_app(Node))
    yield made
    for node in made:  # connections closed before the database goes (a collected one is a ResourceWarning)
        with node.app_context():
            db.session.remove()
            db.engine.dispose()


def within_deadline(check, what: str) -> float:
    """Poll `check()` until it is true; fails when that takes longer than DEADLINE. Returns the seconds taken."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < DEADLINE, f"{what}: not seen within {DEADLINE} s"
        time.sleep(0.1)
    return time.monotonic() - started


def text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def shown_offer(client) -> int | None:
    """The offer the product page sells (its add-to-cart form), if any."""
    found = re.search(r'name="offer" value="(\d+)"', text(client, PAGE))
    return int(found.group(1)) if found else None


def commit_offer(node, offer_id: int, **changes) -> None:
    """Through node A: change an offer (price in en-gb, stock) as a seller's edit would, and commit."""
    with node.app_context():
        offer = db.session.get(Offer, offer_id)
        if "stock" in changes:
            offer.stock = changes["stock"]
        if "price" in changes:
            db.session.scalar(select(OfferPrice).filter_by(offer_id=offer_id, market="en-gb")).amount = changes["price"]
        db.session.commit()
    assert node.extensions["jobs"].run_pending()  # the buy-box refresh the commit queued, as node A's worker runs it


def test_a_change_on_one_node_shows_on_the_other_within_seconds(nodes):
    a, b = nodes
    shopper_a, shopper_b = a.test_client(), b.test_client()
    # B is a fresh node: its first search builds its index from the database, then it follows the changes.
    assert "Fairphone 4" in text(shopper_b, "/en-gb/search?q=fairphone")
    assert "Fairphone Quokka" not in text(shopper_b, "/en-gb/search?q=quokka")
    with a.app_context():
        product = db.session.scalar(select(Product).filter_by(slug=SLUG))
        product_id, name = product.id, product.name
        offer_id = shown_offer(shopper_a)
        offer, price = db.session.get(Offer, offer_id), db.session.scalar(
            select(OfferPrice).filter_by(offer_id=offer_id, market="en-gb"))
        stock, amount = offer.stock, price.amount
    try:
        with a.app_context():
            db.session.get(Product, product_id).name = "Fairphone Quokka"
            db.session.commit()
        within_deadline(lambda: "Fairphone Quokka" in text(shopper_b, "/en-gb/search?q=quokka"), "B's search")
        assert "Fairphone Quokka" in text(shopper_b, PAGE)

        cheaper = min(4321, amount - 1)  # cheaper than any other offer of the model: the card's "from" price
        commit_offer(a, offer_id, price=cheaper)
        shown = format_money(cheaper, "GBP", "en_GB")
        within_deadline(lambda: shown in text(shopper_b, PAGE), "B's product page price")
        assert shown in text(shopper_b, f"/en-gb/c/{CATEGORY}?brand={BRAND}")

        commit_offer(a, offer_id, stock=0)
        within_deadline(lambda: shown_offer(shopper_b) != offer_id, "B's product page without the sold-out offer")
        assert shown not in text(shopper_b, f"/en-gb/c/{CATEGORY}?brand={BRAND}")
    finally:
        with a.app_context():
            db.session.get(Product, product_id).name = name
            db.session.commit()
        commit_offer(a, offer_id, price=amount, stock=stock)
    within_deadline(lambda: "Fairphone Quokka" not in text(shopper_b, "/en-gb/search?q=quokka"), "B's search, restored")


def test_a_commerce_rule_change_applies_on_every_node_without_a_restart(nodes):
    a, b = nodes
    shopper = a.test_client()
    offer_id = shown_offer(shopper)
    shopper.post("/en-gb/cart/add", data={"offer": offer_id, "csrf_token": csrf_token(shopper, PAGE)})
    with a.app_context():
        amount = db.session.scalar(select(OfferPrice.amount).filter_by(offer_id=offer_id, market="en-gb"))
    same_shopper_on_b = b.test_client()  # the load balancer sends the shopper's next request to B: same cookie
    same_shopper_on_b.set_cookie("session", shopper.get_cookie("session").value)

    def plan(rate_bps: int) -> str:
        return f"protection plan (breakage and theft) for {format_money(protection_price(amount, rate_bps, 2), 'GBP', 'en_GB')}"

    assert all(plan(900) in text(client, "/en-gb/cart/") for client in (shopper, same_shopper_on_b))
    rules = a.config["COMMERCE_FILE"]
    fresh = rules.with_name("commerce.toml.new")  # written whole, then swapped in, as deployment tools do
    fresh.write_text(rules.read_text().replace("rate_bps = 900", "rate_bps = 2500"))
    fresh.replace(rules)
    for client, node in ((shopper, "A"), (same_shopper_on_b, "B")):
        within_deadline(lambda client=client: plan(2500) in text(client, "/en-gb/cart/"), f"{node}'s protection price")


def test_a_node_behind_rows_already_pruned_rebuilds_its_index(nodes):
    a, b = nodes
    shopper_b = b.test_client()
    assert "Fairphone 4" in text(shopper_b, "/en-gb/search?q=fairphone")  # B's index, built now
    with a.app_context():
        product = db.session.scalar(select(Product).filter_by(slug=SLUG))
        other = db.session.scalar(select(Product).where(Product.id != product.id).order_by(Product.id).limit(1))
        product_id, name, other_id = product.id, product.name, other.id
        product.name = "Fairphone Wombat"
        db.session.commit()
        other.popularity += 1  # a later change of another model: the log's newest row, which pruning keeps
        db.session.commit()
    try:
        with a.app_context():
            assert search.prune_changes(keep=timedelta(0)) > 0  # the rename's row is gone before B read it
        within_deadline(lambda: "Fairphone Wombat" in text(shopper_b, "/en-gb/search?q=wombat"), "B's rebuilt index")
        with b.app_context():
            assert index.changes_seen(search.index_root()) == db.session.scalar(select(func.max(SearchChange.id)))
    finally:
        with a.app_context():
            db.session.get(Product, product_id).name = name
            db.session.get(Product, other_id).popularity -= 1
            db.session.commit()


def test_the_change_log_commits_with_the_change_and_in_commit_order(nodes):
    """A node applies the rows after the last id it applied: an id that showed up after a higher one
    would never be applied. So product writers take turns from their first write to their commit."""
    a, _b = nodes
    with a.app_context():
        first, second = db.session.scalars(select(Product).order_by(Product.id).limit(2))
        names = {first.id: first.name, second.id: second.name}
    latest = select(func.max(SearchChange.id))
    flushed, committed, errors = threading.Event(), [], []

    def edit(product_id: int, hold: bool) -> None:
        try:
            with a.app_context():
                db.session.get(Product, product_id).name += " (edited)"
                db.session.flush()
                if hold:  # the first writer has its log row; it commits a moment later
                    flushed.set()
                    time.sleep(0.5)
                db.session.commit()
                committed.append((product_id, db.session.scalar(
                    select(SearchChange.id).filter_by(product_id=product_id).order_by(SearchChange.id.desc()).limit(1))))
        except Exception as error:
            errors.append(error)

    with a.app_context():
        before = db.session.scalar(latest)
        product = db.session.get(Product, first.id)
        product.name = "rolled back"
        db.session.flush()
        db.session.rollback()
        product = db.session.get(Product, first.id)
        product.name = product.name  # set to what it was: no change
        db.session.commit()
        assert db.session.scalar(latest) == before  # nothing logged for a rollback or a no-op
    holder = threading.Thread(target=edit, args=(first.id, True))
    holder.start()
    flushed.wait(10)
    follower = threading.Thread(target=edit, args=(second.id, False))
    follower.start()
    holder.join()
    follower.join()
    try:
        assert errors == []
        assert [product_id for product_id, _ in committed] == [first.id, second.id]
        assert committed[0][1] < committed[1][1]
    finally:
        with a.app_context():
            for product_id, name in names.items():
                db.session.get(Product, product_id).name = name
            db.session.commit()
