"""Reference lookup for every life stage in dri.csv, and the age boundaries between rows."""

from __future__ import annotations

import math

import pytest

from camag_core._resources import read_csv
from camag_core.nutrients import Nutrient
from camag_core.reference import NoReference, reference_for, reference_rows

ROWS = reference_rows()


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.nutrient}-{r.sex}-{r.life_stage}-{r.age_min:g}")
def test_every_row_is_found_at_both_ends_of_its_age_range(row):
    stage = row.life_stage if row.life_stage in ("pregnant", "lactating") else None
    sex = None if row.sex == "any" else row.sex
    last = row.age_min + 30 if math.isinf(row.age_max) else row.age_max - 0.01
    for age in (row.age_min, last):
        assert reference_for(row.nutrient, age, sex, stage) == row


def test_the_table_is_read_whole():
    assert len(ROWS) == len(read_csv("dri.csv")) == 66


@pytest.mark.parametrize(
    ("nutrient", "age", "sex", "stage", "amount", "limit"),
    [
        (Nutrient.CALCIUM, 0.49, None, None, 200, 1000),
        (Nutrient.CALCIUM, 0.5, None, None, 260, 1500),
        (Nutrient.MAGNESIUM, 8.99, "female", None, 130, 110),
        (Nutrient.MAGNESIUM, 9, "female", None, 240, 350),
        (Nutrient.CALCIUM, 50.99, "female", None, 1000, 2500),
        (Nutrient.CALCIUM, 51, "female", None, 1200, 2000),
        (Nutrient.CALCIUM, 51, "male", None, 1000, 2000),
        (Nutrient.CALCIUM, 71, "male", None, 1200, 2000),
        (Nutrient.MAGNESIUM, 30.99, "male", None, 400, 350),
        (Nutrient.MAGNESIUM, 31, "male", None, 420, 350),
        (Nutrient.VITAMIN_D, 70.5, "male", None, 600, 4000),
        (Nutrient.VITAMIN_D, 71, "female", None, 800, 4000),
        (Nutrient.MAGNESIUM, 17, "female", "pregnant", 400, 350),
        (Nutrient.MAGNESIUM, 17, "male", "pregnant", 400, 350),  # the pregnancy row, whatever sex says
        (Nutrient.CALCIUM, 16, "female", "lactating", 1300, 3000),
    ],
)
def test_boundaries(nutrient, age, sex, stage, amount, limit):
    row = reference_for(nutrient, age, sex, stage)
    assert (row.amount, row.upper_limit) == (amount, limit)


def test_infant_magnesium_limit_is_not_determinable():
    assert reference_for(Nutrient.MAGNESIUM, 0.3, None).upper_limit is None


def test_sex_is_needed_from_age_nine_but_not_before():
    assert reference_for(Nutrient.CALCIUM, 5, None).amount == 1000
    with pytest.raises(NoReference, match="differ by sex"):
        reference_for(Nutrient.CALCIUM, 9, None)


def test_pregnancy_outside_the_table_is_refused():
    with pytest.raises(NoReference, match="14 to 50"):
        reference_for(Nutrient.CALCIUM, 52, "female", "pregnant")


def test_group_names_read_naturally():
    assert reference_for(Nutrient.CALCIUM, 35, "female").group == "women 31–50"
    assert reference_for(Nutrient.CALCIUM, 80, "male").group == "men 71+"
    assert reference_for(Nutrient.CALCIUM, 10, "male").group == "boys 9–13"
    assert reference_for(Nutrient.CALCIUM, 0.7, None).group == "infants 6–12 months"
