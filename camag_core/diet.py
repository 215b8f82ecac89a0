"""The diet estimate: daily calcium, magnesium and vitamin D from food, and how it was made."""

from __future__ import annotations

from dataclasses import dataclass

from camag_core._resources import read_json
from camag_core.answers import Diet, DietPattern
from camag_core.foods import baseline, food_groups
from camag_core.nutrients import Nutrient, Quantity


@dataclass(frozen=True, slots=True)
class DietEstimate:
    """Nutrients from food, each exact or a lower bound, with how they were worked out."""

    amounts: dict[Nutrient, Quantity]
    method: tuple[str, ...]


def _fmt(values: dict[Nutrient, float]) -> str:
    return (
        f"{values[Nutrient.CALCIUM]:.0f} mg calcium, {values[Nutrient.MAGNESIUM]:.0f} mg magnesium, "
        f"{values[Nutrient.VITAMIN_D]:.0f} IU vitamin D"
    )


def estimate_diet(diet: Diet | None) -> DietEstimate:
    """Daily calcium, magnesium and vitamin D from food, and how the estimate was made."""
    if diet is None:
        unknown = {nutrient: Quantity.unknown() for nutrient in Nutrient}
        return DietEstimate(
            unknown, ("Diet not described, so food is not counted: totals are at least the supplements.",)
        )
    if isinstance(diet, DietPattern):
        pattern = read_json("food_groups.json")["patterns"][diet.pattern]
        amounts = {nutrient: Quantity.unknown() for nutrient in Nutrient}
        amounts[Nutrient.MAGNESIUM] = Quantity(float(pattern["magnesium_mg"]))
        return DietEstimate(
            amounts, (f"{pattern['label']}: {pattern['magnesium_mg']} mg magnesium a day. {pattern['basis']}",)
        )

    basket = read_json("food_groups.json")["baseline"]
    base = baseline()
    amounts = {nutrient: Quantity(base[nutrient]) for nutrient in Nutrient}
    method = [
        "Food estimate from the food questions, each serving priced with USDA values (SR28) "
        "averaged over typical foods of its group.",
        f"Baseline for {basket['label']} ({basket['description']}): {_fmt(base)}.",
    ]
    for group in food_groups():
        servings = diet.servings.get(group.id, 0.0)
        if servings is None:
            amounts = {n: q + Quantity.unknown() for n, q in amounts.items()}
            method.append(f"{group.label}: not known, so not counted (totals are 'at least').")
            continue
        if servings == 0:
            continue
        per = {nutrient: group.per_serving(nutrient) for nutrient in Nutrient}
        amounts = {n: q + Quantity(per[n] * servings) for n, q in amounts.items()}
        method.append(f"{group.label}: {servings:g} × ({group.serving}) at {_fmt(per)} a serving.")
        if not group.calcium_counted:
            method.append(
                f"{group.label}: its calcium is not counted; it is bound by oxalate and "
                "essentially not absorbed (Heaney 1988; AAP)."
            )
    return DietEstimate(amounts, tuple(method))
