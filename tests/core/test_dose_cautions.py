"""The cautions a plan says beside its doses: the result's own upper-limit cautions and the notes of
medicines and conditions that ask for a doctor's word first, by the nutrient each is about, never
an upper limit for a nutrient within it, found for a dose by what it holds."""

from __future__ import annotations

from datetime import UTC, datetime, time

from camag_core import assess
from camag_core.answers import Answers, Medication
from camag_core.assessment import WarningCode
from camag_core.i18n import texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D
from camag_core.routine import dose_cautions, propose
from camag_core.safety import limits_crossed
from camag_core.schedule import Dose, Plan

WOMAN = {"age": 40, "sex": "female"}
OVER = [
    {"nutrient": "calcium", "form": "calcium carbonate", "amount": 2500},
    {"nutrient": "magnesium", "form": "magnesium glycinate", "amount": 500, "basis": "elemental"},
    {"nutrient": "vitamin_d", "amount": 10000, "unit": "IU"},
]
WITHIN = [
    {"nutrient": "calcium", "form": "calcium carbonate", "amount": 500},
    {"nutrient": "magnesium", "form": "magnesium glycinate", "amount": 200, "basis": "elemental"},
    {"nutrient": "vitamin_d", "amount": 1000, "unit": "IU"},
]


def test_the_cautions_are_the_result_s_upper_limit_warnings_by_nutrient():
    result = assess(Answers(**WOMAN, supplements=OVER))
    crossed = limits_crossed(result.warnings)
    assert [(n, w.code) for n, w in crossed.items()] == [
        (MAGNESIUM, WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL),
        (CALCIUM, WarningCode.CALCIUM_ABOVE_UL),
        (VITAMIN_D, WarningCode.VITAMIN_D_ABOVE_UL),
    ]
    assert all(w in result.warnings and w.talk_to_doctor for w in crossed.values())


def test_no_caution_within_the_limits_nor_for_calcium_only_near_its_limit():
    assert limits_crossed(assess(Answers(**WOMAN, supplements=WITHIN)).warnings) == {}
    near = assess(Answers(**WOMAN, supplements=[{"nutrient": "calcium", "form": "calcium carbonate", "amount": 1500}]))
    assert WarningCode.CALCIUM_NEAR_UL in [w.code for w in near.warnings]
    assert limits_crossed(near.warnings) == {}


def test_an_infant_s_magnesium_supplement_has_no_limit_to_be_within():
    crossed = limits_crossed(assess(Answers(age=0.5, supplements=[{"nutrient": "magnesium", "amount": 10}])).warnings)
    assert crossed[MAGNESIUM].code is WarningCode.MAGNESIUM_SUPPLEMENT_INFANT


def test_each_dose_of_the_plan_has_the_cautions_on_what_it_holds():
    answers = Answers(**WOMAN, supplements=OVER)
    notes = dose_cautions(answers)
    found = propose(answers)
    assert found is not None
    by_time = {d.at: notes.for_dose(d) for d in found.doses}
    (magnesium,) = notes.by_kind["magnesium"]
    assert magnesium.startswith("Magnesium from supplements comes to 500 mg a day, above the official upper limit")
    (calcium,), (vitamin_d,) = notes.by_kind["calcium"], notes.by_kind["vitamin_d"]
    assert by_time == {
        time(8, 0): [calcium, vitamin_d],
        time(13, 0): [calcium],
        time(19, 0): [calcium],
        time(21, 30): [calcium, magnesium],
    }
    assert "National Academies" in notes.source
    assert notes.limits == {calcium, magnesium, vitamin_d}


def test_a_dose_kept_before_doses_had_kinds_and_a_refill_item_are_known_by_their_names():
    answers = Answers(**WOMAN, supplements=OVER)
    russian = texts("ru")
    notes = dose_cautions(answers, t=russian)
    planned = propose(answers, t=russian)
    assert planned is not None
    old = planned.plan("Europe/Moscow", datetime(2026, 12, 7, tzinfo=UTC))
    night = next(d for d in old.doses if d.at == time(21, 30))
    kept_before = Dose(number=1, at=night.at, what=night.what)  # no kinds
    both = [*notes.by_kind["calcium"], *notes.by_kind["magnesium"]]
    assert notes.for_dose(Plan(doses=(kept_before,)).doses[0]) == both
    assert notes.for_items([night.what[-1]]) == list(notes.by_kind["magnesium"])
    assert notes.by_kind["magnesium"] != dose_cautions(answers).by_kind["magnesium"]  # worded in Russian
    assert notes.for_items(["Vitamin K2 100 mcg"]) == []


def test_a_medicine_or_condition_that_asks_for_a_doctor_first_is_said_beside_the_doses_it_concerns():
    """Lithium's note names calcium and vitamin D (and magnesium, as every prescription medicine
    does); kidney disease's magnesium note only magnesium; a medicine whose note is a rule about
    when to take the minerals is left to the plan's times."""
    within = Answers(**WOMAN, supplements=WITHIN, medications=["lithium"], conditions=["kidney_disease"])
    result = assess(within)
    lithium = next(w.message for w in result.warnings if w.code == Medication.LITHIUM)
    kidney = next(w.message for w in result.warnings if w.code is WarningCode.KIDNEY_DISEASE)
    kidney_magnesium = next(w.message for w in result.warnings if w.code is WarningCode.KIDNEY_DISEASE_MAGNESIUM)
    notes = dose_cautions(within)
    assert notes.for_kinds(["calcium"]) == [lithium, kidney]
    assert notes.for_kinds(["vitamin_d"]) == [lithium, kidney]
    assert notes.for_kinds(["magnesium"]) == [lithium, kidney, kidney_magnesium]
    assert notes.limits == frozenset()  # all within their limits: no limit's source to follow
    timing = dose_cautions(Answers(**WOMAN, supplements=WITHIN, medications=["levothyroxine"]))
    assert timing.by_kind == {}
    over = dose_cautions(Answers(**WOMAN, supplements=OVER, medications=["lithium"]))
    assert over.for_kinds(["calcium"])[1:] == [lithium]  # the upper limit's caution first
    assert over.for_kinds(["calcium"])[0] in over.limits
