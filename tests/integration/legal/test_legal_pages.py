"""Legal pages carry the numbers of the storefront's config, in its language."""
import pytest


@pytest.mark.parametrize("page", ["returns", "warranty", "notice"])
def test_every_storefront_has_its_legal_pages(client, app, page):
    for market in app.extensions["markets"]:
        assert client.get(f"/{market.code}/legal/{page}").status_code == 200


def test_returns_page_states_the_configured_periods(client):
    html = client.get("/en-gb/legal/returns").get_data(as_text=True)
    assert "within 30 days of delivery" in html and "14 days from delivery" in html


def test_a_market_without_statutory_withdrawal_says_so_without_inventing_one(client):
    html = client.get("/en-us/legal/returns").get_data(as_text=True)
    assert "no general right to cancel" in html


def test_unknown_legal_page_is_404(client):
    assert client.get("/en-gb/legal/nope").status_code == 404
