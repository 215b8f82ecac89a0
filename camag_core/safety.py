"""Safety warnings, each with a stable code, from the reference notes (``shared/reference/safety.md``).

CaMag informs and never diagnoses: these messages state official limits and label advice, and
say "talk to your doctor" where the notes do (kidney disease, interacting medicines, pregnancy).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from camag_core.answers import Condition, Medication
from camag_core.assessment import HARM_ORDER, SafetyWarning, WarningCode, WarningKind
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity, amount_text, from_food
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


# TRANSLATORS: official wording (NIH ODS, safety notes): keep its strength ("talk to your doctor")
_MAGNESIUM_SUPPLEMENT_INFANT = N_(
    "No safe upper limit for magnesium from supplements has been set for infants. "
    "Talk to your doctor before giving an infant any magnesium supplement."
)
# Upper limits that cover food and supplements together: the nutrient, its code, why the limit is
# set, and (where the notes say so) where the excess usually comes from.
_CALCIUM_LIMIT_WHY = N_("The limit was set because of kidney-stone risk.")
_TOTAL_LIMITS = (
    (
        CALCIUM,
        WarningCode.CALCIUM_ABOVE_UL,
        _CALCIUM_LIMIT_WHY,
        N_("The excess almost always comes from supplements rather than food."),
    ),
    (
        VITAMIN_D,
        WarningCode.VITAMIN_D_ABOVE_UL,
        N_("Above it the risk is too much calcium in the blood (hypercalcaemia)."),
        None,
    ),
)


def _whose(limit: Limit) -> str:
    return limit.assumed or limit.group


def _over(amount: Quantity, limit: float) -> bool:
    """Whether ``amount`` is surely above ``limit``: its known part is over it, or reaches it with
    more not counted ("at least")."""
    return amount.low > limit or (not amount.bounded and amount.low >= limit)


def _why_a_range(s: Situation, t: Texts) -> str:
    """Why supplemental magnesium is a range: the reasons that are true of this person's answers."""
    reasons = []
    supplements = s.supplements_of(MAGNESIUM)
    if any(sup.basis is Basis.UNKNOWN for sup in supplements):
        # TRANSLATORS: completes "it depends on ..."
        reasons.append(t._("whether the label's amount is the mineral or the whole compound"))
    if any(
        sup.basis is Basis.COMPOUND
        and (form := find_form(MAGNESIUM, sup.form or "")) is not None
        and form.elemental_percent_low < form.elemental_percent_high
        for sup in supplements
    ):
        # TRANSLATORS: completes "it depends on ..."
        reasons.append(
            t._(
                "which salt the product holds: the hydrated form, with water of crystallisation, has less "
                "magnesium in each mg than the dry one, and labels rarely say which"
            )
        )
    if len(reasons) == 2:
        # TRANSLATORS: two reasons, each completing "it depends on ..."
        return t._("{first} and on {second}", first=reasons[0], second=reasons[1])
    return reasons[0] if reasons else t._("the amounts given")


def _magnesium_limit(s: Situation, found: list[SafetyWarning], t: Texts) -> None:
    limit = s.limits[MAGNESIUM]
    supplemental = s.intake[MAGNESIUM].supplements
    if limit.amount is None:
        if s.takes(MAGNESIUM):
            found.append(
                _caution(
                    WarningCode.MAGNESIUM_SUPPLEMENT_INFANT,
                    t._(_MAGNESIUM_SUPPLEMENT_INFANT),
                    doctor=True,
                    kind="upper_limit",
                )
            )
        return
    values = {
        "amount": amount_text(*supplemental, "mg", t=t),
        "limit": t.amount(limit.amount, "mg"),
        "whose": _whose(limit),
    }
    if _over(supplemental, limit.amount):
        # TRANSLATORS: {amount} "300 mg" or "at least 300 mg"; {whose}: the group the limit is for
        said = t._(
            "Magnesium from supplements comes to {amount} a day, above the official upper limit of {limit} a day "
            "for supplemental magnesium ({whose}; magnesium from food does not count).",
            **values,
        )
    elif supplemental.bounded and supplemental.high > limit.amount:
        # TRANSLATORS: {why}: the reasons the amount is a range, completing "it depends on ..."
        said = t._(
            "Magnesium from supplements comes to {amount} a day, and could come to as much as {most} (it "
            "depends on {why}), which would be above the official upper limit of {limit} a day for "
            "supplemental magnesium ({whose}; magnesium from food does not count).",
            most=t.amount(supplemental.high, "mg"),
            why=_why_a_range(s, t),
            **values,
        )
    else:
        return
    # TRANSLATORS: official wording (NIH ODS): keep "talk to your doctor"
    advice = t._(
        "The first sign of too much is usually diarrhoea, sometimes with nausea and cramps. Doses this high "
        "belong under a doctor's supervision: talk to your doctor."
    )
    found.append(
        _caution(WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL, f"{said} {advice}", doctor=True, kind="upper_limit")
    )


