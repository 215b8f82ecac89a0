"""Each safety warning: when it appears, and that it does not appear without its cause."""

from __future__ import annotations

from typing import Any

import pytest

from camag_core import Answers, WarningCode, assess
from camag_core.answers import Medication
from camag_core.medications import medication_notes

BASE: dict[str, Any] = {
    "age": 40,
    "sex": "female",
    "diet": {"pattern": "western"},
    "soda_per_day": 0,
    "supplements": [],
    "conditions": [],
    "medications": [],
}


def codes(**changes: Any) -> list[WarningCode]:
    return [w.code for w in assess(Answers.model_validate({**BASE, **changes})).warnings]


def mg(amount: float, per_day: float = 1, **more: Any) -> dict[str, Any]:
    return {"nutrient": "magnesium", "amount": amount, "per_day": per_day, **more}


def test_a_plain_answer_has_no_warnings():
    assert codes() == []


def test_supplemental_magnesium_above_350_is_warned_even_at_the_articles_dose():
    assert WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL in codes(supplements=[mg(500)])
    assert WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL not in codes(supplements=[mg(350)])
    # food magnesium does not count toward the supplemental limit
    assert WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL not in codes(diet={"pattern": "high_vegetable"})


def test_the_magnesium_limit_follows_age():
    warning = assess(Answers.model_validate({**BASE, "age": 6, "supplements": [mg(120)]})).warnings[0]
    assert warning.code is WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL
    assert "110 mg" in warning.message
    assert WarningCode.MAGNESIUM_SUPPLEMENT_INFANT in codes(age=0.5, supplements=[mg(10)])


def test_calcium_above_its_total_limit():
    calcium = [{"nutrient": "calcium", "amount": 1000, "per_day": 2}]
    own_food = {"servings": {}}  # the baseline basket only: about 150 mg
    assert WarningCode.CALCIUM_ABOVE_UL in codes(age=60, diet=own_food, supplements=calcium)  # > 2000 from 51
    assert WarningCode.CALCIUM_ABOVE_UL not in codes(age=40, diet=own_food, supplements=calcium)  # < 2500


@pytest.mark.parametrize(
    ("age", "supplement", "near"),
    [
        (60, 1700, True),  # about 1,850 mg of 2,000 from age 51
        (60, 1500, False),  # about 1,650 mg: under 90%
        (40, 1700, False),  # the same 1,850 mg is under 90% of 2,500 at 19-50
        (40, 2200, True),  # about 2,350 mg of 2,500
        (60, 2000, False),  # above the limit: the caution says so, not this note
    ],
)
def test_calcium_near_its_limit_gets_a_plain_note_with_the_figure(age, supplement, near):
    calcium = [{"nutrient": "calcium", "amount": supplement}]
    found = assess(Answers.model_validate({**BASE, "age": age, "diet": {"servings": {}}, "supplements": calcium}))
    note = next((w for w in found.warnings if w.code is WarningCode.CALCIUM_NEAR_UL), None)
    assert (note is not None) is near
    if note is not None:
        ul = "2,000" if age == 60 else "2,500"
        group = "women 51–70" if age == 60 else "women 19–30" if age < 31 else "women 31–50"
        assert f"of the official upper limit of {ul} mg a day ({group}; National Academies)" in note.message
        assert note.level == "info"
        assert not note.talk_to_doctor
        assert "doctor" not in note.message
    if supplement == 2000:
        assert WarningCode.CALCIUM_ABOVE_UL in [w.code for w in found.warnings]


def test_calcium_from_supplements_at_the_limit_with_food_not_known_is_above():
    """Issue #11: a woman of 60 taking 2,000 mg with food not known: food surely adds more."""
    calcium = [{"nutrient": "calcium", "amount": 1000, "per_day": 2}]
    found = assess(Answers.model_validate({**BASE, "age": 60, "diet": None, "supplements": calcium})).warnings
    warning = next(w for w in found if w.code is WarningCode.CALCIUM_ABOVE_UL)
    assert "likely above" in warning.message
    assert "2,000 mg" in warning.message


def test_a_typical_diet_makes_a_supplement_near_the_limit_likely_above():
    calcium = [{"nutrient": "calcium", "amount": 1200, "per_day": 2}]  # 2,400 + typical food 864 > 2,500
    found = assess(Answers.model_validate({**BASE, "supplements": calcium})).warnings
    assert any(w.code is WarningCode.CALCIUM_ABOVE_UL and "likely above" in w.message for w in found)


@pytest.mark.parametrize(
    ("supplement", "code"),
    [
        ({"nutrient": "magnesium", "amount": 1000}, WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL),
        ({"nutrient": "vitamin_d", "amount": 50000}, WarningCode.VITAMIN_D_ABOVE_UL),
        ({"nutrient": "calcium", "amount": 2000, "per_day": 2}, WarningCode.CALCIUM_ABOVE_UL),
    ],
)
@pytest.mark.parametrize("missing", [{"sex": None}, {"age": None}, {"age": None, "sex": None}])
def test_limits_apply_when_age_or_sex_is_not_known(supplement, code, missing):
    found = assess(Answers.model_validate({**BASE, **missing, "supplements": [supplement]}))
    warning = next(w for w in found.warnings if w.code is code)
    assert "not given" in warning.message
    assert found.upper_limits is not None
    assert all(limit.assumed for limit in found.upper_limits.values())


