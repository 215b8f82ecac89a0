"""The diet estimate: daily calcium, magnesium and vitamin D from food, and how it was made."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from camag_core._resources import read_json
from camag_core.answers import Diet, DietPattern, DietServings
from camag_core.foods import baseline, food_groups, group_label, group_serving
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import (
    CALCIUM,
    MAGNESIUM,
    NUTRIENTS,
    VITAMIN_D,
    Nutrient,
    Quantity,
    amount_text,
    from_food,
)
from camag_core.reference import MIN_AGE
from camag_core.survey import typical_from_food


@dataclass(frozen=True, slots=True)
class DietEstimate:
    """Nutrients from food (each exact, a range, or a lower bound), how they were worked out, and
    which of them are a survey's typical figure rather than the person's own answers."""

    amounts: dict[Nutrient, Quantity]
    method: tuple[str, ...]
    typical: frozenset[Nutrient] = frozenset()


def _fmt(calcium: float, magnesium: float, vitamin_d: float, t: Texts) -> str:
    return t._(
        "{calcium} calcium, {magnesium} magnesium, {vitamin_d} vitamin D",
        calcium=t.amount(calcium, "mg"),
        magnesium=t.amount(magnesium, "mg"),
        vitamin_d=t.amount(vitamin_d, "IU"),
    )


# Unanswered food groups count as anywhere from none to this many servings a day.
UNKNOWN_GROUP_SERVINGS = 1.0

_NO_CHILD_MODEL = N_("CaMag has no food model for children under 9, so food is not counted.")

# Each diet pattern as it stands in "Diet described as: …", and what Michael Lam's figure rests on
# ({quote}: his words, quoted in English word for word from food_groups.json).
_PATTERNS = {
    "western": (
        N_("typical western diet"),
        N_("His words: “{quote}”; an opinion, not a survey figure."),
    ),
    "high_vegetable": (
        N_("high-vegetable diet (e.g. traditional asian)"),
        N_(
            "His words: on “{quote}”; an opinion, and no survey measures this diet. Calcium and vitamin D "
            "use the US survey means, which may not fit this diet: the food questions give a closer estimate."
        ),
    ),
}


def estimate_diet(
    diet: Diet | None, age: float | None = None, sex: str | None = None, *, t: Texts = ENGLISH
) -> DietEstimate:
    """Daily calcium, magnesium and vitamin D from food, and how the estimate was made (in ``t``)."""
    if age is not None and age < MIN_AGE:
        return DietEstimate(dict.fromkeys(NUTRIENTS, Quantity.unknown()), (t._(_NO_CHILD_MODEL),))
    if isinstance(diet, DietServings):
        return _from_servings(diet, t)
    return _typical(diet, age, sex, t)


def _typical(diet: DietPattern | None, age: float | None, sex: str | None, t: Texts) -> DietEstimate:
    """Food from the official survey means: for a diet pattern, or a diet not described."""
    amounts = dict.fromkeys(NUTRIENTS, Quantity.unknown())
    typical: set[Nutrient] = set()
    intro = (
        t._("Diet not described, so food is counted at typical figures from official US surveys.")
        if diet is None
        # TRANSLATORS: {pattern} is how the person described their diet, e.g. "typical western diet"
        else t._("Diet described as: {pattern}.", pattern=t._(_PATTERNS[diet.pattern][0]))
    )
    surveyed: dict[Nutrient, str] = {}
    for nutrient in NUTRIENTS:
        found = typical_from_food(nutrient, age, sex)
        if found is None:
            continue
        amounts[nutrient] = found.amount
        typical.add(nutrient)
        # TRANSLATORS: {what}: "Calcium from food"; {survey} names the survey ("NHANES 2003–2006"), {source}
        # cites it in full (both stay as written)
        said = t._(
            "{what}: {amount} a day, a typical figure from US surveys ({survey}), not yours; {source}.",
            what=from_food(nutrient, t=t),
            amount=amount_text(*found.amount, nutrient.unit, t=t),
            survey=found.survey,
            source=found.source,
        )
        surveyed[nutrient] = f"{said} {t._(found.note)}" if found.note else said
    if diet is not None:
        pattern = read_json("food_groups.json")["patterns"][diet.pattern]
        lam = float(pattern["magnesium_mg"])
        basis = t._(_PATTERNS[diet.pattern][1], quote=pattern["his_words"])
        if diet.pattern == "high_vegetable":  # no survey measures this diet: the article's figure is all there is
            amounts[MAGNESIUM] = Quantity.of(lam)
            typical.discard(MAGNESIUM)
            surveyed.pop(MAGNESIUM, None)
            lam_said = t._(
                "Magnesium from food: {amount} a day, Michael Lam's figure. {basis}",
                amount=t.amount(lam, "mg"),
                basis=basis,
            )
        else:
            lam_said = t._(
                "Beside the survey: Michael Lam puts it at {amount} a day. {basis}",
                amount=t.amount(lam, "mg"),
                basis=basis,
            )
        return DietEstimate(amounts, (intro, *surveyed.values(), lam_said), frozenset(typical))
    return DietEstimate(amounts, (intro, *surveyed.values()), frozenset(typical))


def _from_servings(diet: DietServings, t: Texts) -> DietEstimate:
    # Sums of plain floats, low and high ends added group by group as Quantity sums them: two
    # Quantity additions per group cost more than the rest of the loop.
    base = baseline()
    calcium_low = calcium_high = base[CALCIUM]
    magnesium_low = magnesium_high = base[MAGNESIUM]
    vitamin_d_low = vitamin_d_high = base[VITAMIN_D]
    method = list(_servings_intro(t))
    answered = diet.servings.get
    for group in food_groups():
        servings = answered(group.id, 0.0)
        if servings is None:
            most = UNKNOWN_GROUP_SERVINGS
            calcium_high += group.calcium_mg * most
            magnesium_high += group.magnesium_mg * most
            vitamin_d_high += group.vitamin_d_iu * most
            method.append(
                t.ngettext(
                    "{group}: not known, so counted as anywhere from none to {n} serving a day.",
                    "{group}: not known, so counted as anywhere from none to {n} servings a day.",
                    int(most),
                    group=group_label(group, t=t),
                )
            )
        elif servings > 0:
            calcium = group.calcium_mg * servings
            magnesium = group.magnesium_mg * servings
            vitamin_d = group.vitamin_d_iu * servings
            calcium_low, calcium_high = calcium_low + calcium, calcium_high + calcium
            magnesium_low, magnesium_high = magnesium_low + magnesium, magnesium_high + magnesium
            vitamin_d_low, vitamin_d_high = vitamin_d_low + vitamin_d, vitamin_d_high + vitamin_d
            method.extend(_group_lines(group.id, servings, t))
    amounts = {
        CALCIUM: Quantity(calcium_low, calcium_high),
        MAGNESIUM: Quantity(magnesium_low, magnesium_high),
        VITAMIN_D: Quantity(vitamin_d_low, vitamin_d_high),
    }
    return DietEstimate(amounts, tuple(method))


@cache
def _servings_intro(t: Texts) -> tuple[str, ...]:
    return (
        t._(
            "Food estimate from the food questions, each serving priced with USDA values (SR28) "
            "averaged over typical foods of its group."
        ),
        # TRANSLATORS: the stated basket that stands for the rest of a day's eating, then what it holds
        t._(
            "Baseline for the rest of a day's eating (2 slices of white bread, 1 cup (158 g) of white rice, a baked "
            "potato, a banana, an apple and half a cup (78 g) of cooked broccoli): {amounts}.",
            amounts=_fmt(baseline()[CALCIUM], baseline()[MAGNESIUM], baseline()[VITAMIN_D], t),
        ),
    )


@lru_cache(maxsize=1024)
def _group_lines(group_id: str, servings: float, t: Texts) -> tuple[str, ...]:
    group = next(g for g in food_groups() if g.id == group_id)
    per_serving = _fmt(group.calcium_mg, group.magnesium_mg, group.vitamin_d_iu, t)
    name = group_label(group, t=t)
    lines = [
        # TRANSLATORS: e.g. "Dairy: 2 × (a cup of milk…) at 300 mg calcium, … a serving."
        t._(
            "{group}: {servings} × ({serving}) at {per_serving} a serving.",
            group=name,
            servings=t.decimal(servings, 2),
            serving=group_serving(group, t=t),
            per_serving=per_serving,
        )
    ]
    if not group.calcium_counted:
        lines.append(
            t._(
                "{group}: its calcium is not counted; it is bound by oxalate and essentially not absorbed "
                "(Heaney 1988; AAP).",
                group=name,
            )
        )
    return tuple(lines)
