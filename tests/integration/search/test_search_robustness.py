"""Whatever a shopper (or a bot) types, search answers with a page, never a server error."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

OPERATOR_SOUP = ["NOT AND ", "0 ANDNOT ANDNOT ", "NOT OR foobar", "*", "?", "\"", "\"unbalanced", "(((", ")))",
                 "[a TO z]", "{", "}", "name:iphone", "iphone~5", "ip*", "^2", "AND", "OR", "\\", "%", "&", "\x00",
                 "<script>alert(1)</script>", "' OR 1=1 --", "ｉｐｈｏｎｅ", "𝔦𝔭𝔥𝔬𝔫𝔢", "\u202e", "🙂📱"]


@pytest.mark.parametrize("q", [*OPERATOR_SOUP, "x" * 10000, "iphone " * 2000, "1" * 5000 + " go"])
def test_operator_soup_and_huge_queries_get_a_page(client, q):
    for path in ("/fr-fr/search", "/ja-jp/search/suggest"):
        response = client.get(path, query_string={"q": q}, follow_redirects=True)
        assert response.status_code == 200, (path, q[:40])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_causes_a_server_error(client, q):
    response = client.get("/en-gb/search", query_string={"q": q}, follow_redirects=True)
    assert response.status_code == 200


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*OPERATOR_SOUP, "iphone", "13", "128go", "noir", "parfait état", "ps5"]), max_size=12)
       .map(" ".join))
def test_grammar_aware_soup_never_causes_a_server_error(client, q):
    response = client.get("/de-de/search", query_string={"q": q, "sort": "price_asc"}, follow_redirects=True)
    assert response.status_code == 200
