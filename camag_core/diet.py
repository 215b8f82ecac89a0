"""The diet estimate: daily calcium, magnesium and vitamin D from food, and how it was made."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from camag_core._resources import read_json
from camag_core.answers import Diet, DietPattern
from camag_core.foods import baseline, food_groups
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity


@dataclass(frozen=True, slots=True)
class DietEstimate:
    """Nutrients from food, each exact or a lower bound, with how they were worked out."""

    amounts: dict[Nutrient, Quantity]
    method: tuple[str, ...]


def _fmt(calcium: float, magnesium: float, vitamin_d: float) -> str:
    return f"{calcium:.0f} mg calcium, {magnesium:.0f} mg magnesium, {vitamin_d:.0f} IU vitamin D"


def estimate_diet(diet: Diet | None) -> DietEstimate:
    """Daily calcium, magnesium and vitamin D from food, and how the estimate was made."""
    if diet is None:
        unknown = {nutrient: Quantity.unknown() for nutrient in NUTRIENTS}
        return DietEstimate(
            unknown,
            ("Diet not described, so food is not counted: totals are at least the supplements.",),
        )
    if isinstance(diet, DietPattern):
        pattern = read_json("food_groups.json")["patterns"][diet.pattern]
        amounts = {nutrient: Quantity.unknown() for nutrient in NUTRIENTS}
        amounts[MAGNESIUM] = Quantity(float(pattern["magnesium_mg"]))
        return DietEstimate(
            amounts, (f"{pattern['label']}: {pattern['magnesium_mg']} mg magnesium a day. {pattern['basis']}",)
        )

    base = baseline()
    calcium, magnesium, vitamin_d = base[CALCIUM], base[MAGNESIUM], base[VITAMIN_D]
    exact = True
    method = list(_servings_intro())
    for group in food_groups():
        servings = diet.servings.get(group.id, 0.0)
        if servings is None:
            exact = False
            method.append(f"{group.label}: not known, so not counted (totals are 'at least').")
        elif servings > 0:
            calcium += group.calcium_mg * servings
            magnesium += group.magnesium_mg * servings
            vitamin_d += group.vitamin_d_iu * servings
            method.extend(_group_lines(group.id, servings))
    amounts = {
        CALCIUM: Quantity(calcium, exact),
        MAGNESIUM: Quantity(magnesium, exact),
        VITAMIN_D: Quantity(vitamin_d, exact),
    }
    return DietEstimate(amounts, tuple(method))


@cache
def _servings_intro() -> tuple[str, ...]:
    basket = read_json("food_groups.json")["baseline"]
    return (
        "Food estimate from the food questions, each serving priced with USDA values (SR28) "
        "averaged over typical foods of its group.",
        f"Baseline for {basket['label']} ({basket['description']}): {_fmt(*(baseline()[n] for n in NUTRIENTS))}.",
    )


@lru_cache(maxsize=1024)
def _group_lines(group_id: str, servings: float) -> tuple[str, ...]:
    group = next(g for g in food_groups() if g.id == group_id)
    per_serving = _fmt(group.calcium_mg, group.magnesium_mg, group.vitamin_d_iu)
    lines = [f"{group.label}: {servings:g} × ({group.serving}) at {per_serving} a serving."]
    if not group.calcium_counted:
        lines.append(
            f"{group.label}: its calcium is not counted; it is bound by oxalate and "
            "essentially not absorbed (Heaney 1988; AAP)."
        )
    return tuple(lines)
