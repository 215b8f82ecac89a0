"""Reading a Supplement Facts panel from OCR text (camag_core/labels.py), without any OCR: the
lines are given as an engine gives them, with its usual confusions."""

from __future__ import annotations

import math
import random

import pytest

from camag_core.i18n import texts
from camag_core.labels import Box, Doubt, LabelReading, Reading, Serving, lines, read_label, read_servings
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Quantity
from camag_core.parsing import ParseError
from camag_core.supplements import Basis, Unit
from tests.label_photos import drug_facts_text, random_drug_facts


def boxes(*rows: str | tuple[str, float] | None, slant: float = 0.0) -> list[Box]:
    """One box per row (a row's " | " splits it into columns), top to bottom, on a photo turned by
    ``slant`` degrees; a row given as (text, score) has that confidence, else 0.97; ``None`` is a
    line the engine did not find."""
    found = []
    turn = math.radians(slant)
    for i, row in enumerate(rows):
        if row is None:
            continue
        text, score = row if isinstance(row, tuple) else (row, 0.97)
        for j, column in enumerate(text.split(" | ")):
            x0, y0, w, h = 20 + 330 * j, 40 * i, 300, 24
            corners = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)]
            turned = tuple(
                (x * math.cos(turn) - y * math.sin(turn), x * math.sin(turn) + y * math.cos(turn)) for x, y in corners
            )
            found.append(Box(column, turned, score))
    return found


def amounts(reading: LabelReading) -> dict[str, float | None]:
    return {item.nutrient.value: item.amount for item in reading.items}


PANEL = (
    "Supplement Facts",
    "Serving Size 2 Tablets",
    "Servings Per Container 60",
    "Amount Per Serving | % Daily Value",
    "Vitamin D3 (as cholecalciferol) | 25 mcg (1,000 IU) | 125%",
    "Calcium (as calcium carbonate) | 600 mg | 46%",
    "Magnesium (as magnesium oxide) | 200 mg | 48%",
)


def test_a_clear_panel_is_read_whole_in_its_order():
    reading = read_label(boxes(*PANEL))
    assert reading.sure
    assert reading.serving == Serving(2, "tablets")
    assert reading.items == (
        Reading(VITAMIN_D, 25.0, form="cholecalciferol", iu=1000.0, dv_percent=125.0),
        Reading(CALCIUM, 600.0, form="calcium carbonate", dv_percent=46.0),
        Reading(MAGNESIUM, 200.0, form="magnesium oxide", dv_percent=48.0),
    )


def test_a_photo_taken_at_a_slant_keeps_its_columns_on_their_lines():
    straight = read_label(boxes(*PANEL))
    assert read_label(boxes(*PANEL, slant=6)) == straight
    assert read_label(boxes(*PANEL, slant=-6)) == straight
    assert [line.text for line in lines(boxes("Calcium | 600 mg | 46%", "Magnesium | 200 mg", slant=6))] == [
        "Calcium 600 mg 46%",
        "Magnesium 200 mg",
    ]


@pytest.mark.parametrize(
    ("row", "nutrient", "amount"),
    [
        ("Calcium 6O0 mg 46%", "calcium", 600.0),  # O for 0
        ("Calcium 60o mg 46%", "calcium", 600.0),
        ("Magnesium l00 mg 24%", "magnesium", 100.0),  # l for 1
        ("Magnesium I00mg 24%", "magnesium", 100.0),  # I for 1
        ("Vitamin D3 25 meg (1,000 IU) 125%", "vitamin_d", 25.0),  # meg for mcg
        ("Vitamin D3 25 mcg (1,0O0 lU) 125%", "vitamin_d", 25.0),  # lU for IU
        ("Vitamin D3 1,000 lU", "vitamin_d", 25.0),  # IU alone, an older label: 1 mcg = 40 IU
        ("VitaminD3(ascholecalciferol)25mcg(1,000IU)125%", "vitamin_d", 25.0),  # spaces lost
        ("Calcium(ascalciumcarbonate)600mg46%", "calcium", 600.0),
        ("Vitamin D (as cholecalciferol)25 mcg", "vitamin_d", 25.0),  # "l25" stays the word's l and 25
        ("Vitamin D3 50 mcg (2.000 IU) 250%", "vitamin_d", 50.0),  # a thousands point
        ("Vitamin D3 12.5 mcg 62%", "vitamin_d", 12.5),
        ("Calcium 1,200 mg 92%", "calcium", 1200.0),
    ],
)
def test_ocr_confusions_are_undone_where_a_number_is_expected(row, nutrient, amount):
    reading = read_label(boxes("Supplement Facts", row))
    assert amounts(reading) == {nutrient: amount}
    assert reading.sure


