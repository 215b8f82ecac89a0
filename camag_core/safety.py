"""Safety warnings, each with a stable code, from the reference notes (``shared/reference/safety.md``).

CaMag informs and never diagnoses: these messages state official limits and label advice, and
say "talk to your doctor" where the notes do (kidney disease, interacting medicines, pregnancy).
"""

from __future__ import annotations

from functools import cache

from camag_core.answers import Condition, Medication
from camag_core.assessment import HARM_ORDER, SafetyWarning, WarningCode, WarningKind
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity, amount_text
from camag_core.reference import Limit
from camag_core.situation import Situation
from camag_core.supplements import Basis, find_form

# UAB 'Calcium supplement tips': calcium is absorbed best in doses of no more than 500-600 mg.
CALCIUM_DOSE_ABSORBED_BEST_MG = 600.0


def _caution(
    code: WarningCode | Medication, message: str, *, doctor: bool = False, kind: WarningKind = "condition"
) -> SafetyWarning:
    return SafetyWarning(code=code, level="caution", message=message, talk_to_doctor=doctor, kind=kind)


def _info(code: WarningCode, message: str, *, doctor: bool = False) -> SafetyWarning:
    return SafetyWarning(code=code, level="info", message=message, talk_to_doctor=doctor)


_MAGNESIUM_SUPPLEMENT_INFANT = _caution(
    WarningCode.MAGNESIUM_SUPPLEMENT_INFANT,
    "No safe upper limit for magnesium from supplements has been set for infants. "
    "Talk to your doctor before giving an infant any magnesium supplement.",
    doctor=True,
    kind="upper_limit",
)
# Upper limits that cover food and supplements together: the nutrient, its code, why the limit is
# set, and (where the notes say so) where the excess usually comes from.
_TOTAL_LIMITS = (
    (
        CALCIUM,
        WarningCode.CALCIUM_ABOVE_UL,
        "The limit was set because of kidney-stone risk",
        "the excess almost always comes from supplements rather than food",
    ),
    (
        VITAMIN_D,
        WarningCode.VITAMIN_D_ABOVE_UL,
        "Above it the risk is too much calcium in the blood (hypercalcaemia)",
        None,
    ),
)


def _whose(limit: Limit) -> str:
    return limit.assumed or limit.group


def _over(amount: Quantity, limit: float) -> bool:
    """Whether ``amount`` is surely above ``limit``: its known part is over it, or reaches it with
    more not counted ("at least")."""
    return amount.low > limit or (not amount.bounded and amount.low >= limit)


def _why_a_range(s: Situation) -> str:
    """Why supplemental magnesium is a range: the reasons that are true of this person's answers."""
    reasons = []
    supplements = s.supplements_of(MAGNESIUM)
    if any(sup.basis is Basis.UNKNOWN for sup in supplements):
        reasons.append("whether the label's amount is the mineral or the whole compound")
    if any(
        sup.basis is Basis.COMPOUND
        and (form := find_form(MAGNESIUM, sup.form or "")) is not None
        and form.elemental_percent_low < form.elemental_percent_high
        for sup in supplements
    ):
        reasons.append(
            "which salt the product holds: the hydrated form, with water of crystallisation, has less "
            "magnesium in each mg than the dry one, and labels rarely say which"
        )
    return " and on ".join(reasons) or "the amounts given"


def _magnesium_limit(s: Situation, found: list[SafetyWarning]) -> None:
    limit = s.limits[MAGNESIUM]
    supplemental = s.intake[MAGNESIUM].supplements
    if limit.amount is None:
        if s.takes(MAGNESIUM):
            found.append(_MAGNESIUM_SUPPLEMENT_INFANT)
        return
    if _over(supplemental, limit.amount):
        said = f"comes to {amount_text(*supplemental, 'mg')} a day, above"
    elif supplemental.bounded and supplemental.high > limit.amount:
        said = (
            f"comes to {amount_text(*supplemental, 'mg')} a day, and could come to as much as "
            f"{supplemental.high:,.0f} mg (it depends on {_why_a_range(s)}), which would be above"
        )
    else:
        return
    found.append(
        _caution(
            WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL,
            f"Magnesium from supplements {said} the official upper limit of {limit.amount:,.0f} mg a day for "
            f"supplemental magnesium ({_whose(limit)}; magnesium from food does not count). The first sign of "
            "too much is usually diarrhoea, sometimes with nausea and cramps. Doses this high belong under a "
            "doctor's supervision: talk to your doctor.",
            doctor=True,
            kind="upper_limit",
        )
    )