def test_an_unknown_label_basis_makes_a_range_and_a_may_be_warning():
    pills = {"nutrient": "magnesium", "form": "magnesium citrate", "amount": 200, "per_day": 2, "basis": "unknown"}
    result = assess(Answers.model_validate({**BASE, "supplements": [pills]}))
    assert result.magnesium_mg.supplements == pytest.approx(45.2)
    assert result.magnesium_mg.supplements_max == 400
    warning = next(w for w in result.warnings if w.code is WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL)
    assert "could come to as much as 400 mg" in warning.message


def test_vitamin_d_above_its_limit():
    own_food = {"servings": {}}
    vitamin_d = {"nutrient": "vitamin_d", "amount": 5000}
    assert WarningCode.VITAMIN_D_ABOVE_UL in codes(diet=own_food, supplements=[vitamin_d])
    assert WarningCode.VITAMIN_D_ABOVE_UL not in codes(diet=own_food, supplements=[{**vitamin_d, "amount": 3000}])


def test_kidney_disease_says_talk_to_your_doctor_and_more_so_with_magnesium():
    assert codes(conditions=["kidney_disease"]) == [WarningCode.KIDNEY_DISEASE]
    found = assess(Answers.model_validate({**BASE, "conditions": ["kidney_disease"], "supplements": [mg(100)]}))
    assert [w.code for w in found.warnings] == [WarningCode.KIDNEY_DISEASE, WarningCode.KIDNEY_DISEASE_MAGNESIUM]
    assert all(w.talk_to_doctor and "doctor" in w.message for w in found.warnings)


def test_kidney_stones_with_calcium_supplements():
    calcium = [{"nutrient": "calcium", "amount": 500}]
    assert WarningCode.KIDNEY_STONES_CALCIUM_SUPPLEMENT in codes(conditions=["kidney_stones"], supplements=calcium)
    assert WarningCode.KIDNEY_STONES_CALCIUM_SUPPLEMENT not in codes(conditions=["kidney_stones"])


@pytest.mark.parametrize("stage", ["pregnant", "lactating"])
def test_pregnancy_and_breastfeeding(stage):
    assert codes(life_stage=stage) == [WarningCode.PREGNANCY]


@pytest.mark.parametrize("medication", list(Medication))
def test_each_medicine_has_its_own_sourced_note_that_says_talk_to_your_doctor(medication):
    warnings = assess(Answers.model_validate({**BASE, "medications": [medication]})).warnings
    assert [w.code.value for w in warnings] == [medication.value]
    assert warnings[0].talk_to_doctor
    assert "doctor" in warnings[0].message or "pharmacist" in warnings[0].message
    assert medication_notes()[medication].source


def test_the_medicine_table_and_the_answers_name_the_same_medicines():
    assert list(medication_notes()) == list(Medication)


@pytest.mark.parametrize(
    ("medication", "words"),
    [
        ("levothyroxine", "4 hours"),
        ("integrase_inhibitor", "2 hours before or 6 hours after"),
        ("loop_diuretic", "raise the loss of magnesium"),
        ("potassium_sparing", "lower the loss of magnesium"),
        ("thiazide", "keep calcium in the body"),
        # as strong as the Mayo Clinic page they cite: "Don't take high doses of vitamin D with ..."
        ("digoxin", "With digoxin, don't take high doses of vitamin D"),
        ("calcium_channel_blocker", "Don't take high doses of vitamin D with diltiazem"),
        ("thiazide", "taking them with vitamin D raises the risk of too much calcium in the blood"),
        # the page names phenytoin and phenobarbital only
        ("anticonvulsant", "Phenytoin and phenobarbital speed up the breakdown of vitamin D"),
    ],
)
def test_medicine_notes_are_specific(medication, words):
    assert words in medication_notes()[Medication(medication)].message


def test_large_single_calcium_dose():
    assert WarningCode.CALCIUM_DOSE_SIZE in codes(supplements=[{"nutrient": "calcium", "amount": 1000}])
    split = [{"nutrient": "calcium", "amount": 500, "per_day": 2}]
    assert WarningCode.CALCIUM_DOSE_SIZE not in codes(supplements=split)


def test_unknown_supplement_amount():
    assert codes(supplements=[{"nutrient": "magnesium"}]) == [WarningCode.SUPPLEMENT_AMOUNT_UNKNOWN]


def test_soda():
    assert codes(soda_per_day=2) == [WarningCode.SODA]


def test_cautions_come_before_information_and_every_assessment_has_a_disclaimer():
    result = assess(Answers.model_validate({**BASE, "soda_per_day": 1, "medications": ["ppi"]}))
    assert [w.level for w in result.warnings] == ["caution", "info"]
    assert "not medical advice" in result.disclaimer


def test_suggestions_are_food_first_and_never_give_a_supplement_dose():
    answers = {
        **BASE,
        "diet": {"servings": {}},
        "supplements": [mg(600), {"nutrient": "calcium", "amount": 600, "per_day": 2}],
    }
    result = assess(Answers.model_validate(answers))
    assert {s.code for s in result.suggestions} >= {"more_vitamin_d_from_food", "review_calcium_supplements"}
    for suggestion in result.suggestions:
        # it names foods with their amounts, or the change it allows, or carries no amount at all
        assert suggestion.foods or suggestion.change is not None or not any(ch.isdigit() for ch in suggestion.message)
