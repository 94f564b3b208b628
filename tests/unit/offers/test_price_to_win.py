"""Price to win: hand-checked numbers (adjusted price = (price + shipping) × (1 + penalty))."""
from storefront.offers.price_to_win import LOSING, NOT_COMPETING, WINNING, RateChange, advise
from storefront.offers.pricing import Candidate


def offer(offer_id, price, shipping=0, defect=0.0, returns=0.0, cancel=0.0, on_time=1.0, warranty=12, stock=3,
          status="live", seller="approved"):
    return Candidate(offer_id=offer_id, price=price, shipping=shipping, stock=stock, offer_status=status,
                     seller_status=seller, defect_rate=defect, return_rate=returns, cancellation_rate=cancel,
                     on_time_rate=on_time, warranty_months=warranty)


def test_losing_on_price_and_lateness():
    # rival: 10300 × 1.03 = 10609. Mine: 10200 × 1.06 = 10812 loses.
    # 10008 × 1.06 = 10608.48 wins, 10009 × 1.06 = 10609.54 loses → cut 192.
    # At 10200 the penalty must be under 10609/10200 − 1 = 4.0098 %: late 6 % → 4 % (10200 × 1.04 = 10608).
    advice = advise(offer(2, 10200, on_time=0.94), [offer(1, 10300, on_time=0.97)])
    assert advice.status == LOSING
    assert advice.winner_price == 10300
    assert advice.max_price == 10008 and advice.cut == 192
    assert advice.rate_change == RateChange("late", 0.06, 0.04)


def test_the_smallest_rate_change_is_advised():
    # Same penalty (2 × 2 % defects + 2 % late = 6 %): a defect counts twice, so 2 % → 1 % is enough
    # (penalty 4 %), where lateness would have to reach 0 %.
    advice = advise(offer(2, 10200, defect=0.02, on_time=0.98), [offer(1, 10300, on_time=0.97)])
    assert advice.rate_change == RateChange("defect", 0.02, 0.01)
    assert advice.max_price == 10008


def test_no_rate_change_wins_when_the_record_is_already_perfect():
    # Rival 19000 perfect; mine 20000 with 6 % late: even a perfect record loses at 20000.
    # 19000 / 1.06 = 17924.5: 17924 × 1.06 = 18999.44 wins.
    advice = advise(offer(2, 20000, on_time=0.94), [offer(1, 19000)])
    assert advice.status == LOSING and advice.max_price == 17924 and advice.cut == 2076
    assert advice.rate_change is None


def test_no_price_wins_when_shipping_alone_costs_more():
    advice = advise(offer(2, 500, shipping=1200), [offer(1, 1000)])
    assert advice.status == LOSING and advice.max_price is None and advice.cut is None
    assert advice.rate_change is None


def test_winning_says_how_much_room_is_left():
    # 36 months: penalty −4 %; the rival's 24 months: −2 %, 10000 × 0.98 = 9800.
    # 10208 × 0.96 = 9799.68 < 9800; 10209 × 0.96 = 9800.64.
    advice = advise(offer(2, 10100, warranty=36), [offer(1, 10000, warranty=24)])
    assert advice.status == WINNING and not advice.only_offer
    assert advice.max_price == 10208 and advice.headroom == 108
    assert advice.winner_price is None


def test_a_tie_goes_to_the_older_offer():
    newer = advise(offer(2, 10000), [offer(1, 10000)])
    assert newer.status == LOSING and newer.max_price == 9999 and newer.cut == 1
    assert newer.rate_change is None  # both records are perfect: no rate can get better
    older = advise(offer(1, 10000), [offer(2, 10000)])
    assert older.status == WINNING and older.max_price == 10000 and older.headroom == 0


def test_a_tie_goes_to_the_better_on_time_rate():
    # 10100 × 1 = 10000 × 1.01: equal adjusted prices, mine is never late.
    advice = advise(offer(2, 10100), [offer(1, 10000, on_time=0.99)])
    assert advice.status == WINNING and advice.max_price == 10100
    # The other way round a tie loses, and the late rate can fix it by a tenth of a point.
    late = advise(offer(1, 10000, on_time=0.99), [offer(2, 10100)])
    assert late.status == LOSING and late.max_price == 9999
    assert late.rate_change == RateChange("late", 0.01, 0.009)


def test_only_offer_wins_at_any_price():
    assert advise(offer(1, 99999), []) == advise(offer(1, 99999), [offer(1, 99999)])
    advice = advise(offer(1, 99999), [offer(2, 100, status="paused")])
    assert advice.status == WINNING and advice.only_offer and advice.max_price is None


def test_not_sellable_does_not_compete_and_says_why():
    rival = offer(1, 9000)
    for mine, why in ((offer(2, 100, status="paused"), "paused"), (offer(2, 100, stock=0), "out_of_stock"),
                      (offer(2, 100, status="suspended"), "suspended"), (offer(2, 100, seller="suspended"), "seller")):
        advice = advise(mine, [rival])
        assert (advice.status, advice.why_not, advice.winner_price) == (NOT_COMPETING, why, 9000)
    assert advise(offer(2, 100, stock=0), []).winner_price is None


def test_yen_prices_have_no_decimals():
    # 12000 / 1.02 = 11764.7: 11764 × 1.02 = 11999.28 wins, 11765 × 1.02 = 12000.3 loses.
    advice = advise(offer(2, 12500, on_time=0.98), [offer(1, 12000)])
    assert advice.max_price == 11764 and advice.cut == 736
