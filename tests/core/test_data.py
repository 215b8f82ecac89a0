"""The tables shipped in the package are the official ones in shared/reference."""

from __future__ import annotations

import csv

import pytest

from camag_core.foods import food_groups, foods
from tests.conftest import REPO, shared_dir

DATA = REPO / "camag_core" / "data"


@pytest.mark.parametrize("name", ["dri.csv", "foods.csv"])
def test_shipped_tables_match_the_reference(name):
    shipped = (DATA / name).read_text(encoding="utf-8")
    assert shipped == (shared_dir("reference") / name).read_text(encoding="utf-8")


def test_shipped_supplement_forms_keep_every_reference_row_and_add_ranges_and_forms():
    def rows(path):
        return {(r["mineral"], r["form"]): r for r in csv.DictReader(path.open(encoding="utf-8"))}

    reference = rows(shared_dir("reference") / "supplement_forms.csv")
    shipped = rows(DATA / "supplement_forms.csv")
    for key, row in reference.items():
        ours = shipped[key]
        for column in ("elemental_percent", "absorption_note"):
            assert ours[column] == row[column]
        assert ours["source"].startswith(row["source"])  # a hydrate note may follow
    for row in shipped.values():
        low = float(row["elemental_percent_low"] or row["elemental_percent"])
        high = float(row["elemental_percent_high"] or row["elemental_percent"])
        assert 0 < low <= high <= 100
        # the published figure is rounded: a computed range may start or end a little past it
        assert low - 0.5 <= float(row["elemental_percent"]) <= high + 0.5
        assert row["source"]
    added = {form for _, form in set(shipped) - set(reference)}
    assert {"magnesium taurate", "magnesium orotate", "calcium citrate malate", "oyster shell calcium"} <= added


def test_every_food_group_names_real_foods_and_every_group_has_a_value():
    table = foods()
    for group in food_groups():
        assert group.foods
        assert all(food.name in table for food in group.foods)


def test_spinach_calcium_is_not_counted():
    spinach = next(g for g in food_groups() if g.id == "spinach")
    assert spinach.calcium_mg == 0
    assert spinach.magnesium_mg == 78
