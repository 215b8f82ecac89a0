"""Supplement forms and the conversion of a labelled dose to elemental mineral or IU per day.

Elemental shares come from ``data/supplement_forms.csv`` (sources in its ``source`` column);
vitamin D uses 1 mcg = 40 IU (IOM DRI tables, safety.md section 5).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from camag_core._resources import read_csv
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient, name

IU_PER_MCG_VITAMIN_D = 40.0


class Implausible(ValueError):
    """Answers that cannot be together, or an amount no label holds: a catalog message (marked with
    ``N_``) and its values, each worded for a language when the person is told (``said``)."""

    def __init__(self, message: str, /, **values: Callable[[Texts], str]) -> None:
        self.message = message
        self.values = values
        super().__init__(self.said(ENGLISH))

    def said(self, t: Texts) -> str:
        return t._(self.message, **{key: value(t) for key, value in self.values.items()})


class Unit(StrEnum):
    MG = "mg"
    G = "g"
    MCG = "mcg"
    IU = "IU"


class Basis(StrEnum):
    """Whether an amount is the mineral itself, the weight of the whole compound, or not known
    (then it counts as anything from the compound's share to all of it)."""

    ELEMENTAL = "elemental"
    COMPOUND = "compound"
    UNKNOWN = "unknown"


MG_PER_UNIT = {Unit.MG: 1.0, Unit.G: 1000.0, Unit.MCG: 0.001}

# Plausibility bounds: amounts beyond these are refused as typos, not assessed.
MAX_PER_DAY = {CALCIUM: 10_000.0, MAGNESIUM: 10_000.0, VITAMIN_D: 100_000.0}
MAX_PER_DOSE = {CALCIUM: 5_000.0, MAGNESIUM: 5_000.0, VITAMIN_D: 100_000.0}
MAX_DOSES_PER_DAY = 24.0


@dataclass(frozen=True, slots=True)
class SupplementForm:
    mineral: Nutrient
    name: str
    elemental_percent: float  # the published figure (rounded), for comparison: conversions use the range
    # The range over the salts sold under this name (hydrates, acid salts), each end computed from
    # its formula (``formula_low``, ``formula_high``) where the table gives one; both equal the
    # published figure when the table gives no range.
    elemental_percent_low: float
    elemental_percent_high: float
    absorption_note: str
    source: str


@cache
def supplement_forms() -> tuple[SupplementForm, ...]:
    return tuple(
        SupplementForm(
            mineral=Nutrient(row["mineral"]),
            name=row["form"],
            elemental_percent=float(row["elemental_percent"]),
            elemental_percent_low=float(row["elemental_percent_low"] or row["elemental_percent"]),
            elemental_percent_high=float(row["elemental_percent_high"] or row["elemental_percent"]),
            absorption_note=row["absorption_note"],
            source=row["source"],
        )
        for row in read_csv("supplement_forms.csv")
    )


# Everyday names people use for a form, mapped to the table's own name.
_ALIASES = {
    "milk of magnesia": "magnesium hydroxide (milk of magnesia)",
    "magnesium hydroxide": "magnesium hydroxide (milk of magnesia)",
    "epsom salt": "magnesium sulfate",
    "epsom salts": "magnesium sulfate",
    "magnesium sulphate": "magnesium sulfate",
    "magnesium bisglycinate": "magnesium glycinate",
    "magnesium threonate": "magnesium L-threonate",
    "magnesium l-threonate": "magnesium L-threonate",
    "magnesium taurinate": "magnesium taurate",
    "magnesium glycerol phosphate": "magnesium glycerophosphate",
    "oyster shell": "oyster shell calcium",
    "calcium oyster shell": "oyster shell calcium",
    "coral": "coral calcium",
    "calcium coral": "coral calcium",
    "mchc": "calcium hydroxyapatite (MCHC)",
    "calcium mchc": "calcium hydroxyapatite (MCHC)",
    "hydroxyapatite": "calcium hydroxyapatite (MCHC)",
    "calcium hydroxyapatite": "calcium hydroxyapatite (MCHC)",
    "ccm": "calcium citrate malate",
    "calcium ccm": "calcium citrate malate",
    "tricalcium phosphate": "calcium phosphate",
    "dicalcium phosphate": "calcium phosphate",
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def find_form(nutrient: Nutrient, text: str) -> SupplementForm | None:
    """The table entry for a form named ``text`` ("citrate", "Magnesium Citrate", "epsom salt")."""
    said = _squash(text)
    wanted = {_squash(_ALIASES.get(name, name)) for name in (said, f"{nutrient.value} {said}")}
    for form in supplement_forms():
        if form.mineral is not nutrient:
            continue
        name = form.name.lower()
        if name in wanted or name.split(" (")[0] in wanted:
            return form
    return None


# Vitamin D's forms as labels name them (the table of forms is of the minerals').
VITAMIN_D_FORMS = (N_("cholecalciferol"), N_("ergocalciferol"))


def form_name(nutrient: Nutrient, form: str | None, *, t: Texts = ENGLISH) -> str | None:
    """A form in the person's language where CaMag knows it (the table's, vitamin D's), else as given."""
    if not form:
        return None
    if nutrient is VITAMIN_D:
        return t._(form) if form in VITAMIN_D_FORMS else form
    known = find_form(nutrient, form)
    return t._(known.name) if known is not None else form


def known_form_names(nutrient: Nutrient) -> list[str]:
    return [form.name for form in supplement_forms() if form.mineral is nutrient]


def units_for(nutrient: Nutrient) -> tuple[Unit, ...]:
    if nutrient is VITAMIN_D:
        return (Unit.IU, Unit.MCG, Unit.MG)
    return (Unit.MG, Unit.G, Unit.MCG)


def dose_in_counting_unit(nutrient: Nutrient, amount: float, unit: Unit) -> float:
    """One dose as given, in the nutrient's counting unit (mg, or IU for vitamin D)."""
    if unit not in units_for(nutrient):
        units = [u.value for u in units_for(nutrient)]
        raise Implausible(
            N_("Amounts of {nutrient} are given in {units}, not {unit}."),
            nutrient=lambda t: name(nutrient, t=t),
            units=lambda t: t.either(units),
            unit=lambda _: unit.value,
        )
    if nutrient is VITAMIN_D:
        return amount if unit is Unit.IU else amount * MG_PER_UNIT[unit] * 1000 * IU_PER_MCG_VITAMIN_D
    return amount * MG_PER_UNIT[unit]


@lru_cache(maxsize=256)
def elemental_share(nutrient: Nutrient, form: str | None, basis: Basis) -> tuple[float, float]:
    """The fraction of a labelled amount that counts as the nutrient itself, as (lowest, highest).

    Elemental amounts count whole. A compound's weight counts at its form's share, over the range
    of salts sold under that name. When the basis is not known, the amount counts as anything from
    the compound's lowest share to all of it; with the form not known either, from the lowest
    share of any form of the mineral.
    """
    if nutrient is VITAMIN_D or basis is Basis.ELEMENTAL:
        return 1.0, 1.0
    found = find_form(nutrient, form) if form else None
    if basis is Basis.UNKNOWN:
        lowest = (
            found.elemental_percent_low
            if found
            else min(f.elemental_percent_low for f in supplement_forms() if f.mineral is nutrient)
        )
        return lowest / 100.0, 1.0
    if found is None:
        known = known_form_names(nutrient)
        raise Implausible(
            N_("To convert a compound weight I need a known form of {nutrient}: {known}."),
            nutrient=lambda t: name(nutrient, t=t),
            known=lambda t: t.join(t._(form) for form in known),
        )
    return found.elemental_percent_low / 100.0, found.elemental_percent_high / 100.0


@lru_cache(maxsize=1024)
def counting_factor(nutrient: Nutrient, unit: Unit, form: str | None, basis: Basis) -> tuple[float, float]:
    """What one labelled unit of a supplement counts as, lowest and highest: elemental mg (IU for
    vitamin D)."""
    low, high = elemental_share(nutrient, form, basis)
    unit_factor = dose_in_counting_unit(nutrient, 1.0, unit)
    return unit_factor * low, unit_factor * high
