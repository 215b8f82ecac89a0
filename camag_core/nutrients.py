"""The three nutrients CaMag follows, and quantities that may be only partly known."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, NamedTuple


class Nutrient(StrEnum):
    CALCIUM = "calcium"
    MAGNESIUM = "magnesium"
    VITAMIN_D = "vitamin_d"

    @property
    def unit(self) -> str:
        """The unit intakes of this nutrient are counted in."""
        return "IU" if self == "vitamin_d" else "mg"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {"calcium": "Calcium", "magnesium": "Magnesium", "vitamin_d": "Vitamin D"}

# Plain module constants: on Python 3.11 each ``Nutrient.X`` lookup costs about 0.4 µs and
# iterating the enum about 1.6 µs, which added up to half of an assessment's time.
CALCIUM: Final = Nutrient.CALCIUM
MAGNESIUM: Final = Nutrient.MAGNESIUM
VITAMIN_D: Final = Nutrient.VITAMIN_D
NUTRIENTS: Final = (CALCIUM, MAGNESIUM, VITAMIN_D)


class Quantity(NamedTuple):
    """An amount that is either known exactly or known only as a lower bound.

    An answer of "I don't know" contributes ``Quantity.unknown()``: nothing known, so
    every sum it joins becomes "at least" the known part instead of counting it as zero.
    (A named tuple rather than a frozen dataclass: an assessment makes a dozen, and a tuple
    is built in a third of the time.)
    """

    value: float
    exact: bool = True

    @staticmethod
    def unknown() -> Quantity:
        return _NOTHING_KNOWN

    @property
    def nothing_known(self) -> bool:
        """Whether nothing at all is known: "at least nothing"."""
        return self.value == 0 and not self.exact

    def __add__(self, other: Quantity) -> Quantity:  # type: ignore[override]  # a sum, not a concatenation
        return Quantity(self.value + other.value, self.exact and other.exact)


_NOTHING_KNOWN: Final = Quantity(0.0, exact=False)
