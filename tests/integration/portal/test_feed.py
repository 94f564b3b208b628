"""The bulk feed: a CSV's dry run shows what would change and which buy boxes move, then a job applies exactly that."""
import io
import re

import pytest
from sqlalchemy import func, select, update
from werkzeug.test import EnvironBuilder

from storefront.extensions import db
from storefront.offers import feed_imports
from storefront.offers.feed_imports import FeedImport
from storefront.offers.models import BuyBoxEntry, Offer, OfferPrice
from storefront.sellers.models import Seller
from tests.integration.offers.helpers import run_jobs
from tests.integration.portal.helpers import offers_kept
from tests.integration.staff.helpers import staff_client, staff_csrf

HEADER = "sku,model,storage,colour,grade,stock,price_fr-fr"


def french_seller(app, skip=0):
    """The slug and id of an approved seller shipping to fr-fr (the `skip`-th one)."""
    with app.app_context():
        sellers = db.session.scalars(select(Seller).where(Seller.status == "approved").order_by(Seller.id)).all()
        chosen = [s for s in sellers if "fr-fr" in s.markets][skip]
        return chosen.slug, chosen.id


def offers_of(app, seller_id, count, priced_in="fr-fr", in_stock=True):
    """`count` live offers of the seller priced in `priced_in`, as dicts with their row of the feed."""
    from storefront.catalog.models import Product, Variant

    with app.app_context():
        rows = db.session.execute(
            select(Offer.id, Offer.sku, Offer.grade, Offer.stock, Product.slug, Variant.storage_gb, Variant.color_name,
                   OfferPrice.amount)
            .join(Variant, Variant.id == Offer.variant_id).join(Product, Product.id == Variant.product_id)
            .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == priced_in))
            .where((Offer.seller_id == seller_id) & (Offer.status == "live") & (Offer.stock > 0 if in_stock else True)
                   & (Variant.keyboard == ""))
            .order_by(Offer.id).limit(count)).all()
    return [row._asdict() for row in rows]


def free_variant(app, seller_id):
    """A (product slug, storage, colour, grade, variant id) the seller has no offer for."""
    from storefront.catalog.models import Product, Variant

    with app.app_context():
        taken = set(db.session.execute(select(Offer.variant_id, Offer.grade).where(Offer.seller_id == seller_id)).all())
        for v in db.session.execute(select(Variant.id, Product.slug, Variant.storage_gb, Variant.color_name)
                                    .join(Product).where(Variant.keyboard == "").order_by(Variant.id)):
            if (v.id, "good") not in taken:
                return v.slug, v.storage_gb, v.color_name, "good", v.id


def line(offer, **cells):
    values = {"sku": offer["sku"], "model": offer["slug"], "storage": offer["storage_gb"], "colour": offer["color_name"],
              "grade": offer["grade"], "stock": "", "price_fr-fr": "", **cells}
    return ",".join(str(values[name]) for name in HEADER.split(","))


def upload(client, data, filename="feed.csv", token=True):
    if isinstance(data, str):
        data = data.encode()
    form = {"file": (io.BytesIO(data), filename)}
    if token:
        form["csrf_token"] = staff_csrf(client, "/seller/feed/")
    environ = EnvironBuilder(path="/seller/feed/", method="POST", data=form).get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()  # the test client's spooled copy of a big body (a server reads a socket)


def import_id(response):
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def imports_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(FeedImport.id)))


def offer_state(app, offer_id):
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        prices = dict(db.session.execute(select(OfferPrice.market, OfferPrice.amount).where(OfferPrice.offer_id == offer_id)).all())
        return offer.stock, offer.status, prices


@pytest.fixture
def seller(app):
    slug, seller_id = french_seller(app, skip=2)  # not the demo seller; one that ships to some storefronts only
    client, _ = staff_client(app, "seller", seller_slug=slug)
    with offers_kept(app, seller_id):
        yield client, seller_id


