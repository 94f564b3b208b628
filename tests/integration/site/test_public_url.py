"""Every absolute URL a page prints is on PUBLIC_URL, never on the Host header the request carried."""
import json
import re

import pytest

PUBLIC = "https://shop.example"


@pytest.fixture
def forged(app, monkeypatch):
    """GET a path with `Host: evil.example`, on a shop that (wrongly) trusts that host."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["localhost", "evil.example"])
    client = app.test_client()
    return lambda path: client.get(path, base_url="http://evil.example")


def absolute_urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


@pytest.mark.parametrize("path", ["/en-gb/", "/en-gb/c/smartphones", "/en-gb/p/iphone-13", "/fr-fr/legal/returns"])
def test_canonical_and_alternates_are_on_the_public_url(forged, path):
    response = forged(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "evil.example" not in html
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    alternates = re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"', html)
    assert canonical.startswith(f"{PUBLIC}/en-gb/" if path.startswith("/en-gb") else f"{PUBLIC}/fr-fr/")
    assert len(alternates) > 1 and all(url.startswith(f"{PUBLIC}/") for url in alternates)


def test_the_product_structured_data_is_on_the_public_url(forged):
    html = forged("/en-gb/p/iphone-13").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', html, re.S).group(1))
    assert data["url"] == f"{PUBLIC}/en-gb/p/iphone-13"


def test_robots_and_sitemaps_are_on_the_public_url(forged):
    robots = forged("/robots.txt").get_data(as_text=True)
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots.splitlines()
    for path in ("/sitemap.xml", "/ja-jp/sitemap.xml"):
        xml = forged(path).get_data(as_text=True)
        locs = re.findall(r"<loc>([^<]+)</loc>", xml)
        assert locs and all(loc.startswith(f"{PUBLIC}/") for loc in locs) and "evil.example" not in xml


def test_a_page_requested_on_another_trusted_host_still_links_to_the_public_url(client):
    """The test settings' PUBLIC_URL is http://localhost; e2e servers answer on 127.0.0.1."""
    html = client.get("/de-de/p/iphone-13", headers={"Host": "127.0.0.1:8123"}).get_data(as_text=True)
    urls = absolute_urls(html)
    assert urls and not any("127.0.0.1" in url for url in urls)
    assert re.search(r'<link rel="canonical" href="http://localhost/de-de/p/iphone-13">', html)
