"""``assess``: answers in, assessment out. Pure and synchronous; no I/O beyond the shipped tables."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from camag_core.answers import Answers
from camag_core.assessment import Assessment, Balance, Intake, Reference, SafetyWarning, UpperLimit
from camag_core.diet import estimate_diet
from camag_core.guidance import select_quotes
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity
from camag_core.ratio import TARGET, TRADITIONAL, Bound, RatioRange, Verdict, ratio_range, verdict
from camag_core.reference import Limit, NoReference, ReferenceRow, limit_for, reference_for
from camag_core.safety import safety_warnings
from camag_core.situation import NutrientIntake, Situation, supplement_intakes
from camag_core.suggestions import suggestions

DISCLAIMER = (
    "CaMag gives information, not medical advice or a diagnosis. Talk to your doctor or pharmacist "
    "before you start, stop or change a supplement or medicine."
)

_HEADLINES = {
    Verdict.MAGNESIUM_RICH: "More magnesium than calcium",
    Verdict.BALANCED: "Close to the 1:1 balance the articles recommend",
    Verdict.CALCIUM_LEANING: "Calcium ahead of magnesium",
    Verdict.CALCIUM_HEAVY: "Calcium far ahead of magnesium",
    Verdict.UNKNOWN: "Balance not known yet",
}


def ratio_figure(value: float) -> str:
    """A ratio's figure as every front end shows it, rounded half up to a tenth ("3.2"): the text
    and the picture both round the assessment's figures with this, so they never disagree."""
    return f"{_tenth(value):.1f}"


def format_ratio(value: float) -> str:
    return f"{ratio_figure(value)}:1"


_RATIO_SAID = {
    Bound.EXACT: "Your calcium : magnesium ratio is about {r}{typical}.",
    Bound.AT_LEAST: "Your calcium : magnesium ratio is at least {r}{typical}.",
    Bound.AT_MOST: "Your calcium : magnesium ratio is at most {r}{typical}.",
    Bound.BETWEEN: "Your calcium : magnesium ratio is between {low} and {high}{typical}.",
    Bound.UNKNOWN: "Your calcium : magnesium ratio can't be worked out from the answers given.",
}
_VERDICT_WHY = {
    Verdict.MAGNESIUM_RICH: (
        "That is below the 1:1 the articles aim for; check calcium against your reference value below."
    ),
    Verdict.BALANCED: f"The articles aim for {TARGET:g}:1 and call the traditional {TRADITIONAL:g}:1 outdated.",
    Verdict.CALCIUM_LEANING: (
        f"The articles aim for {TARGET:g}:1 and call the traditional {TRADITIONAL:g}:1 outdated."
    ),
    Verdict.CALCIUM_HEAVY: (
        f"That is beyond even the traditional {TRADITIONAL:g}:1, which the articles call outdated "
        f"in favour of {TARGET:g}:1."
    ),
    Verdict.UNKNOWN: "",
}
NO_TARGET = "Official advice sets no target ratio."
# The reassuring headline gives way to a plain one while a limit is crossed or a doctor note applies.
_PLAIN_BALANCED = "Calcium and magnesium about 1:1"


def _typical(s: Situation) -> str:
    """Where food is a survey's average: said next to the ratio."""
    if not s.typical & {CALCIUM, MAGNESIUM}:
        return ""
    answers = s.answers
    known = [word for word, value in (("age", answers.age), ("sex", answers.sex)) if value is not None]
    whose = f"your {' and '.join(known)}" if known else "people aged 9 and over"
    return f" (food typical for {whose})"


def _missing(s: Situation) -> str:
    """What would make an unknown ratio known, from what is actually missing."""
    asks = []
    if s.answers.diet is None and not s.typical:
        asks.append("describe your diet with the food questions")
    if s.answers.supplements is None:
        asks.append("say which supplements you take")
    elif any(not s.intake[n].supplements.bounded for n in (CALCIUM, MAGNESIUM)):
        asks.append("give your supplement amounts")
    if not asks:
        return "Some amounts aren't known, so the ratio can't be worked out yet."
    text = " and ".join(asks)
    return f"{text[0].upper()}{text[1:]} for a full ratio."


