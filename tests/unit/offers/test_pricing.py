"""The buy-box rule, as a shopper would state it."""
from dataclasses import replace

from storefront.offers.pricing import Candidate, Reason, buy_box

GOOD = Candidate(
    offer_id=1, price=30000, shipping=0, stock=3, offer_status="live", seller_status="approved",
    defect_rate=0.01, return_rate=0.03, cancellation_rate=0.01, on_time_rate=0.98, warranty_months=12,
)


def test_no_offer_means_no_buy_box():
    assert buy_box([]) is None


def test_a_single_eligible_offer_wins_as_the_only_offer():
    box = buy_box([GOOD])
    assert box.winner == GOOD and box.reason is Reason.ONLY_OFFER and box.contenders == 1


def test_suspended_or_pending_sellers_never_win_even_when_cheapest():
    cheap_suspended = replace(GOOD, offer_id=2, price=10000, seller_status="suspended")
    box = buy_box([GOOD, cheap_suspended])
    assert box.winner.offer_id == 1
    assert buy_box([cheap_suspended]) is None


def test_paused_or_suspended_offers_never_win_even_when_cheapest():
    for status in ("paused", "suspended"):
        cheap = replace(GOOD, offer_id=2, price=10000, offer_status=status)
        assert buy_box([GOOD, cheap]).winner.offer_id == 1
        assert buy_box([cheap]) is None


def test_offers_without_stock_never_win():
    sold_out = replace(GOOD, offer_id=2, price=10000, stock=0)
    assert buy_box([GOOD, sold_out]).winner.offer_id == 1
    assert buy_box([sold_out]) is None


def test_between_equal_sellers_the_lowest_delivered_price_wins():
    cheaper = replace(GOOD, offer_id=2, price=29000)
    box = buy_box([GOOD, cheaper])
    assert box.winner.offer_id == 2 and box.reason is Reason.LOWEST_PRICE


def test_shipping_counts_in_the_price():
    cheap_but_paid_shipping = replace(GOOD, offer_id=2, price=29500, shipping=990)
    assert buy_box([GOOD, cheap_but_paid_shipping]).winner.offer_id == 1


def test_a_slightly_cheaper_offer_from_an_unreliable_seller_loses_on_quality():
    shaky = replace(GOOD, offer_id=2, price=29000, defect_rate=0.08, return_rate=0.12, on_time_rate=0.85)
    box = buy_box([GOOD, shaky])
    assert box.winner.offer_id == 1
    assert box.reason is Reason.BEST_VALUE
    assert box.cheapest_landed == 29000


def test_a_much_cheaper_offer_beats_a_better_seller():
    shaky_but_cheap = replace(GOOD, offer_id=2, price=20000, defect_rate=0.05, return_rate=0.08, on_time_rate=0.9)
    assert buy_box([GOOD, shaky_but_cheap]).winner.offer_id == 2


def test_a_longer_warranty_is_worth_a_little_more():
    longer = replace(GOOD, offer_id=2, price=30500, warranty_months=24)
    assert buy_box([GOOD, longer]).winner.offer_id == 2


def test_ties_are_broken_deterministically_by_on_time_rate_then_age():
    twin = replace(GOOD, offer_id=2)
    assert buy_box([twin, GOOD]).winner.offer_id == 1
    punctual_twin = replace(GOOD, offer_id=3, on_time_rate=0.99, return_rate=0.02)
    assert buy_box([GOOD, punctual_twin]).winner.offer_id == 3
