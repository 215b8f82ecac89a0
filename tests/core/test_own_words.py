"""Answers in people's own words: how often in words, typos in button words, and never a number
taken out of a sentence about something else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camag_core.parsing import ParseError
from camag_core.questionnaire import QUESTIONS, Kind, answer_text, question, shown

_NUMBER_QUESTIONS = [q.id for q in QUESTIONS if q.kind is Kind.NUMBER]


@pytest.mark.parametrize(
    ("question_id", "typed", "said_back"),
    [
        ("servings.dairy", "never", "0 a day"),
        ("servings.dairy", "rarely", "1 a month"),
        ("servings.dairy", "sometimes, maybe twice a week", "2 a week"),
        ("servings.fish_with_bones", "once a week sardines", "1 a week"),
        ("servings.dairy", "most days", "5 a week"),
        ("servings.whole_grains", "oatmeal every morning", "1 a day"),
        ("servings.nuts_seeds", "a handful of almonds", "1 a day"),
        ("servings.dairy", "a glass", "1 a day"),
        ("servings.dairy", "2-3 glases of milk a week", "2.5 a week"),
        ("servings.dairy", "none", "0 a day"),
        ("soda_per_day", "none", "0 a day"),
        ("soda_per_day", "no", "0 a day"),
        ("soda_per_day", "i dont drink soda", "0 a day"),
        ("soda_per_day", "2 cans of coke a day", "2 a day"),
        ("age", "im 68 years old", "68"),
    ],
)
def test_how_often_in_words_is_read_and_said_back(question_id, typed, said_back):
    q = question(question_id)
    assert shown(q, answer_text({}, question_id, typed)) == said_back


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("servings.fish_with_bones", "just 1 glas of water and coffee"),
        ("servings.dairy", "1 cup of coffee"),
        ("age", "my grandson is 12"),
        ("age", "i 1 and water"),  # a bare "i 1" beside another clause says no age (found by Hypothesis)
        ("soda_per_day", "3 cups of tea"),
    ],
)
def test_a_number_in_a_sentence_about_something_else_is_not_an_answer(question_id, typed):
    with pytest.raises(ParseError, match="about something else"):
        answer_text({}, question_id, typed)


def test_sometimes_alone_asks_how_often():
    with pytest.raises(ParseError, match="how many times a week"):
        answer_text({}, "servings.dairy", "sometimes")


_ELSEWHERE = st.sampled_from(
    [
        "water", "coffee", "tea", "beer", "wine", "dog", "dogs", "cat", "car", "bus", "grandson", "daughter", "work",
        "walks", "steps", "hours", "emails", "tv", "books", "garden", "stairs", "miles", "friends", "kids", "church",
    ]
)  # fmt: skip
_AROUND = st.sampled_from(
    ["1", "2", "3", "10", "one", "two", "a", "just", "of", "and", "with", "my", "the", "i", "have", "cups", "a day"]
)


@given(st.lists(_AROUND, max_size=5), _ELSEWHERE, st.lists(_AROUND, max_size=5), st.sampled_from(_NUMBER_QUESTIONS))
def test_a_sentence_about_something_else_never_yields_a_stored_number(before, elsewhere, after, question_id):
    typed = " ".join([*before, elsewhere, *after])
    try:
        draft = answer_text({}, question_id, typed)
    except ParseError:
        return
    assert draft[question_id] is None, typed  # at most "I don't know", never a number


@pytest.mark.parametrize(
    ("question_id", "typed", "value"),
    [
        ("sex", "femal", "female"),
        ("sex", "femle", "female"),
        ("sex", "mael", "male"),  # two letters swapped
        ("life_stage", "pregnent", "pregnant"),
        ("diet", "westren", "western"),
        ("conditions", "osteoperosis", ["osteoporosis"]),
        ("conditions", "kidny stones", ["kidney_stones"]),
        ("medications", "alendronat once a week", ["bisphosphonate"]),
        ("medications", "omeprazol", ["ppi"]),
    ],
)
def test_button_words_with_typos_are_matched(question_id, typed, value):
    assert answer_text({}, question_id, typed)[question_id] == value


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [("sex", "mail"), ("sex", "fmale"), ("conditions", "kidney"), ("medications", "aspirin")],
)
def test_a_name_close_to_none_or_to_two_is_asked_again(question_id, typed):
    with pytest.raises(ParseError):
        answer_text({}, question_id, typed)


@pytest.mark.parametrize("question_id", [q.id for q in QUESTIONS if q.kind in (Kind.CHOICE, Kind.MULTI)])
def test_a_reprompt_for_a_button_word_stays_short(question_id):
    with pytest.raises(ParseError) as error:
        answer_text({}, question_id, "zzzz " * 150)
    assert len(str(error.value)) < 200
