"""``assess``: answers in, assessment out. Pure and synchronous; no I/O beyond the shipped tables."""

from __future__ import annotations

from camag_core.answers import Answers
from camag_core.assessment import Assessment, Balance, Intake, Reference
from camag_core.diet import estimate_diet
from camag_core.guidance import select_quotes
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity
from camag_core.ratio import TARGET, TRADITIONAL, Bound, RatioRange, Verdict, ratio_range, verdict
from camag_core.reference import NoReference, ReferenceRow, reference_for
from camag_core.safety import safety_warnings
from camag_core.situation import NutrientIntake, Situation, supplement_intake
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


def format_ratio(value: float) -> str:
    return f"{value:.1f}:1"


_RATIO_SAID = {
    Bound.EXACT: "Your calcium : magnesium ratio is about {r}.",
    Bound.AT_LEAST: "Your calcium : magnesium ratio is at least {r}.",
    Bound.AT_MOST: "Your calcium : magnesium ratio is at most {r}.",
    Bound.UNKNOWN: "Your calcium : magnesium ratio can't be worked out from the answers given.",
}
_VERDICT_WHY = {
    Verdict.MAGNESIUM_RICH: (
        "That is below the 1:1 the articles aim for; check calcium against your reference value below."
    ),
    Verdict.BALANCED: "The articles aim for 1:1 and call the traditional 2:1 outdated.",
    Verdict.CALCIUM_LEANING: (
        f"The articles aim for {TARGET:g}:1 and call the traditional {TRADITIONAL:g}:1 outdated; "
        "official advice sets no target ratio, only amounts for each."
    ),
    Verdict.CALCIUM_HEAVY: (
        f"That is beyond even the traditional {TRADITIONAL:g}:1, which the articles call outdated "
        f"in favour of {TARGET:g}:1."
    ),
    Verdict.UNKNOWN: "Describe your diet with the food questions, and give supplement amounts, for a full ratio.",
}


def _balance(ratio: RatioRange, found: Verdict) -> Balance:
    value = ratio.value
    said = _RATIO_SAID[ratio.bound].format(r=format_ratio(value) if value is not None else "")
    return Balance(verdict=found, headline=_HEADLINES[found], explanation=f"{said} {_VERDICT_WHY[found]}")


def _references(answers: Answers) -> tuple[dict[Nutrient, ReferenceRow] | None, str | None]:
    if answers.age is None:
        return None, "Age not given, so official reference values can't be shown."
    stage = answers.life_stage.value if answers.life_stage else None
    sex = answers.sex.value if answers.sex else None
    try:
        return {n: reference_for(n, answers.age, sex, stage) for n in NUTRIENTS}, None
    except NoReference as reason:
        return None, f"Official reference values can't be shown: {reason}."


def _intake(nutrient: Nutrient, amounts: NutrientIntake) -> Intake:
    return Intake(
        unit="IU" if nutrient is VITAMIN_D else "mg",
        diet=round(amounts.diet.value, 1),
        supplements=round(amounts.supplements.value, 1),
        total=round(amounts.total.value, 1),
        diet_known=amounts.diet.exact,
        supplements_known=amounts.supplements.exact,
    )


def _reference(row: ReferenceRow, amounts: NutrientIntake) -> Reference:
    return Reference(
        kind="AI" if row.kind == "AI" else "RDA",
        amount=row.amount,
        unit=row.unit,
        upper_limit=row.upper_limit,
        upper_limit_covers="supplemental" if row.ul_scope == "supplemental" else "total",
        group=row.group,
        percent=None if amounts.total == Quantity.unknown() else round(100 * amounts.total.value / row.amount, 1),
        percent_at_least=not amounts.total.exact,
        source=row.source,
    )


def _unknowns(answers: Answers) -> tuple[str, ...]:
    missing = {
        "age": answers.age is None,
        "sex": answers.sex is None,
        "diet": answers.diet is None,
        "soft drinks": answers.soda_per_day is None,
        "supplements": answers.supplements is None,
        "health conditions": answers.conditions is None,
        "medicines": answers.medications is None,
    }
    return tuple(name for name, unknown in missing.items() if unknown)


def situation(answers: Answers) -> Situation:
    """Intakes, reference values and ratio for ``answers``: what every rule looks at."""
    diet = estimate_diet(answers.diet)
    intake = {n: NutrientIntake.of(diet.amounts[n], supplement_intake(answers.supplements, n)) for n in NUTRIENTS}
    rows, note = _references(answers)
    ratio = ratio_range(intake[CALCIUM].total, intake[MAGNESIUM].total)
    return Situation(
        answers=answers,
        intake=intake,
        reference=rows,
        ratio=ratio,
        verdict=verdict(ratio),
        estimates=diet.method,
        reference_note=note,
    )


def assess(answers: Answers) -> Assessment:
    """The calcium : magnesium assessment for one person's answers."""
    s = situation(answers)
    return Assessment(
        calcium_mg=_intake(CALCIUM, s.intake[CALCIUM]),
        magnesium_mg=_intake(MAGNESIUM, s.intake[MAGNESIUM]),
        vitamin_d_iu=_intake(VITAMIN_D, s.intake[VITAMIN_D]),
        ratio=None if s.ratio.value is None else round(s.ratio.value, 2),
        ratio_bound=s.ratio.bound,
        balance=_balance(s.ratio, s.verdict),
        reference=None
        if s.reference is None
        else {str(n): _reference(row, s.intake[n]) for n, row in s.reference.items()},
        reference_note=s.reference_note,
        warnings=safety_warnings(s),
        suggestions=suggestions(s),
        quotes=select_quotes(s),
        estimates=s.estimates,
        unknowns=_unknowns(answers),
        disclaimer=DISCLAIMER,
    )
