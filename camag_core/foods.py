"""Foods and the questionnaire's food groups.

Values per serving come from ``data/foods.csv`` (USDA SR28, per-row sources); groups, the
baseline basket and the diet patterns from ``data/food_groups.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from statistics import fmean

from camag_core._resources import read_csv, read_json
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient


@dataclass(frozen=True, slots=True)
class Food:
    name: str
    serving: str
    calcium_mg: float
    magnesium_mg: float
    vitamin_d_iu: float | None
    category: str

    def amount(self, nutrient: Nutrient) -> float | None:
        return {
            CALCIUM: self.calcium_mg,
            MAGNESIUM: self.magnesium_mg,
            VITAMIN_D: self.vitamin_d_iu,
        }[nutrient]


@dataclass(frozen=True, slots=True)
class FoodGroup:
    id: str
    label: str
    serving: str
    foods: tuple[Food, ...]
    calcium_counted: bool
    words: tuple[str, ...]  # what people call its foods ("sardines", "oatmeal")
    plant: bool  # part of a plant-based (vegan) diet
    # What one serving is priced at: the mean over the group's foods that have a value.
    calcium_mg: float
    magnesium_mg: float
    vitamin_d_iu: float

    def amount(self, nutrient: Nutrient) -> float:
        return {CALCIUM: self.calcium_mg, MAGNESIUM: self.magnesium_mg, VITAMIN_D: self.vitamin_d_iu}[nutrient]


def _mean(foods_in_group: tuple[Food, ...], nutrient: Nutrient) -> float:
    values = [v for v in (food.amount(nutrient) for food in foods_in_group) if v is not None]
    return fmean(values) if values else 0.0


@cache
def foods() -> dict[str, Food]:
    return {
        row["food"]: Food(
            name=row["food"],
            serving=row["serving"],
            calcium_mg=float(row["calcium_mg"]),
            magnesium_mg=float(row["magnesium_mg"]),
            vitamin_d_iu=float(row["vitamin_d_iu"]) if row["vitamin_d_iu"] else None,
            category=row["category"],
        )
        for row in read_csv("foods.csv")
    }


@cache
def food_groups() -> tuple[FoodGroup, ...]:
    table = foods()
    groups = []
    for group in read_json("food_groups.json")["groups"]:
        members = tuple(table[name] for name in group["foods"])
        counted = group.get("calcium_counted", True)
        groups.append(
            FoodGroup(
                id=group["id"],
                label=group["label"],
                serving=group["serving"],
                foods=members,
                calcium_counted=counted,
                words=tuple(group["words"]),
                plant=group.get("plant", True),
                calcium_mg=_mean(members, CALCIUM) if counted else 0.0,
                magnesium_mg=_mean(members, MAGNESIUM),
                vitamin_d_iu=_mean(members, VITAMIN_D),
            )
        )
    return tuple(groups)


def food_group_ids() -> tuple[str, ...]:
    return tuple(group.id for group in food_groups())


@cache
def baseline() -> dict[Nutrient, float]:
    """Nutrients in the stated basket that stands for the rest of a day's eating."""
    table = foods()
    items = read_json("food_groups.json")["baseline"]["foods"]
    return {
        nutrient: sum((table[item["food"]].amount(nutrient) or 0.0) * item["servings"] for item in items)
        for nutrient in NUTRIENTS
    }
