"""The free-text parsers: what people type, and that nothing they type crashes them."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camag_core.nutrients import Nutrient
from camag_core.parsing import (
    UNKNOWN,
    ParseError,
    is_none,
    is_unknown,
    parse_age,
    parse_amount,
    parse_servings,
    parse_supplement,
    parse_supplements,
)
from camag_core.questionnaire import question
from camag_core.supplements import Unit


@pytest.mark.parametrize(
    ("text", "nutrient", "form", "amount", "unit", "per_day"),
    [
        ("2 tablets of 250 mg magnesium citrate", "magnesium", "magnesium citrate", 250, "mg", 2),
        ("1000 IU", "vitamin_d", None, 1000, "IU", 1),
        ("25 mcg", "vitamin_d", None, 25, "mcg", 1),
        ("25 µg vitamin D3", "vitamin_d", None, 25, "mcg", 1),
        ("half a gram of calcium carbonate", "calcium", "calcium carbonate", 0.5, "g", 1),
        ("Calcium 600 mg twice a day", "calcium", None, 600, "mg", 2),
        ("D3 5k IU", "vitamin_d", None, 5000, "IU", 1),
        ("50,000 IU vitamin D once a week", "vitamin_d", None, 50000, "IU", 1 / 7),
        ("2x250mg magnesium glycinate", "magnesium", "magnesium glycinate", 250, "mg", 2),
        ("magnesium oxide 400 mg x 2", "magnesium", "magnesium oxide", 400, "mg", 2),
        ("three capsules of magnesium 100mg", "magnesium", None, 100, "mg", 3),
        ("milk of magnesia 400 mg", "magnesium", "magnesium hydroxide (milk of magnesia)", 400, "mg", 1),
        ("calcium carbonate 1250 mg", "calcium", "calcium carbonate", 1250, "mg", 1),
        ("magnesium taurate 125mg", "magnesium", "magnesium taurate", 125, "mg", 1),
        ("oyster shell calcium 500 mg", "calcium", "oyster shell calcium", 500, "mg", 1),
        ("MCHC 1000 mg", "calcium", "calcium hydroxyapatite (MCHC)", 1000, "mg", 1),
        ("calcium citrate malate 500mg", "calcium", "calcium citrate malate", 500, "mg", 1),
        ("mag glycerophosphate 200 mg", "magnesium", "magnesium glycerophosphate", 200, "mg", 1),
        ("magnesium 400", "magnesium", None, 400, "mg", 1),
        ("magnesium", "magnesium", None, None, "mg", 1),
        ("1 ½ tablets of 200 mg magnesium", "magnesium", None, 200, "mg", 1.5),
        ("magnesium 400 mg every other day", "magnesium", None, 400, "mg", 0.5),
        ("magnesium citrate 400 mg only on weekends", "magnesium", "magnesium citrate", 400, "mg", 2 / 7),
        ("магний 200 мг через день", "magnesium", None, 200, "mg", 0.5),
        ("Magnesium 300 mg am Wochenende", "magnesium", None, 300, "mg", 2 / 7),
        ("calcium 600 mg, sometimes twice a day", "calcium", None, 600, "mg", 2),
        ("vitamina D 1.000 UI al día", "vitamin_d", None, 1000, "IU", 1),  # the thousands as es and de write them
        ("Calcium 1.200 mg täglich", "calcium", None, 1200, "mg", 1),
        ("D3 1.25 mg", "vitamin_d", None, 1.25, "mg", 1),  # a decimal point stays one
        ("1,5 tablets of 200 mg magnesium", "magnesium", None, 200, "mg", 1.5),  # a decimal comma
        ("magnesium 200 mg 2x a day", "magnesium", None, 200, "mg", 2),
        ("magnesium 200 mg 3x a week", "magnesium", None, 200, "mg", 3 / 7),
        ("Magnesium 200 mg 3-mal pro Woche", "magnesium", None, 200, "mg", 3 / 7),
    ],
)
def test_supplements_read_the_way_people_type_them(text, nutrient, form, amount, unit, per_day):
    s = parse_supplement(text).supplement
    assert (s.nutrient, s.form, s.amount, s.unit) == (nutrient, form, amount, unit)
    assert s.per_day == pytest.approx(per_day)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("citrate 200 mg", "calcium citrate or magnesium citrate"),
        ("vitamin d 1000", "add the unit"),
        ("400 IU calcium", "mg, not IU"),
        ("mg 400", "Which nutrient"),
        ("50 g magnesium", "not a plausible amount"),
        ("carbonate 1250 mg", "calcium carbonate or magnesium carbonate"),
        ("calcium 500 mg magnesium", "one amount for each"),
        ("calcium 500mg\nfoo 3 bar", "couldn't read “foo 3 bar”"),
        ("calcium 500 mg 600 mg", "one amount per supplement"),
        ("x" * 2000, "a lot of text"),
        ("magnesium 400mg sometimes", "How often do you take it"),
        ("calcium 600 mg when I remember", "How often do you take it"),
        ("vitamina D 1000 UI a veces", "How often do you take it"),
        ("I used to take 1000 mg calcium but stopped 2 years ago", "don't take it any more"),
        ("I stopped calcium and now take magnesium 200 mg", "couldn't read “i stopped calcium”: It sounds like"),
        ("перестал принимать кальций 500 мг", "don't take it any more"),
        ("ya no tomo calcio 500 mg", "don't take it any more"),
        ("Calcium 500 mg nehme ich nicht mehr", "don't take it any more"),
    ],
)
def test_unreadable_supplements_get_a_friendly_reprompt(text, hint):
    with pytest.raises(ParseError, match=hint):
        parse_supplements(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cal-Mag 500/250", [("calcium", 500, 1), ("magnesium", 250, 1)]),
        ("2 tablets Cal-Mag 500/250", [("calcium", 500, 2), ("magnesium", 250, 2)]),
        ("Cal-Mag 500 mg calcium / 250 mg magnesium", [("calcium", 500, 1), ("magnesium", 250, 1)]),
        ("calcium 600 mg with D3 400 IU", [("calcium", 600, 1), ("vitamin_d", 400, 1)]),
        ("Cal-Mag-Zinc 1000/500/15", [("calcium", 1000, 1), ("magnesium", 500, 1)]),
        ("multivitamin", [("calcium", None, 1), ("magnesium", None, 1), ("vitamin_d", None, 1)]),
    ],
)
def test_one_product_with_several_nutrients(text, expected):
    parsed = parse_supplements(text)
    assert isinstance(parsed, list)
    assert [(p.supplement.nutrient, p.supplement.amount, p.supplement.per_day) for p in parsed] == expected


def test_several_supplements_one_answer():
    parsed = parse_supplements("calcium 600 mg twice a day, 1,000 IU vitamin D3\nmagnesium citrate 200 mg")
    assert isinstance(parsed, list)
    assert [p.supplement.nutrient for p in parsed] == [Nutrient.CALCIUM, Nutrient.VITAMIN_D, Nutrient.MAGNESIUM]
    assert parsed[1].supplement.amount == 1000


@pytest.mark.parametrize("text", ["none", "No", "nothing.", "0", "n/a"])
def test_none(text):
    assert parse_supplements(text) == []


@pytest.mark.parametrize("text", ["I don't know", "dont know", "not sure", "?", "idk"])
def test_unknown(text):
    assert parse_supplements(text) is UNKNOWN


def test_basis_is_remembered_when_stated():
    assert parse_supplement("400 mg magnesium oxide elemental").basis_stated
    compound = parse_supplement("400 mg magnesium oxide compound")
    assert compound.basis_stated
    assert compound.supplement.basis == "compound"
    plain = parse_supplement("400 mg magnesium oxide")
    assert not plain.basis_stated
    assert plain.basis_matters
    assert not parse_supplement("400 mg magnesium").basis_matters


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1000 IU", (1000, Unit.IU)),
        ("25 mcg", (25, Unit.MCG)),
        ("half a gram", (0.5, Unit.G)),
        ("250mg", (250, Unit.MG)),
    ],
)
def test_amounts(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("42", 42),
        ("42 years", 42),
        ("I'm 70", 70),
        ("6 months", 0.5),
        ("forty-five", 45),
        ("Sixty two", 62),
        ("ninety", 90),
        ("im 34 and i have 2 kids", 34),  # the clause that says the age
        ("I have 2 kids and I'm 34", 34),
        ("I'm 67, turned it last month", 67),
        ("tengo 62 años y dos nietos", 62),
        ("мне 58 лет и двое детей", 58),
        ("мне 45, дочери 12", 45),
    ],
)
def test_ages(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize(
    "text",
    [
        *("300", "-5", "abc", "20 or 30", "", "34 and my husband is 36", "i have 2 kids"),
        "water and i 1",  # "i 1" is no English for an age ("мне 45" is read "i am 45")
        *("my daughter is 12", "mi hija tiene 12 años", "meine Tochter ist 12", "моей дочери 12 лет"),
    ],
)
def test_bad_ages_are_refused(text):
    with pytest.raises(ParseError):
        parse_age(text)


@pytest.mark.parametrize(("text", "servings"), [("2", 2), ("½", 0.5), ("half", 0.5), ("none", 0), ("two", 2)])
def test_servings(text, servings):
    assert parse_servings(text) == servings


def test_weekly_servings_become_daily():
    assert parse_servings("3 a week") == pytest.approx(3 / 7)


@given(st.from_regex(r"[0-9]{1,12}(\.[0-9]{1,4})? ?(mg|g|mcg|IU) (calcium|magnesium|vitamin D)", fullmatch=True))
def test_huge_or_tiny_numbers_are_read_or_refused_never_crash(text):
    try:
        parsed = parse_supplements(text)
    except ParseError as error:
        reasons = ("plausible", "more than zero", "greater than 0", "not IU", "not g")
        refusal = str(error)
        assert any(reason in refusal for reason in reasons), refusal
        return
    assert isinstance(parsed, list)
    assert len(parsed) == 1


@pytest.mark.parametrize("text", ["9" * 4096, "½" * 2000, "1 " * 2048])
def test_long_input_is_refused_before_any_pattern_runs(text):
    """Some patterns backtrack on long digit runs; a message over the limit never reaches them."""
    assert not is_unknown(text)
    assert not is_none(text)
    for parser in (parse_supplements, parse_age, parse_servings, parse_amount):
        with pytest.raises(ParseError, match="a lot of text"):
            parser(text)


# Fragments of what people type, so that generated answers hit the parsers' own patterns (fractions,
# units, counts, "a week", number words) and not only random characters.
_FRAGMENTS = st.sampled_from(
    [
        "0", "1", "2", "40", "250", "1000", "1/0", "0/0", "1 1/0", "/", "½", "¼", ".5", "1,000", "-", "x", "2x",
        " ", "mg", "g", "mcg", "iu", "k", "5k iu", "calcium", "magnesium", "mag", "cal-mag", "d3", "vitamin d",
        "citrate", "carbonate", "oxide", "tablets", "twice", "a day", "a week", "per", "and", ",", ";", "\n", "+",
        "half a", "one and a half", "forty", "twenty-one", "months", "pm", "am", ":", "utc", "gmt+", "berlin",
        "multivitamin", "none", "idk", "🤷", "compound", "elemental", "/250", "500/", "with",
    ]
)  # fmt: skip
_TYPED = st.lists(_FRAGMENTS, max_size=8).map("".join) | st.lists(_FRAGMENTS, max_size=6).map(" ".join)


def _every_parser():
    from camag_core.daily import parse_time, parse_zone
    from camag_core.questionnaire import QUESTIONS, answer_text

    parsers = [parse_supplements, parse_age, parse_servings, parse_amount, parse_time, parse_zone]
    parsers += [lambda text, q=q.id: answer_text({}, q, text) for q in QUESTIONS]
    return parsers


@given(_TYPED | st.text(max_size=300))
def test_any_answer_gives_a_value_or_a_reprompt_from_every_parser(text):
    """Issue #12: "1 1/0" crashed a handler with ZeroDivisionError."""
    for parser in _every_parser():
        try:
            parser(text)
        except ParseError as error:
            reprompt = str(error)
        else:
            reprompt = "(read)"
        assert reprompt