def test_the_dry_run_shows_what_would_be_created_updated_paused_and_a_buy_box_won(app, seller):
    client, seller_id = seller
    cheap, paused = offers_of(app, seller_id, 2)
    slug, storage, colour, grade, _ = free_variant(app, seller_id)
    before = [offer_state(app, o["id"]) for o in (cheap, paused)]
    text = "\n".join([HEADER + ",status", line(cheap, **{"stock": 7, "price_fr-fr": "1.00"}) + ",",
                      line(paused) + ",paused", f"NEW-FEED-1,{slug},{storage},{colour},{grade},3,,"])
    found = import_id(upload(client, text))
    html = client.get(f"/seller/feed/{found}").get_data(as_text=True)
    assert re.search(r'stat__figure">1</span><span class="stat__label">offers to create', html)
    assert re.search(r'stat__figure">1</span><span class="stat__label">offers to update', html)
    assert re.search(r'stat__figure">1</span><span class="stat__label">offers to pause', html)
    assert "wins the buy box in fr-fr" in html
    assert f'{cheap["stock"]} → <strong>7</strong>' in html
    assert "Apply these changes" in html
    assert [offer_state(app, o["id"]) for o in (cheap, paused)] == before  # a dry run changes nothing
    with app.app_context():
        assert db.session.scalar(select(func.count(Offer.id)).where(Offer.sku == "NEW-FEED-1")) == 0
        stored = db.session.get(FeedImport, found)
        assert (stored.status, stored.creates, stored.updates, stored.pauses, stored.errors) == ("dry_run", 1, 1, 1, 0)
        assert len(stored.sha256) == 64


def test_applying_runs_as_a_job_writes_exactly_the_dry_run_and_twice_changes_nothing_more(app, seller):
    client, seller_id = seller
    cheap, paused = offers_of(app, seller_id, 2)
    slug, storage, colour, grade, variant_id = free_variant(app, seller_id)
    text = "\n".join([HEADER + ",status", line(cheap, **{"stock": 9, "price_fr-fr": "1.50"}) + ",",
                      line(paused) + ",paused", f"NEW-FEED-2,{slug},{storage},{colour},{grade},4,2.00,"])
    found = import_id(upload(client, text))
    token = staff_csrf(client, f"/seller/feed/{found}")
    assert client.post(f"/seller/feed/{found}/apply", data={"csrf_token": token}).status_code == 303
    polled = client.get(f"/seller/feed/{found}", headers={"HX-Request": "true", "HX-Target": "portal-feed-status"})
    assert 'hx-trigger="every 2s"' in polled.get_data(as_text=True)  # still queued: the status polls itself
    assert polled.get_data(as_text=True).lstrip().startswith("<section")  # the partial alone
    run_jobs(app)  # the apply job, then the buy-box refresh its commit queued
    run_jobs(app)
    assert offer_state(app, cheap["id"])[:2] == (9, "live") and offer_state(app, cheap["id"])[2]["fr-fr"] == 150
    assert offer_state(app, paused["id"])[1] == "paused"
    with app.app_context():
        new = db.session.scalar(select(Offer).where(Offer.sku == "NEW-FEED-2"))
        assert (new.seller_id, new.variant_id, new.grade, new.stock, new.warranty_months) == (seller_id, variant_id, grade, 4, 12)
        assert db.session.scalar(select(OfferPrice.amount).where((OfferPrice.offer_id == new.id) & (OfferPrice.market == "fr-fr"))) == 200
        winner = db.session.scalar(select(BuyBoxEntry.offer_id).where(
            (BuyBoxEntry.market == "fr-fr") & (BuyBoxEntry.variant_id == variant_id) & (BuyBoxEntry.grade == grade)))
        assert winner == new.id  # the buy boxes followed by themselves
        assert db.session.get(FeedImport, found).status == "applied"
        assert [e.actor_id is not None for e in applied_entries(found)] == [True]  # once written, by its uploader
    done = client.get(f"/seller/feed/{found}", headers={"HX-Request": "true", "HX-Target": "portal-feed-status"}).get_data(as_text=True)
    assert "Done: your changes are applied." in done and "every 2s" not in done
    # Again, by a double click and by the job running twice: nothing more happens.
    with app.app_context():
        db.session.execute(update(Offer).where(Offer.id == cheap["id"]).values(stock=2))
        db.session.commit()
    assert client.post(f"/seller/feed/{found}/apply", data={"csrf_token": token}).status_code == 303
    with app.app_context():
        assert feed_imports.apply(found) == "applied"
    run_jobs(app)
    assert offer_state(app, cheap["id"])[0] == 2
    with app.app_context():
        assert db.session.scalar(select(func.count(Offer.id)).where(Offer.sku == "NEW-FEED-2")) == 1


