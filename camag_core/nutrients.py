"""The three nutrients CaMag follows, and quantities that may be only partly known."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Final, NamedTuple

from camag_core.i18n import ENGLISH, N_, Texts


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
        """The name in English, as a heading starts it ("Vitamin D"); :func:`label` translates it."""
        return _LABELS[self]


_LABELS = {"calcium": N_("Calcium"), "magnesium": N_("Magnesium"), "vitamin_d": N_("Vitamin D")}
# The names as they stand inside a sentence ("250 mg magnesium"): German capitalises them all.
_NAMES = {"calcium": N_("calcium"), "magnesium": N_("magnesium"), "vitamin_d": N_("vitamin D")}


def label(nutrient: Nutrient, *, t: Texts = ENGLISH) -> str:
    """The nutrient's name as a heading or a sentence starts it: "Calcium", "Vitamin D"."""
    return t._(_LABELS[nutrient])


def name(nutrient: Nutrient, *, t: Texts = ENGLISH) -> str:
    """The nutrient's name inside a sentence: "calcium", "vitamin D"."""
    return t._(_NAMES[nutrient])


# The subject of a sentence about what a day brings, whole for each nutrient: a language may want its
# article and gender there ("El calcio de los alimentos", "La vitamina D de los alimentos").
# TRANSLATORS: the subject of a sentence: "Calcium from food comes to 2,600 mg a day"
_FROM_FOOD = {"calcium": N_("Calcium from food"), "magnesium": N_("Magnesium from food"),
              "vitamin_d": N_("Vitamin D from food")}  # fmt: skip
# TRANSLATORS: the subject of a sentence: "Calcium from food and supplements comes to 2,600 mg a day"
_FROM_FOOD_AND_SUPPLEMENTS = {"calcium": N_("Calcium from food and supplements"),
                              "magnesium": N_("Magnesium from food and supplements"),
                              "vitamin_d": N_("Vitamin D from food and supplements")}  # fmt: skip


def from_food(nutrient: Nutrient, *, t: Texts = ENGLISH, supplements: bool = False) -> str:
    """The nutrient from food (and ``supplements``), as a sentence starts it: "Calcium from food"."""
    return t._((_FROM_FOOD_AND_SUPPLEMENTS if supplements else _FROM_FOOD)[nutrient])


# Plain module constants: on Python 3.11 each ``Nutrient.X`` lookup costs about 0.4 µs and
# iterating the enum about 1.6 µs, which added up to half of an assessment's time.
CALCIUM: Final = Nutrient.CALCIUM
MAGNESIUM: Final = Nutrient.MAGNESIUM
VITAMIN_D: Final = Nutrient.VITAMIN_D
NUTRIENTS: Final = (CALCIUM, MAGNESIUM, VITAMIN_D)


class Quantity(NamedTuple):
    """An amount known exactly, within a range, or only as a lower bound.

    ``high`` is ``math.inf`` when nothing caps the amount: an answer of "I don't know" contributes
    ``Quantity.unknown()`` (at least nothing), so every sum it joins becomes "at least" the known
    part instead of counting it as zero. A range (``low < high < inf``) comes from an assumption
    stated in the assessment, such as a supplement whose label basis is not known.
    (A named tuple rather than a frozen dataclass: an assessment makes a dozen, and a tuple
    is built in a third of the time.)
    """

    low: float
    high: float

    @staticmethod
    def of(value: float) -> Quantity:
        return Quantity(value, value)

    @staticmethod
    def at_least(value: float) -> Quantity:
        return Quantity(value, math.inf)

    @staticmethod
    def unknown() -> Quantity:
        return _NOTHING_KNOWN

    @property
    def value(self) -> float:
        """The known part: the amount itself when exact, else its lower end."""
        return self.low

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def bounded(self) -> bool:
        """Whether the amount has a known upper end (exact or a range)."""
        return not math.isinf(self.high)

    @property
    def nothing_known(self) -> bool:
        """Whether nothing at all is known: "at least nothing"."""
        return self.low == 0 and math.isinf(self.high)

    def __add__(self, other: Quantity) -> Quantity:  # type: ignore[override]  # a sum, not a concatenation
        return Quantity(self.low + other.low, self.high + other.high)

    def scaled(self, factor: float) -> Quantity:
        return Quantity(self.low * factor, self.high * factor)


_NOTHING_KNOWN: Final = Quantity(0.0, math.inf)


def amount_text(low: float, high: float | None, unit: str, *, t: Texts = ENGLISH) -> str:
    """An amount as known, in words: "864 mg", "64–400 mg" (a range), "at least 500 mg" (``high``
    None or infinite) or "not known" (nothing at all)."""
    if high is None or math.isinf(high):
        if low == 0:
            # TRANSLATORS: an amount of a nutrient that nothing is known about
            return t._("not known")
        return t._("at least {amount}", amount=t.amount(low, unit))
    if round(high) > round(low):
        # TRANSLATORS: a range of amounts, e.g. "64–400 mg"
        return t._("{low}–{high}", low=t.number(low), high=t.amount(high, unit))
    return t.amount(low, unit)


def dose_text(value: float, unit: str, *, t: Texts = ENGLISH) -> str:
    """An amount as a label or a person gives it, its decimals kept: "1,000 IU", "2.5 mg"."""
    if value == int(value):
        return t.amount(value, unit)
    # TRANSLATORS: an amount with decimals and its unit as a label writes it, e.g. "2.5 mg"
    return t._("{number} {unit}", number=t.decimal(value, 2), unit=unit)
