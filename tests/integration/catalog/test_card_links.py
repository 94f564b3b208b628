"""A card's price links to the variant it quotes: "from £297" (Fair, 128 GB, Midnight) opens the product page
on that grade, storage and colour, so the page shows £297."""
import html as markup
import re

import pytest

CARD = re.compile(r'<article class="product-card">.*?</article>', re.S)
LINK = re.compile(r'class="product-card__link" href="([^"]+)"')
AMOUNT = re.compile(r'<span class="price__amount">([^<]+)</span>')
BUYBOX_PRICE = re.compile(r'<div class="buybox__price">\s*<span class="price price--lg">\s*<span class="price__amount">([^<]+)<')


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def cards(html):
    """(URL, the price text) of each card of a page."""
    found = []
    for card in CARD.findall(html):
        found.append((markup.unescape(LINK.search(card).group(1)), markup.unescape(AMOUNT.search(card).group(1))))
    return found


@pytest.mark.parametrize("url", [
    "/en-gb/c/smartphones",
    "/fr-fr/search?q=iphone",
    "/ja-jp/c/laptops?sort=price_asc",
    "/en-us/c/tablets?grade=good",
    "/de-de/",
])
def test_each_card_opens_the_product_page_on_the_price_it_quotes(client, url):
    shown = cards(page(client, url))[:8]
    assert len(shown) >= 3, url
    for card_url, quoted in shown:
        product = page(client, card_url)
        price = markup.unescape(BUYBOX_PRICE.search(product).group(1))
        assert price in quoted, (card_url, quoted, price)  # "from £297.00" quotes "£297.00"
        assert "combination isn" not in product  # the exact variant, not the nearest one


def test_a_card_names_grade_storage_and_colour_in_its_link(client):
    card_url, _price = cards(page(client, "/en-gb/c/smartphones"))[0]
    assert re.fullmatch(r"/en-gb/p/[a-z0-9-]+\?grade=(premium|excellent|good|fair)&storage=\d+&color=[^&]+", card_url)
