"""The arithmetic of a quality score, pure: smoothing, the forecast and the threshold levels.

A metric's samples are (when, events, sample size) triples: an order line placed on that day that was
cancelled by the seller is `Sample(at, 1, 1)`, one that was not is `Sample(at, 0, 1)`, a grade miss found by
an inspection `Sample(at, 2.0, 1)` (its weight). Unit-tested without an app or a database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

LEVELS = ("ok", "warn", "pause", "suspend")  # from best to worst
PLACES = 6  # rates are stored rounded, so a rerun on the same rows compares equal


@dataclass(frozen=True)
class Sample:
    at: datetime
    events: float
    n: int = 1


@dataclass(frozen=True)
class Rule:
    """One metric's settings (config/quality.toml): the prior and its weight k, and the three thresholds."""

    prior: float
    k: float
    warn: float
    pause: float
    suspend: float
    higher_is_better: bool = False

    @classmethod
    def from_config(cls, section: Mapping) -> Rule:
        return cls(float(section["prior"]), float(section["k"]), float(section["warn"]), float(section["pause"]),
                   float(section["suspend"]), bool(section.get("higher_is_better", False)))


@dataclass(frozen=True)
class Score:
    events: float
    n: int
    raw: float | None
    smoothed: float
    forecast: float
    level: str


def raw_rate(events: float, n: int) -> float | None:
    """Events per sample, at most 1 (weighted events can outnumber the sample); None without a sample."""
    return round(min(events / n, 1.0), PLACES) if n else None


def smooth(events: float, n: int, rule: Rule) -> float:
    """(events + k × prior) / (n + k): the prior while there is no sample, the seller's own rate as it grows."""
    return round(min((events + rule.k * rule.prior) / (n + rule.k), 1.0), PLACES)


def forecast(samples: Iterable[Sample], now: datetime, window: timedelta, horizon: timedelta, rule: Rule) -> float:
    """The smoothed rate `horizon` from now: the window will have dropped the samples older than
    now − window + horizon and gained `horizon` more at the pace of the last `horizon` (repeated once)."""
    stays_from, recent_from = now - window + horizon, now - horizon
    events = n = 0
    for sample in samples:
        if sample.at > now or sample.at < now - window:
            continue
        if sample.at >= stays_from:
            events, n = events + sample.events, n + sample.n
        if sample.at > recent_from:
            events, n = events + sample.events, n + sample.n
    return smooth(events, n, rule)


def level(rate: float, rule: Rule) -> str:
    """The level a rate reaches: a threshold reached counts (defects < 1 %: 1 % warns; acceptance ≥ 96 %:
    95.9 % warns)."""
    for name in ("suspend", "pause", "warn"):
        limit = getattr(rule, name)
        if (rate < limit) if rule.higher_is_better else (rate >= limit):
            return name
    return "ok"


def worst(levels: Iterable[str]) -> str:
    return max(levels, key=LEVELS.index, default="ok")


def score(samples: list[Sample], now: datetime, window: timedelta, horizon: timedelta, rule: Rule) -> Score:
    """The metric over the window ending `now`; its level is the smoothed rate's."""
    inside = [s for s in samples if now - window <= s.at <= now]
    events = round(sum(s.events for s in inside), PLACES)
    n = sum(s.n for s in inside)
    smoothed = smooth(events, n, rule)
    return Score(events, n, raw_rate(events, n), smoothed, forecast(inside, now, window, horizon, rule), level(smoothed, rule))


@dataclass(frozen=True)
class Gauge:
    """A threshold bar on a 0–100 scale: each level's zone (name, start, width) and where the rate stands."""

    zones: tuple[tuple[str, float, float], ...]
    marker: float


def gauge(rate: float, rule: Rule) -> Gauge:
    """The bar for `rate`: from 0 to 1.5 × the suspension threshold (lower is better), or from the suspension
    threshold's distance below it up to 100 % (higher is better), best zone first."""
    if rule.higher_is_better:
        low = max(0.0, 2 * rule.suspend - 1)
        edges = [1.0, rule.warn, rule.pause, rule.suspend, low]
        position = lambda value: (1 - (value - low) / (1 - low)) * 100  # noqa: E731  (best at the left)
    else:
        high = rule.suspend * 1.5
        edges = [0.0, rule.warn, rule.pause, rule.suspend, high]
        position = lambda value: value / high * 100  # noqa: E731
    zones = tuple((name, round(position(start), 2), round(position(end) - position(start), 2))
                  for name, start, end in zip(LEVELS, edges, edges[1:], strict=False))
    return Gauge(zones, round(min(max(position(rate), 0.0), 100.0), 2))
