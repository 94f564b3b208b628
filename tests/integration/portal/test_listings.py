"""The seller's listings: its own offers only, searched, filtered and paged; rows saved in place (htmx) or as
plain forms; pause and resume; a new offer picked model → variant → grade. Both renderings of every htmx
interaction are checked."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from storefront.accounts.models import User
from storefront.catalog.models import Product, Variant
from storefront.extensions import db
from storefront.offers.models import Offer, OfferPrice
from storefront.offers.shipping import DEFAULT_SHIPPING
from tests.integration.conftest import htmx_headers
from tests.integration.portal.helpers import make_seller, offer_state, prices, remove_seller, row_form
from tests.integration.staff.helpers import staff_client, staff_csrf

LIST = "/seller/listings/"


@pytest.fixture(scope="module")
def shop(app):
    made = make_seller(app)
    client, _ = staff_client(app, "seller", seller_slug=made["slug"])
    made["client"] = client
    yield made
    remove_seller(app, made["id"])


def row_id(offer_id: int) -> str:
    return f"listings-row-{offer_id}"


def test_the_list_shows_the_sellers_own_offers_with_a_price_per_market_it_ships_to(app, shop):
    html = shop["client"].get(LIST).get_data(as_text=True)
    assert "27 offers" in html and "Page 1 of 2" in html
    assert 'href="/seller/listings/" aria-current="page">Listings</a>' in html  # a section of the portal
    first = shop["offers"][3]
    assert shop["skus"][3] in html and 'grade-chip grade-chip--premium' in html
    form = row_form(html, first)
    assert form["price-en-gb"] == "300.03" and form["price-fr-fr"] == "350.03" and form["price-ja-jp"] == ""
    assert form["stock"] == "5"
    assert "ja-jp <abbr" in html and ">JPY</abbr>" in html  # a market shipped to, not priced yet
    with app.app_context():
        stranger = db.session.scalar(select(Offer.sku).where(Offer.seller_id != shop["id"]).limit(1))
    assert stranger not in html


def test_a_suspended_offer_shows_the_operators_reason_escaped_and_cannot_be_edited(shop):
    suspended = shop["offers"][1]
    html = shop["client"].get(f"{LIST}?status=suspended").get_data(as_text=True)
    assert "1 offer<" in html and 'chip chip--suspended' in html
    assert 'Sold as &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Excellent' in html and "<script>alert" not in html
    assert f'id="o{suspended}-form"' not in html and f'form="o{suspended}-form"' not in html
    assert f"/seller/listings/{suspended}/resume" not in html


@pytest.mark.parametrize("query, expected", [
    ("status=paused", [0]), ("status=suspended", [1]), ("stock=out", [2]), ("grade=premium", [3]),
    ("q={sku}", [5]), ("q=%20{sku}%20", [5]),
])
def test_filters_narrow_the_list(shop, query, expected):
    html = shop["client"].get(f"{LIST}?{query.format(sku=shop['skus'][5])}").get_data(as_text=True)
    shown = {int(n) for n in re.findall(r'id="listings-row-(\d+)"', html)}
    assert shown == {shop["offers"][n] for n in expected}


def test_search_by_model_name_and_category_and_nothing_matching(shop):
    client = shop["client"]
    word = shop["models"][0].split()[-1]
    html = client.get(f"{LIST}?q={word}").get_data(as_text=True)
    assert f'id="listings-row-{shop["offers"][0]}"' in html
    assert "None of your offers matches these filters." in client.get(f"{LIST}?q=zzqx%25_").get_data(as_text=True)
    assert "None of your offers" in client.get(f"{LIST}?category=headphones&q=iphone").get_data(as_text=True)
    # Unknown values are dropped, never an error.
    assert client.get(f"{LIST}?status=gone&grade=mint&page=-3&stock=lots").status_code == 200


def test_pages_hold_25_and_keep_the_filters_and_past_the_end_is_the_last(shop):
    client = shop["client"]
    second = client.get(f"{LIST}?page=2").get_data(as_text=True)
    assert len(re.findall(r'id="listings-row-\d+"', second)) == 2 and 'rel="prev"' in second
    assert 'Page 2 of 2' in client.get(f"{LIST}?page=999").get_data(as_text=True)
    first = client.get(f"{LIST}?grade=good").get_data(as_text=True)
    assert 'href="/seller/listings/?grade=good&amp;page=2"' in first


def test_the_filter_form_with_htmx_gets_the_table_alone_and_without_it_the_page(shop):
    client = shop["client"]
    partial = client.get(f"{LIST}?status=paused", headers=htmx_headers("listings-table"))
    body = partial.get_data(as_text=True)
    assert body.lstrip().startswith('<section class="listings-table" id="listings-table"') and "<html" not in body
    assert "HX-Target" in partial.headers["Vary"]
    page = client.get(f"{LIST}?status=paused").get_data(as_text=True)
    assert "<html" in page and 'data-hx-push-url="true"' in page and 'name="status"' in page


def test_an_account_linked_to_no_seller_and_the_admin_see_an_empty_state(app):
    for role in ("seller", "admin"):
        client, user_id = staff_client(app, role)
        with app.app_context():
            db.session.get(User, user_id).seller_id = None  # a seller's account whose seller link is gone
            db.session.commit()
        html = client.get(LIST).get_data(as_text=True)
        assert "No refurbisher here" in html and "listings-row-" not in html
        html = client.get("/seller/listings/new?q=iphone").get_data(as_text=True)
        assert "No refurbisher here" in html
        token = staff_csrf(client, LIST)
        assert client.post("/seller/listings/new", data={"csrf_token": token}).status_code == 404
        with app.app_context():
            some = db.session.scalar(select(Offer.id).limit(1))
        assert client.post(f"/seller/listings/{some}", data={"csrf_token": token, "stock": "1"}).status_code == 404


def test_saving_a_row_without_js_redirects_to_the_list_with_its_filters(app, shop):
    client, offer = shop["client"], shop["offers"][4]
    html = client.get(f"{LIST}?grade=good&q={shop['skus'][4]}").get_data(as_text=True)
    form = row_form(html, offer) | {"stock": "7", "price-en-gb": "289.50", "price-ja-jp": "52000"}
    response = client.post(f"/seller/listings/{offer}", data=form)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.path == LIST and parse_qs(location.query) == {"grade": ["good"], "q": [shop["skus"][4]]}
    assert offer_state(app, offer) == (7, "live")
    assert prices(app, offer) == {"en-gb": 28950, "fr-fr": 35004, "ja-jp": 52000}
    assert "Saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():  # the seller's first price in ja-jp: free standard delivery (none would be unbuyable)
        assert db.session.scalar(select(OfferPrice.shipping).where((OfferPrice.offer_id == offer) & (OfferPrice.market == "ja-jp"))) == list(DEFAULT_SHIPPING)
    # The same form again (a double submit) saves the same values.
    assert client.post(f"/seller/listings/{offer}", data=form).status_code == 303
    assert prices(app, offer)["en-gb"] == 28950


def test_saving_a_row_with_htmx_returns_the_row(app, shop):
    client, offer = shop["client"], shop["offers"][6]
    form = row_form(client.get(LIST).get_data(as_text=True), offer) | {"stock": "12"}
    response = client.post(f"/seller/listings/{offer}", data=form, headers=htmx_headers(row_id(offer)))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith(f'<tr class="listings-row listings-row--live" id="{row_id(offer)}"')
    assert 'role="status">Saved.' in body and "<html" not in body
    assert offer_state(app, offer)[0] == 12


@pytest.mark.parametrize("changes, field, message", [
    ({"price-en-gb": "-5"}, "price-en-gb", "A price must be more than zero"),
    ({"price-en-gb": "12.345"}, "price-en-gb", "GBP prices have at most 2 decimals."),
    ({"price-ja-jp": "100.5"}, "price-ja-jp", "JPY prices have at most 0 decimals."),
    ({"price-fr-fr": ""}, "price-fr-fr", "A price can&#39;t be removed: pause the offer to stop selling it."),
    ({"stock": "lots"}, "stock", "Stock is a whole number of units"),
])
def test_a_bad_field_is_refused_at_the_field_and_nothing_is_saved(app, shop, changes, field, message):
    client, offer = shop["client"], shop["offers"][7]
    before = prices(app, offer), offer_state(app, offer)
    form = row_form(client.get(f"{LIST}?q={shop['skus'][7]}").get_data(as_text=True), offer) | {"stock": "9"} | changes
    response = client.post(f"/seller/listings/{offer}", data=form, headers=htmx_headers(row_id(offer)))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body
    control = re.search(rf'<input[^>]*name="{field}"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in control and f'aria-describedby="o{offer}-{field}-error"' in control
    assert re.search(rf'id="o{offer}-{field}-error">{re.escape(message)}', body)
    assert (prices(app, offer), offer_state(app, offer)) == before
    # Without JS: the whole page again, the row's errors in it and what was typed kept.
    page = client.post(f"/seller/listings/{offer}", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "<html" in html and re.search(rf'id="o{offer}-{field}-error">{re.escape(message)}', html)
    assert row_form(html, offer)["stock"] == form["stock"]
    assert (prices(app, offer), offer_state(app, offer)) == before


def test_a_price_for_a_market_not_shipped_to_is_refused(app, shop):
    client, offer = shop["client"], shop["offers"][8]
    form = row_form(client.get(f"{LIST}?q={shop['skus'][8]}").get_data(as_text=True), offer) | {"price-us": "1"}
    response = client.post(f"/seller/listings/{offer}", data=form, headers=htmx_headers(row_id(offer)))
    assert response.status_code == 422 and "You don&#39;t ship to us" in response.get_data(as_text=True)
    assert "us" not in prices(app, offer)


def test_escape_gets_the_row_as_saved_and_without_js_that_url_is_the_list(shop):
    client, offer = shop["client"], shop["offers"][9]
    partial = client.get(f"/seller/listings/{offer}", headers=htmx_headers(row_id(offer)))
    assert partial.get_data(as_text=True).lstrip().startswith(f'<tr class="listings-row listings-row--live" id="{row_id(offer)}"')
    plain = client.get(f"/seller/listings/{offer}")
    assert plain.status_code == 303 and plain.headers["Location"] == LIST


def test_pause_and_resume_with_and_without_htmx_and_twice_is_harmless(app, shop):
    client, offer = shop["client"], shop["offers"][10]
    token = staff_csrf(client, LIST)
    for _ in range(2):
        response = client.post(f"/seller/listings/{offer}/pause", data={"csrf_token": token, "back": "status=live"})
        assert response.status_code == 303 and response.headers["Location"] == f"{LIST}?status=live"
        assert offer_state(app, offer)[1] == "paused"
    response = client.post(f"/seller/listings/{offer}/resume", data={"csrf_token": token}, headers=htmx_headers(row_id(offer)))
    assert response.status_code == 200 and "listings-row--live" in response.get_data(as_text=True)
    assert offer_state(app, offer)[1] == "live"


def test_a_suspended_offer_cannot_be_resumed_paused_or_edited(app, shop):
    client, offer = shop["client"], shop["offers"][1]
    token = staff_csrf(client, LIST)
    for action in ("resume", "pause"):
        response = client.post(f"/seller/listings/{offer}/{action}", data={"csrf_token": token}, headers=htmx_headers(row_id(offer)))
        assert response.status_code == 422 and "only the operator can put it back on sale" in response.get_data(as_text=True)
        assert client.post(f"/seller/listings/{offer}/{action}", data={"csrf_token": token}).status_code == 422
    response = client.post(f"/seller/listings/{offer}", data={"csrf_token": token, "stock": "50", "price-en-gb": "1"})
    assert response.status_code == 422 and "it can&#39;t be edited" in response.get_data(as_text=True)
    assert offer_state(app, offer) == (5, "suspended") and prices(app, offer)["en-gb"] == 30001


def test_another_sellers_offer_is_not_found_on_every_write(app, shop):
    client = shop["client"]
    token = staff_csrf(client, LIST)
    with app.app_context():
        theirs = db.session.scalar(select(Offer).where(Offer.seller_id != shop["id"]).limit(1))
        theirs_id, before = theirs.id, (theirs.stock, theirs.status)
    for path in (f"/seller/listings/{theirs_id}", f"/seller/listings/{theirs_id}/pause", f"/seller/listings/{theirs_id}/resume"):
        for headers in ({}, htmx_headers(row_id(theirs_id))):
            assert client.post(path, data={"csrf_token": token, "stock": "0"}, headers=headers).status_code == 404
    assert client.get(f"/seller/listings/{theirs_id}", headers=htmx_headers(row_id(theirs_id))).status_code == 404
    assert client.get(f"/seller/listings/{theirs_id}").status_code == 404
    assert offer_state(app, theirs_id) == before


def test_writes_without_a_csrf_token_are_refused(app, shop):
    offer = shop["offers"][11]
    for path in (f"/seller/listings/{offer}", f"/seller/listings/{offer}/pause", "/seller/listings/new"):
        assert shop["client"].post(path, data={"stock": "1"}).status_code == 400
    assert offer_state(app, offer) == (5, "live")


def _a_product(app, variants: int = 2):
    with app.app_context():
        product = db.session.scalar(select(Product).join(Variant).group_by(Product.id)
                                    .having(func.count(Variant.id) >= variants).order_by(Product.id.desc()).limit(1))
        return product.id, product.display_name, [v.id for v in product.variants]


def test_the_picker_steps_work_as_plain_get_forms_and_as_htmx_partials(app, shop):
    client = shop["client"]
    product_id, name, variants = _a_product(app)
    word = name.replace(" ", "+")
    step1 = client.get(f"/seller/listings/new?q={word}").get_data(as_text=True)
    assert f'<option value="{product_id}">' in step1 and 'name="variant"' not in step1
    step2 = client.get(f"/seller/listings/new?q={word}&product={product_id}").get_data(as_text=True)
    assert f'<option value="{variants[0]}">' in step2 and 'name="grade"' not in step2
    step3 = client.get(f"/seller/listings/new?q={word}&product={product_id}&variant={variants[0]}").get_data(as_text=True)
    assert '<option value="premium">' in step3 and 'name="stock"' not in step3
    step4 = client.get(f"/seller/listings/new?product={product_id}&variant={variants[0]}&grade=fair")
    html = step4.get_data(as_text=True)
    assert "<html" in html and 'name="stock"' in html and 'name="price-ja-jp"' in html and 'name="price-de-de"' not in html
    partial = client.get(f"/seller/listings/new?product={product_id}&variant={variants[0]}&grade=fair",
                         headers=htmx_headers("listings-picker"))
    body = partial.get_data(as_text=True)
    assert body.lstrip().startswith('<div class="listings-picker" id="listings-picker">') and "<html" not in body
    assert "HX-Target" in partial.headers["Vary"]
    # A variant of another product is no choice of this one.
    other = client.get(f"/seller/listings/new?product={product_id}&variant=1&grade=fair").get_data(as_text=True)
    assert 'name="stock"' not in other or variants[0] == 1


def _create(client, product_id, variant_id, **fields):
    token = staff_csrf(client, LIST)
    data = {"csrf_token": token, "product": product_id, "variant": variant_id, "grade": "excellent", "stock": "3",
            "battery": "88", "warranty": "24", "sku": "", "price-en-gb": "199.90"} | fields
    return client.post("/seller/listings/new", data=data)


def test_creating_an_offer_makes_it_live_with_its_prices_and_a_unique_sku(app, shop):
    client = shop["client"]
    product_id, _name, variants = _a_product(app)
    response = _create(client, product_id, variants[0], **{"price-ja-jp": "30000"})
    assert response.status_code == 303
    sku = parse_qs(urlsplit(response.headers["Location"]).query)["q"][0]
    with app.app_context():
        offer = db.session.scalar(select(Offer).where(Offer.sku == sku))
        assert (offer.seller_id, offer.variant_id, offer.grade, offer.stock, offer.battery_floor, offer.warranty_months,
                offer.status) == (shop["id"], variants[0], "excellent", 3, 88, 24, "live")
        offer_id = offer.id
    assert prices(app, offer_id) == {"en-gb": 19990, "ja-jp": 30000}
    # en-gb's shipping comes from the seller's other en-gb prices.
    with app.app_context():
        assert db.session.scalar(select(OfferPrice.shipping).where((OfferPrice.offer_id == offer_id) & (OfferPrice.market == "en-gb")))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Offer {sku} created" in html and f'id="listings-row-{offer_id}"' in html
    # A double submit: the second finds the first and points to it; still one offer.
    again = _create(client, product_id, variants[0], **{"price-ja-jp": "30000"})
    body = again.get_data(as_text=True)
    assert again.status_code == 422 and "You already sell this variant in this grade." in body
    assert f"Its SKU is {sku}" in body and f'href="/seller/listings/?q={sku}"' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(Offer.id)).where((Offer.seller_id == shop["id"]) & (Offer.variant_id == variants[0])
                                                                   & (Offer.grade == "excellent"))) == 1
    # Picking it again shows where the existing one is.
    picked = client.get(f"/seller/listings/new?product={product_id}&variant={variants[0]}&grade=excellent").get_data(as_text=True)
    assert "You already sell this variant in this grade." in picked and f'href="/seller/listings/?q={sku}"' in picked
    assert 'name="stock"' not in picked


@pytest.mark.parametrize("fields, field, message", [
    ({"warranty": "6"}, "warranty", "Warranty is 12 to 60 months."),
    ({"battery": "101"}, "battery", "Battery health is a percentage from 0 to 100."),
    ({"stock": "-1"}, "stock", "Stock is a whole number of units"),
    ({"price-en-gb": ""}, "prices", "Set a price in at least one storefront you ship to."),
    ({"price-en-gb": "abc"}, "price-en-gb", "Type a price as a number"),
    ({"price-de-de": "10"}, "row", "You don&#39;t ship to de-de"),
    ({"grade": "mint"}, "grade", "The grade is one of"),
    ({"variant": "999999999"}, "variant", "Pick the model and its variant first."),
    ({"sku": "AB 12"}, "sku", "An SKU is 1 to 64 characters, without spaces."),  # the feed's rule: it uploads again
])
def test_a_new_offer_with_a_bad_field_is_refused_and_nothing_is_created(app, shop, fields, field, message):
    product_id, _name, variants = _a_product(app)
    with app.app_context():
        before = db.session.scalar(select(func.count(Offer.id)).where(Offer.seller_id == shop["id"]))
    response = _create(shop["client"], product_id, variants[1], **({"grade": "fair"} | fields))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    if field in ("warranty", "battery", "stock", "price-en-gb"):
        assert f'aria-describedby="new-{field}-error"' in html and 'aria-invalid="true"' in html
        assert f'id="new-{field}-error">{message}' in html
        assert f'value="{fields[field]}"' in html  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(select(func.count(Offer.id)).where(Offer.seller_id == shop["id"])) == before


def test_a_typed_sku_must_be_free_and_is_shown_as_text(app, shop):
    client = shop["client"]
    product_id, _name, variants = _a_product(app)
    taken = _create(client, product_id, variants[1], grade="good", sku=shop["skus"][0])
    assert taken.status_code == 422 and f"The SKU {shop['skus'][0]} is already taken" in taken.get_data(as_text=True)
    hostile = '<img/src=x/onerror=alert(1)>'  # an SKU has no spaces
    made = _create(client, product_id, variants[1], grade="good", sku=hostile)
    assert made.status_code == 303
    html = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "&lt;img/src=x/onerror=alert(1)&gt;" in html and hostile not in html


def test_a_price_saved_in_a_row_reaches_the_product_page_once_the_queued_jobs_ran(app, client):
    from decimal import Decimal

    from tests.integration.offers.helpers import run_jobs
    from tests.integration.offers.test_buybox_refresh import cheapest_entry, pounds, product_page_price

    run_jobs(app)
    app.extensions["jobs"].queue.flush()
    with app.app_context():
        entry, variant = cheapest_entry("en-gb")
        offer = db.session.get(Offer, entry.offer_id)
        old, new, sku, slug = entry.price, entry.price - 100, offer.sku, offer.seller.slug
    seller, _ = staff_client(app, "seller", seller_slug=slug)
    form = row_form(seller.get(f"{LIST}?q={sku}").get_data(as_text=True), entry.offer_id)

    def save(amount):
        data = form | {"price-en-gb": str(Decimal(amount).scaleb(-2))}
        assert seller.post(f"/seller/listings/{entry.offer_id}", data=data, headers=htmx_headers(row_id(entry.offer_id))).status_code == 200

    try:
        save(new)
        assert product_page_price(client, entry, variant) == pounds(old)  # the page reads the stored buy box
        assert run_jobs(app) >= 1
        assert product_page_price(client, entry, variant) == pounds(new)
    finally:
        save(old)
        run_jobs(app)
    assert product_page_price(client, entry, variant) == pounds(old)
