"""The interview as data: order, conditions, Back, skip, editing, and the answers it produces."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from camag_core import Answers, DietServings, navigation
from camag_core.balance import assess
from camag_core.i18n import texts
from camag_core.navigation import Move
from camag_core.parsing import ParseError
from camag_core.questionnaire import (
    QUESTIONS,
    FollowUp,
    Kind,
    Unfinished,
    answer_choice,
    answer_text,
    draft_from,
    next_question,
    none_of_these,
    previous_question,
    progress,
    question,
    shown,
    skip,
    to_answers,
)
from camag_core.report import plain_text, report


def walk(steps: list[tuple[str, str]]) -> dict[str, Any]:
    """Answer questions in the order they come; each step is (expected question id, typed text)."""
    draft: dict[str, Any] = {}
    for expected, text in steps:
        q = next_question(draft)
        assert q is not None
        assert q.id == expected
        draft = answer_text(draft, q.id, text)
    return draft


QUICK = [
    ("age", "52"),
    ("sex", "male"),
    ("diet", "western"),
    ("soda_per_day", "1"),
    ("supplements", "calcium 500 mg, 1000 IU vitamin D"),
    ("conditions", "none"),
    ("medications", "none"),
]


def test_the_quick_path_asks_seven_questions_and_ends():
    draft = walk(QUICK)
    assert next_question(draft) is None
    answers = to_answers(draft)
    assert answers.diet is not None
    assert answers.diet.model_dump() == {"pattern": "western"}
    assert [s.nutrient for s in answers.supplements or []] == ["calcium", "vitamin_d"]
    assert answers.life_stage is None


def test_pregnancy_is_asked_only_of_women_of_child_bearing_age_or_unknown_age():
    assert next_question({"age": 30.0, "sex": "female"}).id == "life_stage"
    assert next_question({"age": None, "sex": "female"}).id == "life_stage"
    assert next_question({"age": 60.0, "sex": "female"}).id == "diet"
    assert next_question({"age": 30.0, "sex": "male"}).id == "diet"


def test_food_questions_follow_the_servings_choice():
    draft = answer_choice({"age": 40.0, "sex": "male"}, "diet", "servings")
    asked = []
    while (q := next_question(draft)) is not None and q.id.startswith("servings."):
        asked.append(q.id)
        draft = answer_text(draft, q.id, "1")
    assert len(asked) == 10
    answers = to_answers(draft)
    assert answers.diet is not None
    assert answers.diet.model_dump()["servings"]["dairy"] == 1


def test_a_plant_based_diet_skips_the_dairy_and_fish_questions_and_counts_them_as_none():
    draft = answer_text({"age": 30.0, "sex": "male"}, "diet", "vegan")
    asked = []
    while (q := next_question(draft)) is not None and q.id.startswith("servings."):
        asked.append(q.id)
        assert progress(q, draft).steps == 7
        draft = answer_text(draft, q.id, "1")
    assert "servings.dairy" not in asked
    assert "servings.fish_with_bones" not in asked
    assert "servings.oily_fish" not in asked
    assert len(asked) == 7
    answers = to_answers(draft)
    assert isinstance(answers.diet, DietServings)
    assert answers.diet.servings["dairy"] == 0
    assert answers.diet.servings["oily_fish"] == 0
    assert answers.diet.servings["tofu"] == 1
    assert answers.diet.plant_based
    assert draft_from(answers)["diet"] == "plant_based"  # kept when an answer is changed on the review


def test_a_plant_based_diet_is_offered_no_food_from_animals():
    """A pregnant vegan short of calcium and vitamin D: every food offered, in the suggestions and
    in the summary's "other foods", is a plant's (not yogurt, trout, sardines or eggs)."""
    draft = answer_text({"age": 30.0, "sex": "female", "life_stage": "pregnant"}, "diet", "vegan")
    while (q := next_question(draft)) is not None and q.id.startswith("servings."):
        draft = answer_text(draft, q.id, "0")
    answers = to_answers(draft).model_copy(update={"supplements": [], "conditions": [], "medications": []})
    result = assess(answers)
    offered = [f.food for s in result.suggestions for f in s.foods]
    assert {s.nutrient for s in result.suggestions} >= {"calcium", "vitamin_d"}
    assert offered
    said = " ".join([s.message for s in result.suggestions] + [plain_text(report(result))])
    for animal in ("yogurt", "milk,", "cheese", "trout", "salmon", "sardines", "egg"):
        assert animal not in said.lower().replace("soy milk", "").replace("almond milk", "")
    mixed = assess(answers.model_copy(update={"diet": answers.diet.model_copy(update={"plant_based": False})}))
    assert any(f.food == "rainbow trout" for s in mixed.suggestions for f in s.foods)  # the same person, not vegan


def test_elemental_or_compound_is_asked_only_when_it_changes_the_count():
    base = {"age": 40.0, "sex": "male", "diet": "western", "soda_per_day": 0.0}
    plain = answer_text(base, "supplements", "magnesium 200 mg")
    assert next_question(plain).id == "conditions"
    with_form = answer_text(base, "supplements", "400 mg magnesium oxide")
    assert next_question(with_form).id == "supplement_basis"
    compound = answer_choice(with_form, "supplement_basis", "compound")
    answers = to_answers({**compound, "conditions": [], "medications": []})
    assert answers.supplements is not None
    assert answers.supplements[0].per_day_amount() == pytest.approx((240, 240))


def test_new_supplements_need_the_basis_question_again():
    draft = answer_choice(answer_text({}, "supplements", "400 mg magnesium oxide"), "supplement_basis", "elemental")
    assert "supplement_basis" not in answer_text(draft, "supplements", "300 mg magnesium citrate")


def test_skip_records_i_dont_know_and_the_result_says_at_least():
    draft = walk(QUICK[:4])
    draft = skip(draft, "supplements")
    assert shown(next(q for q in QUESTIONS if q.id == "supplements"), draft) == "I don't know"
    answers = to_answers({**draft, "conditions": [], "medications": []})
    assert answers.supplements is None


def test_typed_i_dont_know_is_a_skip():
    assert answer_text({}, "age", "I don't know") == {"age": None}


def test_back_returns_to_the_previous_applicable_question_keeping_its_answer():
    draft = walk(QUICK[:3])
    current = navigation.current(draft, navigation.START)
    assert current is not None
    assert current.id == "soda_per_day"
    kept, position = navigation.back(draft, navigation.START, current.id)
    assert kept == draft
    assert position == navigation.Position("diet")
    asked = navigation.current(draft, position)
    assert asked is not None
    assert asked.id == "diet"
    assert "diet" in draft  # kept, and shown with the question
    assert navigation.after_answer(draft, position, asked) == navigation.START  # on to soft drinks
    assert previous_question({}, "age") is None


def test_after_back_answers_lead_on_through_the_questions_answered_before():
    draft = walk(QUICK[:3])
    _, position = navigation.back(draft, navigation.back(draft, navigation.START, "soda_per_day")[1], "diet")
    assert position == navigation.Position("sex")
    sex = question("sex")
    assert navigation.after_answer(draft, position, sex) == navigation.Position("diet")


def test_changing_an_answer_on_review_keeps_the_others_and_returns_to_the_review():
    draft = walk(QUICK)
    position = navigation.change("sex")
    assert navigation.current(draft, position) == question("sex")
    draft = answer_text(draft, "sex", "female")
    assert navigation.after_answer(draft, position, question("sex")) == navigation.START
    assert navigation.current(draft, navigation.START) is None  # 52: no pregnancy question: the review
    assert navigation.back(draft, position, "sex") == (draft, navigation.START)  # Back, too, returns to it
    assert to_answers(draft).sex == "female"
    assert to_answers(draft).supplements is not None


@pytest.mark.parametrize(
    ("typed", "move"),
    [("back", Move.BACK), ("go back 👈", Move.BACK), ("/back", Move.BACK), ("skip", Move.SKIP), ("keep it", Move.KEEP)],
)
def test_moves_typed_instead_of_tapped(typed, move):
    assert navigation.typed_move(typed) is move
    assert navigation.typed_move(f"{typed} my age is 40") is None


def test_a_results_answers_make_a_draft_every_question_answered_the_same_answers():
    answers = to_answers(walk(QUICK))
    draft = draft_from(answers)
    assert navigation.current(draft, navigation.START) is None  # straight to the review
    assert to_answers(draft) == answers


def test_answers_of_questions_that_no_longer_apply_are_left_out():
    draft = walk([("age", "30"), ("sex", "female"), ("life_stage", "pregnant")])
    assert to_answers(draft).life_stage == "pregnant"
    assert to_answers({**draft, "sex": "male"}).life_stage is None


@pytest.mark.parametrize(
    ("question_id", "text"),
    [("age", "old"), ("sex", "banana"), ("soda_per_day", "lots"), ("supplements", "some pills"), ("conditions", "flu")],
)
def test_bad_answers_raise_a_reprompt_and_keep_the_draft(question_id, text):
    draft = {"age": 40.0}
    with pytest.raises(ParseError):
        answer_text(draft, question_id, text)
    assert draft == {"age": 40.0}


def test_multi_choice_by_tap_or_by_words():
    assert answer_choice({}, "medications", "diuretic,ppi")["medications"] == ["ppi", "diuretic"]
    assert answer_text({}, "conditions", "kidney stones and osteoporosis")["conditions"] == [
        "kidney_stones",
        "osteoporosis",
    ]
    with pytest.raises(ParseError):
        answer_choice({}, "medications", "aspirin")


def test_choices_by_name_word_or_prefix_never_by_a_bare_number():
    assert answer_text({}, "sex", "f")["sex"] == "female"
    assert answer_text({}, "diet", "Typical")["diet"] == "western"
    with pytest.raises(ParseError, match="tap a button"):
        answer_text({}, "sex", "2")  # buttons are not numbered: a digit must not pick Male


@pytest.mark.parametrize(
    ("question_id", "typed", "value"),
    [
        ("conditions", "None of these", []),
        ("conditions", "none of these", []),
        ("medications", "nope", []),
        ("sex", "woman", "female"),
        ("sex", "guy 👍", "male"),
        ("sex", "I'm a woman!", "female"),
        ("diet", "food questions", "servings"),
        ("diet", "mostly veggies lol", "high_vegetable"),
        ("life_stage", "nope", "neither"),
        ("supplement_basis", "the mineral itself", "elemental"),
        ("supplements", "idk 🤷", None),
        ("medications", "furosemide and omeprazole", ["ppi", "loop_diuretic"]),
        ("conditions", "Kidney stones (now or before), Osteoporosis", ["kidney_stones", "osteoporosis"]),
    ],
)
def test_every_buttons_words_work_typed_with_emoji_or_filler(question_id, typed, value):
    assert answer_text({}, question_id, typed)[question_id] == value


def test_every_button_label_typed_in_any_case_is_its_choice():
    for q in QUESTIONS:
        if q.kind not in (Kind.CHOICE, Kind.MULTI):
            continue
        for choice in q.choices:
            for typed in (choice.label, choice.label.upper(), f"{choice.label.lower()} 👍 pls"):
                answer = answer_text({}, q.id, typed)[q.id]
                assert answer == ([choice.value] if q.kind is Kind.MULTI else choice.value), (q.id, typed)


def test_every_question_is_well_formed():
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    for q in QUESTIONS:
        assert q.prompt
        if q.kind in (Kind.CHOICE, Kind.MULTI):
            assert q.choices
        if q.kind is Kind.NUMBER:
            assert q.read is not None


def test_a_draft_survives_json():
    import json

    draft = walk(QUICK)
    assert to_answers(json.loads(json.dumps(draft))) == to_answers(draft)
    assert isinstance(to_answers(draft), Answers)


def test_a_change_on_the_review_that_brings_in_questions_keeps_the_way_back_to_the_review():
    draft = walk(QUICK)
    position = navigation.change("diet")
    draft = answer_choice(draft, "diet", "servings")
    position = navigation.after_answer(draft, position, question("diet"))
    assert position.editing  # "Back to the review" stays on the food questions
    asked = navigation.current(draft, position)
    assert asked is not None
    assert asked.id == "servings.dairy"
    draft = answer_text(draft, "servings.dairy", "2")
    position = navigation.after_answer(draft, position, asked)
    assert position.editing
    kept, position = navigation.back(draft, position, "servings.fortified_drinks")
    assert position == navigation.START
    assert navigation.current(kept, position) is None  # the review
    assert kept["servings.dairy"] == 2
    assert kept["servings.fortified_drinks"] is None  # shown as "I don't know", to change in turn


@pytest.mark.parametrize(("age", "asked_about_food"), [("6 months", False), ("8", False), ("9", True), ("skip", True)])
def test_food_and_drink_are_asked_only_where_camag_has_a_food_model(age: str, asked_about_food: bool):
    """Under 9 no food is counted, so the food and soft-drink questions are not asked; the
    supplements and medicines, which bring the limits' warnings, still are."""
    draft = skip({}, "age") if age == "skip" else answer_text({}, "age", age)
    draft = answer_text(draft, "sex", "male")
    asked = []
    while (q := next_question(draft)) is not None:
        asked.append(q.id)
        draft = skip(draft, q.id)
    assert ("diet" in asked) is asked_about_food
    assert ("soda_per_day" in asked) is asked_about_food
    assert {"supplements", "conditions", "medications"} <= set(asked)


