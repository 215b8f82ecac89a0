"""Where cases meet: medicines, hydrates, limits and words, each rule checked at its edge."""

from __future__ import annotations

from typing import Any

import pytest

from camag_core import Answers, assess
from camag_core.answers import Medication
from camag_core.assessment import WarningCode
from camag_core.balance import NO_TARGET, ratio_figure
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM
from camag_core.ratio import Verdict
from camag_core.report import LIMITS_TITLE, intake_line, plain_text, report, short_report

MAN: dict[str, Any] = {
    "age": 45,
    "sex": "male",
    "diet": {"servings": {"dairy": 1}},
    "soda_per_day": 0,
    "supplements": [],
    "conditions": [],
    "medications": [],
}


def run(**changes: Any):
    return assess(Answers.model_validate({**MAN, **changes}))


def test_a_calcium_warning_states_the_total_the_result_shows():
    pills = [{"nutrient": "calcium", "amount": 1000, "per_day": 2}, {"nutrient": "calcium"}]
    result = run(diet=None, supplements=pills)
    warning = next(w for w in result.warnings if w.code is WarningCode.CALCIUM_ABOVE_UL)
    shown = intake_line(CALCIUM, result.calcium_mg, None).split(": ", 1)[1].split(" a day")[0]
    assert shown.startswith("at least")
    assert f"comes to {shown} a day" in warning.message
    assert "typical food" in warning.message


def test_calcium_above_the_limit_from_food_alone_is_not_blamed_on_supplements():
    result = run(diet={"servings": {"dairy": 10}})
    warning = next(w for w in result.warnings if w.code is WarningCode.CALCIUM_ABOVE_UL)
    assert "Calcium from food comes to 3,570 mg a day" in warning.message
    assert "supplement" not in warning.message
    with_pill = run(diet={"servings": {"dairy": 10}}, supplements=[{"nutrient": "calcium", "amount": 200}])
    warning = next(w for w in with_pill.warnings if w.code is WarningCode.CALCIUM_ABOVE_UL)
    assert "Food alone gives 3,570 mg of it" in warning.message
    assert "almost always comes from supplements" not in warning.message


def test_a_compound_weights_range_gives_its_real_reason():
    pills = {"nutrient": "magnesium", "form": "magnesium glycinate", "amount": 1300, "per_day": 2, "basis": "compound"}
    warning = next(w for w in run(supplements=[pills]).warnings if w.code is WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL)
    assert "water of crystallisation" in warning.message
    assert "mineral or the whole compound" not in warning.message


def test_very_low_calcium_is_named_when_age_and_sex_are_unknown():
    result = run(age=None, sex=None, diet={"servings": {}})
    assert result.reference is None
    calcium = next(s for s in result.suggestions if s.nutrient == "calcium")
    assert "short of 1,000 mg, the lowest RDA at any age from 9 (age and sex not given)" in calcium.message
    assert "9–13" not in calcium.message


def test_vitamin_d_above_its_limit_comes_first_and_blocks_more_calcium():
    result = run(supplements=[{"nutrient": "vitamin_d", "amount": 50000}])
    sections = report(result)
    assert sections[0].title == LIMITS_TITLE
    assert "Vitamin D" in sections[0].lines[0].text
    assert short_report(result)[0].title == LIMITS_TITLE
    assert all(s.change is None or s.change <= 0 for s in result.suggestions if s.nutrient == "calcium")


@pytest.mark.parametrize(
    "changes",
    [{"conditions": ["osteoporosis"]}, {"medications": ["bisphosphonate"]}],
    ids=["osteoporosis", "bisphosphonate"],
)
def test_osteoporosis_or_a_bisphosphonate_is_never_told_to_drop_calcium(changes):
    pills = [{"nutrient": "calcium", "amount": 600, "per_day": 2}]
    result = run(age=60, sex="female", diet={"servings": {"dairy": 3}}, supplements=pills, **changes)
    assert result.balance.verdict in (Verdict.CALCIUM_LEANING, Verdict.CALCIUM_HEAVY)
    assert all(not s.change or s.change > 0 for s in result.suggestions if s.nutrient == "calcium")
    doctor = next(s for s in result.suggestions if s.code == "calcium_supplements_doctor_decides")
    assert "for your doctor to decide" in doctor.message
    assert all("less_calcium_supplement" not in q.advice for q in result.quotes)


