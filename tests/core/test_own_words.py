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
        "perro", "agua", "trabajo", "pelo", "Tisch", "Wasser", "Arbeit", "Wein", "работа", "вода", "машина", "кошка",
    ]
)  # fmt: skip
_AROUND = st.sampled_from(
    ["1", "2", "3", "10", "one", "two", "a", "just", "of", "and", "with", "my", "the", "i", "have", "cups", "a day",
     "dos", "zwei", "два", "un", "ein", "y", "und", "и", "vasos", "Gläser", "стакана", "al día", "в день"]
)  # fmt: skip


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
        ("diet", "vegatarian", "high_vegetable"),  # not vegan, though "vegan" is like its first letters
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


@pytest.mark.parametrize(
    ("typed", "per_day"),
    [
        ("a coke", 1),
        ("2 coca colas a day", 2),
        ("dr pepper twice a week", 2 / 7),
        ("dos latas de coca cola al día", 2),
        ("una coca", 1),
        ("2 cocacolas al dia", 2),
        ("una botella de coca cola a la semana", 1 / 7),
        ("un refresco al día", 1),
        ("ein Spezi", 1),
        ("2 Spezi pro Woche", 2 / 7),
        ("eine Flasche Cola pro Woche", 1 / 7),
        ("zwei Flaschen Limo am Tag", 2),
        ("2 бутылки колы в неделю", 2 / 7),
        ("банка пепси в день", 1),
        ("две фанты в неделю", 2 / 7),
        ("одна бутылка газировки", 1),
        ("a coke and a sprite", 2),
        ("2 cokes a day and a pepsi on weekends", 2 + 2 / 7),
        ("una coca los fines de semana", 2 / 7),
    ],
)
def test_soft_drinks_by_brand_or_common_name_are_counted(typed, per_day):
    assert answer_text({}, "soda_per_day", typed)["soda_per_day"] == pytest.approx(per_day)


@pytest.mark.parametrize(
    "typed",
    ["coca cola", "cocacola", "refresco", "Cola", "Limo", "Spezi", "кола", "газировка", "кока кола", "пепси", "coke"],
)
def test_a_soft_drink_named_without_how_many_is_asked_how_often(typed):
    with pytest.raises(ParseError, match="how many times a week"):
        answer_text({}, "soda_per_day", typed)


def test_a_soft_drink_someone_else_has_is_not_counted():
    with pytest.raises(ParseError, match="about something else"):
        answer_text({}, "soda_per_day", "mi hija toma 2 cocas")


@pytest.mark.parametrize(
    ("question_id", "typed", "per_day"),
    [
        ("servings.fish_with_bones", "una lata de sardnas a la semana", 1 / 7),  # sardinas
        ("servings.dairy", "ein Glas Milsh", 1),  # Milch
        ("servings.dairy", "стакан малока в день", 1),  # молока
        ("soda_per_day", "dos latas de refrsco", 2),  # refresco
    ],
)
def test_a_food_named_in_another_language_with_a_typo_is_about_its_question(question_id, typed, per_day):
    assert answer_text({}, question_id, typed)[question_id] == pytest.approx(per_day)


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("servings.dairy", "2 Löffel Mehl"),  # flour, one slip from "mehr" (more): not milk
        ("servings.dairy", "ein Glas Mihlc"),  # two slips from Milch
        ("servings.dairy", "стакан воды"),
        ("soda_per_day", "beer 1"),  # one slip from "beber" (drink): a word of any answer, not of the topic
        ("soda_per_day", "2 limones al día"),  # lemons, not "Limo" (lemonade)
        ("servings.fish_with_bones", "работа 1"),  # work, one slip from "рыбота", which "рыб\\w*" (fish) would read
        ("soda_per_day", "zwei кошка"),  # a cat: one slip from no word for a soft drink
        ("servings.fish_with_bones", "ein Tisch"),  # a table: "Fisch" only with its first letter changed
    ],
)
def test_a_word_one_slip_from_no_word_of_the_question_is_about_something_else(question_id, typed):
    with pytest.raises(ParseError, match="about something else"):
        answer_text({}, question_id, typed)


_WOMAN = {"sex": "female", "age": 30.0}


@pytest.mark.parametrize(
    ("question_id", "typed", "value"),
    [
        ("sex", "mujr", "female"),  # mujer
        ("sex", "muje", "female"),
        ("sex", "hombr", "male"),  # hombre
        ("sex", "chcia", "female"),  # chica, and not chico
        ("sex", "chca", "female"),  # a letter left out of chica (not "coca" with a letter changed)
        ("sex", "chcio", "male"),  # chico, and not chica
        ("sex", "frua", "female"),  # Frau
        ("sex", "fraü", "female"),
        ("sex", "weiblch", "female"),
        ("sex", "mänlich", "male"),
        ("sex", "женшина", "female"),  # женщина
        ("sex", "мужчна", "male"),  # мужчина
        ("sex", "жеснкий", "female"),  # женский, and not "вес" (weight): too short a stem to forgive a typo in
        ("life_stage", "embarazda", "pregnant"),
        ("life_stage", "estoy embarazda", "pregnant"),
        ("life_stage", "schwanegr", "pregnant"),
        ("life_stage", "беременан", "pregnant"),
        ("conditions", "Osteoporse und Nirensteine", ["kidney_stones", "osteoporosis"]),
        ("conditions", "остеопароз", ["osteoporosis"]),  # and not "костеопароз", which "кост\\w*" (bones) reads
        ("medications", "levotiroxna", ["levothyroxine"]),
    ],
)
def test_words_of_other_languages_with_typos_are_matched(question_id, typed, value):
    assert answer_text(dict(_WOMAN), question_id, typed)[question_id] == value


@pytest.mark.parametrize(
    ("question_id", "typed"),
    [
        ("sex", "chic"),  # one slip from chica and from chico
        ("sex", "Wein"),  # one slip from nein, kein and mein: none of them a sex
        ("life_stage", "Wein"),  # nein ("neither"), but also kein and mein
        ("supplement_basis", "pelo"),  # hair: in a word this short no letter is taken for another ("peso", weight)
        ("sex", "mesa"),
    ],
)
def test_a_word_of_another_language_one_slip_from_several_is_asked_again(question_id, typed):
    with pytest.raises(ParseError):
        answer_text(dict(_WOMAN), question_id, typed)


@pytest.mark.parametrize("question_id", [q.id for q in QUESTIONS if q.kind in (Kind.CHOICE, Kind.MULTI)])
def test_a_reprompt_for_a_button_word_stays_short(question_id):
    with pytest.raises(ParseError) as error:
        answer_text({}, question_id, "zzzz " * 150)
    assert len(str(error.value)) < 200
