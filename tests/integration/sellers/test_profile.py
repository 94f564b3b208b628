"""A seller's public page: who it is, its measured rates, warranty, ratings and offers, for approved sellers only."""
import re

import pytest
from sqlalchemy import func, select

from storefront.catalog.models import Product, Review, Variant
from storefront.extensions import db
from storefront.offers.availability import sellable
from storefront.offers.models import Offer, OfferPrice
from storefront.sellers.models import Seller


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


@pytest.fixture(scope="module")
def facts(app):
    """An approved seller shipping to en-gb, what it has on sale there, and sellers whose page must 404."""
    with app.app_context():
        sellers = db.session.scalars(select(Seller).order_by(Seller.id)).all()
        shown = next(s for s in sellers if s.status == "approved" and "en-gb" in s.markets)
        on_sale = db.session.execute(
            select(Product.slug, Offer.warranty_months)
            .join(Variant, Variant.product_id == Product.id).join(Offer, Offer.variant_id == Variant.id)
            .join(OfferPrice, (OfferPrice.offer_id == Offer.id) & (OfferPrice.market == "en-gb"))
            .where((Offer.seller_id == shown.id) & sellable(Offer.stock, Offer.status, shown.status))).all()
        reviews = db.session.scalar(select(func.count()).where(Review.seller_id == shown.id))
        return {
            "seller": {c: getattr(shown, c) for c in ("slug", "name", "tagline", "on_time_rate", "cancellation_rate")},
            "products": {slug for slug, _ in on_sale}, "months": {m for _, m in on_sale}, "reviews": reviews,
            "also": next(s.slug for s in sellers if s.status == "approved" and "en-gb" in s.markets and s is not shown),
            "pending": next(s.slug for s in sellers if s.status == "pending"),
            "suspended": next(s.slug for s in sellers if s.status == "suspended"),
            "elsewhere": next((s.slug, code) for s in sellers if s.status == "approved"
                              for code in ("ja-jp", "en-us", "en-au", "sv-se") if code not in s.markets),
        }


def card_slugs(html):
    return re.findall(r'<a class="product-card__link" href="/en-gb/p/([^"?]+)[?"]', html)


def test_an_approved_seller_shows_its_rates_warranty_ratings_and_offers(client, facts):
    seller = facts["seller"]
    html = page(client, f"/en-gb/s/{seller['slug']}")
    assert f'<h1 class="seller-page__name">{seller["name"]}</h1>' in html.replace("&#39;", "'")
    for text in ("Shipped on time", "Defect rate", "Return rate", "Cancelled orders", "What its buyers say", "Warranty"):
        assert text in html, text
    assert re.search(r"<dt>Shipped on time</dt><dd>[\d.]+%</dd>", html)
    months = facts["months"]
    assert (f"{min(months)}-month warranty on every device" in html) if len(months) == 1 else \
        (f"A warranty of {min(months)} to {max(months)} months" in html)
    assert f"{facts['reviews']} review" in html and facts["reviews"] > 0
    assert re.search(rf">{len(facts['products'])} models?<", html)
    slugs = set(card_slugs(html))
    assert slugs and slugs <= facts["products"] and len(slugs) == min(24, len(facts["products"]))


def test_its_offers_are_paged_and_a_page_past_the_end_shows_the_last(client, facts):
    slug = facts["seller"]["slug"]
    if len(facts["products"]) <= 24:
        pytest.skip("the demo seller has one page of models")
    first, second = page(client, f"/en-gb/s/{slug}"), page(client, f"/en-gb/s/{slug}?page=2")
    assert not set(card_slugs(first)) & set(card_slugs(second))
    assert re.search(rf'<link rel="canonical" href="[^"]+/en-gb/s/{slug}\?page=2">', second)
    assert 'rel="next"' in first and 'rel="prev"' in second
    pages = -(-len(facts["products"]) // 24)
    assert card_slugs(page(client, f"/en-gb/s/{slug}?page=999")) == card_slugs(page(client, f"/en-gb/s/{slug}?page={pages}"))
    assert card_slugs(page(client, f"/en-gb/s/{slug}?page=abc")) == card_slugs(first)


def test_unknown_pending_suspended_and_not_shipping_here_are_404(client, facts):
    code_elsewhere = facts["elsewhere"]
    for url in ("/en-gb/s/no-such-refurbisher", f"/en-gb/s/{facts['pending']}", f"/en-gb/s/{facts['suspended']}",
                f"/{code_elsewhere[1]}/s/{code_elsewhere[0]}", f"/xx-xx/s/{facts['seller']['slug']}"):
        page(client, url, 404)


def test_a_seller_suspended_now_leaves_its_page_at_once(app, client, facts):
    slug = facts["seller"]["slug"]
    with app.app_context():
        seller = db.session.scalar(select(Seller).where(Seller.slug == slug))
        seller.status = "suspended"
        db.session.commit()
    try:
        page(client, f"/en-gb/s/{slug}", 404)
    finally:
        with app.app_context():
            db.session.scalar(select(Seller).where(Seller.slug == slug)).status = "approved"
            db.session.commit()
    page(client, f"/en-gb/s/{slug}")


def test_the_page_is_cached_like_other_shop_pages(app, facts):
    client = app.test_client()
    path = f"/en-gb/s/{facts['seller']['slug']}"
    first = client.get(path)
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert first.cache_control.public and first.cache_control.s_maxage == app.config["SHARED_CACHE_SECONDS"]
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    missing = client.get("/en-gb/s/no-such-refurbisher")
    assert missing.status_code == 404 and not missing.cache_control.public


def test_other_storefronts_speak_their_money_and_list_only_where_it_ships(client, facts, app):
    slug = facts["seller"]["slug"]
    with app.app_context():
        markets = set(db.session.scalar(select(Seller.markets).where(Seller.slug == slug)))
    code = next(c for c in ("fr-fr", "de-de", "nl-nl") if c in markets)
    html = page(client, f"/{code}/s/{slug}")
    assert '<html lang="' + code[:3] + code[3:].upper() + '">' in html and "€" in html
    assert re.search(rf'<link rel="canonical" href="[^"]+/{code}/s/{slug}">', html)
    hreflangs = re.findall(r'<link rel="alternate" hreflang="[^"]+" href="[^"]+/([a-z]{2}-[a-z]{2})/s/', html)
    assert code in hreflangs and set(hreflangs) <= markets
    assert re.search(rf'href="/{code}/p/[^"]+"', html)


def test_the_product_page_says_who_sells_the_winning_offer_and_links_to_its_page(client):
    html = page(client, "/en-gb/p/iphone-13")
    winner = re.search(r'<p class="seller__name">Sold by ([^<]+)</p>', html).group(1)
    link = re.search(r'<a class="seller__more" href="(/en-gb/s/[^"]+)">', html).group(1)
    assert f">{winner}</h1>" in page(client, link)


def test_the_sitemap_lists_the_pages_of_sellers_shipping_there(client, facts):
    xml = page(client, "/en-gb/sitemap.xml")
    assert f"/en-gb/s/{facts['seller']['slug']}</loc>" in xml
    assert f"/s/{facts['pending']}<" not in xml and f"/s/{facts['suspended']}<" not in xml


def test_the_page_runs_a_constant_small_number_of_queries(client, count_queries, facts):
    urls = (f"/en-gb/s/{facts['seller']['slug']}", f"/en-gb/s/{facts['also']}")
    counts = [count_queries(lambda url=url: client.get(url)) for url in urls]
    assert max(counts) <= 6 and counts[0] == counts[1], counts
