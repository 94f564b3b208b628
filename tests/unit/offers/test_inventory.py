"""The listing's state read from the query string: what is kept, what is dropped, and how it is written back."""
from storefront.offers.inventory import Filters


def test_unknown_values_are_dropped_and_the_query_is_tidied():
    filters = Filters.parse({"q": "  iphone   13 ", "status": "gone", "grade": "mint", "stock": "lots", "page": "-2"})
    assert filters == Filters(q="iphone 13")
    assert Filters.parse({"page": "²"}).page == 1
    assert len(Filters.parse({"q": "x" * 500}).q) == 100


def test_the_state_writes_back_only_what_is_set():
    filters = Filters.parse({"q": "pixel", "status": "paused", "grade": "good", "category": "smartphones", "stock": "out", "page": "3"})
    assert filters.args() == {"q": "pixel", "status": "paused", "grade": "good", "category": "smartphones", "stock": "out", "page": "3"}
    assert filters.args(page=1) == {"q": "pixel", "status": "paused", "grade": "good", "category": "smartphones", "stock": "out"}
    assert Filters().args() == {} and not Filters().narrowed and Filters(out_of_stock=True).narrowed