def _total_limit(
    s: Situation, nutrient: Nutrient, code: WarningCode, why: str, usual_source: str | None, found: list[SafetyWarning]
) -> None:
    """The limit on food and supplements together, with the total as the result shows it."""
    limit = s.limits[nutrient]
    if limit.amount is None:
        return
    intake = s.intake[nutrient]
    own = intake.supplements if nutrient in s.typical else intake.total  # what the answers themselves give
    unit = nutrient.unit
    total = amount_text(*intake.total, unit)
    typical = " with typical food for your age and sex" if nutrient in s.typical else ""
    if _over(own, limit.amount):
        said = f"comes to {total} a day{typical}, above"
    elif intake.total.low > limit.amount:
        said = f"comes to {total} a day{typical}, likely above"
    elif intake.total.high > limit.amount and intake.total.bounded:
        said = (
            f"comes to {total} a day{typical}, and could come to as much as {intake.total.high:,.0f} {unit}, "
            "which would be above"
        )
    else:
        return
    supplemented = s.takes(nutrient) or intake.supplements.high > 0
    if not supplemented:
        where, advice = "", "Talk to your doctor about it."
    elif intake.diet.low > limit.amount and nutrient not in s.typical:
        where, advice = f" Food alone gives {amount_text(*intake.diet, unit)} of it.", "Talk to your doctor about it."
    else:
        where = f" {usual_source[0].upper()}{usual_source[1:]}." if usual_source else ""
        advice = "Talk to your doctor about your supplements."
    sources = "food and supplements" if supplemented else "food"
    found.append(
        _caution(
            code,
            f"{nutrient.label} from {sources} {said} the official upper limit of "
            f"{limit.amount:,.0f} {unit} a day ({_whose(limit)}). {why}.{where} {advice}",
            doctor=True,
            kind="upper_limit",
        )
    )


# How close to its upper limit calcium is worth a note, though not over it
CALCIUM_NEAR_UL_SHARE = 0.9


def _calcium_near_limit(s: Situation, found: list[SafetyWarning]) -> None:
    """Calcium surely at or above 90% of the person's upper limit, and not said to be over it: a
    plain note with the official figure (the notes ask for no doctor here; a condition or medicine
    that does has its own note)."""
    limit = s.limits[CALCIUM]
    total = s.intake[CALCIUM].total
    if limit.amount is None or total.low < CALCIUM_NEAR_UL_SHARE * limit.amount:
        return
    if any(w.code is WarningCode.CALCIUM_ABOVE_UL for w in found):
        return
    typical = " with typical food for your age and sex" if CALCIUM in s.typical else ""
    sources = "food and supplements" if s.takes(CALCIUM) else "food"
    share = f"{total.low / limit.amount:.0%}" if total.exact else f"at least {total.low / limit.amount:.0%}"
    found.append(
        SafetyWarning(
            code=WarningCode.CALCIUM_NEAR_UL,
            level="info",
            message=(
                f"Calcium from {sources} comes to {amount_text(*total, 'mg')} a day{typical}: "
                f"{share} of the official upper limit of {limit.amount:,.0f} mg a day ({_whose(limit)}; "
                "National Academies). The limit was set because of kidney-stone risk."
            ),
            kind="upper_limit",
        )
    )


def _upper_limits(s: Situation, found: list[SafetyWarning]) -> None:
    _magnesium_limit(s, found)
    for nutrient, code, why, usual_source in _TOTAL_LIMITS:
        _total_limit(s, nutrient, code, why, usual_source, found)
    _calcium_near_limit(s, found)


