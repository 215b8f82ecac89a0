"""A label's reading said back in the person's language: the serving's unit with the form its count
takes, and the forms the label names, from the catalog (the figures' words are the code's own)."""

from __future__ import annotations

import re

import pytest

from bot.labels.views import reading
from bot.store.interface import LabelFor
from camag_core.i18n import texts
from camag_core.labels import LabelReading, Reading, Serving
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D

FACTS = LabelReading(
    items=(
        Reading(CALCIUM, 600.0, form="calcium carbonate"),
        Reading(MAGNESIUM, 250.0, form="magnesium oxide"),
        Reading(VITAMIN_D, 25.0, form="cholecalciferol", iu=1000.0),
    ),
    serving=Serving(2.0, "tablets"),
)
ENGLISH = re.compile(r"\b(?:tablets?|capsules?|softgels?|gumm(?:y|ies)|carbonate|oxide)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("language", "serving", "forms"),
    [
        ("ru", "2 таблетки", ("карбонат кальция", "оксид магния", "холекальциферол")),
        ("es", "2 comprimidos", ("carbonato de calcio", "óxido de magnesio", "colecalciferol")),
        ("de", "2 Tabletten", ("Calciumcarbonat", "Magnesiumoxid", "Cholecalciferol")),
    ],
)
def test_the_serving_and_the_forms_are_said_in_the_person_s_language(language, serving, forms):
    said = reading(FACTS, LabelFor.ANYTIME, t=texts(language)).text
    assert said.count(serving) == 2  # the serving size, and the question of servings a day
    assert all(form in said for form in forms)
    assert not ENGLISH.findall(said)


@pytest.mark.parametrize(
    ("language", "count", "unit", "said"),
    [
        ("ru", 1.0, "softgel", "1 мягкая капсула"),
        ("ru", 3.0, "capsules", "3 капсулы"),
        ("ru", 5.0, "gummies", "5 жевательных мармеладок"),
        ("ru", 1.5, "tablets", "1,5 таблетки"),
        ("es", 1.0, "gummy", "1 gominola"),
        ("es", 2.0, "softgels", "2 cápsulas blandas"),
        ("es", 0.5, "tablet", "0,5 comprimidos"),
        ("de", 1.0, "capsule", "1 Kapsel"),
        ("de", 2.0, "chewable tablets", "2 Kautabletten"),
        ("en", 1.0, "tablets", "1 tablet"),
        ("en", 2.0, "gummy", "2 gummies"),
    ],
)
def test_a_serving_s_unit_takes_the_form_its_count_asks_for(language, count, unit, said):
    assert Serving(count, unit).describe(t=texts(language)) == said


@pytest.mark.parametrize(
    ("language", "wanted"),
    [
        ("ru", ("(1 жевательная таблетка)", "карбонат кальция 750 мг", "кальций — 40\u00a0%")),
        ("es", ("(1 comprimido masticable)", "a partir de 750 mg de carbonato de calcio", "el 40\u00a0% es calcio")),
        ("de", ("(1 Kautablette)", "750 mg Calciumcarbonat", "40\u00a0% davon sind Calcium")),
    ],
)
def test_a_drug_facts_panel_s_unit_and_compound_are_said_in_the_person_s_language(language, wanted):
    antacid = LabelReading(
        items=(Reading(CALCIUM, 300.0, form="calcium carbonate", compound=750.0, share=40.0),),
        serving=Serving(1.0, "chewable tablet"),
        drug_facts=True,
    )
    said = reading(antacid, LabelFor.INTERVIEW, t=texts(language)).text
    assert [piece for piece in wanted if piece not in said] == []
    assert not ENGLISH.findall(said.split("<i>")[0])  # the readings (the notes in <i> name their sources)
