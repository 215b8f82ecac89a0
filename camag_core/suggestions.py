"""Food-first ways to close a gap worth closing, with amounts from the food table.

CaMag never suggests a supplement dose, and never a change that would take a nutrient below its
RDA/AI or above its upper limit: a gap is met with foods (which add no more than the gap, so stay
below every upper limit), magnesium is never encouraged where the official notes say to see a
doctor first, and a calcium-heavy balance is met with the room a calcium supplement has above the
RDA, if it has any, and a prompt to talk to a doctor.
"""

from __future__ import annotations

import math
from functools import cache

from camag_core._resources import read_json
from camag_core.assessment import SuggestedFood, Suggestion
from camag_core.foods import Food, food_groups, foods
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient
from camag_core.ratio import CALCIUM_AHEAD
from camag_core.reference import lowest_of, not_given
from camag_core.situation import Situation

FOODS_PER_SUGGESTION = 3
GAP_WORTH_CLOSING = 0.10  # of the RDA/AI: smaller gaps get no suggestion


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


def everyday_name(food: Food) -> str:
    """The food in everyday words: "rainbow trout", not "Trout, rainbow, farmed, cooked"."""
    names: dict[str, str] = read_json("food_groups.json")["everyday_names"]
    return names.get(food.name) or food.name.split(",")[0].lower()


def _serving(food: Food) -> str:
    return food.serving.replace("1/2", "½").replace("1/4", "¼")


def servings_to_close(gap: float, per_serving: float) -> float:
    """Servings (in halves) of one food that would close ``gap``."""
    return math.ceil(2 * gap / per_serving) / 2


@cache
def _offer(nutrient: Nutrient) -> tuple[str, tuple[SuggestedFood, ...]]:
    """The best sources of ``nutrient`` in words and as data (the same for everyone)."""
    unit = nutrient.unit
    chosen = best_sources(nutrient)
    offered = tuple(
        SuggestedFood(food=everyday_name(f), serving=_serving(f), amount=f.amount(nutrient) or 0.0, unit=unit)
        for f in chosen
    )
    listing = "; ".join(f"{f.food}, {f.serving}: {f.amount:,.0f} {unit}" for f in offered)
    return listing, offered


def _fill_gap(s: Situation, nutrient: Nutrient) -> Suggestion | None:
    """Foods for a gap below the RDA/AI; with age or sex not known, below the lowest RDA/AI the
    person could have (an intake below it is short for everyone it could be)."""
    row = s.reference_floor(nutrient)
    total = s.intake[nutrient].total
    if not total.bounded:  # a part not known may already close it
        return None
    gap = row.amount - total.high
    if gap < GAP_WORTH_CLOSING * row.amount:
        return None
    unit = nutrient.unit
    typical = " with typical food" if nutrient in s.typical else ""
    if s.reference is not None:
        rda = f"your {row.kind} ({row.amount:,.0f} {unit})"
    else:
        age = s.answers.age
        rda = f"{row.amount:,.0f} {unit}, the lowest {row.kind} {lowest_of(age)} ({not_given(age, s.answers.sex)})"
    short = f"{nutrient.label}{typical} is about {gap:,.0f} {unit} a day short of {rda}"
    if why := s.why_not_more(nutrient):
        return Suggestion(
            code=f"{nutrient.value}_gap_talk_to_doctor",
            nutrient=nutrient.value,
            message=f"{short}. {why[0].upper()}{why[1:]}: talk to your doctor before adding any.",
        )
    listing, offered = _offer(nutrient)
    top = offered[0]
    servings = servings_to_close(gap, top.amount)
    return Suggestion(
        code=f"more_{nutrient.value}_from_food",
        nutrient=nutrient.value,
        message=(
            f"{short}. Foods rich in it, per serving: {listing}. For example, {servings:g} "
            f"serving{'' if servings == 1 else 's'} of {top.food} ({top.serving} each) would close the gap."
        ),
        foods=offered,
        change=gap,
    )


def _review_calcium_supplements(s: Situation) -> Suggestion | None:
    """Calcium well ahead of magnesium: the articles would cut supplemental calcium, but only as far
    as the RDA allows, and only with a doctor."""
    if s.verdict not in CALCIUM_AHEAD or not s.takes(CALCIUM) or s.reference is None:
        return None
    room = s.calcium_supplement_room()
    rda = s.reference[CALCIUM]
    if room < GAP_WORTH_CLOSING * rda.amount:
        return None
    if why := s.calcium_for_the_doctor:
        return Suggestion(
            code="calcium_supplements_doctor_decides",
            nutrient=CALCIUM.value,
            message=(
                f"Your calcium is above your {rda.kind} of {rda.amount:,.0f} mg and well ahead of magnesium, and the "
                f"articles would have you take less supplemental calcium. With {why}, whether to change your "
                "calcium supplement, and by how much, is for your doctor to decide: ask them whether your dose "
                f"still fits, given your {rda.kind} and your treatment."
            ),
        )
    more_magnesium = "" if s.why_not_more_magnesium() or not s.magnesium_gap else " and more magnesium"
    return Suggestion(
        code="review_calcium_supplements",
        nutrient=CALCIUM.value,
        message=(
            f"Your calcium is above your {rda.kind} and well ahead of magnesium. The articles would have "
            f"you take less supplemental calcium{more_magnesium}. Your calcium supplements could come down "
            f"by up to {room:,.0f} mg a day and still leave you at your {rda.kind} of {rda.amount:,.0f} mg. "
            "Talk to your doctor before changing a supplement, above all one you were prescribed."
        ),
        change=-room,
    )


def suggestions(s: Situation) -> tuple[Suggestion, ...]:
    if s.child:
        return ()
    found = (_fill_gap(s, MAGNESIUM), _review_calcium_supplements(s), _fill_gap(s, CALCIUM), _fill_gap(s, VITAMIN_D))
    return tuple([suggestion for suggestion in found if suggestion is not None])
