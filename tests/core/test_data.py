"""The tables shipped in the package are the official ones in shared/reference."""

from __future__ import annotations

import pytest

from camag_core.foods import food_groups, foods
from tests.conftest import REPO, SHARED

REFERENCE = SHARED / "reference"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("name", ["dri.csv", "foods.csv", "supplement_forms.csv"])
def test_shipped_tables_match_the_reference(name):
    shipped = (REPO / "camag_core" / "data" / name).read_text(encoding="utf-8")
    assert shipped == (REFERENCE / name).read_text(encoding="utf-8")


def test_every_food_group_names_real_foods_and_every_group_has_a_value():
    table = foods()
    for group in food_groups():
        assert group.foods
        assert all(food.name in table for food in group.foods)


def test_spinach_calcium_is_not_counted():
    spinach = next(g for g in food_groups() if g.id == "spinach")
    assert spinach.calcium_mg == 0
    assert spinach.magnesium_mg == 78
