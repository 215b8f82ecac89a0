"""Unit conversion and compound-to-elemental conversion."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camag_core.answers import Supplement
from camag_core.nutrients import Nutrient
from camag_core.supplements import Basis, Unit, dose_in_counting_unit, elemental_share, find_form, supplement_forms


def test_vitamin_d_one_mcg_is_forty_iu():
    assert dose_in_counting_unit(Nutrient.VITAMIN_D, 25, Unit.MCG) == 1000
    assert dose_in_counting_unit(Nutrient.VITAMIN_D, 1000, Unit.IU) == 1000
    assert dose_in_counting_unit(Nutrient.VITAMIN_D, 0.025, Unit.MG) == pytest.approx(1000)


def test_grams_and_micrograms_of_minerals():
    assert dose_in_counting_unit(Nutrient.CALCIUM, 0.5, Unit.G) == 500
    assert dose_in_counting_unit(Nutrient.MAGNESIUM, 250_000, Unit.MCG) == pytest.approx(250)


def test_minerals_are_never_in_iu():
    with pytest.raises(ValueError, match="not IU"):
        dose_in_counting_unit(Nutrient.CALCIUM, 400, Unit.IU)


@pytest.mark.parametrize(
    ("nutrient", "form", "percent"),
    [
        (Nutrient.CALCIUM, "calcium carbonate", 40),
        (Nutrient.CALCIUM, "citrate", 21),
        (Nutrient.MAGNESIUM, "Magnesium Oxide", 60),
        (Nutrient.MAGNESIUM, "milk of magnesia", 42),
        (Nutrient.MAGNESIUM, "epsom salt", 9.7),
        (Nutrient.MAGNESIUM, "bisglycinate", 14.1),
    ],
)
def test_forms_are_found_under_everyday_names(nutrient, form, percent):
    assert find_form(nutrient, form).elemental_percent == percent


@pytest.mark.parametrize(
    ("form", "low", "high"),
    [("magnesium citrate", 11.3, 16.2), ("magnesium chloride", 12, 25.5), ("magnesium sulfate", 9.9, 20.2)],
)
def test_hydrates_make_a_compound_weight_a_range(form, low, high):
    assert elemental_share(Nutrient.MAGNESIUM, form, Basis.COMPOUND) == pytest.approx((low / 100, high / 100))


def test_an_unknown_basis_counts_from_the_compound_share_to_all_of_it():
    pills = Supplement(nutrient="magnesium", form="magnesium citrate", amount=200, basis="unknown", per_day=2)
    assert pills.per_day_amount() == pytest.approx((400 * 0.113, 400))
    no_form = Supplement(nutrient="magnesium", amount=200, basis="unknown")
    lowest = min(f.elemental_percent_low for f in supplement_forms() if f.mineral is Nutrient.MAGNESIUM)
    assert no_form.per_day_amount() == pytest.approx((200 * lowest / 100, 200))


def test_every_form_in_the_table_is_found_by_its_own_name():
    for form in supplement_forms():
        assert find_form(form.mineral, form.name) == form


def test_elemental_amounts_are_not_converted():
    assert elemental_share(Nutrient.MAGNESIUM, "magnesium oxide", Basis.ELEMENTAL) == (1.0, 1.0)


def test_compound_needs_a_known_form():
    with pytest.raises(ValueError, match="known form"):
        elemental_share(Nutrient.MAGNESIUM, "magnesium unobtainium", Basis.COMPOUND)


def test_label_example_magnesium_oxide():
    """DailyMed: magnesium oxide 400 mg holds 241.3 mg elemental magnesium (about 60%)."""
    tablet = Supplement(nutrient="magnesium", form="magnesium oxide", amount=400, basis="compound", per_day=2)
    assert tablet.dose_amount() == pytest.approx((240, 240))
    assert tablet.per_day_amount() == pytest.approx((480, 480))


@given(
    amount=st.floats(min_value=0.001, max_value=2000, allow_nan=False),
    per_day=st.floats(min_value=0.1, max_value=4),
    form=st.sampled_from([f for f in supplement_forms()]),
)
def test_compound_is_its_forms_share_of_the_label_and_never_more(amount, per_day, form):
    elemental = Supplement(nutrient=form.mineral, form=form.name, amount=amount, per_day=per_day)
    compound = Supplement(nutrient=form.mineral, form=form.name, amount=amount, per_day=per_day, basis="compound")
    unknown = Supplement(nutrient=form.mineral, form=form.name, amount=amount, per_day=per_day, basis="unknown")
    total = amount * per_day
    assert elemental.per_day_amount() == pytest.approx((total, total))
    low, high = compound.per_day_amount()
    assert low == pytest.approx(total * form.elemental_percent_low / 100)
    assert high == pytest.approx(total * form.elemental_percent_high / 100)
    assert high <= total + 1e-9
    assert unknown.per_day_amount() == pytest.approx((low, total))
