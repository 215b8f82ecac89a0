"""Each safety warning: when it appears, and that it does not appear without its cause."""

from __future__ import annotations

from typing import Any

import pytest

from camag_core import Answers, WarningCode, assess

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
    calcium = [{"nutrient": "calcium", "amount": 1200, "per_day": 2}]
    assert WarningCode.CALCIUM_ABOVE_UL in codes(age=60, supplements=calcium)  # 2400 > 2000 from 51
    assert WarningCode.CALCIUM_ABOVE_UL not in codes(age=40, supplements=calcium)  # 2400 <= 2500


def test_vitamin_d_above_its_limit():
    assert WarningCode.VITAMIN_D_ABOVE_UL in codes(supplements=[{"nutrient": "vitamin_d", "amount": 5000}])
    assert WarningCode.VITAMIN_D_ABOVE_UL not in codes(supplements=[{"nutrient": "vitamin_d", "amount": 4000}])


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


@pytest.mark.parametrize(
    ("medication", "code"),
    [
        ("bisphosphonate", WarningCode.BISPHOSPHONATE),
        ("antibiotic", WarningCode.ANTIBIOTIC),
        ("ppi", WarningCode.PPI),
        ("diuretic", WarningCode.DIURETIC),
        ("other_prescription", WarningCode.OTHER_PRESCRIPTION),
    ],
)
def test_interacting_medicines_say_talk_to_your_doctor(medication, code):
    warnings = assess(Answers.model_validate({**BASE, "medications": [medication]})).warnings
    assert [w.code for w in warnings] == [code]
    assert warnings[0].talk_to_doctor


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


def test_suggestions_are_food_first_and_never_give_a_supplement_amount():
    answers = {
        **BASE,
        "diet": {"servings": {}},
        "supplements": [mg(600), {"nutrient": "calcium", "amount": 600, "per_day": 2}],
    }
    result = assess(Answers.model_validate(answers))
    assert {s.code for s in result.suggestions} >= {"more_vitamin_d_from_food", "review_calcium_supplements"}
    for suggestion in result.suggestions:
        # either it names foods with their amounts, or it carries no amount at all
        assert suggestion.foods or not any(ch.isdigit() for ch in suggestion.message)
