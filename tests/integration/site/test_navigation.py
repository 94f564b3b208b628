"""Site navigation: categories in their colours, the shopper's account and orders, help; a phone menu that works
without JS; the shopper's part filled per request into the storefront's shared header."""
import re

from storefront.extensions import db
from tests.integration.checkout.helpers import attach, ready_checkout
from tests.integration.site.test_header import account_link, add, cart_link, offers, signed_in

CATEGORIES = ("smartphones", "laptops", "tablets", "consoles", "smartwatches", "headphones")


def header(html: str) -> str:
    return re.search(r'<header class="site-header".*?</header>', html, re.S).group(0)


def menu(html: str) -> str:
    """The phone menu: a <details> whose summary opens it, no script needed."""
    return re.search(r'<details class="site-menu__details" data-menu>\s*<summary class="site-menu__toggle">.*?</details>',
                     html, re.S).group(0)


def bar(html: str) -> str:
    """The wider screens' navigation bar."""
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def links(html: str) -> dict[str, str]:
    """{link text: href} of the links in `html`."""
    return {re.sub(r"<[^>]+>", "", text).strip(): href for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)}


def test_a_visitor_finds_categories_sign_in_and_help_in_the_menu_without_js(client):
    html = client.get("/en-gb/c/laptops").get_data(as_text=True)
    found = links(menu(html))
    for slug in CATEGORIES:
        assert f'class="site-nav__category site-nav__category--{slug}" href="/en-gb/c/{slug}"' in menu(html)
        assert f'href="/en-gb/c/{slug}"' in bar(html)  # and in the bar of wider screens
    assert found["Smartphones"] == "/en-gb/c/smartphones" and found["Headphones"] == "/en-gb/c/headphones"
    assert found["Sign in"] == "/en-gb/account/login?next=/en-gb/c/laptops"
    assert found["Create an account"] == "/en-gb/account/signup?next=/en-gb/c/laptops"
    assert found["Returns and withdrawal"] == "/en-gb/legal/returns"
    assert found["Warranty and legal guarantee"] == "/en-gb/legal/warranty" and found["Legal notice"] == "/en-gb/legal/notice"
    assert "Your orders" not in header(html)
    for url in found.values():  # every link of the menu leads to a page
        assert client.get(url).status_code == 200, url


def test_there_is_no_trade_in_link_until_the_page_exists(client):
    for market in ("en-gb", "fr-fr", "ja-jp"):
        assert "trade-in" not in header(client.get(f"/{market}/").get_data(as_text=True))


def test_the_menu_speaks_the_storefront_language(client):
    fr = links(menu(client.get("/fr-fr/").get_data(as_text=True)))
    assert fr["Smartphones"] == "/fr-fr/c/smartphones" and fr["Ordinateurs portables"] == "/fr-fr/c/laptops"
    assert fr["Se connecter"].startswith("/fr-fr/account/login")
    ja = menu(client.get("/ja-jp/").get_data(as_text=True))
    assert 'href="/ja-jp/legal/tokushoho"' in ja and "ログイン" in ja


def test_a_signed_in_shopper_finds_their_account_and_orders(app):
    client, _email = signed_in(app, "Ada Lovelace")
    html = client.get("/en-gb/").get_data(as_text=True)
    found = links(menu(html))
    assert found["Your account"] == "/en-gb/account/" and found["Your orders"] == "/en-gb/account/orders/"
    assert links(bar(html))["Your orders"] == "/en-gb/account/orders/"
    assert "Sign in" not in header(html) and "Create an account" not in header(html)
    assert "Ada" in account_link(html)


def test_the_cart_count_is_in_the_cart_links_label_signed_in_or_not(app):
    anonymous = app.test_client()
    first, _second = offers(anonymous, "en-gb")
    add(anonymous, "en-gb", first)
    assert cart_link(anonymous.get("/en-gb/c/tablets").get_data(as_text=True)) == ("Cart, 1 item", "1")
    client, _email = signed_in(app, "Grace Hopper")
    assert cart_link(client.get("/en-gb/c/tablets").get_data(as_text=True)) == ("Cart, 0 items", "0")
    add(client, "en-gb", first)
    html = client.get("/en-gb/c/tablets").get_data(as_text=True)
    assert cart_link(html) == ("Cart, 1 item", "1") and "Your orders" in menu(html)


def test_the_shared_header_keeps_no_shopper(app):
    client, _email = signed_in(app, "Katherine Johnson")
    assert "Your orders" in menu(client.get("/en-gb/legal/returns").get_data(as_text=True))
    visitor = app.test_client()
    response = visitor.get("/en-gb/legal/returns")
    html = response.get_data(as_text=True)
    assert "Your orders" not in html and "Katherine" not in html and "Sign in" in menu(html)
    assert "Set-Cookie" not in response.headers  # still a page a shared cache may keep


def place_order_for(app, email):
    """An order placed as a guest in en-gb, then attached to the account of `email`; returns its number."""
    from storefront.accounts import services as accounts
    from storefront.offers.models import BuyBoxEntry
    from storefront.orders import services as orders

    with app.app_context():
        offer = db.session.scalars(db.select(BuyBoxEntry.offer_id).where(BuyBoxEntry.market == "en-gb")
                                   .order_by(BuyBoxEntry.price)).first()
    cart_id, token, _ = ready_checkout(app, "en-gb", [offer], address={
        "name": "A", "line1": "1 High St", "city": "Leeds", "postcode": "LS1 1AA", "phone": "07700900000"})
    guest = app.test_client()
    csrf = attach(guest, "en-gb", cart_id, token)
    number = guest.post("/en-gb/checkout/place", data={"csrf_token": csrf}).headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        orders.attach_user(orders.find_by_token(token), accounts.find_by_email(email).id)
    return number


def test_the_order_history_lists_the_shoppers_orders_and_leads_to_each(app):
    client, email = signed_in(app, "Mary Jackson")
    empty = client.get("/en-gb/account/orders/")
    assert empty.status_code == 200 and 'class="orders__link"' not in empty.get_data(as_text=True)
    number = place_order_for(app, email)
    response = client.get("/en-gb/account/orders/")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert f'href="/en-gb/account/orders/{number}"' in html and '<meta name="robots" content="noindex">' in html
    detail = client.get(f"/en-gb/account/orders/{number}").get_data(as_text=True)
    assert 'href="/en-gb/account/orders/"' in re.search(r'<main.*?</main>', detail, re.S).group(0)  # and back again


def test_the_order_history_shows_no_one_elses_orders(app):
    _owner, email = signed_in(app, "Dorothy Vaughan")
    number = place_order_for(app, email)
    other, _other_email = signed_in(app, "Someone Else")
    html = other.get("/en-gb/account/orders/").get_data(as_text=True)
    assert number not in html and 'class="orders__link"' not in html


def test_the_order_history_asks_a_visitor_to_sign_in(client):
    response = client.application.test_client().get("/en-gb/account/orders/")
    assert response.status_code == 302 and "/en-gb/account/login" in response.headers["Location"]
