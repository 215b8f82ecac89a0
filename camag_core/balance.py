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
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity
from camag_core.ratio import TARGET, TRADITIONAL, Bound, RatioRange, Verdict, ratio_range, verdict
from camag_core.reference import Limit, NoReference, ReferenceRow, group_text, limit_for, reference_for
from camag_core.safety import safety_warnings
from camag_core.situation import NutrientIntake, Situation, supplement_intakes
from camag_core.suggestions import suggestions

DISCLAIMER = N_(
    "CaMag gives information, not medical advice or a diagnosis. Talk to your doctor or pharmacist "
    "before you start, stop or change a supplement or medicine."
)

_HEADLINES = {
    Verdict.MAGNESIUM_RICH: N_("More magnesium than calcium"),
    Verdict.BALANCED: N_("Close to the 1:1 balance the articles recommend"),
    Verdict.CALCIUM_LEANING: N_("Calcium ahead of magnesium"),
    Verdict.CALCIUM_HEAVY: N_("Calcium far ahead of magnesium"),
    Verdict.UNKNOWN: N_("Balance not known yet"),
}


def ratio_figure(value: float) -> str:
    """A ratio's figure as every front end shows it, rounded half up to a tenth ("3.2"): the text
    and the picture both round the assessment's figures with this, so they never disagree."""
    return f"{_tenth(value):.1f}"


def format_ratio(value: float) -> str:
    return f"{ratio_figure(value)}:1"


# TRANSLATORS: {ratio}, {low} and {high} are ratios such as "1.6:1"
_RATIO_SAID = {
    Bound.EXACT: N_("Your calcium : magnesium ratio is about {ratio}."),
    Bound.AT_LEAST: N_("Your calcium : magnesium ratio is at least {ratio}."),
    Bound.AT_MOST: N_("Your calcium : magnesium ratio is at most {ratio}."),
    Bound.BETWEEN: N_("Your calcium : magnesium ratio is between {low} and {high}."),
    Bound.UNKNOWN: N_("Your calcium : magnesium ratio can't be worked out from the answers given."),
}
# The same, where food is a survey's typical figure ({whose}: "your age and sex", …).
_RATIO_SAID_TYPICAL = {
    Bound.EXACT: N_("Your calcium : magnesium ratio is about {ratio} (food typical for {whose})."),
    Bound.AT_LEAST: N_("Your calcium : magnesium ratio is at least {ratio} (food typical for {whose})."),
    Bound.AT_MOST: N_("Your calcium : magnesium ratio is at most {ratio} (food typical for {whose})."),
    Bound.BETWEEN: N_("Your calcium : magnesium ratio is between {low} and {high} (food typical for {whose})."),
    Bound.UNKNOWN: _RATIO_SAID[Bound.UNKNOWN],
}
# TRANSLATORS: {target} and {traditional} are ratios: "1:1", "2:1"
_VERDICT_WHY = {
    Verdict.MAGNESIUM_RICH: N_(
        "That is below the 1:1 the articles aim for; check calcium against your reference value below."
    ),
    Verdict.BALANCED: N_("The articles aim for {target} and call the traditional {traditional} outdated."),
    Verdict.CALCIUM_LEANING: N_("The articles aim for {target} and call the traditional {traditional} outdated."),
    Verdict.CALCIUM_HEAVY: N_(
        "That is beyond even the traditional {traditional}, which the articles call outdated in favour of {target}."
    ),
    Verdict.UNKNOWN: "",
}
NO_TARGET = N_("Official advice sets no target ratio.")
# The reassuring headline gives way to a plain one while a limit is crossed or a doctor note applies.
_PLAIN_BALANCED = N_("Calcium and magnesium about 1:1")


def _whose(s: Situation) -> str | None:
    """Whose typical food the ratio counts, where food is a survey's average; else ``None``."""
    if not s.typical & {CALCIUM, MAGNESIUM}:
        return None
    t, answers = s.texts, s.answers
    if answers.age is not None and answers.sex is not None:
        return t._("your age and sex")
    if answers.age is not None:
        return t._("your age")
    if answers.sex is not None:
        return t._("your sex")
    return t._("people aged 9 and over")