def test_the_form_is_read_inline_or_on_its_own_line_and_spelled_as_the_table_does():
    reading = read_label(
        boxes("Calcium | 500 mg | 38%", "(as calcium citrate)", "Magnesium (as magnesium glycinate) | 120 mg")
    )
    assert [item.form for item in reading.items] == ["calcium citrate", "magnesium glycinate"]
    assert read_label(boxes("Calcium (as tricalcium phosphate) 333 mg 26%")).items[0].form == "calcium phosphate"
    assert read_label(boxes("Calcium(ascalciumcitratemalate)250mg 19%")).items[0].form == "calcium citrate malate"


def test_other_nutrients_that_name_calcium_or_a_vitamin_are_not_taken():
    reading = read_label(
        boxes(
            "Pantothenic Acid (as calcium pantothenate) | 10 mg | 200%",
            "Vitamin K2 (as menaquinone-7) | 90 mcg | 75%",
            "Vitamin B6 (as pyridoxine HCl) | 2 mg | 118%",
            "Zinc (as zinc oxide) | 11 mg | 100%",
            "Magnesium | 100 mg | 24%",
        )
    )
    assert amounts(reading) == {"magnesium": 100.0}


def test_a_percent_daily_value_alone_is_turned_into_an_estimate_on_the_current_daily_values():
    reading = read_label(boxes("Calcium (as calcium carbonate) | 50%", "Magnesium | 25%", "Vitamin D | 100%"))
    assert amounts(reading) == {"calcium": 650.0, "magnesium": 105.0, "vitamin_d": 20.0}
    assert all(item.estimated for item in reading.items)
    assert reading.sure  # said back as an estimate, for the person's yes


@pytest.mark.parametrize(
    ("row", "doubt"),
    [
        ("Calcium | 800 mg | 46%", Doubt.DISAGREE),  # 600 mg read as 800: its %DV says otherwise
        ("Vitamin D3 | 25 mcg (400 IU)", Doubt.DISAGREE),
        ("Vitamin D325 mcg", Doubt.UNCLEAR),  # D3 and 25 mcg, or D and 325 mcg?
        (("Calcium | 600 mg | 46%", 0.6), Doubt.UNCLEAR),  # the engine itself unsure
        ("Calcium | mg 46", Doubt.UNCLEAR),  # no number to be read
        ("Calcium | 60000 mg", Doubt.IMPLAUSIBLE),
        ("Magnesium | 200 IU", Doubt.UNCLEAR),  # a mineral is never in IU
    ],
)
def test_a_figure_in_doubt_is_marked_and_not_taken(row, doubt):
    reading = read_label(boxes("Supplement Facts", row))
    assert reading.readable
    assert not reading.sure
    assert reading.items[0].doubt is doubt
    assert reading.items[0].amount is None
    with pytest.raises(ValueError, match="doubts"):
        reading.supplements(1)


def test_a_nutrient_on_the_label_twice_is_asked_about():
    reading = read_label(boxes("Calcium | 600 mg", "Calcium | 300 mg", "Magnesium | 100 mg"))
    assert [(i.nutrient, i.doubt) for i in reading.items] == [(CALCIUM, Doubt.TWICE), (MAGNESIUM, None)]
    assert not reading.sure


def test_a_photo_without_any_of_the_three_is_not_readable():
    assert not read_label(boxes("Supplement Facts", "Serving Size 1 Tablet", "Vitamin C | 60 mg")).readable
    assert not read_label([]).readable


@pytest.mark.parametrize(
    ("row", "serving"),
    [
        ("Serving Size 2 Tablets", Serving(2, "tablets")),
        ("ServingSize1ChewableTablet", Serving(1, "chewable tablet")),
        ("Serving Size I Capsule", Serving(1, "capsule")),  # I for 1
        ("Serving Size l Softgel", Serving(1, "softgel")),
        ("Serving Size: Two Caplets", Serving(2, "caplets")),
        ("Serving Size 2 Softgcls", Serving(2, "softgels")),  # one letter misread
        ("Servings Per Container 60", None),
    ],
)
def test_the_serving_size(row, serving):
    assert read_label(boxes(row, "Calcium | 500 mg")).serving == serving


