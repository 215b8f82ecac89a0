"""Food-first ways to close a gap worth closing, with amounts from the food table.

CaMag never suggests a supplement dose, and never a change that would take a nutrient below its
RDA/AI or above its upper limit: a gap is met with foods (which add no more than the gap, so stay
below every upper limit), magnesium is never encouraged where the official notes say to see a
doctor first, and a calcium-heavy balance is met with the room a calcium supplement has above the
RDA, if it has any, and a prompt to talk to a doctor.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

from camag_core.assessment import SuggestedFood, Suggestion
from camag_core.foods import Food, food_groups, foods, serving_text
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient, amount_text, label
from camag_core.ratio import CALCIUM_AHEAD
from camag_core.reference import kind_name, lowest_of, not_given
from camag_core.situation import Situation

FOODS_PER_SUGGESTION = 3
GAP_WORTH_CLOSING = 0.10  # of the RDA/AI: smaller gaps get no suggestion
FAR_BELOW = 0.5  # of the RDA/AI: an intake that may be under it is named beside the one most worth doing


@cache
def _from_animals() -> frozenset[str]:
    """The food categories a plant-based diet leaves out: those of the groups it doesn't eat (dairy,
    fish), and eggs (in no group)."""
    return frozenset({f.category for group in food_groups() if not group.plant for f in group.foods} | {"egg"})


@cache
def best_sources(
    nutrient: Nutrient, count: int = FOODS_PER_SUGGESTION, *, plant_based: bool = False
) -> tuple[Food, ...]:
    """The richest sources of ``nutrient`` per serving, at most one from each food category; for a
    plant-based diet, from plants only.

    Calcium that is essentially not absorbed (spinach) does not count as a calcium source.
    """
    unabsorbed = {f.name for group in food_groups() if not group.calcium_counted for f in group.foods}
    left_out = _from_animals() if plant_based else frozenset()
    candidates = [
        f
        for f in foods().values()
        if (nutrient is not CALCIUM or f.name not in unabsorbed) and f.category not in left_out
    ]
    candidates.sort(key=lambda f: (-(f.amount(nutrient) or 0.0), f.name))
    chosen: list[Food] = []
    for food in candidates:
        if all(food.category != other.category for other in chosen):
            chosen.append(food)
        if len(chosen) == count:
            break
    return tuple(chosen)


# How suggestions name a food of foods.csv: everyday words instead of the database's description
# (every food a suggestion can name has one: tests/core/test_core_language.py).
_EVERYDAY_NAMES: dict[str, str] = {
    "Almond beverage (almond milk), unsweetened, fortified": N_("calcium-fortified almond milk"),
    "Soy beverage (soy milk), unsweetened, fortified": N_("calcium-fortified soy milk"),
    "Rice beverage (rice milk), unsweetened, fortified": N_("calcium-fortified rice milk"),
    "Orange juice, calcium- and vitamin D-fortified": N_("calcium-fortified orange juice"),
    "Tofu, raw, regular, prepared with calcium sulfate": N_("tofu made with calcium sulfate"),
    "Tofu, firm, made with calcium sulfate (and magnesium chloride)": N_("firm tofu made with calcium sulfate"),
    "Tofu, soft, made with calcium sulfate (and magnesium chloride)": N_("soft tofu made with calcium sulfate"),
    "Yogurt, plain, low fat": N_("plain yogurt"),
    "Pumpkin seeds (kernels), roasted": N_("roasted pumpkin seeds"),
    "Almonds, dry roasted": N_("almonds"),
    "Spinach, boiled, drained": N_("cooked spinach"),
    "Trout, rainbow, farmed, cooked": N_("rainbow trout"),
    "Mushrooms, white, raw, sliced, exposed to UV light": N_("UV-exposed mushrooms (the label says so)"),
    "Sardines, Atlantic, canned in oil, drained, with bones": N_("canned sardines with their bones"),
    "Salmon, pink, canned, solids with bones (and liquid)": N_("canned pink salmon with its bones"),
    "Salmon, sockeye, cooked": N_("sockeye salmon"),
    "Salmon, Atlantic, farmed, cooked": N_("farmed salmon"),
    "Chia seeds, dried": N_("chia seeds"),
    "Cashews, dry roasted": N_("cashews"),
}


def everyday_name(food: Food, *, t: Texts = ENGLISH) -> str:
    """The food in everyday words: "rainbow trout", not "Trout, rainbow, farmed, cooked"; a food
    with no everyday name is named by its description up to the first comma (in English)."""
    name = _EVERYDAY_NAMES.get(food.name)
    return t._(name) if name is not None else food.name.split(",")[0].lower()


def servings_to_close(gap: float, per_serving: float) -> float:
    """Servings (in halves) of one food that would close ``gap``."""
    return math.ceil(2 * gap / per_serving) / 2


@cache
def _offer(nutrient: Nutrient, t: Texts, plant_based: bool) -> tuple[str, tuple[SuggestedFood, ...]]:
    """The best sources of ``nutrient`` in words and as data (the same for everyone of a language
    and kind of diet)."""
    unit = nutrient.unit
    chosen = best_sources(nutrient, plant_based=plant_based)
    offered = tuple(
        SuggestedFood(
            food=everyday_name(f, t=t), serving=serving_text(f, t=t), amount=f.amount(nutrient) or 0.0, unit=unit
        )
        for f in chosen
    )
    return food_listing(offered, t=t), offered


def food_listing(foods: Iterable[SuggestedFood], *, t: Texts = ENGLISH) -> str:
    """Foods with their serving and amount: "almonds, 1 ounce (28 g): 80 mg; …"."""
    return "; ".join(
        # TRANSLATORS: one food in a list, e.g. "almonds, 1 ounce (28 g): 80 mg"
        t._("{food}, {serving}: {amount}", food=f.food, serving=f.serving, amount=t.amount(f.amount, f.unit))
        for f in foods
    )


def _servings(count: float, t: Texts) -> str:
    """A number of servings, which may end in a half: "1 serving", "3 servings", "1.5 servings"."""
    return t.ngettext("{n} serving", "{n} servings", count)


# How far short of its RDA/AI a nutrient is, by (food a typical diet's?, how the gap is known): "about"
# one amount, a "range" (the answers leave one), or "may" be short (only the range's low end is).
# TRANSLATORS: {gap}: "380 mg", or a range "380–740 mg"; {reference}: "your RDA (1,300 mg)"
_SHORT = {
    (False, "about"): N_("{nutrient} is about {gap} a day short of {reference}"),
    (True, "about"): N_("{nutrient} with typical food is about {gap} a day short of {reference}"),
    (False, "range"): N_("{nutrient} is {gap} a day short of {reference}"),
    (True, "range"): N_("{nutrient} with typical food is {gap} a day short of {reference}"),
    (False, "may"): N_("{nutrient} may be up to {gap} a day short of {reference}"),
    (True, "may"): N_("{nutrient} with typical food may be up to {gap} a day short of {reference}"),
}


def _fill_gap(s: Situation, nutrient: Nutrient) -> Suggestion | None:
    """Foods for a gap below the RDA/AI; with age or sex not known, below the lowest RDA/AI the
    person could have (an intake below it is short for everyone it could be)."""
    t = s.texts
    row = s.reference_floor(nutrient)
    total = s.intake[nutrient].total
    if not total.bounded:  # a part not known may already close it
        return None
    least, most = row.amount - total.high, row.amount - total.low  # the gap at each end of the range
    if most < GAP_WORTH_CLOSING * row.amount:
        return None
    unit = nutrient.unit
    amount = t.amount(row.amount, unit)
    if s.reference is not None:
        # TRANSLATORS: {kind} is RDA or AI; {amount} the person's own figure
        rda = t._("your {kind} ({amount})", kind=kind_name(row.kind, t=t), amount=amount)
    else:
        age = s.answers.age
        # TRANSLATORS: e.g. "1,000 mg, the lowest RDA at any age from 9 (age not given)"
        rda = t._(
            "{amount}, the lowest {kind} {which} ({missing})",
            amount=amount,
            kind=kind_name(row.kind, t=t),
            which=lowest_of(age, t=t),
            missing=not_given(age, s.answers.sex, t=t),
        )
    far = total.low < FAR_BELOW * row.amount
    closable = least >= GAP_WORTH_CLOSING * row.amount  # short even at the range's best end
    known = "about" if closable and round(most) <= round(least) else "range" if closable else "may"
    short = t._(
        _SHORT[(nutrient in s.typical, known)],
        nutrient=label(nutrient, t=t),
        gap=amount_text(least, most, unit, t=t) if known == "range" else t.amount(most, unit),
        reference=rda,
    )
    if why := s.why_not_more(nutrient):
        return Suggestion(
            code=f"{nutrient.value}_gap_talk_to_doctor",
            nutrient=nutrient.value,
            # TRANSLATORS: {reason} starts in lower case: "with kidney disease, …"
            message=t._(
                "{shortfall}. {reason}: talk to your doctor before adding any.",
                shortfall=short,
                reason=why[0].upper() + why[1:],
            ),
            far_below=far,
        )
    listing, offered = _offer(nutrient, t, s.plant_based)
    if not closable:  # it may be short, or not: the foods, and no amount that could go past the RDA
        return Suggestion(
            code=f"more_{nutrient.value}_from_food",
            nutrient=nutrient.value,
            message=t._("{shortfall}. Foods rich in it, per serving: {listing}.", shortfall=short, listing=listing),
            foods=offered,
            far_below=far,
        )
    top = offered[0]
    values = {
        "shortfall": short,
        "listing": listing,
        "servings": _servings(servings_to_close(least, top.amount), t),
        "food": top.food,
        "serving": top.serving,
    }
    if known == "range":  # enough for the gap at its smallest, never past the RDA
        message = t._(
            "{shortfall}. Foods rich in it, per serving: {listing}. For example, {servings} of {food} ({serving} each) "
            "would make up at least {least} of it.",
            least=t.amount(least, unit),
            **values,
        )
    else:
        message = t._(
            "{shortfall}. Foods rich in it, per serving: {listing}. For example, {servings} of {food} ({serving} each) "
            "would close the gap.",
            **values,
        )
    return Suggestion(
        code=f"more_{nutrient.value}_from_food",
        nutrient=nutrient.value,
        message=message,
        foods=offered,
        change=least,
        gap_max=most if known == "range" else None,
        far_below=far,
    )


def _review_calcium_supplements(s: Situation) -> Suggestion | None:
    """Calcium well ahead of magnesium: the articles would cut supplemental calcium, but only as far
    as the RDA allows, and only with a doctor; where a condition, a medicine's note, pregnancy or
    breastfeeding asks for a doctor (or midwife), no amount at all: that is theirs to decide."""
    if s.verdict not in CALCIUM_AHEAD or not s.takes(CALCIUM) or s.reference is None:
        return None
    t = s.texts
    room = s.calcium_supplement_room()
    rda = s.reference[CALCIUM]
    if room < GAP_WORTH_CLOSING * rda.amount:
        return None
    figures = {"room": t.amount(room, "mg"), "kind": kind_name(rda.kind, t=t), "amount": t.amount(rda.amount, "mg")}
    decides = None
    if s.expecting:
        decides = t._(
            "Your calcium is above your {kind} of {amount} and well ahead of magnesium, and the articles would "
            "have you take less supplemental calcium. While pregnant or breastfeeding, whether to change your "
            "calcium supplement, and by how much, is for your doctor or midwife to decide: ask them whether your "
            "dose still fits, given your {kind}.",
            **figures,
        )
    elif why := s.calcium_for_the_doctor:
        decides = t._(
            "Your calcium is above your {kind} of {amount} and well ahead of magnesium, and the articles would "
            "have you take less supplemental calcium. With {why}, whether to change your calcium supplement, and "
            "by how much, is for your doctor to decide: ask them whether your dose still fits, given your {kind} "
            "and your treatment.",
            why=why,
            **figures,
        )
    if decides is not None:
        return Suggestion(code="calcium_supplements_doctor_decides", nutrient=CALCIUM.value, message=decides)
    would = (
        t._("The articles would have you take less supplemental calcium.")
        if s.why_not_more_magnesium() or not s.magnesium_gap
        else t._("The articles would have you take less supplemental calcium and more magnesium.")
    )
    if CALCIUM in s.typical:
        how_far = t._(
            "Leaving food out (your food figure is a typical diet's, not yours), your calcium supplements could "
            "come down by up to {room} a day and still leave you at your {kind} of {amount}; your food most likely "
            "adds more.",
            **figures,
        )
    else:
        how_far = t._(
            "Your calcium supplements could come down by up to {room} a day and still leave you at your {kind} of "
            "{amount}.",
            **figures,
        )
    return Suggestion(
        code="review_calcium_supplements",
        nutrient=CALCIUM.value,
        message=t._(
            "Your calcium is above your {kind} and well ahead of magnesium. {would} {how_far} Talk to your doctor "
            "before changing a supplement, above all one you were prescribed.",
            kind=figures["kind"],
            would=would,
            how_far=how_far,
        ),
        change=-room,
    )


def suggestions(s: Situation) -> tuple[Suggestion, ...]:
    """The suggestions for ``s``, worded in its language (``s.texts``)."""
    if s.child:
        return ()
    found = (_fill_gap(s, MAGNESIUM), _review_calcium_supplements(s), _fill_gap(s, CALCIUM), _fill_gap(s, VITAMIN_D))
    return tuple([suggestion for suggestion in found if suggestion is not None])
