"""The arithmetic of quality scores: smoothing, the forecast, the threshold levels and the bar."""
from datetime import datetime, timedelta

import pytest

from storefront.quality.scoring import Rule, Sample, forecast, gauge, level, raw_rate, score, smooth, worst

NOW = datetime(2026, 12, 7, 12, 0)
DAY = timedelta(days=1)
WINDOW, HORIZON = 30 * DAY, 7 * DAY
DEFECTS = Rule(prior=0.008, k=30, warn=0.01, pause=0.03, suspend=0.06)
ACCEPTANCE = Rule(prior=0.98, k=20, warn=0.96, pause=0.90, suspend=0.80, higher_is_better=True)


def test_a_new_seller_starts_at_the_prior():
    assert smooth(0, 0, DEFECTS) == 0.008


def test_one_bad_first_order_does_not_ruin_a_new_seller():
    assert raw_rate(1, 1) == 1.0
    assert smooth(1, 1, DEFECTS) == pytest.approx((1 + 30 * 0.008) / 31)
    assert smooth(1, 1, DEFECTS) < 0.05


def test_the_sellers_own_rate_takes_over_as_the_sample_grows():
    assert smooth(50, 1000, DEFECTS) == pytest.approx((50 + 0.24) / 1030, abs=1e-6)
    assert abs(smooth(50, 1000, DEFECTS) - 0.05) < 0.002


def test_weighted_events_never_make_a_rate_above_one():
    assert raw_rate(4.0, 2) == 1.0
    assert raw_rate(0, 0) is None


@pytest.mark.parametrize(("rate", "expected"), [
    (0.0, "ok"), (0.0099, "ok"), (0.01, "warn"), (0.0299, "warn"), (0.03, "pause"), (0.06, "suspend"), (1.0, "suspend"),
])
def test_a_threshold_reached_counts_for_a_rate_that_should_stay_under_it(rate, expected):
    assert level(rate, DEFECTS) == expected


@pytest.mark.parametrize(("rate", "expected"), [
    (1.0, "ok"), (0.96, "ok"), (0.959, "warn"), (0.90, "warn"), (0.899, "pause"), (0.80, "pause"), (0.799, "suspend"),
])
def test_acceptance_must_stay_at_or_above_its_thresholds(rate, expected):
    assert level(rate, ACCEPTANCE) == expected


def test_the_worst_level_wins():
    assert worst(["ok", "pause", "warn"]) == "pause"
    assert worst([]) == "ok"


def test_the_forecast_drops_the_oldest_days_and_adds_the_recent_pace():
    # 10 defects 25 days ago (they leave the window within 7 days), none lately: the rate is going down.
    old = [Sample(NOW - 25 * DAY, 1) for _ in range(10)] + [Sample(NOW - 25 * DAY, 0) for _ in range(40)]
    recent = [Sample(NOW - 2 * DAY, 0) for _ in range(50)]
    samples = old + recent
    now_rate = score(samples, NOW, WINDOW, HORIZON, DEFECTS).smoothed
    # In 7 days: the 50 recent samples stay, and 50 more come at their pace (no events): (0 + 30 × 0.008) / (100 + 30).
    assert forecast(samples, NOW, WINDOW, HORIZON, DEFECTS) == pytest.approx(0.24 / 130, abs=1e-6)
    assert forecast(samples, NOW, WINDOW, HORIZON, DEFECTS) < now_rate


def test_the_forecast_of_a_worsening_seller_is_worse_than_now():
    samples = [Sample(NOW - 20 * DAY, 0) for _ in range(50)] + [Sample(NOW - DAY, 1) for _ in range(5)]
    assert forecast(samples, NOW, WINDOW, HORIZON, DEFECTS) > smooth(5, 55, DEFECTS)
    # 55 samples stay, 5 recent repeat: (5 + 5 + 0.24) / (55 + 5 + 30)
    assert forecast(samples, NOW, WINDOW, HORIZON, DEFECTS) == pytest.approx(10.24 / 90, abs=1e-6)


def test_samples_outside_the_window_count_nowhere():
    samples = [Sample(NOW - 31 * DAY, 1), Sample(NOW + DAY, 1)]
    result = score(samples, NOW, WINDOW, HORIZON, DEFECTS)
    assert (result.events, result.n, result.raw, result.smoothed) == (0, 0, None, 0.008)
    assert result.forecast == 0.008


def test_a_score_is_levelled_on_its_smoothed_rate():
    samples = [Sample(NOW - DAY, 1)]  # one defect, one order: 100 % raw, but a new seller
    result = score(samples, NOW, WINDOW, HORIZON, DEFECTS)
    assert result.raw == 1.0
    assert result.level == "pause"  # (1 + 0.24) / 31 = 4 %: past pause, under suspend
    assert score([], NOW, WINDOW, HORIZON, DEFECTS).level == "ok"


def test_the_bar_puts_each_zone_in_order_and_the_rate_on_it():
    bar = gauge(0.02, DEFECTS)
    assert [zone[0] for zone in bar.zones] == ["ok", "warn", "pause", "suspend"]
    assert bar.zones[0][1] == 0 and bar.zones[-1][1] + bar.zones[-1][2] == pytest.approx(100)
    assert bar.marker == pytest.approx(0.02 / 0.09 * 100, abs=0.01)
    assert gauge(5.0, DEFECTS).marker == 100
    acceptance = gauge(0.97, ACCEPTANCE)
    assert acceptance.zones[0][0] == "ok" and acceptance.marker < acceptance.zones[1][1]