# What would make an unknown ratio known, by (diet missing, supplements missing, amounts missing).
_MISSING = {
    (True, True, False): N_(
        "Describe your diet with the food questions and say which supplements you take for a full ratio."
    ),
    (True, False, True): N_(
        "Describe your diet with the food questions and give your supplement amounts for a full ratio."
    ),
    (True, False, False): N_("Describe your diet with the food questions for a full ratio."),
    (False, True, False): N_("Say which supplements you take for a full ratio."),
    (False, False, True): N_("Give your supplement amounts for a full ratio."),
    (False, False, False): N_("Some amounts aren't known, so the ratio can't be worked out yet."),
}


def _missing(s: Situation) -> str:
    """What would make an unknown ratio known, from what is actually missing."""
    no_supplements = s.answers.supplements is None
    amounts = not no_supplements and any(not s.intake[n].supplements.bounded for n in (CALCIUM, MAGNESIUM))
    return s.texts._(_MISSING[(s.answers.diet is None and not s.typical, no_supplements, amounts)])


def _ratio_text(value: float, t: Texts) -> str:
    """A ratio as :func:`format_ratio` rounds it, written as the locale writes numbers."""
    return t.ratio(_tenth(_hundredth(value)))


def _balance(ratio: RatioRange, found: Verdict, s: Situation, warnings: tuple[SafetyWarning, ...]) -> Balance:
    t = s.texts
    value = ratio.value
    bound = ratio.bound
    between = bound is Bound.BETWEEN
    if between and ratio_figure(_hundredth(ratio.low)) == ratio_figure(_hundredth(ratio.high)):
        bound, between = Bound.EXACT, False  # "between 3.0:1 and 3.0:1" is "about 3.0:1"
    whose = _whose(s)
    said = t._(
        (_RATIO_SAID if whose is None else _RATIO_SAID_TYPICAL)[bound],
        ratio=_ratio_text(value, t) if value is not None else "",
        low=_ratio_text(ratio.low, t) if between else "",
        high=_ratio_text(ratio.high, t) if between else "",
        whose=whose,
    )
    why = _VERDICT_WHY[found]
    target, traditional = f"{t.number(TARGET)}:1", f"{t.number(TRADITIONAL)}:1"
    why = t._(why, target=target, traditional=traditional) if why else _missing(s)
    headline = _HEADLINES[found]
    if found is Verdict.BALANCED and any(w.talk_to_doctor or w.kind == "upper_limit" for w in warnings):
        headline = _PLAIN_BALANCED
    return Balance(verdict=found, headline=t._(headline), explanation=f"{said} {why} {t._(NO_TARGET)}")


_INFANT = N_(
    "Infants get what they need from breast milk or formula, and their doctor or health visitor is "
    "the right person to ask about anything more. CaMag's estimates are made for people aged 9 and "
    "over, so it gives no totals for a baby."
)
_YOUNG_CHILD = N_(
    "Young children's needs are small and change quickly, and CaMag's food estimates are made for "
    "people aged 9 and over, so it gives no totals for a child. Their doctor is the right person to "
    "ask about calcium, magnesium or vitamin D; the official amounts for their age are below."
)


def _scope_note(s: Situation) -> str | None:
    age = s.answers.age
    if age is None or not s.child:
        return None
    return s.texts._(_INFANT if age < 1 else _YOUNG_CHILD)


AGE_NOT_GIVEN = N_(
    "Age not given, so these are not your own official figures: CaMag used the lowest at any age "
    "from 9. Your age gives your own: /check, then “Change an answer”."
)


@lru_cache(maxsize=1024)
def _references(
    age: float | None, sex: str | None, stage: str | None, t: Texts = ENGLISH
) -> tuple[Mapping[Nutrient, ReferenceRow] | None, str | None]:
    """This person's official rows (or why there are none): the same for everyone of their group,
    so shared, and read-only."""
    if age is None:
        return None, t._(AGE_NOT_GIVEN)
    try:
        return MappingProxyType({n: reference_for(n, age, sex, stage, t=t) for n in NUTRIENTS}), None
    except NoReference as reason:
        # TRANSLATORS: {reason} says why, e.g. "from age 9 the reference values differ by sex"
        return None, t._("Official reference values can't be shown: {reason}.", reason=reason)


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