def _total_said(s: Situation, nutrient: Nutrient, limit: float, t: Texts) -> str | None:
    """The first sentence of a total limit's warning: the total against the limit (``None``: not above it)."""
    intake = s.intake[nutrient]
    total = intake.total
    own = intake.supplements if nutrient in s.typical else total  # what the answers themselves give
    over, likely = _over(own, limit), total.low > limit
    if not (over or likely or (total.high > limit and total.bounded)):
        return None  # most people's case: nothing to word
    values = {
        "what": from_food(nutrient, t=t, supplements=s.takes(nutrient) or intake.supplements.high > 0),
        "total": amount_text(*total, nutrient.unit, t=t),
        "limit": t.amount(limit, nutrient.unit),
        "whose": _whose(s.limits[nutrient]),
    }
    typical = nutrient in s.typical
    if over:
        if typical:
            return t._(
                "{what} comes to {total} a day with typical food for your age and sex, above the official upper "
                "limit of {limit} a day ({whose}).",
                **values,
            )
        return t._(
            "{what} comes to {total} a day, above the official upper limit of {limit} a day ({whose}).", **values
        )
    if likely:
        if typical:
            return t._(
                "{what} comes to {total} a day with typical food for your age and sex, likely above the official "
                "upper limit of {limit} a day ({whose}).",
                **values,
            )
        return t._(
            "{what} comes to {total} a day, likely above the official upper limit of {limit} a day ({whose}).",
            **values,
        )
    most = t.amount(total.high, nutrient.unit)
    if typical:
        return t._(
            "{what} comes to {total} a day with typical food for your age and sex, and could come to as much "
            "as {most}, which would be above the official upper limit of {limit} a day ({whose}).",
            most=most,
            **values,
        )
    return t._(
        "{what} comes to {total} a day, and could come to as much as {most}, which would be above the "
        "official upper limit of {limit} a day ({whose}).",
        most=most,
        **values,
    )


def _total_limit(
    s: Situation,
    nutrient: Nutrient,
    code: WarningCode,
    why: str,
    usual_source: str | None,
    found: list[SafetyWarning],
    t: Texts,
) -> None:
    """The limit on food and supplements together, with the total as the result shows it."""
    limit = s.limits[nutrient]
    if limit.amount is None:
        return
    said = _total_said(s, nutrient, limit.amount, t)
    if said is None:
        return
    intake = s.intake[nutrient]
    sentences = [said, t._(why)]
    if not (s.takes(nutrient) or intake.supplements.high > 0):
        sentences.append(t._("Talk to your doctor about it."))
    elif intake.diet.low > limit.amount and nutrient not in s.typical:
        food = amount_text(*intake.diet, nutrient.unit, t=t)
        sentences += [t._("Food alone gives {amount} of it.", amount=food), t._("Talk to your doctor about it.")]
    else:
        sentences += [t._(usual_source)] if usual_source else []
        sentences.append(t._("Talk to your doctor about your supplements."))
    found.append(_caution(code, " ".join(sentences), doctor=True, kind="upper_limit"))


# How close to its upper limit calcium is worth a note, though not over it
CALCIUM_NEAR_UL_SHARE = 0.9


def _calcium_near_limit(s: Situation, found: list[SafetyWarning], t: Texts) -> None:
    """Calcium surely at or above 90% of the person's upper limit, and not said to be over it: a
    plain note with the official figure (the notes ask for no doctor here; a condition or medicine
    that does has its own note)."""
    limit = s.limits[CALCIUM]
    total = s.intake[CALCIUM].total
    if limit.amount is None or total.low < CALCIUM_NEAR_UL_SHARE * limit.amount:
        return
    if any(w.code is WarningCode.CALCIUM_ABOVE_UL for w in found):
        return
    share = t.percent(total.low / limit.amount)
    values = {
        "what": from_food(CALCIUM, t=t, supplements=s.takes(CALCIUM)),
        "total": amount_text(*total, "mg", t=t),
        "share": share if total.exact else t._("at least {amount}", amount=share),
        "limit": t.amount(limit.amount, "mg"),
        "whose": _whose(limit),
    }
    if CALCIUM in s.typical:
        said = t._(
            "{what} comes to {total} a day with typical food for your age and sex: {share} of the official "
            "upper limit of {limit} a day ({whose}; National Academies).",
            **values,
        )
    else:
        said = t._(
            "{what} comes to {total} a day: {share} of the official upper limit of {limit} a day "
            "({whose}; National Academies).",
            **values,
        )
    found.append(
        SafetyWarning(
            code=WarningCode.CALCIUM_NEAR_UL,
            level="info",
            message=f"{said} {t._(_CALCIUM_LIMIT_WHY)}",
            kind="upper_limit",
        )
    )


