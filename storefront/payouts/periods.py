"""Statement periods: calendar months in UTC, written "2026-12" in URLs and file names."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

PATTERN = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR = 2000  # nothing was sold before; an earlier year is a typo


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return self.next().start

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def holds(self, at: datetime) -> bool:
        return self.start <= at < self.end


def of(at: datetime) -> Period:
    return Period(at.year, at.month)


def parse(text: str, now: datetime) -> Period | None:
    """The period "YYYY-MM" names; None for anything else: junk, month 13, before 2000, after `now`'s month."""
    match = PATTERN.fullmatch(text or "")
    if not match:
        return None
    period = Period(int(match[1]), int(match[2]))
    if not 1 <= period.month <= 12 or period.year < FIRST_YEAR or period > of(now):
        return None
    return period


def since(first: datetime | None, now: datetime, limit: int = 24) -> list[Period]:
    """The months from `first`'s to `now`'s, newest first, at most `limit`; just `now`'s without a `first`."""
    period, stop = of(now), of(first or now)
    found = []
    while len(found) < limit:
        found.append(period)
        if period <= stop:
            break
        period = period.previous()
    return found
