"""The answers contract: validation, "unknown", JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from camag_core import Answers, Supplement
from camag_core.answers import DietServings


def test_accepts_json_and_round_trips():
    raw = '{"age": 40, "sex": "male", "diet": {"pattern": "western"}, "supplements": []}'
    answers = Answers.model_validate_json(raw)
    assert Answers.model_validate_json(answers.model_dump_json()) == answers


def test_missing_null_and_unknown_all_mean_unknown():
    answers = Answers.model_validate({"age": "unknown", "sex": None, "soda_per_day": "I don't know"})
    assert (answers.age, answers.sex, answers.soda_per_day, answers.supplements) == (None, None, None, None)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"age": 300}, "less than or equal to 120"),
        ({"age": -1}, "greater than or equal to 0"),
        ({"soda_per_day": -2}, "greater than or equal to 0"),
        ({"sex": "other"}, "'female' or 'male'"),
        ({"age": 60, "life_stage": "pregnant"}, "ages 14 to 50"),
        ({"supplements": [{"nutrient": "magnesium", "amount": -100}]}, "greater than 0"),
        ({"supplements": [{"nutrient": "magnesium", "amount": 50, "unit": "g"}]}, "not a plausible amount"),
        ({"supplements": [{"nutrient": "vitamin_d", "amount": 100, "unit": "mg"}]}, "not a plausible amount"),
        ({"supplements": [{"nutrient": "vitamin_d", "amount": 1, "unit": "g"}]}, "IU, mcg or mg, not g"),
        ({"supplements": [{"nutrient": "calcium", "amount": 2000, "per_day": 10}]}, "a day is not a plausible"),
        ({"supplements": [{"nutrient": "calcium", "amount": 500, "unit": "IU"}]}, "mg, g or mcg, not IU"),
        ({"supplements": [{"nutrient": "calcium", "amount": 500, "per_day": 0}]}, "greater than 0"),
        ({"supplements": [{"nutrient": "zinc", "amount": 5}]}, "'calcium', 'magnesium' or 'vitamin_d'"),
        ({"supplements": [{"nutrient": "magnesium", "form": "foo", "amount": 5, "basis": "compound"}]}, "known form"),
        ({"diet": {"servings": {"pizza": 2}}}, "unknown food group pizza"),
        ({"diet": {"servings": {"dairy": 200}}}, "less than or equal to 20"),
        ({"diet": {"pattern": "paleo"}}, "western"),
        ({"conditions": ["flu"]}, "kidney_disease"),
        ({"favourite_colour": "blue"}, "Extra inputs are not permitted"),
    ],
)
def test_out_of_range_values_are_refused_with_the_reason(data, reason):
    with pytest.raises(ValidationError, match=reason):
        Answers.model_validate(data)


def test_form_is_spelled_as_the_table_does_and_unit_defaults_by_nutrient():
    supplement = Supplement.model_validate({"nutrient": "magnesium", "form": " Citrate ", "amount": 100})
    assert supplement.form == "magnesium citrate"
    assert supplement.unit == "mg"
    assert Supplement(nutrient="vitamin_d", amount=1000).unit == "IU"


def test_servings_may_be_unknown_per_group():
    diet = DietServings(servings={"dairy": None, "tofu": 1})
    assert diet.servings["dairy"] is None


def test_describe():
    weekly = Supplement(nutrient="vitamin_d", amount=50000, per_day=1 / 7)
    assert weekly.describe() == "50,000 IU vitamin D, 1 a week"
    assert Supplement(nutrient="magnesium").describe() == "magnesium: amount not known, 1 a day"
