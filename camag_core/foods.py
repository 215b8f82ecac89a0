"""Foods and the questionnaire's food groups.

Values per serving come from ``data/foods.csv`` (USDA SR28, per-row sources); groups, the
baseline basket and the diet patterns from ``data/food_groups.json``; each group's name and
serving as people read them from :data:`_SHOWN` (messages, translated where shown). A serving
keeps the reference's own unit (cup, oz) with its metric weight or volume beside it: grams from
the ``grams`` column of ``foods.csv`` (rounded), millilitres for a drink at 1 US cup = 236.6 ml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from statistics import fmean

from camag_core._resources import read_csv, read_json
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient


@dataclass(frozen=True, slots=True)
class Food:
    name: str
    serving: str
    grams: float | None  # what one serving weighs
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
    label: str  # in English (a message): group_label() says it in the person's language
    serving: str  # likewise: group_serving()
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


# Each group's name and one serving, by group id. TRANSLATORS: keep the reference's units (cup,
# oz, tablespoon) and the metric figures beside them as they are.
_SHOWN: dict[str, tuple[str, str]] = {
    "dairy": (N_("Dairy"), N_("a cup (237 ml) of milk, a pot of yogurt (8 oz, 227 g) or 1.5 oz (43 g) of cheese")),
    "fortified_drinks": (
        N_("Fortified plant milk or juice"),
        N_("a cup (237 ml) of calcium-fortified soy, almond or rice milk, or fortified orange juice"),
    ),
    "leafy_greens": (
        N_("Leafy greens (not spinach)"),
        N_(
            "a cup of cooked kale (130 g) or collards (190 g), half a cup of turnip greens (72 g), "
            "or a cup of raw bok choy (70 g)"
        ),
    ),
    "spinach": (N_("Spinach"), N_("half a cup of cooked spinach (90 g)")),
    "nuts_seeds": (
        N_("Nuts and seeds"),
        N_("a small handful (1 oz, 28 g) of nuts or seeds, or 2 tablespoons (32 g) of peanut butter"),
    ),
    "beans_lentils": (N_("Beans and lentils"), N_("half a cup (78–131 g) of cooked beans, lentils or edamame")),
    "whole_grains": (
        N_("Whole grains"),
        N_(
            "a bowl of oatmeal (177 g) or shredded wheat (47 g), half a cup of brown rice (101 g), "
            "or a slice of whole-wheat bread (32 g)"
        ),
    ),
    "tofu": (N_("Tofu"), N_("half a cup of tofu (124–126 g)")),
    "fish_with_bones": (
        N_("Canned fish with bones"),
        N_("3 oz (85 g) of canned sardines or canned salmon with the bones"),
    ),
    "oily_fish": (N_("Other fish"), N_("3 oz (85 g) of cooked salmon, trout or canned tuna")),
}
US_CUP_ML = 236.6  # 1 US cup in millilitres (a drink's serving)
US_FL_OZ_ML = 29.57  # 1 US fluid ounce in millilitres

# The servings foods.csv gives, as people read them (the reference's own units, translated).
# TRANSLATORS: a food's serving in US units; the metric figure is added beside it
_SERVINGS: dict[str, str] = {
    "1 cup": N_("1 cup"),
    "1 cup (8 fl oz)": N_("1 cup (8 fl oz)"),
    "1 cup, chopped": N_("1 cup, chopped"),
    "1 fruit (2-5/8 in diameter)": N_("1 fruit (2⅝ in across)"),
    "1 large": N_("1 large"),
    "1 medium": N_("1 medium"),
    "1 ounce": N_("1 ounce"),
    "1 packet (prepared)": N_("1 packet (prepared)"),
    "1 slice": N_("1 slice"),
    "1 tablespoon": N_("1 tablespoon"),
    "1.5 ounces": N_("1.5 ounces"),
    "1/2 cup": N_("½ cup"),
    "1/4 cup": N_("¼ cup"),
    "12 fl oz can": N_("12 fl oz can"),
    "2 large biscuits": N_("2 large biscuits"),
    "2 tablespoons": N_("2 tablespoons"),
    "3 ounces": N_("3 ounces"),
    "3.5 ounces": N_("3.5 ounces"),
    "8 fl oz": N_("8 fl oz"),
    "8 ounces": N_("8 ounces"),
}
_DRINKS = frozenset({"plant_milk", "juice", "beverage"})  # categories whose servings are volumes
_VOLUME = re.compile(r"^(?P<count>\d+(?:\.\d+)?|1/2|1/4) (?P<unit>cup|fl oz)\b")


def group_label(group: FoodGroup, *, t: Texts = ENGLISH) -> str:
    """The group's name in the person's language: "Dairy"."""
    return t._(group.label)


def group_serving(group: FoodGroup, *, t: Texts = ENGLISH) -> str:
    """One serving of the group, in the reference's units with metric beside them."""
    return t._(group.serving)


def _millilitres(food: Food) -> float | None:
    """A drink's serving in millilitres, from its cups or fluid ounces; ``None`` for a food."""
    drink = food.category in _DRINKS or food.name.startswith(("Milk,", "Buttermilk"))
    found = _VOLUME.match(food.serving)
    if not drink or found is None:
        return None
    count = {"1/2": 0.5, "1/4": 0.25}.get(found["count"]) or float(found["count"])
    return count * (US_CUP_ML if found["unit"] == "cup" else US_FL_OZ_ML)


def serving_text(food: Food, *, t: Texts = ENGLISH) -> str:
    """A food's serving as the reference gives it, with its metric amount beside it: "½ cup (86 g)",
    "1 cup (237 ml)" for a drink."""
    serving = t._(_SERVINGS[food.serving])
    ml = _millilitres(food)
    if ml is None and food.grams is None:
        return serving
    metric = t.amount(round(ml), "ml") if ml is not None else t.amount(round(food.grams or 0.0), "g")
    # TRANSLATORS: a serving in the reference's own unit, then its metric amount, e.g. "1 cup (244 g)"
    return t._("{serving} ({metric})", serving=serving, metric=metric)


@cache
def foods() -> dict[str, Food]:
    return {
        row["food"]: Food(
            name=row["food"],
            serving=row["serving"],
            grams=float(row["grams"]) if row["grams"] else None,
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
                label=_SHOWN[group["id"]][0],
                serving=_SHOWN[group["id"]][1],
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
