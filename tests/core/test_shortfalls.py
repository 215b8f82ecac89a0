"""A shortfall from a range of intakes is said as that range, never as its best end alone."""

from __future__ import annotations

from typing import Any

import pytest

from camag_core import Answers, assess
from camag_core.i18n import texts
from camag_core.report import most_worth_doing

TEEN: dict[str, Any] = {
    "age": 16,
    "sex": "female",
    "diet": {"servings": {"dairy": None, "leafy_greens": 1}},  # dairy not known: calcium 297–637 mg
    "soda_per_day": 0,
    "supplements": [],
    "conditions": [],
    "medications": [],
}


def _gap(result: Any, nutrient: str) -> str:
    return next(s.message for s in result.suggestions if s.nutrient == nutrient)


def test_a_gap_from_a_range_is_the_range_and_food_makes_up_only_its_smallest_end():
    result = assess(Answers.model_validate(TEEN))
    assert (round(result.calcium_mg.total), round(result.calcium_mg.total_max or 0)) == (297, 637)
    calcium = _gap(result, "calcium")
    assert calcium.startswith("Calcium is 663–1,003 mg a day short of your RDA (1,300 mg).")
    assert "would make up at least 663 mg of it" in calcium
    assert "close the gap" not in calcium
    assert _gap(result, "vitamin_d").startswith("Vitamin D is 557–600 IU a day short")


def test_most_worth_doing_names_the_other_nutrients_that_may_be_under_half_their_rda():
    result = assess(Answers.model_validate(TEEN))
    worth = most_worth_doing(result)
    assert worth is not None
    assert worth.startswith("Magnesium is 194–220 mg a day short of your RDA (360 mg): for example")
    assert "would make up at least 194 mg of it" in worth
    assert "Calcium and vitamin D may also be under half of your RDA" in worth


def test_a_range_that_may_reach_the_rda_says_it_may_be_short_and_names_no_amount():
    answers = {**TEEN, "diet": {"servings": {"dairy": 2, "leafy_greens": 1, "tofu": None}}}
    result = assess(Answers.model_validate(answers))
    assert result.calcium_mg.total < 0.9 * 1300 <= result.calcium_mg.total_max  # short at one end only
    calcium = next(s for s in result.suggestions if s.nutrient == "calcium")
    assert calcium.message.startswith("Calcium may be up to 322 mg a day short of your RDA (1,300 mg).")
    assert calcium.change is None
    assert "For example" not in calcium.message


@pytest.mark.parametrize(
    ("language", "range_"), [("ru", "663–1\u00a0003 мг"), ("es", "663–1.003 mg"), ("de", "663–1.003 mg")]
)
def test_the_range_is_said_in_every_language(language, range_):
    result = assess(Answers.model_validate(TEEN), t=texts(language))
    assert range_ in _gap(result, "calcium")
    worth = most_worth_doing(result, t=texts(language))
    assert worth is not None
    assert "194" in worth
