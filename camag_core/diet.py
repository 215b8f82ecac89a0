"""The diet estimate: daily calcium, magnesium and vitamin D from food, and how it was made."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from camag_core._resources import read_json
from camag_core.answers import Diet, DietPattern, DietServings
from camag_core.foods import baseline, food_groups
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity, amount_text
from camag_core.reference import MIN_AGE
from camag_core.survey import typical_from_food


@dataclass(frozen=True, slots=True)
class DietEstimate:
    """Nutrients from food (each exact, a range, or a lower bound), how they were worked out, and
    which of them are a survey's typical figure rather than the person's own answers."""

    amounts: dict[Nutrient, Quantity]
    method: tuple[str, ...]
    typical: frozenset[Nutrient] = frozenset()


def _fmt(calcium: float, magnesium: float, vitamin_d: float) -> str:
    return f"{calcium:.0f} mg calcium, {magnesium:.0f} mg magnesium, {vitamin_d:.0f} IU vitamin D"


# Unanswered food groups count as anywhere from none to this many servings a day.
UNKNOWN_GROUP_SERVINGS = 1.0

_NO_CHILD_MODEL = DietEstimate(
    dict.fromkeys(NUTRIENTS, Quantity.unknown()),
    ("CaMag has no food model for children under 9, so food is not counted.",),
)


def estimate_diet(diet: Diet | None, age: float | None = None, sex: str | None = None) -> DietEstimate:
    """Daily calcium, magnesium and vitamin D from food, and how the estimate was made."""
    if age is not None and age < MIN_AGE:
        return _NO_CHILD_MODEL
    if isinstance(diet, DietServings):
        return _from_servings(diet)
    return _typical(diet, age, sex)


def _typical(diet: DietPattern | None, age: float | None, sex: str | None) -> DietEstimate:
    """Food from the official survey means: for a diet pattern, or a diet not described."""
    amounts = dict.fromkeys(NUTRIENTS, Quantity.unknown())
    typical: set[Nutrient] = set()
    method = [
        "Diet not described, so food is counted at typical figures from official US surveys."
        if diet is None
        else f"Diet described as: {read_json('food_groups.json')['patterns'][diet.pattern]['label'].lower()}."
    ]
    for nutrient in NUTRIENTS:
        found = typical_from_food(nutrient, age, sex)
        if found is None:
            continue
        amounts[nutrient] = found.amount
        typical.add(nutrient)
        method.append(
            f"{nutrient.label} from food: {amount_text(*found.amount, nutrient.unit)} a day, a typical figure, "
            f"not yours: {found.short}; {found.source}." + (f" {found.note}" if found.note else "")
        )
    if diet is not None:
        pattern = read_json("food_groups.json")["patterns"][diet.pattern]
        lam = float(pattern["magnesium_mg"])
        if diet.pattern == "high_vegetable":  # no survey measures this diet: the article's figure is all there is
            amounts[MAGNESIUM] = Quantity.of(lam)
            typical.discard(MAGNESIUM)
            method = [line for line in method if not line.startswith("Magnesium from food")]
            method.append(f"Magnesium from food: {lam:.0f} mg a day, Michael Lam's figure. {pattern['basis']}")
        else:
            method.append(f"Beside the survey: Michael Lam puts it at {lam:.0f} mg a day. {pattern['basis']}")
    return DietEstimate(amounts, tuple(method), frozenset(typical))


def _from_servings(diet: DietServings) -> DietEstimate:
    base = baseline()
    calcium, magnesium, vitamin_d = (Quantity.of(base[n]) for n in NUTRIENTS)
    method = list(_servings_intro())
    for group in food_groups():
        servings = diet.servings.get(group.id, 0.0)
        if servings is None:
            most = UNKNOWN_GROUP_SERVINGS
            calcium += Quantity(0.0, group.calcium_mg * most)
            magnesium += Quantity(0.0, group.magnesium_mg * most)
            vitamin_d += Quantity(0.0, group.vitamin_d_iu * most)
            method.append(f"{group.label}: not known, so counted as anywhere from none to {most:g} serving a day.")
        elif servings > 0:
            calcium += Quantity.of(group.calcium_mg * servings)
            magnesium += Quantity.of(group.magnesium_mg * servings)
            vitamin_d += Quantity.of(group.vitamin_d_iu * servings)
            method.extend(_group_lines(group.id, servings))
    return DietEstimate({CALCIUM: calcium, MAGNESIUM: magnesium, VITAMIN_D: vitamin_d}, tuple(method))


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
