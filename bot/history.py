"""Adherence, streaks and the ratio's trend, from a person's daily check-ins. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from bot.store import CheckIn

TOOK = frozenset({"all", "some", "logged"})


@dataclass(frozen=True, slots=True)
class Period:
    days: int
    checked_in: int  # days with any answer
    took_all: int
    took_some: int  # "some" or logged
    took_none: int
    skipped: int
    ratios: tuple[tuple[date, float], ...]

    @property
    def average_ratio(self) -> float | None:
        return fmean(r for _, r in self.ratios) if self.ratios else None

    @property
    def adherence(self) -> float:
        """Share of the days on which supplements were taken (all or some)."""
        return (self.took_all + self.took_some) / self.days


def period(checkins: Sequence[CheckIn], today: date, days: int) -> Period:
    """The last ``days`` days up to ``today``, counted from the person's first check-in at the
    earliest: days before they started are not misses."""
    start = today - timedelta(days=days - 1)
    if checkins:
        start = max(start, min(c.day for c in checkins))
    window = [c for c in checkins if start <= c.day <= today]
    return Period(
        days=(today - start).days + 1,
        checked_in=len(window),
        took_all=sum(c.status == "all" for c in window),
        took_some=sum(c.status in ("some", "logged") for c in window),
        took_none=sum(c.status == "none" for c in window),
        skipped=sum(c.status == "skipped" for c in window),
        ratios=tuple((c.day, c.ratio) for c in window if c.ratio is not None),
    )


def streak(checkins: Sequence[CheckIn], today: date) -> int:
    """Days in a row, up to today (or yesterday, if today is not answered yet), with supplements taken."""
    took = {c.day for c in checkins if c.status in TOOK}
    answered = {c.day for c in checkins}
    day = today if today in answered else today - timedelta(days=1)
    count = 0
    while day in took:
        count += 1
        day -= timedelta(days=1)
    return count
