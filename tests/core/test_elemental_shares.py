"""Elemental shares in ``data/supplement_forms.csv``, recomputed from molar masses.

Every form with a formula has its lowest and highest share (the hydrate or salt with the least
mineral, and the one with the most) checked against the formula's own arithmetic, so a range can
never be copied wrong, and the upper-limit check always works from the highest share.
"""

from __future__ import annotations

import re

import pytest

from camag_core._resources import read_csv
from camag_core.nutrients import CALCIUM, MAGNESIUM
from camag_core.supplements import Basis, elemental_share

# Standard atomic weights (IUPAC, conventional values), as named in the table's sources.
ATOMIC_WEIGHT = {
    "Ca": 40.078,
    "Mg": 24.305,
    "C": 12.011,
    "H": 1.008,
    "N": 14.007,
    "O": 15.999,
    "P": 30.974,
    "S": 32.06,
    "Cl": 35.45,
}
_TOKEN = re.compile(r"([A-Z][a-z]?|\(|\)|\d+)")


def atoms(formula: str) -> dict[str, int]:
    """The atoms in a formula such as ``4MgCO3·Mg(OH)2·5H2O``."""
    counts: dict[str, int] = {}
    for part in formula.split("·"):
        multiplier = 1
        if match := re.match(r"\d+", part):
            multiplier = int(match.group())
            part = part[match.end() :]
        for element, count in _group(_TOKEN.findall(part)).items():
            counts[element] = counts.get(element, 0) + count * multiplier
    return counts


def _group(tokens: list[str]) -> dict[str, int]:
    stack: list[dict[str, int]] = [{}]
    last: dict[str, int] | None = None
    for token in tokens:
        if token == "(":
            stack.append({})
            last = None
        elif token == ")":
            last = stack.pop()
            for element, count in last.items():
                stack[-1][element] = stack[-1].get(element, 0) + count
        elif token.isdigit():
            assert last is not None, tokens
            for element, count in last.items():
                stack[-1][element] += count * (int(token) - 1)
            last = None
        else:
            stack[-1][token] = stack[-1].get(token, 0) + 1
            last = {token: 1}
    assert len(stack) == 1, tokens
    return stack[0]


def share(formula: str, mineral: str) -> float:
    counts = atoms(formula)
    mass = sum(ATOMIC_WEIGHT[element] * count for element, count in counts.items())
    return 100 * counts[mineral] * ATOMIC_WEIGHT[mineral] / mass


def test_the_formula_reader_counts_atoms():
    assert atoms("Ca3(C6H5O7)2·4H2O") == {"Ca": 3, "C": 12, "H": 18, "O": 18}
    assert atoms("4MgCO3·Mg(OH)2·5H2O") == {"Mg": 5, "C": 4, "O": 19, "H": 12}
    assert round(share("MgO", "Mg"), 1) == 60.3


_ROWS = [row for row in read_csv("supplement_forms.csv") if row["formula_low"] or row["formula_high"]]
_SYMBOL = {"calcium": "Ca", "magnesium": "Mg"}


@pytest.mark.parametrize("row", _ROWS, ids=[row["form"] for row in _ROWS])
def test_each_share_is_its_formulas_arithmetic(row):
    symbol = _SYMBOL[row["mineral"]]
    low = float(row["elemental_percent_low"] or row["elemental_percent"])
    high = float(row["elemental_percent_high"] or row["elemental_percent"])
    if row["formula_low"]:
        assert round(share(row["formula_low"], symbol), 1) == pytest.approx(low), row["formula_low"]
    assert round(share(row["formula_high"], symbol), 1) == pytest.approx(high), row["formula_high"]
    assert row["formula_high"] in row["source"] or "molar mass" in row["source"]


@pytest.mark.parametrize(
    ("nutrient", "form", "low", "high"),
    [
        (CALCIUM, "calcium citrate", 21.1, 24.1),
        (CALCIUM, "calcium lactate", 13.0, 18.4),
        (MAGNESIUM, "magnesium lactate", 10.2, 12.0),
        (MAGNESIUM, "magnesium gluconate", 5.4, 5.9),
        (MAGNESIUM, "magnesium aspartate", 6.7, 9.9),
        (MAGNESIUM, "magnesium glycinate", 11.7, 14.1),
        (MAGNESIUM, "magnesium malate", 11.6, 15.5),
        (MAGNESIUM, "magnesium citrate", 11.3, 16.2),
    ],
)
def test_hydrates_count_as_ranges(nutrient, form, low, high):
    assert elemental_share(nutrient, form, Basis.COMPOUND) == (pytest.approx(low / 100), pytest.approx(high / 100))


def test_mchc_counts_at_its_labelled_share_not_pure_hydroxyapatite():
    low, high = elemental_share(CALCIUM, "MCHC", Basis.COMPOUND)
    assert 830 * low == pytest.approx(177.6, abs=0.5)  # the label: 830 mg MCHC, 177.6 mg calcium
    assert high == pytest.approx(0.399)  # never more than the pure mineral
