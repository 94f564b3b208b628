"""Each storefront's legal pages state its own law's facts, from config/markets.toml, never one text for all."""
import re

import pytest


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


# market: (phrases the warranty page must say, phrases it must not)
WARRANTY = {
    "fr-fr": (["24 mois"], ["36 mois"]),
    "es-es": (["36 meses"], []),
    "sv-se": (["36 månader"], ["24 månader"]),
    "nl-nl": (["redelijkerwijs"], ["24 maanden"]),
    "fi-fi": (["kohtuudella"], ["24 kuukautta"]),
    "en-ie": (["up to 6 years from delivery"], ["24 months after delivery"]),
    "en-gb": (["Within 30 days of delivery you can reject", "within 6 months of delivery is presumed",
               "up to 6 years from delivery", "Consumer Rights Act 2015"], []),
    "en-au": (["Our goods come with guarantees that cannot be excluded under the Australian Consumer Law",
               "reasonably be expected to last"], []),
    "en-us": (["The consumer law of this country protects you"], ["months after delivery"]),
}


@pytest.mark.parametrize("market", sorted(WARRANTY))
def test_the_warranty_page_states_the_market_s_own_legal_guarantee(client, market):
    page = text(client, f"/{market}/legal/warranty")
    present, absent = WARRANTY[market]
    for phrase in present:
        assert phrase in page, (market, phrase)
    for phrase in absent:
        assert phrase not in page, (market, phrase)


def test_a_withdrawal_heading_only_where_the_law_gives_that_right(client, app):
    for market in app.extensions["markets"]:
        html = client.get(f"/{market.code}/legal/returns").get_data(as_text=True)
        headings = re.findall(r"<h2>([^<]+)</h2>", html)
        assert len(headings) == 3, (market.code, headings)
        says_no_right = "no general right to cancel" in html or market.withdrawal_days == 0
        assert says_no_right == (market.withdrawal_days == 0), market.code
    assert "What the law says about returns" in client.get("/en-us/legal/returns").get_data(as_text=True)
    assert "Your legal right of withdrawal" not in client.get("/en-au/legal/returns").get_data(as_text=True)


def test_austria_says_ruecktrittsrecht_where_germany_says_widerrufsrecht(client):
    assert "Rücktrittsrecht" in text(client, "/de-at/legal/returns")
    assert "Widerruf" not in text(client, "/de-at/legal/returns")
    assert "Widerrufsrecht" in text(client, "/de-de/legal/returns")


def test_the_legal_notice_names_the_operator_from_config(client, app):
    from storefront.commerce import commerce

    with app.app_context():
        operator = commerce()["operator"]
    page = text(client, "/de-de/legal/notice")
    for value in operator.values():
        assert value.replace("'", "&#39;") in page or value in page, value
    assert "demo operator" not in page
