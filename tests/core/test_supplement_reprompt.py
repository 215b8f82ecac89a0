"""Supplement answers a new-user walk (7 Dec) found misread or quoted wrongly."""

import pytest

from camag_core.parsing import ParseError, parse_supplements


def test_an_ambiguous_brand_in_a_list_is_quoted_as_typed():
    with pytest.raises(ParseError) as raised:
        parse_supplements("Tums 2 a day, 400 mg magnesium")
    assert "§" not in str(raised.value)  # it said: I couldn't read “§0  2 a day”: Which Tums is it?
    assert "tums" in str(raised.value).split(":")[0].lower()


@pytest.mark.parametrize(
    "typed",
    [
        "calcium 500 mg and magnesium 250 mg in one tablet, twice a day",
        "500 mg calcium and 400 IU vitamin D, 2 tablets a day",
    ],
)
def test_how_often_applies_to_every_nutrient_of_one_tablet(typed):
    per_day = [parsed.supplement.per_day for parsed in parse_supplements(typed)]
    assert per_day == [2.0, 2.0]  # calcium was counted once a day: [1.0, 2.0]


def test_someone_elses_dose_is_not_counted():
    try:
        found = parse_supplements("my mom takes 500 mg calcium but I don't take anything")
    except ParseError:
        return  # asking again is right too
    assert found == []  # it counted [500 mg calcium, 1 a day]


@pytest.mark.parametrize(
    ("typed", "per_day"),
    [
        ("calcium 600 mg twice a day and magnesium 200 mg, 1 a day", [2.0, 1.0]),  # each says its own
        ("calcium 500 mg, magnesium 250 mg, twice a day", [1.0, 2.0]),  # a list: the last one's
        ("кальций 500 мг и магний 250 мг в одной таблетке, два раза в день", [2.0, 2.0]),
        ("Calcium 500 mg und Vitamin D 400 IE, 2 Tabletten täglich", [2.0, 2.0]),
    ],
)
def test_how_often_after_a_comma_goes_with_what_says_none_of_its_own(typed, per_day):
    assert [parsed.supplement.per_day for parsed in parse_supplements(typed)] == per_day


@pytest.mark.parametrize(
    "typed",
    [
        "none, my doctor said 500 mg calcium might help",
        "no, my doctor said I should take 500 mg calcium",
        "ninguno, mi médico dijo que 500 mg de calcio podría ayudar",
        "keine, mein Arzt sagt, 500 mg Calcium könnte helfen",
        "нет, врач сказал, что 500 мг кальция может помочь",
    ],
)
def test_none_then_advice_is_none(typed):
    assert parse_supplements(typed) == []  # it said: I couldn't read “none”: Which nutrient is it?


def test_advice_alone_is_not_counted_as_taken():
    with pytest.raises(ParseError, match="advice or a plan"):
        parse_supplements("my doctor said 500 mg calcium might help")  # it counted 500 mg calcium a day
    assert len(parse_supplements("calcium 500 mg prescribed by my doctor")) == 1


def test_none_then_only_advice_is_none_but_a_supplement_named_with_advice_is_never_dropped():
    assert parse_supplements("none, my doctor said 500 mg calcium might help") == []
    named = ("0 magnesium, 500 mg calcium as my doctor advised", "no magnesium, but 500 mg calcium my doctor said")
    for typed in named:
        with pytest.raises(ParseError):  # asked about, not read as none
            parse_supplements(typed)