def test_a_confirmed_reading_becomes_supplements_of_elemental_amounts_per_serving():
    reading = read_label(boxes(*PANEL))
    d, calcium, magnesium = reading.supplements(2)
    assert (calcium.amount, calcium.unit, calcium.basis, calcium.per_day) == (600.0, Unit.MG, Basis.ELEMENTAL, 2)
    assert calcium.form == "calcium carbonate"
    assert (d.amount, d.unit) == (25.0, Unit.MCG)
    assert d.per_day_amount() == Quantity(2000.0, 2000.0)  # IU a day
    assert magnesium.per_day_amount() == Quantity(400.0, 400.0)  # elemental: no salt share taken off


def test_a_figure_typed_in_place_of_one_read():
    reading = read_label(boxes("Calcium (as calcium carbonate) | 800 mg | 46%", "Vitamin D3 | 10 mcg"))
    assert not reading.sure
    fixed = reading.corrected("calcium 600 mg")
    assert fixed.sure
    assert fixed.items[0] == Reading(CALCIUM, 600.0, form="calcium carbonate")  # the form read is kept
    assert fixed.items[1].nutrient is VITAMIN_D
    assert fixed.corrected("Vitamin D 1000 IU").items[1].amount == 25.0
    assert fixed.corrected("serving size 2 capsules").serving == Serving(2, "capsules")
    assert fixed.corrected("2 capsules").serving == Serving(2, "capsules")
    assert [i.nutrient for i in fixed.corrected("magnesium 100 mg").items] == [CALCIUM, MAGNESIUM, VITAMIN_D]
    for typed in ("yes", "calcium lots", "600", "vitamin D 25 mcg (400 IU)"):
        with pytest.raises(ParseError):
            fixed.corrected(typed)


@pytest.mark.parametrize(
    ("typed", "count"), [("2", 2.0), ("two", 2.0), ("1.5", 1.5), ("twice a day", 2.0), ("once", 1.0)]
)
def test_servings_a_day(typed, count):
    assert read_servings(typed) == count


@pytest.mark.parametrize("typed", ["", "lots", "0", "40", "-"])
def test_servings_a_day_that_can_not_be_taken(typed):
    with pytest.raises(ParseError):
        read_servings(typed)


@pytest.mark.parametrize(
    ("row", "nutrient", "amount"),
    [
        ("Caleium 600mg 46%", "calcium", 600.0),  # a name misread by a letter, its %DV agreeing
        ("Magmesium 250 mg 60%", "magnesium", 250.0),
        ("Calcium(ascalciumcarbonate)1ooomg 77%", "calcium", 1000.0),  # "1ooo" is 1000
    ],
)
def test_a_name_misread_by_a_letter_is_taken_when_its_percent_daily_value_agrees(row, nutrient, amount):
    assert amounts(read_label(boxes(row))) == {nutrient: amount}


def test_a_name_misread_without_a_percent_daily_value_to_confirm_it_is_asked_about():
    (item,) = read_label(boxes("Caleium 600mg")).items
    assert (item.nutrient, item.amount, item.doubt) == (CALCIUM, None, Doubt.UNCLEAR)
    assert not read_label(boxes("Manganese (as manganese gluconate) 2 mg 87%")).readable  # another nutrient


def test_an_amount_there_but_not_made_out_is_not_replaced_by_an_estimate_from_its_percent():
    (item,) = read_label(boxes("Calcium (as calcium carbonate) 1x00 m 77%")).items
    assert (item.amount, item.estimated, item.doubt) == (None, False, Doubt.UNCLEAR)


def test_misread_forms_and_serving_words_are_matched_to_the_nearest_known_one():
    reading = read_label(boxes("Servang Size 1 Seoop", "Magnesium 50mg 12%", "(as magnesiom oxide)"))
    assert reading.serving == Serving(1, "scoop")
    assert reading.items[0].form == "magnesium oxide"


def test_a_line_of_the_table_not_read_at_all_is_noticed_and_must_be_checked():
    table = ("Serving Size 1 Tablet", "Vitamin C | 60 mg | 67%", "Calcium | 333 mg | 26%", "Zinc | 11 mg | 100%")
    assert read_label(boxes(*table)).sure
    missing = read_label(boxes(*table[:2], None, *table[2:]))  # magnesium's line, say, not found
    assert missing.line_missing
    assert not missing.sure
    added = missing.corrected("magnesium 50 mg")
    assert added.sure
    assert [i.nutrient for i in added.items] == [CALCIUM, MAGNESIUM]
    assert not missing.corrected("2 tablets").sure  # the serving size is no answer to a missing line
    header = "Amount Per Serving | % Daily Value"
    assert read_label(boxes(header, *table[1:])).sure
    assert read_label(boxes(header, None, *table[1:])).line_missing  # the table's first line not read
    assert read_label(boxes(header, "| | 12%", *table[1:])).line_missing  # only its %DV read


