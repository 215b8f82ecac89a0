"""Supplements named by brand, as people write them, with the label's figures and its source."""

from __future__ import annotations

import pytest

from camag_core.answers import describe_all
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D
from camag_core.parsing import ParseError, parse_supplements
from camag_core.products import label_note, products
from camag_core.questionnaire import question, understood


def said(text: str) -> list[str]:
    parsed = parse_supplements(text)
    assert isinstance(parsed, list)
    return [p.supplement.describe() for p in parsed]


def test_every_product_names_its_source_and_how_far_its_figures_go():
    for product in products():
        assert product.source, product.name
        assert product.label in ("official", "manufacturer", "typical", "unknown", "ask"), product.name
        if product.label == "official":
            assert "DailyMed" in product.source, product.name


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "Caltrate 600+D3",
            [
                "Caltrate 600+D3: 600 mg calcium (as calcium carbonate), 1 a day",
                "Caltrate 600+D3: 800 IU vitamin D, 1 a day",
            ],
        ),
        (
            "caltrate 600 + d3, 2 a day",
            [
                "Caltrate 600+D3: 600 mg calcium (as calcium carbonate), 2 a day",
                "Caltrate 600+D3: 800 IU vitamin D, 2 a day",
            ],
        ),
        (
            "Caltrate 600+D3 twice",  # a frequency word alone: a day, as people mean it
            [
                "Caltrate 600+D3: 600 mg calcium (as calcium carbonate), 2 a day",
                "Caltrate 600+D3: 800 IU vitamin D, 2 a day",
            ],
        ),
        ("magnesium glycinate 200 mg thrice", ["200 mg magnesium (as magnesium glycinate), 3 a day"]),
        ("calcium 500 mg 2x", ["500 mg calcium, 2 a day"]),  # a count, not twice two
        ("vitamin D 1000 IU twice a week", ["1,000 IU vitamin D, 2 a week"]),
        ("Tums Ultra twice a day", ["TUMS Ultra 1000: 400 mg calcium (as calcium carbonate), 2 a day"]),
        ("tums ultra strenght 2 a day", ["TUMS Ultra 1000: 400 mg calcium (as calcium carbonate), 2 a day"]),  # typo
        ("mag-tab sr, 2 a day", ["Mag-Tab SR: 84 mg magnesium (as magnesium lactate), 2 a day"]),
        ("Mag-Tab SR 2 caplets a day", ["Mag-Tab SR: 84 mg magnesium (as magnesium lactate), 2 a day"]),
        ("Cal-Mag 500/250, 2 a day", ["500 mg calcium, 2 a day", "250 mg magnesium, 2 a day"]),
        ("calcium citrate, 500 mg", ["500 mg calcium (as calcium citrate), 1 a day"]),
        ("magnesium glycinate, 200 mg, twice a day", ["200 mg magnesium (as magnesium glycinate), 2 a day"]),
        (
            "Citracal",
            [
                "Citracal: calcium (as calcium citrate): amount not known, 1 a day",
                "Citracal: vitamin D: amount not known, 1 a day",
            ],
        ),
    ],
)
def test_products_as_people_write_them(typed, expected):
    assert said(typed) == expected


def test_one_product_is_said_back_once_with_how_often():
    parsed = parse_supplements("Caltrate 600+D3 twice, 200 mg magnesium citrate")
    assert isinstance(parsed, list)
    assert describe_all([p.supplement for p in parsed]) == (
        "Caltrate 600+D3, 2 a day: 600 mg calcium (as calcium carbonate) and 800 IU vitamin D; "
        "200 mg magnesium (as magnesium citrate), 1 a day"
    )


@pytest.mark.parametrize(
    "typed", ["prenatal vitamin", "my prenatal", "a prenatal multivitamin, one a day, not sure whats in it"]
)
def test_a_prenatal_is_known_by_name_with_its_amounts_not_known(typed):
    parsed = parse_supplements(typed)
    assert isinstance(parsed, list)
    assert {p.supplement.nutrient for p in parsed} == {CALCIUM, MAGNESIUM, VITAMIN_D}
    assert all(p.supplement.amount is None and p.supplement.per_day == 1 for p in parsed)
    assert all(p.supplement.product == "Prenatal vitamin" for p in parsed)
    note = label_note("Prenatal vitamin", [(p.supplement.nutrient, p.supplement.amount) for p in parsed])
    assert note is not None
    assert "Supplement Facts" in note


def test_one_name_for_several_products_is_asked_about():
    with pytest.raises(ParseError, match="Which Tums is it"):
        parse_supplements("2 tums a day")


def test_a_fragment_that_is_not_about_how_often_is_not_joined_to_the_line_before():
    with pytest.raises(ParseError, match="foo 3 bar"):
        parse_supplements("calcium 500mg\nfoo 3 bar")


def test_figures_from_a_drug_reference_ask_for_the_pack_and_label_figures_do_not():
    caltrate = [(CALCIUM, 600.0), (VITAMIN_D, 800.0)]
    assert label_note("Caltrate 600+D3", caltrate) is not None
    assert label_note("TUMS Ultra 1000", [(CALCIUM, 400.0)]) is None


@pytest.mark.parametrize(
    "typed",
    [
        "prenatal with 200 mg calcium, 50 mg magnesium and 400 IU vitamin D, 1 a day",
        "caltrate 600+d3 with 500 mg calcium",
    ],
)
def test_amounts_typed_with_a_product_name_need_no_note_about_its_label(typed):
    parsed = parse_supplements(typed)
    assert isinstance(parsed, list)
    assert all(p.supplement.amount is not None for p in parsed)
    draft = {
        "supplements": [{"supplement": p.supplement.model_dump(mode="json"), "basis_stated": True} for p in parsed]
    }
    said_back = understood(question("supplements"), draft)
    assert len(said_back) == 1, said_back
    assert said_back[0].startswith("Got it:")
