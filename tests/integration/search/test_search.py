"""Search: typos, local storage and grade words, aliases, other scripts; facets; autocomplete."""
import re

import pytest

from tests.integration.conftest import htmx_headers


def names(html):
    return re.findall(r'<a class="product-card__link" href="[^"]+">([^<]+)</a>', html)


def search(client, market, q, **params):
    response = client.get(f"/{market}/search", query_string={"q": q, **params}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_typo_still_finds_the_model_and_suggests_the_spelling(client):
    html = search(client, "en-gb", "iphnoe 13")
    assert names(html)[0] == "Apple iPhone 13"
    assert re.search(r'Did you mean <a href="[^"]*q=iphone\+13" translate="no">iphone 13</a>\?', html)


def test_storage_written_the_local_way_becomes_a_filter(client):
    response = client.get("/fr-fr/search", query_string={"q": "iphone 13 128go"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/fr-fr/search?q=iphone+13&storage=128")
    html = search(client, "fr-fr", "iphone 13 128go")
    assert names(html)[0] == "Apple iPhone 13"
    assert 'id="f-storage-128" checked' in html
    scoped = client.get("/fr-fr/search", query_string={"q": "iphone 13 128go", "category": "smartphones"})
    assert scoped.headers["Location"].endswith("/fr-fr/search?q=iphone+13&category=smartphones&storage=128")


def test_grade_and_colour_words_become_filters(client):
    response = client.get("/fr-fr/search", query_string={"q": "galaxy s21 ultra 256 gb noir parfait état"})
    location = response.headers["Location"]
    assert "storage=256" in location and "color=black" in location and "grade=excellent" in location
    assert "q=galaxy+s21+ultra" in location


def test_every_storefront_grade_and_colour_name_means_its_own_grade_and_colour(app):
    """The lexicon: each storefront's translated grade and colour names, typed into its search, filter that very
    grade and colour, whatever the synonyms of any language say."""
    from flask import g

    from storefront.catalog.grades import GRADES
    from storefront.catalog.labels import COLOR_FAMILIES
    from storefront.markets.routing import in_market
    from storefront.search.query import understand
    from storefront.search.services import storefront_vocabulary

    wrong = []
    for market in app.extensions["markets"]:
        with app.test_request_context(f"/{market.code}/search"), in_market(market):
            vocab = storefront_vocabulary(market.language)
            for grade in GRADES:
                if understand(f"iphone 13 {grade.name}", vocab).grade != [grade.code]:
                    wrong.append((market.code, str(grade.name), grade.code))
            for code, name in COLOR_FAMILIES.items():
                if understand(f"iphone 13 {name}", vocab).color != [code]:
                    wrong.append((market.code, str(name), code))
            assert g.market is market
    assert not wrong, wrong


@pytest.mark.parametrize(("market", "q", "grade"), [
    ("it-it", "iphone ottimo", "excellent"), ("nl-nl", "iphone goed", "fair"), ("el-gr", "iphone καλή", "fair"),
    ("sk-sk", "iphone dobrý", "fair"), ("sv-se", "iphone bra", "fair"), ("sv-se", "iphone mycket bra", "good"),
])
def test_grade_words_follow_the_storefront_grade_names(client, market, q, grade):
    location = client.get(f"/{market}/search", query_string={"q": q}).headers["Location"]
    assert f"grade={grade}" in location and "q=iphone" in location


@pytest.mark.parametrize(("market", "q", "expected"), [
    ("en-gb", "ps5", "Sony PlayStation 5"),
    ("ja-jp", "サムスン ギャラクシー s21", "Samsung Galaxy S21"),
    ("de-de", "macbook air m1", "Apple MacBook Air 13-inch (M1, 2020)"),
    ("en-us", "airpods pro 2", "Apple AirPods Pro (2nd generation)"),
    ("sv-se", "ＩＰＨＯＮＥ１３", "Apple iPhone 13"),
    ("en-gb", "i phone 13", "Apple iPhone 13"),
    ("fr-fr", "mac book air m1", "Apple MacBook Air 13-inch (M1, 2020)"),
])
def test_aliases_scripts_and_widths_find_the_device(client, market, q, expected):
    assert names(search(client, market, q))[0] == expected


def test_exact_model_matches_come_first(client):
    found = names(search(client, "en-gb", "iphone 13"))
    assert found[0] == "Apple iPhone 13" and "Apple iPhone 13 Pro" in found[1:4]


def test_zero_results_page_helps_with_a_joke_popular_models_and_categories(client):
    html = search(client, "en-gb", "zzqxv toaster")
    assert 'id="search-nothing"' in html and '<h2>' in html.split('id="search-nothing"')[1]
    assert html.count('class="chip" href="/en-gb/p/') >= 4
    assert 'href="/en-gb/c/smartphones"' in html


def test_search_results_swap_the_grid_for_htmx(client):
    response = client.get("/en-gb/search?q=galaxy&grade=good", headers=htmx_headers("catalog-grid"))
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="grid-region" id="catalog-grid"') and "<html" not in html
    assert "HX-Target" in response.headers["Vary"]


def test_search_within_a_category(client):
    html = search(client, "en-gb", "galaxy", category="tablets")
    assert names(html) and all("Tab" in n for n in names(html))


def test_autocomplete_returns_a_listbox_for_htmx_and_a_page_otherwise(client):
    partial = client.get("/en-gb/search/suggest?q=ipho", headers=htmx_headers("search-suggestions"))
    html = partial.get_data(as_text=True)
    assert html.lstrip().startswith('<ul class="suggestions" id="search-suggestions" role="listbox"')
    assert html.count('role="option"') >= 3 and "iPhone" in html
    assert "HX-Target" in partial.headers["Vary"]
    page = client.get("/en-gb/search/suggest?q=ipho").get_data(as_text=True)
    assert "<html" in page and "iPhone" in page


def test_a_product_change_is_visible_in_search_after_commit(app, client):
    from sqlalchemy import select

    from storefront.catalog.models import Product
    from storefront.extensions import db

    with app.app_context():
        product = db.session.scalar(select(Product).filter_by(slug="fairphone-4"))
        original = product.name
        product.name = "Fairphone Zebracorn"
        db.session.commit()
    try:
        assert names(search(client, "en-gb", "zebracorn")) == ["Fairphone Zebracorn"]
    finally:
        with app.app_context():
            product = db.session.scalar(select(Product).filter_by(slug="fairphone-4"))
            product.name = original
            db.session.commit()
    assert "Fairphone Zebracorn" not in search(client, "en-gb", "zebracorn")