@pytest.mark.parametrize("row", ["Calcium carbonate USP 750 mg", "Magnesium oxide 400 mg"])
def test_a_compound_named_with_its_weight_on_a_supplement_panel_is_never_taken_for_the_mineral(row):
    (item,) = read_label(boxes("Supplement Facts", "Serving Size 1 Tablet", row)).items
    assert (item.amount, item.doubt) == (None, Doubt.UNCLEAR)


# Drug Facts (an OTC antacid): the active ingredient is the compound's weight; the mineral is under
# "Other information" (TUMS labels on DailyMed, product_labels.md §1).
TUMS_EX = (
    "Drug Facts",
    "Active ingredient (in each tablet) | Purpose",
    "Calcium carbonate USP 750 mg | Antacid",
    "Uses relieves: • heartburn • sour stomach • acid indigestion",
    "Warnings Ask a doctor or pharmacist before use if you are taking a prescription drug.",
    "Directions • chew 2-4 tablets as symptoms occur • do not take more than 10 tablets in 24 hours",
    "Other information",
    "• each tablet contains: elemental calcium 300 mg, sodium 2 mg",
    "Inactive ingredients adipic acid, corn starch, magnesium stearate, talc",
)


def test_a_drug_facts_panel_gives_the_elemental_calcium_never_the_compounds_weight():
    reading = read_label(boxes(*TUMS_EX))
    assert reading.drug_facts
    assert reading.sure
    assert reading.serving == Serving(1, "tablet")
    assert reading.items == (Reading(CALCIUM, 300.0, form="calcium carbonate", compound=750.0),)
    assert [s.dose_amount() for s in reading.supplements(2)] == [Quantity(300.0, 300.0)]


@pytest.mark.parametrize(
    ("rows", "calcium", "magnesium"),
    [
        (("Calcium carbonate USP 750 mg ........ Antacid", "provides elemental calcium 300 mg"), 300.0, None),
        (("Calcium Carbonate USP 500 mg", "each chewable tablet contains: elemental calcium 200mg"), 200.0, None),
        (
            ("Calcium carbonate 1000 mg", "each tablet contains: elemental calcium 400 mg,", "magnesium 10 mg"),
            400.0,
            10.0,
        ),
        (("Calcium carbonate USP 1000 mg", "each tablet contains: calcium 400mg"), 400.0, None),
        (
            ("Calcium carbonate USP 75O mg", "• each tablet contains: elementa1 calcium 3OO rng sodium 2 mg"),
            300.0,
            None,
        ),
        (
            ("Calcium carbonate USP 1000 mg", "each tablet provides", "elemental calcium 400 mg,", "magnesium 10 mg"),
            400,
            10,
        ),
        (("Calcium carbonate USP 750 mg", "contains: elemental calcium 300 mg", ("us n . ros . ce", 0.6)), 300.0, None),
        (("Calcium carbonate USP 1000 mg", "contains: elemental calcium", "• store at 20-25°C", "300 mg"), 400, None),
    ],
)
def test_the_mineral_is_read_however_other_information_words_it(rows, calcium, magnesium):
    reading = read_label(boxes("Drug Facts", "Active ingredient (in each tablet)", *rows))
    assert reading.sure
    assert amounts(reading) == {"calcium": calcium} | ({"magnesium": magnesium} if magnesium else {})