def test_fields_left_out_are_left_alone(app, seller):
    client, seller_id = seller
    (offer,) = offers_of(app, seller_id, 1)
    before = offer_state(app, offer["id"])
    text = "sku;model;storage;colour;grade\n" + ";".join(str(offer[k]) for k in ("sku", "slug", "storage_gb", "color_name", "grade"))
    found = import_id(upload(client, text))
    text = "\n".join([HEADER, line(offer)])  # empty stock and price cells
    again = import_id(upload(client, text))
    with app.app_context():
        for import_ in (found, again):
            stored = db.session.get(FeedImport, import_)
            assert (stored.unchanged, stored.updates, stored.errors, stored.plan) == (1, 0, 0, [])
    assert offer_state(app, offer["id"]) == before


def test_each_bad_row_says_its_line_column_and_why_and_the_report_lists_them(app, seller):
    client, seller_id = seller
    first, second, third = offers_of(app, seller_id, 3)
    slug, storage, colour, grade, _ = free_variant(app, seller_id)
    with app.app_context():
        other = db.session.scalar(select(Offer).where(Offer.seller_id != seller_id).limit(1))
        other_sku, other_seller = other.sku, other.seller.name
        shipped = set(db.session.get(Seller, seller_id).markets)
    elsewhere = next(code for code in ("ja-jp", "en-us", "en-au", "sv-se", "en-gb", "de-de") if code not in shipped)
    rows = [
        HEADER + f",price_{elsewhere}",
        line(first, **{"price_fr-fr": "-5"}) + ",",  # 2: negative price
        "X-1,no-such-phone,128,Black,good,1,,",  # 3: unknown model
        f"X-2,{slug},{storage},Ultraviolet,good,1,,",  # 4: no such colour
        f"{other_sku},{slug},{storage},{colour},{grade},1,,",  # 5: another seller's SKU
        line(second, stock=3) + ",",  # 6
        line(second, stock=4) + ",",  # 7: the same SKU again
        line(third) + ",99",  # 8: a market the seller does not ship to
        f"X-3,{slug},{storage},{colour},{grade},,,",  # 9: a new offer without stock
    ]
    response = upload(client, "\n".join(rows))
    found = import_id(response)
    html = client.get(f"/seller/feed/{found}").get_data(as_text=True)
    assert "7 rows with errors" in html
    assert "Not your offer" in html and other_seller not in html
    report = client.get(f"/seller/feed/{found}/errors.csv")
    assert report.mimetype == "text/csv" and "attachment" in report.headers["Content-Disposition"]
    lines = report.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "line,column,value,why"
    got = {(int(row.split(",")[0]), row.split(",")[1]) for row in lines[1:]}
    assert got == {(2, "price_fr-fr"), (3, "model"), (4, "colour"), (5, "sku"), (7, "sku"), (8, f"price_{elsewhere}"), (9, "stock")}
    assert any(row.startswith("2,price_fr-fr,'-5,") for row in lines)  # a cell a spreadsheet would run is made text
    with app.app_context():
        assert db.session.get(FeedImport, found).updates == 1  # line 6 is fine


