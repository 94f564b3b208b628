"""The pseudo-locale shows every wrapped string accented and [bracketed]: plain English left is a leak."""
import re
from html.parser import HTMLParser

import pytest
from babel import Locale
from sqlalchemy import select

from storefront.catalog.models import Brand, Product, Variant
from storefront.extensions import db
from storefront.sellers.models import Seller

MARKET = "en-xa"
PAGES = ["/", "/c/smartphones", "/c/laptops?brand=apple&grade=good", "/p/iphone-13", "/p/macbook-air-13-2020-m1",
         "/p/iphone-13/offers", "/s/maison-volta", "/search?q=iphnoe+13", "/search?q=zzqxv", "/search/suggest?q=ipho", "/cart/",
         "/account/login", "/account/signup", "/account/reset", "/legal/returns", "/legal/warranty",
         "/legal/notice", "/no-such-page"]
SKIP = {"script", "style", "time", "address", "code"}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.chunks = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in SKIP or attrs.get("translate") == "no" or "lang" in attrs or "review" in (attrs.get("class") or "")
        if tag not in ("br", "img", "input", "meta", "link", "source", "path", "circle", "rect", "ellipse"):
            self.stack.append(skip)
        if not any(self.stack):
            self.chunks += [attrs[a] for a in ATTRIBUTES if attrs.get(a)]

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "meta", "link", "source"):
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack) and data.strip():
            self.chunks.append(data)


@pytest.fixture(scope="module")
def allowed(app):
    """Words that are data (device, brand, seller, colour names, specs) or CLDR names, not UI text."""
    words = {"Encore", "Visa"}
    with app.app_context():
        texts = [*db.session.scalars(select(Product.name)), *db.session.scalars(select(Brand.name)),
                 *db.session.scalars(select(Seller.name)), *db.session.scalars(select(Variant.color_name))]
        for specs in db.session.scalars(select(Product.specs)):
            texts += [str(v) for v in specs.values()]
    locale = Locale.parse("en_001")
    for names in (locale.months["format"]["abbreviated"], locale.months["format"]["wide"], locale.days["format"]["abbreviated"],
                  locale.days["format"]["wide"], locale.territories, locale.languages):
        texts += list(names.values())
    for text in texts:
        words |= set(re.findall(r"[A-Za-z]{3,}", text))
    return words


def leaks(html: str, allowed: set) -> list[str]:
    parser = Text()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        rest = re.sub(r"\[[^\]]*\]", " ", chunk)
        for word in re.findall(r"[A-Za-z]{3,}", rest):
            if word not in allowed:
                found.append(f"{word!r} in {chunk.strip()[:70]!r}")
    return found


def test_pseudo_storefront_is_hidden_from_lists(client):
    html = client.get("/en-gb/").get_data(as_text=True)
    assert "/en-xa/" not in html


@pytest.mark.parametrize("path", PAGES)
def test_every_page_shows_only_wrapped_strings(client, allowed, path):
    response = client.get(f"/{MARKET}{path}")
    assert response.status_code in (200, 404)
    assert not leaks(response.get_data(as_text=True), allowed)


def test_account_cart_and_checkout_pages_show_only_wrapped_strings(app, allowed):
    import uuid

    from tests.integration.accounts.test_accounts import signup
    from tests.integration.conftest import csrf_token

    client = app.test_client()
    signup(client, f"xa-{uuid.uuid4().hex[:6]}@example.org", MARKET)
    token = csrf_token(client, f"/{MARKET}/account/signup")
    offer = re.search(r'name="offer" value="(\d+)"', client.get(f"/{MARKET}/p/iphone-13").get_data(as_text=True)).group(1)
    assert client.post(f"/{MARKET}/cart/add", data={"offer": offer, "csrf_token": token}).status_code == 303
    client.get(f"/{MARKET}/checkout/")
    address = {"name": "Alex Doe", "line1": "1 Long Lane", "postcode": "12345", "city": "Springfield", "phone": "0123456789"}
    client.post(f"/{MARKET}/checkout/address", data={**address, "csrf_token": token})
    pages = ["/account/", "/account/addresses", "/account/addresses/new", "/account/password", "/account/email",
             "/cart/", "/checkout/address", "/checkout/delivery"]
    for path in pages:
        response = client.get(f"/{MARKET}{path}")
        assert response.status_code == 200, path
        assert not leaks(response.get_data(as_text=True), allowed), path
