"""A ratio on every path, and one rule for all advice, checked on random answers.

The rule: never suggest a change that takes a nutrient below its RDA/AI or above its upper limit,
and never encourage more of a nutrient where the official notes say to see a doctor first (kidney
disease; pregnancy or breastfeeding; a medicine whose note says so; supplemental magnesium already
at the limit). Harm comes first: limits, then medicines, then gaps, then the ratio.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camag_core import Answers, assess
from camag_core.answers import Condition, Medication, Supplement
from camag_core.assessment import HARM_ORDER, WarningCode
from camag_core.balance import situation
from camag_core.foods import food_group_ids
from camag_core.guidance import MORE_CALCIUM, magnesium_reach, unsafe_advice
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, amount_text
from camag_core.report import FOOD_TITLE, LIMITS_TITLE, report
from camag_core.supplements import Basis, find_form, supplement_forms

_FORMS = {m: [f.name for f in supplement_forms() if f.mineral.value == m] for m in ("calcium", "magnesium")}


@st.composite
def supplements(draw: st.DrawFn) -> dict[str, Any]:
    nutrient = draw(st.sampled_from(["calcium", "magnesium", "vitamin_d"]))
    item: dict[str, Any] = {
        "nutrient": nutrient,
        "amount": draw(st.none() | st.floats(min_value=1, max_value=1500 if nutrient != "vitamin_d" else 20000)),
        "per_day": draw(st.sampled_from([1.0, 2.0, 1 / 7])),
    }
    if nutrient != "vitamin_d":
        item["form"] = draw(st.none() | st.sampled_from(_FORMS[nutrient]))
        item["basis"] = draw(st.sampled_from(["elemental", "unknown"] + (["compound"] if item["form"] else [])))
    return item


@st.composite
def answers(draw: st.DrawFn) -> Answers:
    age = draw(st.none() | st.floats(min_value=0, max_value=100))
    sex = draw(st.sampled_from([None, "female", "male"]))
    stage = None
    if sex == "female" and age is not None and 14 <= age < 51:
        stage = draw(st.sampled_from([None, "pregnant", "lactating"]))
    servings = st.dictionaries(
        st.sampled_from(food_group_ids()), st.none() | st.floats(min_value=0, max_value=5), max_size=10
    )
    diet = draw(
        st.sampled_from([None, {"pattern": "western"}, {"pattern": "high_vegetable"}])
        | servings.map(lambda s: {"servings": s})
    )
    return Answers.model_validate(
        {
            "age": age,
            "sex": sex,
            "life_stage": stage,
            "diet": diet,
            "soda_per_day": draw(st.none() | st.floats(min_value=0, max_value=5)),
            "supplements": draw(st.none() | st.lists(supplements(), max_size=4)),
            "conditions": draw(st.none() | st.lists(st.sampled_from(list(Condition)), unique=True)),
            "medications": draw(st.none() | st.lists(st.sampled_from(list(Medication)), unique=True, max_size=3)),
        }
    )


def _nutrient(value: str) -> Nutrient:
    return next(n for n in NUTRIENTS if n.value == value)


@given(answers())
def test_no_advice_leaves_the_official_range_or_urges_more_where_a_doctor_must_decide(person):
    """Conditions and medicines alike: where a note says to see a doctor first about a nutrient's
    supplements, nothing urges more of it; more magnesium only with a gap and room under the
    limit; less calcium supplement never below the RDA, and never with osteoporosis or a
    bisphosphonate; no more calcium while vitamin D may be above its limit."""
    s = situation(person)
    result = assess(person)
    no_more_magnesium = s.why_not_more_magnesium() is not None or not s.magnesium_gap
    notes = medication_notes()
    doctor_first = {n for m in person.medications or () for n in notes[m].doctor_before}
    if person.medications is None or Condition.KIDNEY_DISEASE in (person.conditions or ()):
        doctor_first.add(MAGNESIUM)
    for quote in result.quotes:
        assert not (no_more_magnesium and "more_magnesium" in quote.advice), quote.id
        assert not (MAGNESIUM in doctor_first and "more_magnesium" in quote.advice), quote.id
        assert not ((s.why_not_more(CALCIUM) or s.expecting) and "more_calcium" in quote.advice), quote.id
        less_calcium = s.calcium_supplement_room() <= 0 or s.calcium_change_for_the_doctor
        assert not (less_calcium and "less_calcium_supplement" in quote.advice), quote.id
    for suggestion in result.suggestions:
        nutrient = _nutrient(suggestion.nutrient)
        more = suggestion.change is not None and suggestion.change > 0
        if nutrient is MAGNESIUM:
            assert not (s.why_not_more_magnesium() and suggestion.change), suggestion.message
        if Condition.KIDNEY_DISEASE in (person.conditions or ()) or nutrient in doctor_first:
            assert not more, suggestion.message
        if nutrient is CALCIUM and s.vitamin_d_may_be_above_ul:
            assert not more, suggestion.message
        if s.calcium_change_for_the_doctor and nutrient is CALCIUM:
            assert not (suggestion.change and suggestion.change < 0), suggestion.message
            assert "come down by" not in suggestion.message
        if suggestion.change is None:
            continue
        total = s.intake[nutrient].total
        rda = s.reference_floor(nutrient).amount
        limit = s.limits[nutrient]
        if suggestion.change < 0:  # less: never below the RDA
            assert s.reference is not None
            assert total.low + suggestion.change >= rda - 1e-6
        else:  # more: a gap closed to the (lowest possible) RDA, never past an upper limit on the total
            assert total.high + suggestion.change <= rda + 1e-6
            if limit.amount is not None and limit.scope == "total":
                assert total.high + suggestion.change <= limit.amount
            assert suggestion.change >= 0.1 * rda  # only a gap worth closing


_ONE_TO_ONE = re.compile(r"1:1 would mean about ([\d,]+)(?:–([\d,]+))? mg of magnesium")


@given(answers())
def test_the_1_to_1_note_names_only_magnesium_between_the_rda_and_what_can_be_reached(person):
    s = situation(person)
    for quote in assess(person).quotes:
        found = _ONE_TO_ONE.search(quote.caveat or "")
        if found is None:
            continue
        low = float(found.group(1).replace(",", ""))
        high = float((found.group(2) or found.group(1)).replace(",", ""))
        assert low >= s.reference_floor(MAGNESIUM).amount - 0.5, quote.caveat
        assert high <= magnesium_reach(s) + 0.5, quote.caveat
        assert s.magnesium_gap


@given(answers())
def test_harm_comes_first_and_every_limit_that_may_be_crossed_is_named(person):
    s = situation(person)
    result = assess(person)
    kinds = [HARM_ORDER.index(w.kind) for w in result.warnings]
    assert kinds == sorted(kinds)
    codes = {w.code for w in result.warnings}
    if s.child:
        return
    magnesium = s.limits[MAGNESIUM].amount
    supplemental = s.intake[MAGNESIUM].supplements
    if magnesium is not None and supplemental.bounded and supplemental.high > magnesium:
        assert WarningCode.MAGNESIUM_SUPPLEMENT_ABOVE_UL in codes  # the highest share of a range counts
    for nutrient, code in ((CALCIUM, WarningCode.CALCIUM_ABOVE_UL), (VITAMIN_D, WarningCode.VITAMIN_D_ABOVE_UL)):
        limit = s.limits[nutrient].amount
        total = s.intake[nutrient].total
        if limit is not None and total.bounded and total.high > limit:
            assert code in codes
            warning = next(w for w in result.warnings if w.code == code)
            assert amount_text(*total, nutrient.unit) in warning.message  # the total as shown
    sections = [section.title for section in report(result)]
    if any(w.kind == "upper_limit" for w in result.warnings):
        assert sections[0] == LIMITS_TITLE
    if result.suggestions and result.scope_note is None:
        assert sections.index(FOOD_TITLE) < sections.index(result.balance.headline)


@given(supplements())
def test_a_compound_weight_counts_over_its_forms_whole_range(item):
    supplement = Supplement.model_validate(item)
    amount = supplement.per_day_amount()
    if amount is None or supplement.nutrient is Nutrient.VITAMIN_D or supplement.basis is Basis.ELEMENTAL:
        return
    form = find_form(supplement.nutrient, supplement.form) if supplement.form else None
    label = item["amount"] * item["per_day"]
    if supplement.basis is Basis.COMPOUND:
        assert form is not None
        assert amount.high == pytest.approx(label * form.elemental_percent_high / 100)
    else:
        assert amount.high == pytest.approx(label)


@given(answers())
def test_a_ratio_whenever_something_is_known_of_both_minerals(person):
    s = situation(person)
    result = assess(person)
    calcium, magnesium = s.intake[CALCIUM].total, s.intake[MAGNESIUM].total
    if s.child:
        assert result.ratio is None
        assert result.scope_note
    elif calcium.bounded and magnesium.low > 0:
        assert result.ratio is not None
        assert result.ratio_low is not None
        assert result.ratio_high is not None


def test_the_diet_shortcuts_give_a_ratio_from_the_survey():
    for pattern in ("western", "high_vegetable"):
        result = assess(
            Answers.model_validate({"age": 55, "sex": "male", "diet": {"pattern": pattern}, "supplements": []})
        )
        assert result.ratio is not None
        assert result.ratio_bound == "exact"
        assert result.calcium_mg.diet == 951  # NHANES men 51-70
        assert result.calcium_mg.diet_typical
        assert any("NHANES" in line for line in result.estimates)
    assert (
        assess(
            Answers.model_validate({"age": 55, "sex": "male", "diet": {"pattern": "high_vegetable"}})
        ).magnesium_mg.diet
        == 500
    )


def test_an_unanswered_food_group_becomes_a_range_not_unknown():
    answers = {"age": 40, "sex": "female", "diet": {"servings": {"dairy": None, "nuts_seeds": 1}}, "supplements": []}
    result = assess(Answers.model_validate(answers))
    assert result.ratio_bound == "between"
    assert result.ratio_low is not None
    assert result.ratio_high is not None
    assert result.ratio_low < result.ratio_high
    assert "between" in result.balance.explanation
    assert result.calcium_mg.total_max is not None
    assert result.calcium_mg.total_max > result.calcium_mg.total


@pytest.mark.parametrize("age", [0, 0.25, 0.9])
def test_infants_get_a_kind_explanation_and_no_totals(age):
    result = assess(Answers.model_validate({"age": age, "diet": {"servings": {"dairy": 1}}, "supplements": []}))
    assert result.scope_note is not None
    assert "breast milk or formula" in result.scope_note
    assert result.ratio is None
    assert result.suggestions == ()
    assert result.quotes == ()


@pytest.mark.parametrize("age", [1, 4, 8.9])
def test_young_children_get_no_adult_basket_and_no_food_advice(age):
    answers = {"age": age, "sex": "male", "diet": {"servings": {"fish_with_bones": 1}}, "supplements": []}
    result = assess(Answers.model_validate(answers))
    assert result.scope_note is not None
    assert "doctor" in result.scope_note
    assert result.suggestions == ()
    assert result.quotes == ()
    assert result.calcium_mg.total == 0
    assert result.calcium_mg.at_least


def test_a_childs_supplement_above_its_own_limit_is_still_warned():
    child = {"age": 6, "supplements": [{"nutrient": "magnesium", "amount": 120}]}
    warning = assess(Answers.model_validate(child)).warnings[0]
    assert "110 mg" in warning.message


def test_male_and_pregnant_is_refused_with_a_clear_reason():
    with pytest.raises(ValueError, match="Pregnancy and breastfeeding go with the female reference values"):
        Answers.model_validate({"age": 30, "sex": "male", "life_stage": "pregnant"})


def test_no_suggestion_for_a_gap_under_a_tenth_of_the_rda():
    # examples/balanced_woman.json: 901 mg calcium against 1,000 mg
    servings = {"dairy": 1, "leafy_greens": 1, "spinach": 1, "nuts_seeds": 2, "beans_lentils": 1, "whole_grains": 2}
    result = assess(Answers.model_validate({"age": 28, "sex": "female", "diet": {"servings": servings}}))
    gap = 1000 - result.calcium_mg.total
    assert 0 < gap < 100
    assert "more_calcium_from_food" not in {s.code for s in result.suggestions}


def test_suggestions_name_foods_in_everyday_words():
    result = assess(
        Answers.model_validate(
            {"age": 40, "sex": "male", "diet": {"servings": {}}, "supplements": [], "conditions": []}
        )
    )
    foods = [f.food for s in result.suggestions for f in s.foods]
    assert "rainbow trout" in foods
    assert not any("," in food for food in foods)


def test_the_osteoporosis_woman_whose_supplement_lifts_her_to_the_rda_is_not_told_to_take_less():
    answers = {
        "age": 60,
        "sex": "female",
        "diet": {"servings": {"dairy": 1}},
        "supplements": [{"nutrient": "calcium", "amount": 600}],
        "conditions": ["osteoporosis"],
    }
    result = assess(Answers.model_validate(answers))
    assert result.calcium_mg.total < 1200 + 600  # her supplement is what brings her near her RDA of 1,200
    assert "review_calcium_supplements" not in {s.code for s in result.suggestions}
    assert all("less_calcium_supplement" not in q.advice for q in result.quotes)
    assert not math.isnan(result.calcium_mg.total)


@pytest.mark.parametrize(
    ("diet", "room", "alone"),
    [({"pattern": "western"}, "200 mg", True), ({"servings": {"dairy": 3, "leafy_greens": 1}}, "1,200 mg", False)],
)
def test_how_far_calcium_supplements_could_come_down_says_what_it_counted(diet, room, alone):
    """A typical diet's food figure isn't counted as the person's: the room is their supplements'
    alone, and the message says so; their own foods are counted."""
    answers = {
        "age": 40,
        "sex": "male",
        "diet": diet,
        "supplements": [{"nutrient": "calcium", "amount": 1200}],
        "conditions": [],
        "medications": [],
    }
    found = assess(Answers.model_validate(answers)).suggestions
    review = next(s for s in found if s.code == "review_calcium_supplements")
    assert f"come down by up to {room} a day" in review.message
    assert ("Leaving food out" in review.message) is alone


PRENATAL = [
    {"nutrient": "calcium", "amount": 200},
    {"nutrient": "magnesium", "amount": 50},
    {"nutrient": "vitamin_d", "amount": 400},
    {"nutrient": "vitamin_d", "amount": 1000},
]


@pytest.mark.parametrize(
    ("changes", "who"),
    [
        ({"life_stage": "pregnant"}, "doctor or midwife"),
        ({"life_stage": "lactating"}, "doctor or midwife"),
        ({"conditions": ["kidney_disease"]}, "With kidney disease"),
        ({"medications": ["ppi"]}, "With the medicines you take"),
        ({"medications": ["bisphosphonate"]}, "With a bisphosphonate"),
    ],
)
def test_less_calcium_is_left_to_the_doctor_wherever_a_note_asks_for_one(changes, who):
    """The walk's pregnant vegan on a prenatal vitamin was told her calcium supplements "could come
    down by up to 200 mg": pregnancy, breastfeeding, kidney disease and a medicine whose note says
    talk to your doctor weigh like osteoporosis: no amount, the doctor (or midwife) decides."""
    answers = {
        "age": 30,
        "sex": "female",
        "diet": {"servings": {"leafy_greens": 2, "beans_lentils": 1, "nuts_seeds": 1, "dairy": 3}},
        "soda_per_day": 0,
        "supplements": PRENATAL,
        "conditions": [],
        "medications": [],
        **changes,
    }
    result = assess(Answers.model_validate(answers))
    codes = {s.code for s in result.suggestions}
    assert "review_calcium_supplements" not in codes
    assert "calcium_supplements_doctor_decides" in codes
    advice = next(s for s in result.suggestions if s.code == "calcium_supplements_doctor_decides")
    assert who in advice.message
    assert "come down by" not in advice.message
    assert advice.change is None
    assert all("less_calcium_supplement" not in q.advice for q in result.quotes)
    without = assess(Answers.model_validate({**answers, "life_stage": None, "conditions": [], "medications": []}))
    assert "review_calcium_supplements" in {s.code for s in without.suggestions}  # the same person, no note


def test_no_passage_urging_calcium_supplements_reaches_a_pregnant_woman():
    answers = {"age": 30, "sex": "female", "life_stage": "pregnant", "diet": {"pattern": "high_vegetable"}}
    s = situation(Answers.model_validate(answers))
    assert MORE_CALCIUM in unsafe_advice(s)