@pytest.mark.parametrize("text", ["1 1/0", "40 1/0", "0/0", "2 0/0 tablets", "1/0 mg calcium"])
def test_a_zero_denominator_is_a_reprompt_not_a_crash(text):
    for parser in _every_parser():
        with contextlib.suppress(ParseError):
            parser(text)


@pytest.mark.parametrize(
    ("text", "amount", "per_day"),
    [("2 mag pills", None, 2), ("400 magnesium tablets", 400, 1), ("2 calcium tablets of 500 mg", 500, 2)],
)
def test_a_few_pills_are_a_count_not_an_amount(text, amount, per_day):
    s = parse_supplement(text).supplement
    assert (s.amount, s.per_day) == (amount, per_day)


@pytest.mark.parametrize(
    "text", ["1" * 400 + "½", "1" * 400 + " 1/2", "9" * 400 + "/3", "1," + "000," * 130 + "000 1/2"]
)
def test_a_huge_number_with_a_fraction_is_a_reprompt_not_an_overflow(text):
    for parser in _every_parser():
        with contextlib.suppress(ParseError):
            parser(text)


@pytest.mark.parametrize("text", ["1e3", "1e3 mg calcium", "2.5E2", "1e+3 IU vitamin D"])
def test_scientific_notation_is_not_read_as_its_first_digits(text):
    for parser in (parse_age, parse_servings, parse_amount, parse_supplements):
        with pytest.raises(ParseError, match="in full"):
            parser(text)


@pytest.mark.parametrize(
    "typed",
    ["a glass of milk in the morning and some cheese", "a glass of milk and cheese", "стакан молока и немного сыра"],
)
def test_a_food_named_beside_one_counted_is_asked_about_not_dropped(typed):
    dairy = question("servings.dairy")
    assert dairy.read is not None
    with pytest.raises(ParseError, match="How many of each"):
        dairy.read(typed)  # it said: Dairy, 1 a day (the cheese left out)
    assert dairy.read("a glass of milk and 2 slices of cheese") == 3