def _balance(ratio: RatioRange, found: Verdict, s: Situation, warnings: tuple[SafetyWarning, ...]) -> Balance:
    value = ratio.value
    bound = ratio.bound
    between = bound is Bound.BETWEEN
    if between and ratio_figure(_hundredth(ratio.low)) == ratio_figure(_hundredth(ratio.high)):
        bound, between = Bound.EXACT, False  # "between 3.0:1 and 3.0:1" is "about 3.0:1"
    said = _RATIO_SAID[bound].format(
        r=format_ratio(_hundredth(value)) if value is not None else "",
        low=format_ratio(_hundredth(ratio.low)) if between else "",
        high=format_ratio(_hundredth(ratio.high)) if between else "",
        typical=_typical(s),
    )
    why = _VERDICT_WHY[found] or _missing(s)
    headline = _HEADLINES[found]
    if found is Verdict.BALANCED and any(w.talk_to_doctor or w.kind == "upper_limit" for w in warnings):
        headline = _PLAIN_BALANCED
    return Balance(verdict=found, headline=headline, explanation=f"{said} {why} {NO_TARGET}")


_INFANT = (
    "Infants get what they need from breast milk or formula, and their doctor or health visitor is "
    "the right person to ask about anything more. CaMag's estimates are made for people aged 9 and "
    "over, so it gives no totals for a baby."
)
_YOUNG_CHILD = (
    "Young children's needs are small and change quickly, and CaMag's food estimates are made for "
    "people aged 9 and over, so it gives no totals for a child. Their doctor is the right person to "
    "ask about calcium, magnesium or vitamin D; the official amounts for their age are below."
)


def _scope_note(s: Situation) -> str | None:
    age = s.answers.age
    if age is None or not s.child:
        return None
    return _INFANT if age < 1 else _YOUNG_CHILD


AGE_NOT_GIVEN = (
    "Age not given, so these are not your own official figures: CaMag used the lowest at any age "
    "from 9. Your age gives your own: /check, then “Change an answer”."
)


@lru_cache(maxsize=1024)
def _references(
    age: float | None, sex: str | None, stage: str | None
) -> tuple[Mapping[Nutrient, ReferenceRow] | None, str | None]:
    """This person's official rows (or why there are none): the same for everyone of their group,
    so shared, and read-only."""
    if age is None:
        return None, AGE_NOT_GIVEN
    try:
        return MappingProxyType({n: reference_for(n, age, sex, stage) for n in NUTRIENTS}), None
    except NoReference as reason:
        return None, f"Official reference values can't be shown: {reason}."


# Half-up rounding of non-negative figures by scaling: ``round(value, 1)`` goes through a decimal
# conversion and costs three times as much, and an assessment rounds thirteen figures.
def _tenth(value: float) -> float:
    return math.floor(value * 10 + 0.5) / 10


def _hundredth(value: float) -> float:
    return math.floor(value * 100 + 0.5) / 100


# Intake and Reference are built with their fields in order, not by keyword: keywords cost more
# than the rest of the construction, and an assessment builds six of these.
def _high(q: Quantity) -> float | None:
    return None if math.isinf(q.high) else _tenth(q.high)


def _intake(nutrient: Nutrient, amounts: NutrientIntake, typical: bool) -> Intake:
    diet, supplements, total = amounts
    unit: Literal["mg", "IU"] = "IU" if nutrient is VITAMIN_D else "mg"
    return Intake(
        unit,
        _tenth(diet.low),
        _tenth(supplements.low),
        _tenth(total.low),
        diet.exact,  # diet_known
        supplements.exact,  # supplements_known
        not total.bounded,  # at_least
        _high(diet),
        _high(supplements),
        _high(total),
        typical,
    )