@pytest.mark.parametrize(("data", "why"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100, "binary data"),
    (b"name,price\nphone,12\n", "names none of them"),
    (b"sku,model,storage,colour,grade,colour_name\nA,b,1,c,good,x\n", "Unknown columns: colour_name"),
    (b"sku,model,grade\nA,b,good\n", "Missing columns: storage, colour"),
    (b"sku,model,storage,colour,grade\n", "a header but no rows"),
    (bytes(range(32, 127)) * (5 * 1024 * 1024 // 95), "not look like a header"),  # 5 MB of junk
    (b"x" * (5 * 1024 * 1024 + 10), "over 5 MB"),
    (b"", "Choose a CSV file"),
])
def test_a_file_that_cannot_be_used_gets_one_clear_error_and_changes_nothing(app, seller, data, why):
    client, _ = seller
    before = imports_count(app)
    response = upload(client, data, filename="feed.csv" if data else "")
    assert response.status_code in (413, 422)
    assert why in response.get_data(as_text=True)
    assert imports_count(app) == before


def test_the_template_holds_the_sellers_offers_and_reads_back_unchanged(app, seller):
    client, seller_id = seller
    response = client.get("/seller/feed/template.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeffsku,model,storage,colour,")
    assert "grade,stock,price_fr-fr," in text.splitlines()[0]
    with app.app_context():
        count = db.session.scalar(select(func.count(Offer.id)).where(Offer.seller_id == seller_id))
    assert len(text.splitlines()) == count + 1
    found = import_id(upload(client, text.encode("utf-8")))
    with app.app_context():
        stored = db.session.get(FeedImport, found)
        assert (stored.unchanged, stored.errors, stored.creates + stored.updates + stored.pauses) == (count, 0, 0)


def test_latin1_semicolons_and_loose_headers_are_read(app, seller):
    client, seller_id = seller
    (offer,) = offers_of(app, seller_id, 1)
    text = f" SKU ; Model;Storage;Color;GRADE;Stock;Price FR-FR\r\n{offer['sku']};{offer['slug']};{offer['storage_gb']};" \
           f"{offer['color_name']};{offer['grade']};{offer['stock'] + 1};1234,50\r\n"
    found = import_id(upload(client, text.encode("cp1252")))
    with app.app_context():
        (change,) = db.session.get(FeedImport, found).plan
    assert change["fields"] == {"stock": offer["stock"] + 1} and change["prices"] == {"fr-fr": 123450}


def test_another_seller_cannot_see_nor_apply_a_dry_run(app, seller):
    client, seller_id = seller
    (offer,) = offers_of(app, seller_id, 1)
    found = import_id(upload(client, "\n".join([HEADER, line(offer, stock=offer["stock"] + 5)])))
    slug, _ = french_seller(app, skip=3)
    rival, _ = staff_client(app, "seller", seller_slug=slug)
    token = staff_csrf(rival, "/seller/feed/")
    assert rival.get(f"/seller/feed/{found}").status_code == 404
    assert rival.get(f"/seller/feed/{found}/errors.csv").status_code == 404
    assert rival.post(f"/seller/feed/{found}/apply", data={"csrf_token": token}).status_code == 404
    operator, _ = staff_client(app, "admin")
    assert operator.post(f"/seller/feed/{found}/apply", data={"csrf_token": staff_csrf(operator, "/seller/feed/")}).status_code == 404
    with app.app_context():
        assert db.session.get(FeedImport, found).status == "dry_run"


def test_writes_without_the_csrf_token_are_refused(app, seller):
    client, seller_id = seller
    (offer,) = offers_of(app, seller_id, 1)
    before = imports_count(app)
    assert upload(client, "\n".join([HEADER, line(offer, stock=1)]), token=False).status_code == 400
    assert imports_count(app) == before
    found = import_id(upload(client, "\n".join([HEADER, line(offer, stock=offer["stock"] + 2)])))
    assert client.post(f"/seller/feed/{found}/apply").status_code == 400
    with app.app_context():
        assert db.session.get(FeedImport, found).status == "dry_run"


def test_a_dry_run_made_stale_by_an_edit_is_refused_as_a_whole(app, seller):
    client, seller_id = seller
    first, second = offers_of(app, seller_id, 2)
    found = import_id(upload(client, "\n".join([HEADER, line(first, stock=first["stock"] + 3),
                                                line(second, stock=second["stock"] + 3)])))
    with app.app_context():
        db.session.execute(update(Offer).where(Offer.id == second["id"]).values(stock=second["stock"] + 1))
        db.session.commit()
    client.post(f"/seller/feed/{found}/apply", data={"csrf_token": staff_csrf(client, f"/seller/feed/{found}")})
    run_jobs(app)
    assert offer_state(app, first["id"])[0] == first["stock"]
    assert offer_state(app, second["id"])[0] == second["stock"] + 1
    html = client.get(f"/seller/feed/{found}").get_data(as_text=True)
    assert "Not applied: nothing changed." in html and "Upload the file again" in html
    with app.app_context():
        assert applied_entries(found) == []  # the log never says applied of a feed that failed


def test_an_apply_that_keeps_failing_ends_failed_with_nothing_written(app, seller, monkeypatch):
    from datetime import timedelta

    client, seller_id = seller
    (offer,) = offers_of(app, seller_id, 1)
    found = import_id(upload(client, "\n".join([HEADER, line(offer, stock=offer["stock"] + 4)])))

    def broken(_found):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(feed_imports, "write", broken)
    client.post(f"/seller/feed/{found}/apply", data={"csrf_token": staff_csrf(client, f"/seller/feed/{found}")})
    for _ in range(5):
        run_jobs(app, later=timedelta(hours=1))
    assert offer_state(app, offer["id"])[0] == offer["stock"]
    html = client.get(f"/seller/feed/{found}").get_data(as_text=True)
    assert "Not applied: nothing changed." in html and "Something went wrong on our side" in html and "every 2s" not in html


def applied_entries(found):
    """The audit log's "feed applied" entries about import `found` (in an app context)."""
    from storefront.audit.models import AuditEntry

    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "feed_applied")).all()
    return [entry for entry in entries if entry.details.get("feed_import") == found]