@pytest.mark.parametrize(
    ("medication", "words"),
    [
        (Medication.QUINOLONE, "at least 2 hours before or 4–6 hours after a magnesium-containing supplement"),
        # the moxifloxacin label's own window is longer than the fact sheet's (its §2.2)
        (
            Medication.QUINOLONE,
            "for moxifloxacin at least 4 hours before or 8 hours after products containing magnesium",
        ),
        (Medication.TETRACYCLINE, "at least 2 hours before or 4–6 hours after a magnesium-containing supplement"),
        (Medication.BISPHOSPHONATE, "keep magnesium-containing supplements at least 2 hours away from it"),
        # the labels name calcium carbonate and Al/Mg antacids; magnesium supplements' 4 hours is CaMag's precaution
        (Medication.LEVOTHYROXINE, "take levothyroxine at least 4 hours apart from them"),
        (
            Medication.LEVOTHYROXINE,
            "Keeping magnesium supplements 4 hours away too is a precaution, not the labels' words",
        ),
        (Medication.BISPHOSPHONATE, "first thing in the morning with plain water only"),
        (Medication.INTEGRASE_INHIBITOR, "may be taken together with dolutegravir with a meal"),
        (Medication.INTEGRASE_INHIBITOR, "at least 2 hours before or 6 hours after them"),
        # on an empty stomach too, dolutegravir comes first or well after the minerals, never the other way round
        (Medication.INTEGRASE_INHIBITOR, "empty stomach, take dolutegravir at least 2 hours before or 6 hours after"),
    ],
)
def test_medicine_timing_in_the_official_wording_with_its_source(medication, words):
    note = medication_notes()[medication]
    assert words in note.message
    assert note.timing
    assert "medicine_timing.md" in note.source


def test_every_verdict_says_official_advice_sets_no_target_ratio():
    for changes in (
        {"diet": {"servings": {"nuts_seeds": 4}}},
        {"diet": {"servings": {"dairy": 2, "nuts_seeds": 3, "beans_lentils": 2}}},
        {"diet": {"servings": {"dairy": 3}}},
        {"supplements": [{"nutrient": "calcium", "amount": 1000}]},
        {"supplements": None},
    ):
        assert NO_TARGET in run(**changes).balance.explanation


def test_typical_food_is_said_next_to_the_ratio_and_no_diet_question_is_asked_after_it():
    result = run(diet={"pattern": "western"}, supplements=[{"nutrient": "calcium"}])
    first = plain_text(short_report(result))
    assert "food typical for your age and sex" in first
    assert "food questions" not in result.balance.explanation


def test_no_reassuring_headline_while_a_doctor_note_applies():
    balanced = {"diet": {"servings": {"dairy": 1, "nuts_seeds": 5, "beans_lentils": 3}}}
    assert run(**balanced).balance.verdict is Verdict.BALANCED
    assert "recommend" in run(**balanced).balance.headline
    with_note = run(**balanced, conditions=["kidney_disease"])
    assert with_note.balance.verdict is Verdict.BALANCED
    assert "recommend" not in with_note.balance.headline


def test_kidney_stones_get_their_note_without_a_calcium_supplement():
    result = run(conditions=["kidney_stones"])
    assert any(w.code is WarningCode.KIDNEY_STONES for w in result.warnings)


@pytest.mark.parametrize("value", [1.25, 1.249, 1.2549, 2.05, 3.35])
def test_text_and_picture_round_the_ratio_alike(value):
    from bot import chart
    from camag_core.balance import format_ratio

    result = run()
    result.ratio = value
    assert ratio_figure(value) in chart._title(result)
    assert format_ratio(value) == f"{ratio_figure(value)}:1"


def test_a_childs_note_shows_the_official_amounts_it_promises():
    result = run(age=6, sex=None, supplements=[])
    text = plain_text(short_report(result))
    assert "the official amounts for their age are below" in text
    assert "calcium RDA 1,000 mg" in text
    assert "magnesium RDA 130 mg" in text


def test_at_70_and_over_the_survey_says_magnesium_from_food_is_lower():
    older = run(age=75, diet={"pattern": "western"})
    assert any("decreased at age 70 and older" in line for line in older.estimates)
    assert not any("decreased at age 70" in line for line in run(diet={"pattern": "western"}).estimates)


def test_a_range_whose_ends_round_alike_is_said_as_one_figure():
    pills = [{"nutrient": "magnesium", "form": "magnesium glycinate", "amount": 200, "basis": "compound"}]
    result = run(medications=["potassium_sparing"], supplements=pills)
    assert result.ratio_bound == "between"
    assert "about 3.0:1" in result.balance.explanation
    assert "between" not in result.balance.explanation
    from bot import chart

    assert "about 3.0 : 1" in chart._title(result)


def test_no_passage_urges_calcium_while_vitamin_d_is_above_its_limit():
    """Lam's "500 mg to 1000mg of magnesium and the same amount of calcium" also urges calcium."""
    magnesium = {"nutrient": "magnesium", "amount": 100}
    assert "lam-dose-500-1000" in [q.id for q in run(supplements=[magnesium]).quotes]
    over = run(supplements=[magnesium, {"nutrient": "vitamin_d", "amount": 50000}])
    assert all("more_calcium" not in q.advice for q in over.quotes)
