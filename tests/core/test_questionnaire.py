"""The interview as data: order, conditions, Back, skip, editing, and the answers it produces."""

from __future__ import annotations

from typing import Any

import pytest

from camag_core import Answers
from camag_core.parsing import ParseError
from camag_core.questionnaire import (
    QUESTIONS,
    Kind,
    answer_choice,
    answer_text,
    forget,
    next_question,
    previous_question,
    shown,
    skip,
    to_answers,
)


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


def test_back_returns_to_the_previous_applicable_question():
    draft = walk(QUICK[:3])
    current = next_question(draft)
    assert current is not None
    assert current.id == "soda_per_day"
    previous = previous_question(draft, current.id)
    assert previous is not None
    assert previous.id == "diet"
    assert next_question(forget(draft, previous.id)).id == "diet"
    assert previous_question({}, "age") is None


def test_changing_an_answer_on_review_keeps_the_others():
    draft = walk(QUICK)
    draft = answer_text(forget(draft, "sex"), "sex", "female")
    assert next_question(draft) is None  # 52: no pregnancy question
    assert to_answers(draft).sex == "female"
    assert to_answers(draft).supplements is not None


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
