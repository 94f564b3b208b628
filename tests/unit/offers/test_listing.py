"""Browsing rules: parameter parsing and disjunctive facets, on plain rows."""
import pytest
from werkzeug.datastructures import MultiDict

from storefront.offers.listing import Filters, Listing, Pick, Row, RowSet, browse, mask_of, members, parse_filters


def rows():
    def r(pid, brand, grade, storage, color, price, battery=85):
        return Row(pid, brand, grade, storage, color, "", battery, price, price * 2, "#000000", 100 - pid, 2020 + pid,
                   color.title())
    return [
        r(1, "apple", "excellent", 128, "black", 40000), r(1, "apple", "fair", 256, "white", 30000, 80),
        r(2, "samsung", "good", 128, "black", 35000), r(3, "samsung", "premium", 512, "blue", 60000, 90),
    ]


BRANDS = {"apple": "Apple", "samsung": "Samsung"}


def test_parsing_keeps_valid_values_and_drops_the_rest():
    f = parse_filters(MultiDict([("grade", "fair"), ("grade", "mint"), ("storage", "128"), ("storage", "x"),
                                 ("price_min", "1 234,5"), ("battery_min", "90"), ("sort", "newest"), ("page", "0")]), 2)
    assert f.grade == ("fair",) and f.storage == (128,) and f.price_min == 123450
    assert f.battery_min == 90 and f.sort == "newest" and f.page == 1


def test_yen_prices_have_no_minor_unit():
    assert parse_filters(MultiDict({"price_max": "12,000"}), 0).price_max == 12000


def test_a_product_matches_when_one_row_matches_every_filter():
    listing = browse(RowSet(rows(), BRANDS), Filters(grade=("fair",), storage=(128,)))
    assert listing.total == 0  # product 1 has fair (256 GB) and 128 GB (excellent), never both
    assert browse(RowSet(rows(), BRANDS), Filters(grade=("fair",), storage=(256,))).total == 1


def test_cards_show_the_cheapest_matching_price_and_the_grades_in_stock():
    card = browse(RowSet(rows(), BRANDS), Filters()).cards[0]
    assert card.product_id == 1 and card.price == 30000 and card.grades == ["excellent", "fair"]
    assert card.saving_pct == 50


def test_a_card_picks_the_variant_and_grade_of_the_price_it_shows():
    everything = browse(RowSet(rows(), BRANDS), Filters()).cards[0]
    assert everything.pick == Pick("fair", 256, "White", "")
    # Filtered to 128 GB, the same model quotes (and opens on) its 128 GB offer.
    small = browse(RowSet(rows(), BRANDS), Filters(storage=(128,))).cards[0]
    assert small.product_id == 1 and small.price == 40000 and small.pick == Pick("excellent", 128, "Black", "")


def test_facet_counts_ignore_their_own_selection():
    listing = browse(RowSet(rows(), BRANDS), Filters(brand=("apple",)))
    counts = {o.value: o.count for o in listing.facets["brand"]}
    assert counts == {"apple": 1, "samsung": 2}
    grades = {o.value: o.count for o in listing.facets["grade"]}
    assert grades == {"premium": 0, "excellent": 1, "good": 0, "fair": 1} or grades == {"excellent": 1, "fair": 1, "good": 0, "premium": 0}


def test_sorting_and_paging():
    assert [c.product_id for c in browse(RowSet(rows(), BRANDS), Filters(sort="price_desc")).cards] == [3, 2, 1]
    assert [c.product_id for c in browse(RowSet(rows(), BRANDS), Filters(sort="newest")).cards] == [3, 2, 1]
    assert browse(RowSet(rows(), BRANDS), Filters(page=9)).page == 1


def test_canonical_arguments_leave_defaults_out():
    f = Filters(brand=("apple",), price_min=12345, sort="popular", page=1)
    assert f.to_args(2) == {"brand": ["apple"], "price_min": "123.45"}
    assert f.to_args(2, page=3)["page"] == "3"
    assert f.to_args(2, brand=(), sort="price_asc") == {"price_min": "123.45", "sort": "price_asc"}
    assert f == Filters(brand=("apple",), price_min=12345)  # changes never touch the state itself
    with pytest.raises(TypeError):
        f.to_args(2, pages=3)


def test_prices_are_read_the_way_shoppers_type_them():
    for raw, minor in [("1 234,5", 123450), ("1234.50", 123450), ("12,000", 1200000), ("€ 300", 30000),
                       ("1.234", 123400), ("abc", None), ("", None), (",", None)]:
        assert parse_filters(MultiDict({"price_min": raw}), 2).price_min == minor, raw


def test_the_pager_shows_the_ends_and_the_neighbours_of_the_current_page():
    def links(page, pages):
        return Listing([], 0, page, pages).page_links()
    assert links(1, 1) == [1]
    assert links(1, 4) == [1, 2, 3, 4]
    assert links(1, 21) == [1, 2, None, 21]
    assert links(6, 21) == [1, None, 5, 6, 7, None, 21]
    assert links(3, 21) == [1, 2, 3, 4, None, 21]  # no gap for a single page: it is shown
    assert links(21, 21) == [1, None, 20, 21]


def test_facet_values_that_are_not_slugs_are_dropped():
    f = parse_filters(MultiDict([("brand", "\x00"), ("brand", "Apple"), ("color", "<script>"), ("keyboard", "qwerty"),
                                 ("brand", "one plus"), ("color", "space-grey")]), 2)
    assert f.brand == ("apple",) and f.color == ("space-grey",) and f.keyboard == ("qwerty",)


def test_row_masks_select_rows_and_count_device_models_with_prices_and_battery():
    rowset = RowSet(rows(), BRANDS)
    assert members(mask_of([0, 3, 2], 4)) == [0, 2, 3] and members(0) == []
    assert members(rowset.matching(Filters(brand=("samsung",)))) == [2, 3]
    assert members(rowset.matching(Filters(price_min=30000, price_max=40000))) == [0, 1, 2]  # bounds included
    assert members(rowset.matching(Filters(price_max=29999))) == []
    assert members(rowset.matching(Filters(battery_min=85, grade=("fair", "premium")))) == [3]
    assert rowset.products(rowset.everything) == 3 and rowset.products(mask_of([0, 1], 4)) == 1
    # A facet skipped keeps the other filters: the grade counts of "apple" are over apple's rows only.
    facets = browse(rowset, Filters(brand=("apple",), grade=("fair",))).facets
    assert {o.value: o.count for o in facets["grade"]} == {"excellent": 1, "good": 0, "fair": 1, "premium": 0}
