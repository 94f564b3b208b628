"""Every storefront serves its home page in its own language, currency and format."""
import re

import pytest

from storefront.markets.registry import MarketRegistry
from tests.unit.markets.test_registry import EXPECTED

CODES = list(EXPECTED)
LANG_RE = re.compile(r'<html lang="([^"]+)"')
HREFLANG_RE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def home(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200, code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("code", CODES)
def test_each_storefront_home_renders_in_its_language(client, code):
    html = home(client, code)
    locale = EXPECTED[code][0]
    assert LANG_RE.search(html).group(1) == locale.replace("_", "-")


@pytest.mark.parametrize("code", CODES)
def test_each_home_links_all_eighteen_storefronts_and_x_default(client, code):
    links = dict(HREFLANG_RE.findall(home(client, code)))
    assert len(links) == 19
    assert links["x-default"].endswith("/")
    for other, (locale, _) in EXPECTED.items():
        assert links[locale.replace("_", "-")].endswith(f"/{other}/")


@pytest.mark.parametrize(
    ("code", "pattern"),
    [
        ("ja-jp", r"￥\d{1,3}(,\d{3})*(?![.,]\d)"),
        ("de-at", r"€\xa0\d{1,3}(\.\d{3})*,\d{2}"),
        ("de-de", r"\d{1,3}(\.\d{3})*,\d{2}\xa0€"),
        ("fr-fr", r"\d{1,3}(\u202f\d{3})*,\d{2}\xa0€"),
        ("sv-se", r"\d{1,3}(\xa0\d{3})*,\d{2}\xa0kr"),
        ("en-gb", r"£\d{1,3}(,\d{3})*\.\d{2}"),
        ("en-us", r"\$\d{1,3}(,\d{3})*\.\d{2}"),
        ("en-au", r"\$\d{1,3}(,\d{3})*\.\d{2}"),
    ],
)
def test_home_prices_use_the_storefront_currency_and_format(client, code, pattern):
    amounts = re.findall(r'<span class="price__amount">([^<]+)</span>', home(client, code))
    assert len(amounts) >= 4, "the home page shows a few deals"
    for amount in amounts:
        assert re.fullmatch(pattern, amount), (code, amount)


def test_yen_prices_never_show_decimals(client):
    html = home(client, "ja-jp")
    assert "￥" in html and not re.search(r"￥[\d,]+\.\d", html)


@pytest.mark.parametrize(
    ("accept", "target"),
    [("fr-BE,fr;q=0.9", "/fr-be/"), ("de-AT", "/de-at/"), ("ja,en;q=0.5", "/ja-jp/"), ("en-US", "/en-us/"),
     ("", "/en-gb/"), ("zz-ZZ", "/en-gb/"), ("nl-BE;q=0.2, sv;q=0.9", "/sv-se/")],
)
def test_root_redirects_to_the_best_storefront_for_the_browser(client, accept, target):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == target
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/xx-zz/", "/fr/", "/FR-FR/", "/fr_FR/", "/en_US.UTF-8/", "/fr%22%3E%3Cscript%3E/", "/" + "a" * 300 + "/"])
def test_unknown_storefront_prefixes_are_404_not_500(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'class="section error-page"' in html and '<html lang="en-GB">' in html  # no browser language: en-gb's


def test_a_404_inside_a_storefront_speaks_its_language(client):
    response = client.get("/fr-fr/nope")
    assert response.status_code == 404
    assert 'lang="fr-FR"' in response.get_data(as_text=True)


def test_health_robots_and_favicon_answer_at_the_root(client):
    assert client.get("/healthz").status_code == 200
    assert "User-agent" in client.get("/robots.txt").get_data(as_text=True)
    favicon = client.get("/favicon.ico", follow_redirects=True)
    assert favicon.status_code == 200 and favicon.mimetype == "image/svg+xml"


def test_the_switcher_keeps_the_shopper_on_the_same_page(client):
    html = client.get("/fr-fr/legal/returns").get_data(as_text=True)
    for code in CODES:
        assert f'href="/{code}/legal/returns"' in html


def test_header_and_footer_rendered_once_per_storefront_still_show_this_request(client):
    """The header and the footer are rendered once per storefront with slots (storefront_shell)."""
    client.get("/de-de/legal/returns")  # fills the storefront's shells
    html = client.get('/de-de/search?q="<b>%26').get_data(as_text=True)
    assert 'id="header-q"' in html and 'value="&#34;&lt;b&gt;&amp;"' in html and "<b>" not in html
    for code in CODES:  # the header's and the footer's market switcher
        assert html.count(f'href="/{code}/search?q=&#34;&lt;b&gt;%26"') == 2
    assert 'aria-label="Warenkorb, 0 Artikel"' in html
    assert "search?q=" not in client.get("/de-de/legal/returns").get_data(as_text=True)


def test_the_registry_matches_the_design(app):
    markets: MarketRegistry = app.extensions["markets"]
    assert len(markets) == 18 and markets.x_default.code == "en-gb"


@pytest.mark.parametrize("root", ["", "/shop"])
def test_memoised_links_are_url_for_per_storefront_and_root(app, root):
    from flask import url_for

    from storefront.markets.routing import link

    for code in ("fr-fr", "de-de"):
        with app.test_request_context(f"/{code}/", base_url=f"http://localhost{root}/"):
            app.preprocess_request()
            for endpoint, values in [("home.index", {}), ("catalog.product", {"slug": "iphone-13"}),
                                     ("catalog.other_offers", {"slug": "iphone-13", "grade": "good", "storage": None})]:
                assert link(endpoint, **values) == url_for(endpoint, **values)
            assert link("catalog.product", slug="iphone-13") == f"{root}/{code}/p/iphone-13"


def test_a_storefront_404_switches_to_each_storefront_home(client):
    html = client.get("/de-de/no-such-page").get_data(as_text=True)
    assert 'href="/fr-fr/"' in html and 'href="/ja-jp/"' in html


def test_a_query_shaped_like_a_shell_slot_stays_the_shoppers_text(client):
    html = client.get("/de-de/search?q=%01cart_label%01x").get_data(as_text=True)
    value = re.search(r'id="header-q"[^>]*value="([^"]*)"', html, re.S).group(1)
    assert "Warenkorb" not in value and "cart_label" in value


def test_figures_written_in_a_template_take_each_storefronts_format(client):
    """A template compiles once for every storefront: `{{ 85|percent }}` must not keep the first one's format."""
    for _ in range(2):  # whichever storefront compiled the page first
        english, french = home(client, "en-gb"), home(client, "fr-fr")
        assert "Battery ≥ 85%" in english and "100% functional" in english and "<dd>-92%</dd>" in english
        assert "Batterie ≥ 85\xa0%" in french and "100\xa0% fonctionnel" in french and "<dd>-92\xa0%</dd>" in french


def test_each_storefront_says_how_its_prices_are_shown_in_one_whole_sentence(client, app):
    """The footer's line on prices is one translated sentence per tax regime, with the currency by name: no
    fragments glued ("inkl. MwSt.."), no ISO code in prose ("価格はJPY表示")."""
    import html as html_module
    import re

    for market in app.extensions["markets"]:
        page = client.get(f"/{market.code}/")
        note = html_module.unescape(re.search(r'<p class="site-footer__tax">([^<]+)</p>', page.get_data(as_text=True)).group(1))
        assert ".." not in note and " ." not in note and market.currency not in note, (market.code, note)
        assert note.rstrip()[-1] in ".。", (market.code, note)
