"""Food-first ways to close a gap, with amounts from the food table.

CaMag never suggests a supplement dose: a gap is met with foods, and a calcium-heavy balance
with a prompt to review calcium supplements with a doctor (the articles' own advice).
"""

from __future__ import annotations

import math
from functools import cache

from camag_core.assessment import SuggestedFood, Suggestion
from camag_core.foods import Food, food_groups, foods
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient
from camag_core.ratio import CALCIUM_AHEAD
from camag_core.situation import Situation

FOODS_PER_SUGGESTION = 3


@cache
def best_sources(nutrient: Nutrient, count: int = FOODS_PER_SUGGESTION) -> tuple[Food, ...]:
    """The richest sources of ``nutrient`` per serving, at most one from each food category.

    Calcium that is essentially not absorbed (spinach) does not count as a calcium source.
    """
    unabsorbed = {f.name for group in food_groups() if not group.calcium_counted for f in group.foods}
    candidates = [f for f in foods().values() if nutrient is not CALCIUM or f.name not in unabsorbed]
    candidates.sort(key=lambda f: (-(f.amount(nutrient) or 0.0), f.name))
    chosen: list[Food] = []
    for food in candidates:
        if all(food.category != other.category for other in chosen):
            chosen.append(food)
        if len(chosen) == count:
            break
    return tuple(chosen)


def _servings_to_close(gap: float, per_serving: float) -> float:
    """Servings (in halves) of one food that would close ``gap``."""
    return math.ceil(2 * gap / per_serving) / 2


def _fill_gap(s: Situation, nutrient: Nutrient) -> Suggestion | None:
    if s.reference is None:
        return None
    row = s.reference[nutrient]
    amount = s.intake[nutrient].total
    if not amount.exact or amount.value >= row.amount:
        return None
    gap = row.amount - amount.value
    listing, foods = _offer(nutrient)
    top = foods[0]
    servings = _servings_to_close(gap, top.amount)
    unit = nutrient.unit
    return Suggestion(
        code=f"more_{nutrient.value}_from_food",
        nutrient=nutrient.value,
        message=(
            f"{nutrient.label} is about {gap:,.0f} {unit} a day short of your {row.kind} "
            f"({row.amount:,.0f} {unit}). Foods rich in it, per serving: {listing}. For example, "
            f"{servings:g} serving{'' if servings == 1 else 's'} of {top.food.lower()} ({top.serving} each) "
            "would close the gap."
        ),
        foods=foods,
    )


@cache
def _offer(nutrient: Nutrient) -> tuple[str, tuple[SuggestedFood, ...]]:
    """The best sources of ``nutrient`` in words and as data (the same for everyone)."""
    unit = nutrient.unit
    foods = tuple(
        SuggestedFood(food=f.name, serving=f.serving, amount=f.amount(nutrient) or 0.0, unit=unit)
        for f in best_sources(nutrient)
    )
    listing = "; ".join(f"{f.food.lower()}, {f.serving}: {f.amount:,.0f} {unit}" for f in foods)
    return listing, foods


def _review_calcium_supplements(s: Situation) -> Suggestion | None:
    if s.verdict not in CALCIUM_AHEAD or not s.takes(CALCIUM):
        return None
    if s.reference is None or s.intake[CALCIUM].total.value < s.reference[CALCIUM].amount:
        return None
    return Suggestion(
        code="review_calcium_supplements",
        nutrient=CALCIUM.value,
        message=(
            "Your calcium already meets your reference value and is well ahead of magnesium. "
            "The articles' advice for this case is more magnesium and less supplemental calcium; "
            "talk to your doctor before changing a supplement you were prescribed."
        ),
    )


def suggestions(s: Situation) -> tuple[Suggestion, ...]:
    found = (_fill_gap(s, MAGNESIUM), _review_calcium_supplements(s), _fill_gap(s, CALCIUM), _fill_gap(s, VITAMIN_D))
    return tuple([suggestion for suggestion in found if suggestion is not None])