def _reference(row: ReferenceRow, total: Quantity, t: Texts) -> Reference:
    return Reference(
        row.kind,
        row.amount,
        row.unit,
        row.upper_limit,
        row.ul_scope,  # upper_limit_covers
        group_text(row, t=t),
        None if total.nothing_known else _tenth(100 * total.low / row.amount),  # percent
        not total.exact,  # percent_at_least
        row.source,
    )


def _unknowns(answers: Answers, t: Texts) -> tuple[str, ...]:
    """The answers given as "I don't know", in words."""
    # TRANSLATORS: the answers a person did not know, listed after "Not known:"
    missing = (
        (N_("age"), answers.age),
        (N_("sex"), answers.sex),
        (N_("diet"), answers.diet),
        (N_("soft drinks"), answers.soda_per_day),
        (N_("supplements"), answers.supplements),
        (N_("health conditions"), answers.conditions),
        (N_("medicines"), answers.medications),
    )
    return tuple(t._(name) for name, answer in missing if answer is None)


def situation(answers: Answers, *, t: Texts = ENGLISH) -> Situation:
    """Intakes, reference values and ratio for ``answers``: what every rule looks at, worded in ``t``."""
    diet = estimate_diet(answers.diet, answers.age, answers.sex, t=t)
    supplements = supplement_intakes(answers.supplements)
    intake = {n: NutrientIntake.of(diet.amounts[n], supplements[n]) for n in NUTRIENTS}
    rows, note = _references(answers.age, answers.sex, answers.life_stage, t)
    limits = {n: limit_for(n, answers.age, answers.sex, answers.life_stage, t=t) for n in NUTRIENTS}
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
        texts=t,
    )


def _upper_limit(nutrient: Nutrient, limit: Limit) -> UpperLimit:
    return UpperLimit(limit.amount, nutrient.unit, limit.scope, limit.group, limit.assumed)


def assess(answers: Answers, *, t: Texts = ENGLISH) -> Assessment:
    """The calcium : magnesium assessment for one person's answers, worded in ``t``."""
    s = situation(answers, t=t)
    scope_note = _scope_note(s)
    ratio = s.ratio if scope_note is None else RatioRange(0.0, math.inf)
    found = s.verdict if scope_note is None else Verdict.UNKNOWN
    warnings = safety_warnings(s, t=s.texts)
    balance = _balance(ratio, found, s, warnings)
    if scope_note is not None:
        balance = Balance(Verdict.UNKNOWN, t._("CaMag's estimates are for ages 9 and over"), scope_note)
    return Assessment(
        calcium_mg=_intake(CALCIUM, s.intake[CALCIUM], CALCIUM in s.typical),
        magnesium_mg=_intake(MAGNESIUM, s.intake[MAGNESIUM], MAGNESIUM in s.typical),
        vitamin_d_iu=_intake(VITAMIN_D, s.intake[VITAMIN_D], VITAMIN_D in s.typical),
        ratio=None if ratio.value is None else _hundredth(ratio.value),
        ratio_bound=ratio.bound,
        balance=balance,
        reference=None
        if s.reference is None
        else {str(n): _reference(row, s.intake[n].total, t) for n, row in s.reference.items()},
        reference_note=s.reference_note,
        warnings=warnings,
        suggestions=() if scope_note else suggestions(s),
        quotes=() if scope_note else select_quotes(s),
        estimates=s.estimates,
        unknowns=_unknowns(answers, t),
        disclaimer=t._(DISCLAIMER),
        ratio_low=None if ratio.bound is Bound.UNKNOWN else _hundredth(ratio.low),
        ratio_high=None if math.isinf(ratio.high) else _hundredth(ratio.high),
        upper_limits={str(n): _upper_limit(n, limit) for n, limit in s.limits.items()},
        scope_note=scope_note,
    )
