"""Crawlers find every storefront's pages."""
import re


def test_sitemap_index_lists_one_sitemap_per_storefront(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert len(re.findall(r"<loc>[^<]+/sitemap\.xml</loc>", response.get_data(as_text=True))) == 18


def test_a_storefront_sitemap_lists_home_categories_and_products(client):
    xml = client.get("/ja-jp/sitemap.xml").get_data(as_text=True)
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert locs[0].endswith("/ja-jp/")
    assert any(loc.endswith("/ja-jp/c/smartphones") for loc in locs)
    assert sum("/ja-jp/p/" in loc for loc in locs) >= 150


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert re.search(r"^Sitemap: http://[^/]+/sitemap\.xml$", text, re.M)