# Warnings whose words are the same for everyone they apply to, built once.
_KIDNEY_DISEASE = _caution(
    WarningCode.KIDNEY_DISEASE,
    "With kidney disease, talk to your doctor before changing calcium, magnesium or vitamin D: "
    "the kidneys clear the excess, and kidney failure makes calcium toxicity more likely.",
    doctor=True,
)
_KIDNEY_DISEASE_MAGNESIUM = _caution(
    WarningCode.KIDNEY_DISEASE_MAGNESIUM,
    "People with kidney disease should not take magnesium supplements without the advice "
    "and supervision of a doctor: with weak kidneys, magnesium can build up in the blood.",
    doctor=True,
)
_KIDNEY_STONES_CALCIUM_SUPPLEMENT = _caution(
    WarningCode.KIDNEY_STONES_CALCIUM_SUPPLEMENT,
    "You've had kidney stones and take calcium supplements. In the Women's Health Initiative "
    "trial, women taking calcium with vitamin D had 17% more kidney stones than those on "
    "placebo. Talk to your doctor about your calcium supplement.",
    doctor=True,
)
_KIDNEY_STONES = _caution(
    WarningCode.KIDNEY_STONES,
    "You've had kidney stones. The official upper limit for calcium was set because of kidney-stone "
    "risk, which comes mainly from calcium supplements; in the Women's Health Initiative trial, women "
    "taking calcium with vitamin D had 17% more kidney stones than those on placebo. Talk to your doctor "
    "before you start a calcium supplement.",
    doctor=True,
)
_PREGNANCY = _caution(
    WarningCode.PREGNANCY,
    "While pregnant or breastfeeding, ask your doctor or midwife before starting, stopping or changing any supplement.",
    doctor=True,
)
_CALCIUM_DOSE_SIZE = _info(
    WarningCode.CALCIUM_DOSE_SIZE,
    "Calcium is absorbed best in doses of no more than 500–600 mg at a time; a larger dose "
    "can be split through the day. Take calcium carbonate with food.",
)
_SODA = _info(
    WarningCode.SODA,
    "Soft drinks add next to no calcium or magnesium: a 12 fl oz cola has 4 mg of calcium and no magnesium (USDA).",
)


def _conditions(s: Situation, found: list[SafetyWarning]) -> None:
    conditions = s.answers.conditions or []
    if Condition.KIDNEY_DISEASE in conditions:
        found.append(_KIDNEY_DISEASE)
        if s.takes(MAGNESIUM):
            found.append(_KIDNEY_DISEASE_MAGNESIUM)
    if Condition.KIDNEY_STONES in conditions:
        found.append(_KIDNEY_STONES_CALCIUM_SUPPLEMENT if s.takes(CALCIUM) else _KIDNEY_STONES)
    if s.expecting:
        found.append(_PREGNANCY)


@cache
def _medication_warnings() -> dict[str, SafetyWarning]:
    return {
        medication.value: _caution(medication, note.message, doctor=note.talk_to_doctor, kind="medicine")
        for medication, note in medication_notes().items()
    }


def _medications(s: Situation, found: list[SafetyWarning]) -> None:
    warnings = _medication_warnings()
    found.extend(warnings[medication.value] for medication in s.answers.medications or [])


def _supplement_notes(s: Situation, found: list[SafetyWarning]) -> None:
    if s.takes(CALCIUM) and any(
        (dose := sup.dose_amount()) is not None and dose.low > CALCIUM_DOSE_ABSORBED_BEST_MG
        for sup in s.supplements_of(CALCIUM)
    ):
        found.append(_CALCIUM_DOSE_SIZE)
    if s.answers.supplements:
        unknown = tuple(n for n in NUTRIENTS if not s.intake[n].supplements.bounded)
        if unknown:
            found.append(_amount_unknown(unknown))
    if (s.answers.soda_per_day or 0) > 0:
        found.append(_SODA)


@cache
def _amount_unknown(nutrients: tuple[Nutrient, ...]) -> SafetyWarning:
    names = " and ".join(n.label.lower() for n in nutrients)
    return _info(
        WarningCode.SUPPLEMENT_AMOUNT_UNKNOWN,
        f"The daily amount of your {names} supplement isn't known, so totals are "
        "'at least' and the upper-limit check can't be complete. The amount is on the label.",
    )


def safety_warnings(s: Situation) -> tuple[SafetyWarning, ...]:
    """Every warning that applies, in order of harm (see HARM_ORDER): limits crossed first, then
    medicines, conditions, and information last."""
    found: list[SafetyWarning] = []
    _upper_limits(s, found)
    _medications(s, found)
    _conditions(s, found)
    _supplement_notes(s, found)
    return tuple(sorted(found, key=lambda w: HARM_ORDER.index(w.kind)))