def test_a_weight_read_in_grams_checks_the_mineral_but_is_never_its_only_source():
    # "USP 750 mg" read as "SP 750 g" (Times fonts): the m lost, and perhaps a digit with it
    # ("USP 1000 mg" read as "USP 100 g"), so the weight is the compound's but not sure.
    heading = ("Drug Facts", "Active ingredient (in each tablet)")
    alone = read_label(boxes(*heading, "Calcium carbonate SP 750 g ..... Antacid"))
    assert [(i.amount, i.compound, i.doubt) for i in alone.items] == [(None, None, Doubt.UNCLEAR)]  # not said back
    checked = read_label(
        boxes(*heading, "Calcium carbonate SP 750 g ..... Antacid", "each tablet contains: elemental calcium 300 mg")
    )
    assert checked.sure
    assert checked.items == (Reading(CALCIUM, 300.0, form="calcium carbonate", compound=750.0),)
    digit_lost = read_label(
        boxes(*heading, "Calcium carbonate USP 100 g ..... Antacid", "each tablet contains: calcium 400mg")
    )
    assert [(i.amount, i.compound, i.doubt) for i in digit_lost.items] == [(None, None, Doubt.UNCLEAR)]
    small = read_label(boxes(*heading, "Calcium carbonate 1.5 g"))  # grams, perhaps: the amount is asked for
    assert [(i.amount, i.form, i.compound, i.doubt) for i in small.items] == [
        (None, "calcium carbonate", None, Doubt.COMPOUND)
    ]


@pytest.mark.parametrize(
    "active",
    [
        "Calciu carbonate  7 g... Antacid",  # a letter lost, the weight not made out
        "Calcium carbonate USP 750 m... Antacid",
        "Calcium arbonae P 75Og ..... Antacid",  # the weight in grams: not sure, but it agrees
        ("Calcium carbonate USP 750 mg ..... Antacid", 0.6),  # unsure, but it agrees
        None,  # not read at all
    ],
)
def test_the_mineral_given_is_taken_when_the_active_ingredient_is_misread_but_does_not_contradict_it(active):
    rows = ("Drug Facts", "Active ingredient (in each tablet) | Purpose", active, "Uses relieves heartburn")
    reading = read_label(boxes(*rows, "Other information • each tablet contains: elemental calcium 300 mg"))
    assert reading.sure
    assert amounts(reading) == {"calcium": 300.0}
    assert reading.items[0].form == (None if active is None else "calcium carbonate")


def test_a_weight_that_is_the_amounts_only_source_must_be_read_surer_than_a_line_that_is_checked():
    # "USP 500 mg ....." read as "USP 50 mg" at 0.84 on a blurred photo, a second reading agreeing
    heading = ("Drug Facts", "Active ingredient (in each chewable tablet)")
    unsure = read_label(boxes(*heading, ("Calcium carbonate USP 50 mg... Antacid", 0.84)))
    assert [(i.amount, i.compound, i.doubt) for i in unsure.items] == [(None, None, Doubt.UNCLEAR)]
    sure = read_label(boxes(*heading, ("Calcium carbonate USP 500 mg... Antacid", 0.93)))
    assert amounts(sure) == {"calcium": 200.0}


@pytest.mark.parametrize(
    ("active", "doubt"),
    [
        (("Calcium carbonate USP 100 mg ..... Antacid", 0.7), Doubt.UNCLEAR),  # "1000 mg", a zero lost
        ("Calcium carbonate USP 100 mg ..... Antacid", Doubt.DISAGREE),
    ],
)
def test_an_active_ingredient_that_contradicts_the_mineral_given_makes_it_a_question(active, doubt):
    rows = ("Drug Facts", "Active ingredient (in each tablet)", active, "Other information")
    reading = read_label(boxes(*rows, "• each tablet contains: calcium 400mg"))
    assert not reading.sure
    assert [(item.amount, item.doubt) for item in reading.items] == [(None, doubt)]
    assert reading.items[0].compound == (100.0 if doubt is Doubt.DISAGREE else None)  # said back only if read sure


def test_the_active_ingredients_are_the_minerals_compounds_above_the_first_section():
    pepcid_complete = read_label(
        boxes(
            "Drug Facts",
            "Active ingredients (in each chewable tablet) | Purpose",
            "Famotidine 10 mg ......... | Acid reducer",
            "Calcium carbonate 800 mg ......... | Antacid",
            "Magnesium hydroxide 165 mg ......... | Antacid",
            "Uses relieves heartburn associated with acid indigestion and sour stomach",
        )
    )
    assert pepcid_complete.sure
    assert amounts(pepcid_complete) == {"calcium": 320.0, "magnesium": 68.8}  # 40% and 41.7% (Mg(OH)2)
    assert [item.compound for item in pepcid_complete.items] == [800.0, 165.0]
    # An inactive ingredient wrapped onto a line of its own is no active ingredient
    tums = read_label(
        boxes(*TUMS_EX[:-1], "Inactive ingredients adipic acid, corn starch, dextrose, flavors,", "magnesium stearate")
    )
    assert tums.sure
    assert amounts(tums) == {"calcium": 300.0}


