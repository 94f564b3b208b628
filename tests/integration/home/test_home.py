"""The home page: hero, categories, deals from the buy box, grades, promises, impact."""
import re

from storefront.offers.services import best_deals


def test_home_shows_every_section(client):
    html = client.get("/en-gb/").get_data(as_text=True)
    assert '<h1 class="hero__title">' in html
    for text in ("What are we replacing today?", "Today&#39;s best deals",
                 "Grades are about looks", "Our promises", "Refurbished, compared with buying new"):
        assert text in html, text
    assert html.count('class="category-tile ') == 6
    assert html.count('class="grade-chip grade-chip--') >= 4


def test_deals_come_from_buy_box_winners_and_show_the_saving(client, app):
    with app.app_context():
        deals = best_deals("fr-fr", 8)
    assert 4 <= len(deals) <= 8
    assert all(0 < d.price < d.new_price and d.saving_pct > 0 for d in deals)
    html = client.get("/fr-fr/").get_data(as_text=True)
    assert html.count('class="product-card"') == len(deals)
    for deal in deals:
        assert deal.product.display_name in html


def test_promises_use_the_storefront_config(client, app):
    html = client.get("/en-gb/").get_data(as_text=True)
    assert "12-month warranty" in html and "30 days of free returns" in html
    assert "14-day right of withdrawal" in html
    assert "right of withdrawal" not in client.get("/en-us/").get_data(as_text=True)


def test_tax_display_follows_the_storefront(client):
    assert "incl. VAT" in client.get("/en-gb/").get_data(as_text=True)
    assert "+ sales tax at checkout" in client.get("/en-us/").get_data(as_text=True)
    assert "incl. GST" in client.get("/en-au/").get_data(as_text=True)


def test_home_works_without_javascript(client):
    html = client.get("/en-gb/").get_data(as_text=True)
    # Only deferred scripts that enhance: htmx and the search box's keyboard support. Every control
    # is a link, a form or a <details>.
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 2 and all(re.fullmatch(r'<script src="/assets/js/[\w./-]+" defer>', s) for s in scripts)
    assert "<details class=\"market-switcher\">" in html


def test_home_page_runs_a_constant_number_of_queries(client, count_queries):
    assert count_queries(lambda: client.get("/de-de/")) <= 6