def _follow_up(question_id: str, typed: str) -> FollowUp:
    with pytest.raises(Unfinished) as asked:
        answer_text({}, question_id, typed)
    return asked.value.follow_up


@pytest.mark.parametrize(
    ("question_id", "typed", "per_day"),
    [
        ("servings.dairy", "4", 4 / 7),
        ("servings.dairy", "3", 3 / 7),
        ("servings.beans_lentils", "2 cans", 2 / 7),
        ("soda_per_day", "5", 5 / 7),
        ("servings.dairy", "4 a day", 4),  # a how often of its own is read as said
        ("servings.dairy", "never", 0),
    ],
)
def test_a_number_answering_how_many_times_a_week_is_a_weeks_count(question_id, typed, per_day):
    follow_up = _follow_up(question_id, "sometimes")
    assert follow_up.per_week
    assert answer_text({}, question_id, typed, follow_up=follow_up)[question_id] == pytest.approx(per_day)
    assert follow_up.reasked() is None  # a re-prompt about something else: a number is a day's again


def test_a_follow_up_of_another_question_is_not_applied():
    follow_up = _follow_up("servings.dairy", "sometimes")
    assert answer_text({}, "servings.nuts_seeds", "4", follow_up=follow_up)["servings.nuts_seeds"] == 4


