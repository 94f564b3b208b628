"""Anonymous storefront pages are cacheable by a shared cache (ETag, 304, s-maxage); a shopper's never are."""
import re
import uuid

import pytest

from tests.integration.conftest import csrf_token, htmx_headers

PAGES = ("/fr-fr/", "/en-gb/p/iphone-13", "/en-gb/c/smartphones", "/de-de/search?q=iphone", "/en-gb/legal/returns")


def visitor(app):
    return app.test_client()


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_page_is_public_briefly_and_revalidates_with_its_etag(app, path):
    client = visitor(app)
    page = client.get(path)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    cache = page.cache_control
    assert cache.public and cache.max_age == 0 and cache.s_maxage == app.config["SHARED_CACHE_SECONDS"]
    assert cache.stale_while_revalidate == app.config["SHARED_CACHE_STALE_SECONDS"]
    assert {"Cookie", "HX-Request", "HX-Boosted", "HX-Target"} <= set(page.vary)
    etag = page.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert client.get(path, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200


def test_a_revalidated_page_is_also_answered_for_a_gzip_client(app):
    client = visitor(app)
    page = client.get("/en-gb/p/iphone-13", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and page.headers["ETag"].startswith('W/"')
    again = client.get("/en-gb/p/iphone-13", headers={"Accept-Encoding": "gzip", "If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_head_request_gets_the_same_headers(app):
    page = visitor(app).get("/fr-fr/")
    head = visitor(app).head("/fr-fr/", headers={"If-None-Match": page.headers["ETag"]})
    assert head.status_code == 304 and head.cache_control.public


def test_the_etag_changes_when_the_content_does(app):
    from storefront.catalog.models import Product
    from storefront.extensions import db

    before = visitor(app).get("/en-gb/p/iphone-13")
    with app.app_context():
        product = db.session.query(Product).filter_by(slug="iphone-13").one()
        year, product.release_year = product.release_year, product.release_year - 1
        db.session.commit()
    try:
        after = visitor(app).get("/en-gb/p/iphone-13", headers={"If-None-Match": before.headers["ETag"]})
        assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    finally:
        with app.app_context():
            db.session.query(Product).filter_by(slug="iphone-13").one().release_year = year
            db.session.commit()


def test_the_htmx_partial_and_the_full_page_have_different_etags_and_vary_on_htmx(app):
    client = visitor(app)
    full = client.get("/en-gb/p/iphone-13?grade=good")
    partial = client.get("/en-gb/p/iphone-13?grade=good", headers=htmx_headers("catalog-buy"))
    assert "<html" not in partial.get_data(as_text=True) and partial.cache_control.public
    assert partial.headers["ETag"] != full.headers["ETag"]
    for response in (full, partial):
        assert {"HX-Request", "HX-Target", "Cookie"} <= set(response.vary)
    assert client.get("/en-gb/p/iphone-13?grade=good", headers={"If-None-Match": partial.headers["ETag"]}).status_code == 200


def test_a_shopper_with_a_cart_never_gets_public_caching(app):
    client = visitor(app)
    offer = re.search(r'name="offer" value="(\d+)"', client.get("/en-gb/p/iphone-13").get_data(as_text=True)).group(1)
    client.post("/en-gb/cart/add", data={"offer": offer, "csrf_token": csrf_token(client)})
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cache_control.public and "ETag" not in response.headers, path
        assert response.cache_control.private or response.cache_control.no_store, path


def test_a_signed_in_shopper_never_gets_public_caching(app):
    from storefront.accounts import services as accounts

    client = visitor(app)
    email = f"cache-{uuid.uuid4().hex[:8]}@example.com"
    with app.app_context():
        accounts.create_user(email, "correct horse battery", "Cache Tester")
    client.post("/en-gb/account/login", data={"email": email, "password": "correct horse battery",
                                              "csrf_token": csrf_token(client)})
    for path in (*PAGES, "/en-gb/account/", "/en-gb/cart/"):
        response = client.get(path, headers={"If-None-Match": "*"})
        assert response.status_code == 200 and not response.cache_control.public, path
        assert "ETag" not in response.headers and ">Cache<" in response.get_data(as_text=True), path


def test_a_page_that_starts_a_session_is_not_shared(app):
    """The sign-in page makes a CSRF token, so it sets a cookie: that answer is the visitor's alone."""
    response = visitor(app).get("/en-gb/account/login")
    assert "Set-Cookie" in response.headers and not response.cache_control.public and "ETag" not in response.headers


@pytest.mark.parametrize("path", ["/en-gb/cart/", "/en-gb/checkout/", "/en-gb/nope", "/en-gb/account/login"])
def test_cart_checkout_account_and_error_pages_are_never_public(app, path):
    response = visitor(app).get(path)
    assert not response.cache_control.public and "ETag" not in response.headers


def test_writes_are_never_public(app):
    client = visitor(app)
    response = client.post("/en-gb/cart/add", data={"offer": "1", "csrf_token": csrf_token(client)})
    assert not response.cache_control.public and "ETag" not in response.headers


def test_a_flashed_message_keeps_the_page_private(app):
    from flask import flash

    with app.test_request_context("/fr-fr/"):
        app.preprocess_request()
        flash("Saved.")
        response = app.process_response(app.make_response(("<p>ok</p>", 200)))
    assert not response.cache_control.public and "ETag" not in response.headers


def test_the_product_page_sets_no_cookie_and_its_form_still_adds_to_the_cart(app):
    """The add-to-cart form of an anonymous page has no token: the cart takes it from this site only."""
    client = visitor(app)
    page = client.get("/en-gb/p/iphone-13")
    html = page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers and 'name="csrf_token" value=""' in html
    offer = re.search(r'name="offer" value="(\d+)"', html).group(1)
    same_site = client.post("/en-gb/cart/add", data={"offer": offer, "csrf_token": ""},
                            headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"})
    assert same_site.status_code == 303 and "session=" in same_site.headers["Set-Cookie"]
    assert 'id="cart-badge" aria-hidden="true">1<' in client.get("/en-gb/").get_data(as_text=True)
    # Once the visitor has a session, the form carries a token again.
    assert 'name="csrf_token" value=""' not in client.get("/en-gb/p/iphone-13").get_data(as_text=True)


@pytest.mark.parametrize("headers", [
    {},  # no browser would post without saying where from: not from here
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://shop.localhost"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
])
def test_a_tokenless_add_to_cart_from_elsewhere_is_refused(app, headers):
    client = visitor(app)
    offer = re.search(r'name="offer" value="(\d+)"', client.get("/en-gb/p/iphone-13").get_data(as_text=True)).group(1)
    response = client.post("/en-gb/cart/add", data={"offer": offer}, headers=headers)
    assert response.status_code == 400 and "Set-Cookie" not in response.headers
    assert client.get("/en-gb/cart/").get_data(as_text=True).count('id="cart-badge" aria-hidden="true">0<') == 1


def test_a_tokenless_add_with_an_origin_header_only_is_taken_from_this_site(app):
    client = visitor(app)
    offer = re.search(r'name="offer" value="(\d+)"', client.get("/en-gb/p/iphone-13").get_data(as_text=True)).group(1)
    assert client.post("/en-gb/cart/add", data={"offer": offer}, headers={"Origin": "http://localhost"}).status_code == 303


def test_a_wrong_token_is_refused_even_from_this_site(app):
    client = visitor(app)
    csrf_token(client)  # the visitor has a session
    response = client.post("/en-gb/cart/add", data={"offer": "1", "csrf_token": "forged"},
                           headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 400


def test_adding_twice_without_a_token_keeps_one_cart(app):
    client = visitor(app)
    offer = re.search(r'name="offer" value="(\d+)"', client.get("/en-gb/p/iphone-13").get_data(as_text=True)).group(1)
    for _ in range(2):
        client.post("/en-gb/cart/add", data={"offer": offer}, headers={"Sec-Fetch-Site": "same-origin"})
    html = client.get("/en-gb/cart/").get_data(as_text=True)
    assert html.count('class="cart-line"') == 1


def test_a_revalidation_soon_after_a_render_is_answered_without_rendering_and_only_for_a_while(app, monkeypatch):
    from flask import template_rendered

    from storefront import caching

    monkeypatch.setitem(app.config, "REVALIDATE_SECONDS", 2)
    now = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    rendered = []

    def count(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(count, app)
    try:
        client = visitor(app)
        etag = client.get("/en-gb/p/iphone-13").headers["ETag"]
        rendered.clear()
        again = client.get("/en-gb/p/iphone-13", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.headers["ETag"] == etag and again.cache_control.public
        assert {"Cookie", "HX-Request"} <= set(again.vary) and rendered == []
        # Another URL, an htmx request for the same URL, or a visitor with a session: rendered as always.
        assert client.get("/en-gb/p/iphone-13?grade=good", headers={"If-None-Match": etag}).status_code == 200
        partial = client.get("/en-gb/p/iphone-13", headers={"If-None-Match": etag, **htmx_headers("catalog-buy")})
        assert partial.status_code == 200
        signed = visitor(app)
        signed.set_cookie(app.config["SESSION_COOKIE_NAME"], "someone")
        assert signed.get("/en-gb/p/iphone-13", headers={"If-None-Match": etag}).status_code == 200
        # Past the window the page is rendered again (and still a 304 when nothing changed).
        rendered.clear()
        now[0] += 2.5
        assert client.get("/en-gb/p/iphone-13", headers={"If-None-Match": etag}).status_code == 304 and rendered
    finally:
        template_rendered.disconnect(count, app)
