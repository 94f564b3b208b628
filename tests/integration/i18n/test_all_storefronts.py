"""Every page renders in every storefront, in its language, without an error."""
import pytest

from tests.unit.markets.test_registry import EXPECTED

PAGES = {
    "/": 200, "/c/smartphones": 200, "/c/laptops?grade=good&sort=price_asc": 200, "/p/iphone-13": 200,
    "/p/macbook-air-13-2020-m1?keyboard=azerty": 200, "/p/iphone-13/offers": 200, "/search?q=galaxy+s21": 200,
    "/search?q=zzqxv": 200, "/search/suggest?q=pix": 200, "/cart/": 200, "/account/login": 200,
    "/account/signup": 200, "/account/reset": 200, "/account/": 302, "/checkout/": 303, "/legal/returns": 200,
    "/legal/warranty": 200, "/legal/notice": 200, "/nope": 404,
}


@pytest.mark.parametrize("market", list(EXPECTED))
def test_every_page_renders_in_the_storefront(client, market):
    for path, status in PAGES.items():
        response = client.get(f"/{market}{path}")
        assert response.status_code == status, (market, path, response.status_code)
        if status == 200 and response.mimetype == "text/html":
            assert f'lang="{EXPECTED[market][0].replace("_", "-")}"' in response.get_data(as_text=True)[:200]


def test_japan_has_its_legal_disclosure_page_and_others_do_not(client):
    html = client.get("/ja-jp/legal/tokushoho").get_data(as_text=True)
    assert "特定商取引法に基づく表記" in html and "30日以内" in html
    assert 'href="/ja-jp/legal/tokushoho"' in client.get("/ja-jp/").get_data(as_text=True)
    assert client.get("/fr-fr/legal/tokushoho").status_code == 404
    assert '<link rel="alternate" hreflang=' not in html  # no alternates to pages that are a 404 elsewhere
    assert "Encore Marketplace SAS" in html and "12 rue de l&#39;Exemple" in html


def test_a_path_naming_no_storefront_is_a_404_in_the_browser_s_language(client):
    """No storefront in the URL: the 404 speaks the language the root's redirect would pick, and says it varies."""
    import re

    for accept, lang, title in (("de-DE,de;q=0.9", "de-DE", "Seite nicht gefunden"), ("ja", "ja-JP", "ページが見つかりません"),
                                ("fr-BE,fr;q=0.8", "fr-BE", "Page introuvable")):
        response = client.get("/xx-yy/anything", headers={"Accept-Language": accept})
        html = response.get_data(as_text=True)
        assert response.status_code == 404 and "Accept-Language" in response.headers["Vary"]
        assert f'<html lang="{lang}">' in html and f"<title>{title}" in html, accept
        assert "This page went out for repairs." not in html  # the storefront's own joke, not the English source
        assert re.search(r'href="/en-gb/"', html)  # every storefront is still offered