def _reference(row: ReferenceRow, total: Quantity) -> Reference:
    return Reference(
        row.kind,
        row.amount,
        row.unit,
        row.upper_limit,
        row.ul_scope,  # upper_limit_covers
        row.group,
        None if total.nothing_known else _tenth(100 * total.low / row.amount),  # percent
        not total.exact,  # percent_at_least
        row.source,
    )


def _unknowns(answers: Answers) -> tuple[str, ...]:
    """The answers given as "I don't know", in words."""
    missing = (
        ("age", answers.age),
        ("sex", answers.sex),
        ("diet", answers.diet),
        ("soft drinks", answers.soda_per_day),
        ("supplements", answers.supplements),
        ("health conditions", answers.conditions),
        ("medicines", answers.medications),
    )
    return tuple(name for name, answer in missing if answer is None)


def situation(answers: Answers) -> Situation:
    """Intakes, reference values and ratio for ``answers``: what every rule looks at."""
    diet = estimate_diet(answers.diet, answers.age, answers.sex)
    supplements = supplement_intakes(answers.supplements)
    intake = {n: NutrientIntake.of(diet.amounts[n], supplements[n]) for n in NUTRIENTS}
    rows, note = _references(answers.age, answers.sex, answers.life_stage)
    limits = {n: limit_for(n, answers.age, answers.sex, answers.life_stage) for n in NUTRIENTS}
    ratio = ratio_range(intake[CALCIUM].total, intake[MAGNESIUM].total)
    return Situation(
        answers=answers,
        intake=intake,
        reference=rows,
        limits=limits,
        ratio=ratio,
        verdict=verdict(ratio),
        taken=frozenset(supplement.nutrient for supplement in answers.supplements or ()),
        estimates=diet.method,
        reference_note=note,
        typical=diet.typical,
    )


def _upper_limit(nutrient: Nutrient, limit: Limit) -> UpperLimit:
    return UpperLimit(limit.amount, nutrient.unit, limit.scope, limit.group, limit.assumed)


def assess(answers: Answers) -> Assessment:
    """The calcium : magnesium assessment for one person's answers."""
    s = situation(answers)
    scope_note = _scope_note(s)
    ratio = s.ratio if scope_note is None else RatioRange(0.0, math.inf)
    found = s.verdict if scope_note is None else Verdict.UNKNOWN
    warnings = safety_warnings(s)
    balance = _balance(ratio, found, s, warnings)
    if scope_note is not None:
        balance = Balance(Verdict.UNKNOWN, "CaMag's estimates are for ages 9 and over", scope_note)
    return Assessment(
        calcium_mg=_intake(CALCIUM, s.intake[CALCIUM], CALCIUM in s.typical),
        magnesium_mg=_intake(MAGNESIUM, s.intake[MAGNESIUM], MAGNESIUM in s.typical),
        vitamin_d_iu=_intake(VITAMIN_D, s.intake[VITAMIN_D], VITAMIN_D in s.typical),
        ratio=None if ratio.value is None else _hundredth(ratio.value),
        ratio_bound=ratio.bound,
        balance=balance,
        reference=None
        if s.reference is None
        else {str(n): _reference(row, s.intake[n].total) for n, row in s.reference.items()},
        reference_note=s.reference_note,
        warnings=warnings,
        suggestions=() if scope_note else suggestions(s),
        quotes=() if scope_note else select_quotes(s),
        estimates=s.estimates,
        unknowns=_unknowns(answers),
        disclaimer=DISCLAIMER,
        ratio_low=None if ratio.bound is Bound.UNKNOWN else _hundredth(ratio.low),
        ratio_high=None if math.isinf(ratio.high) else _hundredth(ratio.high),
        upper_limits={str(n): _upper_limit(n, limit) for n, limit in s.limits.items()},
        scope_note=scope_note,
    )