def _upper_limits(s: Situation, found: list[SafetyWarning], t: Texts) -> None:
    _magnesium_limit(s, found, t)
    for nutrient, code, why, usual_source in _TOTAL_LIMITS:
        _total_limit(s, nutrient, code, why, usual_source, found, t)
    _calcium_near_limit(s, found, t)


# Warnings whose words are the same for everyone they apply to, built once a language.
# TRANSLATORS: the notes below are official wording (safety notes, NIH ODS): keep their strength
_KIDNEY_DISEASE = N_(
    "With kidney disease, talk to your doctor before changing calcium, magnesium or vitamin D: "
    "the kidneys clear the excess, and kidney failure makes calcium toxicity more likely."
)
_KIDNEY_DISEASE_MAGNESIUM = N_(
    "People with kidney disease should not take magnesium supplements without the advice "
    "and supervision of a doctor: with weak kidneys, magnesium can build up in the blood."
)
_KIDNEY_STONES_CALCIUM_SUPPLEMENT = N_(
    "You've had kidney stones and take calcium supplements. In the Women's Health Initiative "
    "trial, women taking calcium with vitamin D had 17% more kidney stones than those on "
    "placebo. Talk to your doctor about your calcium supplement."
)
_KIDNEY_STONES = N_(
    "You've had kidney stones. The official upper limit for calcium was set because of kidney-stone "
    "risk, which comes mainly from calcium supplements; in the Women's Health Initiative trial, women "
    "taking calcium with vitamin D had 17% more kidney stones than those on placebo. Talk to your doctor "
    "before you start a calcium supplement."
)
_PREGNANCY = N_(
    "While pregnant or breastfeeding, ask your doctor or midwife before starting, stopping or changing any supplement."
)
_CALCIUM_DOSE_SIZE = N_(
    "Calcium is absorbed best in doses of no more than 500–600 mg at a time; a larger dose "
    "can be split through the day. Take calcium carbonate with food."
)
_SODA = N_(
    "Soft drinks add next to no calcium or magnesium: a 12 fl oz cola has 4 mg of calcium and no magnesium (USDA)."
)


@cache
def _fixed(t: Texts) -> dict[WarningCode, SafetyWarning]:
    """The warnings whose words never change, in ``t``'s language."""
    doctor = {
        WarningCode.KIDNEY_DISEASE: _KIDNEY_DISEASE,
        WarningCode.KIDNEY_DISEASE_MAGNESIUM: _KIDNEY_DISEASE_MAGNESIUM,
        WarningCode.KIDNEY_STONES_CALCIUM_SUPPLEMENT: _KIDNEY_STONES_CALCIUM_SUPPLEMENT,
        WarningCode.KIDNEY_STONES: _KIDNEY_STONES,
        WarningCode.PREGNANCY: _PREGNANCY,
    }
    info = {WarningCode.CALCIUM_DOSE_SIZE: _CALCIUM_DOSE_SIZE, WarningCode.SODA: _SODA}
    return {code: _caution(code, t._(message), doctor=True) for code, message in doctor.items()} | {
        code: _info(code, t._(message)) for code, message in info.items()
    }


def _conditions(s: Situation, found: list[SafetyWarning], t: Texts) -> None:
    fixed = _fixed(t)
    conditions = s.answers.conditions or []
    if Condition.KIDNEY_DISEASE in conditions:
        found.append(fixed[WarningCode.KIDNEY_DISEASE])
        if s.takes(MAGNESIUM):
            found.append(fixed[WarningCode.KIDNEY_DISEASE_MAGNESIUM])
    if Condition.KIDNEY_STONES in conditions:
        stones = WarningCode.KIDNEY_STONES_CALCIUM_SUPPLEMENT if s.takes(CALCIUM) else WarningCode.KIDNEY_STONES
        found.append(fixed[stones])
    if s.expecting:
        found.append(fixed[WarningCode.PREGNANCY])


def doctor_note(code: WarningCode, *, t: Texts = ENGLISH) -> str:
    """A condition's or life stage's official doctor note (kidney disease, pregnancy …), in ``t``'s language."""
    return _fixed(t)[code].message


def medicine_note(medication: Medication, *, t: Texts = ENGLISH) -> str:
    """A medicine's official note, in ``t``'s language."""
    return _medication_warnings(t)[medication.value].message


