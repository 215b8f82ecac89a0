"""The calcium : magnesium ratio and its verdict against the articles' 1:1 target.

Totals may be ranges or lower bounds ("at least"), so the ratio is worked out as a range: calcium
at least C and magnesium exactly M give a ratio of at least C/M; magnesium only "at least" M
leaves the ratio at most C/M; calcium between C1 and C2 gives a ratio between C1/M and C2/M.
The verdict is named when the whole range falls in one band, or on the calcium side of 1:1.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import NamedTuple

from camag_core.nutrients import Quantity

TARGET = 1.0  # the articles' 1:1
TRADITIONAL = 2.0  # the "outdated" 2:1


class Verdict(StrEnum):
    MAGNESIUM_RICH = "magnesium_rich"
    BALANCED = "balanced"
    CALCIUM_LEANING = "calcium_leaning"
    CALCIUM_HEAVY = "calcium_heavy"
    UNKNOWN = "unknown"


# The verdicts where calcium is ahead of magnesium beyond the balanced band.
CALCIUM_AHEAD = frozenset({Verdict.CALCIUM_LEANING, Verdict.CALCIUM_HEAVY})

# Upper edge of each band (inclusive), in order.
BANDS: tuple[tuple[float, Verdict], ...] = (
    (0.8, Verdict.MAGNESIUM_RICH),
    (1.25, Verdict.BALANCED),
    (2.5, Verdict.CALCIUM_LEANING),
    (math.inf, Verdict.CALCIUM_HEAVY),
)


class Bound(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    BETWEEN = "between"
    UNKNOWN = "unknown"


_EXACT, _AT_LEAST, _AT_MOST, _BETWEEN, _UNKNOWN = (
    Bound.EXACT,
    Bound.AT_LEAST,
    Bound.AT_MOST,
    Bound.BETWEEN,
    Bound.UNKNOWN,
)


class RatioRange(NamedTuple):
    low: float
    high: float

    @property
    def bound(self) -> Bound:
        if self.low == self.high:
            return _EXACT
        if math.isinf(self.high):
            return _AT_LEAST if self.low > 0 else _UNKNOWN
        return _AT_MOST if self.low == 0 else _BETWEEN

    @property
    def value(self) -> float | None:
        """The ratio if exact, its one known bound if half-open, the geometric middle of a range;
        ``None`` when nothing is known."""
        bound = self.bound
        if bound is _UNKNOWN:
            return None
        if bound is _BETWEEN:
            return math.sqrt(self.low * self.high)
        return self.high if bound is _AT_MOST else self.low


def ratio_range(calcium: Quantity, magnesium: Quantity) -> RatioRange:
    """The possible values of calcium / magnesium given what is known of each."""
    if magnesium.high <= 0:  # no magnesium known at all: the ratio could be anything
        return RatioRange(0.0, math.inf)
    low = calcium.low / magnesium.high  # 0 when magnesium is unbounded
    high = calcium.high / magnesium.low if magnesium.low > 0 else math.inf
    return RatioRange(low, high)


def band(ratio: float) -> Verdict:
    for edge, verdict in BANDS:
        if ratio <= edge:
            return verdict
    return Verdict.CALCIUM_HEAVY


def verdict(ratio: RatioRange) -> Verdict:
    """The band the whole range falls in; "calcium ahead" when it spans the two calcium-side bands."""
    lowest, highest = band(ratio.low), band(ratio.high)
    if lowest is highest:
        return lowest
    if lowest in CALCIUM_AHEAD and highest in CALCIUM_AHEAD:
        return Verdict.CALCIUM_LEANING
    return Verdict.UNKNOWN
