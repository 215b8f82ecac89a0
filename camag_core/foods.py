"""Foods and the questionnaire's food groups.

Values per serving come from ``data/foods.csv`` (USDA SR28, per-row sources); groups, the
baseline basket and the diet patterns from ``data/food_groups.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from statistics import fmean

from camag_core._resources import read_csv, read_json
from camag_core.nutrients import Nutrient


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
            Nutrient.CALCIUM: self.calcium_mg,
            Nutrient.MAGNESIUM: self.magnesium_mg,
            Nutrient.VITAMIN_D: self.vitamin_d_iu,
        }[nutrient]


@dataclass(frozen=True, slots=True)
class FoodGroup:
    id: str
    label: str
    serving: str
    foods: tuple[Food, ...]
    calcium_counted: bool

    def per_serving(self, nutrient: Nutrient) -> float:
        """Mean over the group's foods that have a value for ``nutrient``."""
        if nutrient is Nutrient.CALCIUM and not self.calcium_counted:
            return 0.0
        values = [v for v in (food.amount(nutrient) for food in self.foods) if v is not None]
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
    return tuple(
        FoodGroup(
            id=group["id"],
            label=group["label"],
            serving=group["serving"],
            foods=tuple(table[name] for name in group["foods"]),
            calcium_counted=group.get("calcium_counted", True),
        )
        for group in read_json("food_groups.json")["groups"]
    )


def food_group_ids() -> tuple[str, ...]:
    return tuple(group.id for group in food_groups())


@cache
def baseline() -> dict[Nutrient, float]:
    """Nutrients in the stated basket that stands for the rest of a day's eating."""
    table = foods()
    items = read_json("food_groups.json")["baseline"]["foods"]
    return {
        nutrient: sum((table[item["food"]].amount(nutrient) or 0.0) * item["servings"] for item in items)
        for nutrient in Nutrient
    }