@cache
def _medication_warnings(t: Texts) -> dict[str, SafetyWarning]:
    return {
        medication.value: _caution(medication, t._(note.message), doctor=note.talk_to_doctor, kind="medicine")
        for medication, note in medication_notes().items()
    }


def _medications(s: Situation, found: list[SafetyWarning], t: Texts) -> None:
    warnings = _medication_warnings(t)
    found.extend(warnings[medication.value] for medication in s.answers.medications or [])


def _supplement_notes(s: Situation, found: list[SafetyWarning], t: Texts) -> None:
    if s.takes(CALCIUM) and any(
        (dose := sup.dose_amount()) is not None and dose.low > CALCIUM_DOSE_ABSORBED_BEST_MG
        for sup in s.supplements_of(CALCIUM)
    ):
        found.append(_fixed(t)[WarningCode.CALCIUM_DOSE_SIZE])
    if s.answers.supplements:
        unknown = tuple(n for n in NUTRIENTS if not s.intake[n].supplements.bounded)
        if unknown:
            found.append(_amount_unknown(unknown, t))
    if (s.answers.soda_per_day or 0) > 0:
        found.append(_fixed(t)[WarningCode.SODA])


# The nutrients as they stand inside a sentence ("your calcium supplement").
_IN_A_SENTENCE = {CALCIUM: N_("calcium"), MAGNESIUM: N_("magnesium"), VITAMIN_D: N_("vitamin D")}


@cache
def _amount_unknown(nutrients: tuple[Nutrient, ...], t: Texts) -> SafetyWarning:
    names = t.join(t._(_IN_A_SENTENCE[n]) for n in nutrients)
    return _info(
        WarningCode.SUPPLEMENT_AMOUNT_UNKNOWN,
        # TRANSLATORS: {names}: "calcium", "calcium and magnesium", ...
        t._(
            "The daily amount of your {names} supplement isn't known, so totals are "
            "'at least' and the upper-limit check can't be complete. The amount is on the label.",
            names=names,
        ),
    )


# The cautions that say a nutrient is, or may be, above its official upper limit (or that it has
# none to give it by), by the nutrient they are about.
_LIMIT_CROSSED = {
    WarningCode.CALCIUM_ABOVE_UL: CALCIUM,
    WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL: MAGNESIUM,
    WarningCode.MAGNESIUM_SUPPLEMENT_INFANT: MAGNESIUM,
    WarningCode.VITAMIN_D_ABOVE_UL: VITAMIN_D,
}


# The conditions' notes that ask for a doctor's word on one nutrient's supplements (the others'
# are about every supplement).
_DOCTOR_ON = {
    WarningCode.KIDNEY_DISEASE_MAGNESIUM: (MAGNESIUM,),
    WarningCode.KIDNEY_STONES_CALCIUM_SUPPLEMENT: (CALCIUM,),
    WarningCode.KIDNEY_STONES: (CALCIUM,),
}


def doctor_first(warnings: Iterable[SafetyWarning]) -> list[tuple[Nutrient, SafetyWarning]]:
    """The result's notes of medicines and conditions that ask for a doctor's word before taking a
    nutrient, with each nutrient they are about: what a plan that has the person take it says
    beside it, as the result does. A medicine's rule about when to take the minerals is left to the
    plan's own times."""
    notes = medication_notes()
    found = []
    for w in warnings:
        if not w.talk_to_doctor or w.kind not in ("medicine", "condition"):
            continue
        if isinstance(w.code, Medication):
            note = notes[w.code]
            nutrients: Iterable[Nutrient] = () if note.timing else sorted(note.doctor_before)
        else:
            nutrients = _DOCTOR_ON.get(w.code, NUTRIENTS)
        found += [(nutrient, w) for nutrient in nutrients]
    return found


def limits_crossed(warnings: Iterable[SafetyWarning]) -> dict[Nutrient, SafetyWarning]:
    """The result's upper-limit cautions by the nutrient each is about: what a plan, a check-in or
    a refill that has the person take that nutrient says beside it, as the result does."""
    return {_LIMIT_CROSSED[w.code]: w for w in warnings if isinstance(w.code, WarningCode) and w.code in _LIMIT_CROSSED}


def safety_warnings(s: Situation, *, t: Texts = ENGLISH) -> tuple[SafetyWarning, ...]:
    """Every warning that applies, in order of harm (see HARM_ORDER): limits crossed first, then
    medicines, conditions, and information last; worded in ``t``'s language."""
    found: list[SafetyWarning] = []
    _upper_limits(s, found, t)
    _medications(s, found, t)
    _conditions(s, found, t)
    _supplement_notes(s, found, t)
    return tuple(sorted(found, key=lambda w: HARM_ORDER.index(w.kind)))
