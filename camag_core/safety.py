"""Safety warnings, each with a stable code, from the reference notes (``shared/reference/safety.md``).

CaMag informs and never diagnoses: these messages state official limits and label advice, and
say "talk to your doctor" where the notes do (kidney disease, interacting medicines, pregnancy).
"""

from __future__ import annotations

from functools import cache

from camag_core.answers import Condition, Medication
from camag_core.assessment import SafetyWarning, WarningCode
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient
from camag_core.situation import Situation

# UAB 'Calcium supplement tips': calcium is absorbed best in doses of no more than 500-600 mg.
CALCIUM_DOSE_ABSORBED_BEST_MG = 600.0


def _caution(code: WarningCode, message: str, *, doctor: bool = False) -> SafetyWarning:
    return SafetyWarning(code=code, level="caution", message=message, talk_to_doctor=doctor)


def _info(code: WarningCode, message: str, *, doctor: bool = False) -> SafetyWarning:
    return SafetyWarning(code=code, level="info", message=message, talk_to_doctor=doctor)


_MAGNESIUM_SUPPLEMENT_INFANT = _caution(
    WarningCode.MAGNESIUM_SUPPLEMENT_INFANT,
    "No safe upper limit for magnesium from supplements has been set for infants. "
    "Talk to your doctor before giving an infant any magnesium supplement.",
    doctor=True,
)
# Upper limits that cover food and supplements together: the nutrient, its code, and why it is set.
_TOTAL_LIMITS = (
    (
        CALCIUM,
        WarningCode.CALCIUM_ABOVE_UL,
        "The limit was set because of kidney-stone risk, and the excess almost always comes "
        "from supplements rather than food.",
    ),
    (
        VITAMIN_D,
        WarningCode.VITAMIN_D_ABOVE_UL,
        "Above it the risk is too much calcium in the blood (hypercalcaemia).",
    ),
)


def _upper_limits(s: Situation, found: list[SafetyWarning]) -> None:
    if s.reference is None:
        return
    magnesium = s.reference[MAGNESIUM]
    supplemental = s.intake[MAGNESIUM].supplements
    if magnesium.upper_limit is None and s.takes(MAGNESIUM):
        found.append(_MAGNESIUM_SUPPLEMENT_INFANT)
    elif s.magnesium_supplement_above_ul:
        found.append(
            _caution(
                WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL,
                f"Magnesium from supplements comes to {supplemental.value:.0f} mg a day, above the official "
                f"upper limit of {magnesium.upper_limit:.0f} mg a day for supplemental magnesium "
                f"({magnesium.group}; magnesium from food does not count). The first sign of too much is "
                "usually diarrhoea, sometimes with nausea and cramps. Doses this high belong under a "
                "doctor's supervision: talk to your doctor.",
                doctor=True,
            )
        )
    for nutrient, code, harm in _TOTAL_LIMITS:
        row = s.reference[nutrient]
        amount = s.intake[nutrient].total
        if row.upper_limit is not None and amount.value > row.upper_limit:
            prefix = "" if amount.exact else "at least "
            found.append(
                _caution(
                    code,
                    f"{nutrient.label} from food and supplements comes to {prefix}{amount.value:,.0f} "
                    f"{nutrient.unit} a day, above the official upper limit of {row.upper_limit:,.0f} "
                    f"{nutrient.unit} ({row.group}). {harm}",
                )
            )


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
    if Condition.KIDNEY_STONES in conditions and s.takes(CALCIUM):
        found.append(_KIDNEY_STONES_CALCIUM_SUPPLEMENT)
    if s.expecting:
        found.append(_PREGNANCY)


_MEDICATION_NOTES = {
    Medication.BISPHOSPHONATE: _caution(
        WarningCode.BISPHOSPHONATE,
        "Calcium, antacids and other mineral supplements stop bisphosphonates such as alendronate "
        "from being absorbed: wait at least half an hour after the medicine before taking anything "
        "else by mouth. Talk to your doctor or pharmacist about timing.",
        doctor=True,
    ),
    Medication.ANTIBIOTIC: _caution(
        WarningCode.ANTIBIOTIC,
        "Calcium and magnesium bind some antibiotics: take ciprofloxacin at least 2 hours before or "
        "6 hours after magnesium antacids or mineral supplements, and keep tetracyclines such as "
        "doxycycline 2 to 4 hours apart from them. Talk to your doctor or pharmacist.",
        doctor=True,
    ),
    Medication.PPI: _caution(
        WarningCode.PPI,
        "Taking prescription acid reducers (PPIs) for a long time can lower magnesium (FDA, 2011). "
        "Calcium citrate does not need stomach acid to be absorbed. Talk to your doctor about "
        "checking your magnesium.",
        doctor=True,
    ),
    Medication.DIURETIC: _caution(
        WarningCode.DIURETIC,
        "People on thiazide diuretics are more susceptible to too much calcium, and the FDA advises "
        "checking magnesium in people who take diuretics with PPIs. Talk to your doctor.",
        doctor=True,
    ),
    Medication.OTHER_PRESCRIPTION: _caution(
        WarningCode.OTHER_PRESCRIPTION,
        "Magnesium antacids and mineral supplements can interact with prescription medicines: ask "
        "your doctor or pharmacist before combining them.",
        doctor=True,
    ),
}


def _medications(s: Situation, found: list[SafetyWarning]) -> None:
    for medication in s.answers.medications or []:
        found.append(_MEDICATION_NOTES[medication])


def _supplement_notes(s: Situation, found: list[SafetyWarning]) -> None:
    if s.takes(CALCIUM) and any(
        (sup.dose_amount() or 0) > CALCIUM_DOSE_ABSORBED_BEST_MG for sup in s.supplements_of(CALCIUM)
    ):
        found.append(_CALCIUM_DOSE_SIZE)
    if s.answers.supplements:
        unknown = tuple(n for n in NUTRIENTS if not s.intake[n].supplements.exact)
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
    """Every warning that applies, cautions before information."""
    found: list[SafetyWarning] = []
    _upper_limits(s, found)
    _conditions(s, found)
    _medications(s, found)
    _supplement_notes(s, found)  # information only, so it comes last
    return tuple(found)