def test_one_unclear_supplement_is_asked_about_and_the_answer_adds_to_the_others():
    follow_up = _follow_up("supplements", "500 mg magnesium oxide, Tums 2 a day, 1000 IU vitamin D")
    assert [item["supplement"]["nutrient"] for item in follow_up.kept] == ["magnesium", "vitamin_d"]
    assert follow_up.reasked() == follow_up  # "Tums" alone again: still asked, the others still kept
    draft = answer_text({}, "supplements", "Tums Extra Strength 750 twice a day", follow_up=follow_up)
    assert [item["supplement"]["nutrient"] for item in draft["supplements"]] == ["magnesium", "vitamin_d", "calcium"]
    assert answer_text({}, "supplements", "none", follow_up=follow_up)["supplements"] == follow_up.kept
    assert answer_text({}, "supplements", "I don't know", follow_up=follow_up)["supplements"] == follow_up.kept
    again = "500 mg magnesium oxide, Tums Extra Strength 750 twice a day, 1000 IU vitamin D"  # the whole list
    draft = answer_text({}, "supplements", again, follow_up=follow_up)
    assert [item["supplement"]["nutrient"] for item in draft["supplements"]] == ["magnesium", "vitamin_d", "calcium"]


@pytest.mark.parametrize(
    ("language", "conditions", "medications", "supplements", "buttons"),
    [
        ("es", "Ninguna", "Ninguno", "Ninguno", ("Ninguna de estas", "Ninguno de estos")),
        ("ru", "Нет", "Нет", "Нет", ("Ничего из этого", "Ничего из этого")),
        ("de", "Keine", "Keine", "Keine", ("Nichts davon", "Nichts davon")),
    ],
)
def test_none_agrees_with_what_it_answers(language, conditions, medications, supplements, buttons):
    t = texts(language)
    draft = {"conditions": [], "medications": [], "supplements": []}
    said = [shown(question(q), draft, t=t) for q in ("conditions", "medications", "supplements")]
    assert said == [conditions, medications, supplements]
    assert tuple(none_of_these(question(q), t=t) for q in ("conditions", "medications")) == buttons


@pytest.mark.parametrize(
    ("months", "said"), [(1, "1 месяц"), (5, "5 месяцев"), (5.5, "5,5 месяца"), (11, "11 месяцев")]
)
def test_a_baby_s_age_in_months_takes_the_form_its_number_asks_for(months, said):
    assert shown(question("age"), {"age": months / 12}, t=texts("ru")) == said  # a fraction: "5,5 месяца"


@pytest.mark.parametrize(
    "typed",
    [
        "2010",
        "born in 2010",
        "I was born in 2010",
        "Born 2010.",
        "nací en 2010",
        "ich bin 2010 geboren",
        "родилась в 2010 году",
    ],
)
def test_a_birth_year_at_the_age_question_offers_the_age_it_means(typed):
    with pytest.raises(ParseError) as asked:
        answer_text({}, "age", typed, today=date(2026, 12, 7))  # it said: between 0 and 120; you typed 2,010
    assert "you are 15 or 16" in str(asked.value)
    with pytest.raises(ParseError, match="Is 2010 the year you were born"):
        answer_text({}, "age", typed)  # no date known: asked, no age offered
