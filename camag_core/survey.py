"""What people typically get from food: official US survey means (``data/survey_intakes.json``).

Used where a person describes their diet with a shortcut, or not at all, and to judge whether an
"at least" total is likely above a limit. Where age or sex is not known, the figure becomes the
range over the groups the person could be in (ages 9 and over when age is not known).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from camag_core._resources import read_json
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient, Quantity
from camag_core.reference import MIN_AGE

_KEYS = {CALCIUM: "calcium_mg", MAGNESIUM: "magnesium_mg", VITAMIN_D: "vitamin_d_iu"}


@dataclass(frozen=True, slots=True)
class TypicalIntake:
    amount: Quantity  # exact for one group, a range over the groups the person could be in
    source: str  # the survey, named in full
    survey: str  # the survey's name, e.g. "NHANES 2003–2006"
    note: str | None = None  # where the survey says the figure is off for this age


def _sexes(sex: str | None) -> tuple[str, ...]:
    return (sex,) if sex in ("male", "female") else ("male", "female")


@cache
def typical_from_food(nutrient: Nutrient, age: float | None, sex: str | None) -> TypicalIntake | None:
    """The survey's typical amount from food for someone of this age and sex; ``None`` where the
    survey has no figure (magnesium under 9)."""
    table = read_json("survey_intakes.json")[_KEYS[nutrient]]
    if "ranges" in table:
        values = [v for s in _sexes(sex) for v in table["ranges"][s]]
    else:
        values = []
        for row in table["rows"]:
            top = math.inf if row["age_max"] is None else row["age_max"]
            fits = row["age_min"] <= age < top if age is not None else top > MIN_AGE
            if fits:
                values.extend(float(row[s]) for s in _sexes(sex))
    if not values:
        return None
    older = table.get("older")
    note = older["note"] if older and age is not None and age >= older["age_min"] else None
    return TypicalIntake(Quantity(float(min(values)), float(max(values))), table["source"], table["survey"], note)