def test_with_only_the_compounds_weight_the_mineral_is_worked_out_at_its_shipped_elemental_share():
    reading = read_label(boxes(*(row for row in TUMS_EX if "contains" not in row)))
    assert reading.sure
    assert reading.items == (Reading(CALCIUM, 300.0, form="calcium carbonate", compound=750.0, share=40.0),)
    rolaids = read_label(
        boxes(
            "Drug Facts",
            "Active ingredients (in each tablet)",
            "Calcium carbonate USP 550 mg",
            "Magnesium hydroxide 110 mg",
        )
    )
    assert amounts(rolaids) == {"calcium": 220.0, "magnesium": 45.9}  # 40% and 41.7% (Mg(OH)2)
    assert [item.share for item in rolaids.items] == [40.0, 41.7]


@pytest.mark.parametrize(
    ("rows", "doubt"),
    [
        (("Magnesium carbonate 300 mg",), Doubt.COMPOUND),  # 25 to 28.8% in the table: no one figure
        (("Calcium lactate 500 mg",), Doubt.COMPOUND),
        (("Calcium carbonate USP 750 mg", "each tablet contains: elemental calcium 800 mg"), Doubt.DISAGREE),
        (("Calcium carbonate USP 750 mg", "each tablet contains: elemental calcium 750 mg"), Doubt.DISAGREE),
        ((("Calcium carbonate USP 750 mg", 0.6),), Doubt.UNCLEAR),
        (
            ("Calcium carbonate USP 750 mg", "contains: elemental calcium 300 mg", "provides calcium 320 mg"),
            Doubt.TWICE,
        ),
    ],
)
def test_a_drug_facts_figure_that_can_not_be_checked_or_worked_out_is_asked_for(rows, doubt):
    reading = read_label(boxes("Drug Facts", "Active ingredient (in each tablet)", *rows))
    assert not reading.sure
    assert [(item.amount, item.doubt) for item in reading.items] == [(None, doubt)]


DRUG_FACTS = [random_drug_facts(random.Random(seed)) for seed in range(24)]


@pytest.mark.parametrize("spec", DRUG_FACTS, ids=lambda s: f"{s.carbonate}-{s.wording}-{s.hydroxide}-{s.magnesium}")
def test_generated_drug_facts_panels_give_their_elemental_minerals(spec):
    heading, actives, sections = drug_facts_text(spec)
    rows = ["Drug Facts", f"{heading} | Purpose", *(f"{active} ........ | Antacid" for active in actives)]
    for name, paragraphs in sections:
        rows += [f"{name} | {paragraphs[0]}", *(f"| {p}" for p in paragraphs[1:])]
    reading = read_label(boxes(*rows))
    assert reading.sure
    assert reading.serving == Serving(1, spec.unit)
    assert {i.nutrient.value: (i.amount, i.form) for i in reading.items} == spec.expected()


@pytest.mark.parametrize(
    ("language", "typed", "nutrient", "amount"),
    [
        ("ru", "кальций 500 мг", CALCIUM, 500.0),
        ("es", "calcio 500 mg", CALCIUM, 500.0),  # the Spanish prompt's own example
        ("de", "Vitamin D 25 µg", VITAMIN_D, 25.0),  # the German prompt's own example
    ],
)
def test_a_figure_corrected_in_the_person_s_language_is_read(language, typed, nutrient, amount):
    reading = LabelReading(items=(Reading(CALCIUM, None, doubt=Doubt.UNCLEAR),), serving=Serving(2.0, "tablets"))
    corrected = reading.corrected(typed, t=texts(language))
    assert next(i.amount for i in corrected.items if i.nutrient is nutrient) == amount


@pytest.mark.parametrize(
    ("language", "typed", "serving"),
    [
        ("es", "porción 2 comprimidos", Serving(2.0, "tablet")),
        ("de", "Portionsgröße 2 Kautabletten", Serving(2.0, "chewable")),
        ("ru", "размер порции 1 мягкая капсула", Serving(1.0, "softgel")),
        ("ru", "1,5 таблетки", Serving(1.5, "tablet")),
    ],
)
def test_a_serving_size_typed_as_camag_says_it_in_the_person_s_language_is_read(language, typed, serving):
    reading = LabelReading(items=(Reading(CALCIUM, 500.0),), serving=None)
    corrected = reading.corrected(typed, t=texts(language))
    assert corrected.serving is not None
    assert corrected.serving.describe(t=texts(language)) == serving.describe(t=texts(language))
